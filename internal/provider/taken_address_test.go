package provider_test

import (
	"fmt"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/csportal/terraform-provider-portal/internal/acctest"
	"github.com/csportal/terraform-provider-portal/internal/api"
	"github.com/csportal/terraform-provider-portal/internal/mockportal"
)

// raceAddress is an address that is free when a test's plan is made and taken, by an operator, before its
// apply reaches the portal.
const raceAddress = "race@acme.example"

// personalMailbox makes, as an operator, a regular user of customerID with a personal mailbox ("Standard"
// plan) holding address.
func personalMailbox(ts *mockportal.TestServer, customerID, username, address string) error {
	u, err := ts.CreateUser(api.UserCreate{CustomerID: customerID, Username: username, FirstName: "Test",
		LastName: username, Password: "correct-horse-battery"})
	if err != nil {
		return err
	}
	job, err := ts.PutHostedExchange(u.ID, api.HostedExchangeSpec{UserPlan: mockportal.PlanStandard, PrimaryEmail: address,
		EmailAliases: []string{}})
	if err == nil && job.Status != api.JobProvisioned {
		err = fmt.Errorf("provisioning %s's mailbox: job %+v", username, job)
	}
	return err
}

// TestAccSharedMailbox_takenAddressAtPlanTime: an address another object holds fails the plan — not the
// apply — with advice fitted to the holder: a shared mailbox of the same customer is offered for import
// (and the import it offers works), a personal mailbox is not, and another customer's object is named by
// nothing but the address. A change that adds a taken alias to a managed mailbox fails its plan too.
// Nothing reaches the portal but reads.
func TestAccSharedMailbox_takenAddressAtPlanTime(t *testing.T) {
	ts := acctest.NewMock(t)
	info := acctest.NewDisabledMailbox(t, ts, "info")   // made by hand: info@acme.example
	sales := acctest.NewDisabledMailbox(t, ts, "sales") // sales@acme.example
	operatorMust(t, personalMailbox(ts, mockportal.DemoIDs.Globex, "ceo", "ceo@globex.example"))
	helpdesk := func(email string, aliases ...string) string {
		m := mailbox{customerID: mockportal.DemoIDs.Acme, username: "helpdesk", firstName: "Help", lastName: "Desk", email: email}
		if len(aliases) > 0 {
			m = m.with(fmt.Sprintf("email_aliases = [%q]", strings.Join(aliases, `", "`)))
		}
		return acctest.Config(ts, m.String())
	}
	// The mailbox made by hand, as this configuration describes it.
	infoConfig := mailbox{customerID: mockportal.DemoIDs.Acme, username: "info", firstName: "Test", lastName: "info",
		email: "info@acme.example"}
	importInfo := fmt.Sprintf("\nimport {\n  to = %s\n  id = %q\n}\n", mailboxAddr, info)
	untouched := &portalUntouched{t: t, ts: ts}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             acctest.CheckSharedMailboxesDestroyed(ts),
		Steps: []resource.TestStep{
			{
				// A shared mailbox of the same customer with this resource's username: import it.
				PreConfig: func() { _ = untouched.remember()(nil) },
				Config:    acctest.Config(ts, infoConfig.String()),
				PlanOnly:  true,
				ExpectError: acctest.MessageRegexp("Email address already taken", "with portal_shared_mailbox.test",
					`email_address       = "info@acme.example"`,
					"The address info@acme.example belongs to shared mailbox "+info+` (username "info") of the same customer`,
					"It has this resource's username", "unless another Terraform configuration manages it",
					`after "with portal_shared_mailbox."`, "import {", "to = portal_shared_mailbox.NAME", `id = "`+info+`"`),
			},
			{
				// One of another username, as an alias: import it only if it is the mailbox meant.
				Config:   helpdesk("helpdesk@acme.example", "sales@acme.example"),
				PlanOnly: true,
				ExpectError: acctest.MessageRegexp("Email address already taken", "email_aliases",
					"The address sales@acme.example belongs to shared mailbox "+sales+` (username "sales")`,
					`its username is "sales": set username to that`, `id = "`+sales+`"`, "Otherwise choose another address"),
			},
			{
				// A person's own mailbox is no shared mailbox to import.
				Config:   helpdesk(mockportal.AliceEmail),
				PlanOnly: true,
				ExpectError: acctest.MessageRegexp("Email address already taken",
					"The address alice@acme.example belongs to the personal mailbox of user "+mockportal.DemoIDs.Alice+` (username "alice")`,
					"cannot be imported as this shared mailbox", "Choose another address"),
			},
			{
				// Another customer's: the address, and nothing of the customer.
				Config:   helpdesk("helpdesk@acme.example", "ceo@globex.example"),
				PlanOnly: true,
				ExpectError: acctest.MessageRegexp("Email address already taken",
					"The address ceo@globex.example belongs to an object of another customer", "choose another address"),
			},
			{
				// The import the first refusal offered, with the protection this configuration asks for.
				PreConfig: untouched.check("the refused plans"),
				Config:    acctest.Config(ts, infoConfig.String()+importInfo),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(mailboxAddr, plancheck.ResourceActionUpdate), // deletion_protection, after the import
				}},
				ConfigStateChecks: []statecheck.StateCheck{expectMailboxAttr("id", knownvalue.StringExact(info))},
			},
			{
				// Adding bob's address to the managed mailbox fails at plan time; its own addresses do not.
				Config:   acctest.Config(ts, infoConfig.with(fmt.Sprintf("email_aliases = [%q, %q]", "help@acme.example", mockportal.BobEmail)).String()),
				PlanOnly: true,
				ExpectError: acctest.MessageRegexp("Email address already taken", "email_aliases",
					"The address bob@acme.example belongs to the personal mailbox of user "+mockportal.DemoIDs.Bob),
			},
		},
	})
}

// TestAccSharedMailbox_takenAddressRace: two plans saw an address free and the other one's apply took it
// first. The create's own check finds it taken before the generic user is made when it can; here the
// address is taken just after, so the portal refuses the provisioning: the refusal gives the plan's advice
// (a shared mailbox of the same customer: import it), the half-made mailbox is tainted, and the next apply
// with another address replaces it, leaving nothing behind.
func TestAccSharedMailbox_takenAddressRace(t *testing.T) {
	var ts *mockportal.TestServer
	var race atomic.Bool
	race.Store(true)
	var rival atomic.Value
	ts = acctest.NewMock(t, mockportal.Options{Hooks: &mockportal.Hooks{After: func(req mockportal.HookRequest, status int) {
		if req.Route == "POST /api/v1/users" && status == 201 && race.CompareAndSwap(true, false) {
			// Another state's mailbox, made in the meantime with the same address.
			u, err := ts.CreateUser(api.UserCreate{CustomerID: mockportal.DemoIDs.Acme, Username: "info-team",
				FirstName: "Info", LastName: "Team", Password: "correct-horse-battery"})
			operatorMust(t, err)
			_, err = ts.PutHostedExchange(u.ID, api.HostedExchangeSpec{UserPlan: mockportal.PlanSharedMailbox,
				PrimaryEmail: "info@acme.example", EmailAliases: []string{}})
			operatorMust(t, err)
			rival.Store(u.ID)
		}
	}}})
	moved := infoMailbox()
	moved.email = "information@acme.example"
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy: func(s *terraform.State) error {
			if err := acctest.CheckSharedMailboxesDestroyed(ts)(s); err != nil {
				return err
			}
			if n := len(acctest.UsersNamed(ts, mockportal.DemoIDs.Acme, "info")); n != 0 {
				return fmt.Errorf("%d users named info are left", n)
			}
			return nil
		},
		Steps: []resource.TestStep{
			{
				Config: acctest.Config(ts, infoMailbox().String()),
				ExpectError: acctest.MessageRegexp("Cannot provision the shared mailbox usr_", "409 already_exists",
					"The address was free when the plan was made", "The address info@acme.example belongs to shared mailbox usr_",
					`(username "info-team") of the same customer`, `its username is "info-team"`, "import {"),
			},
			{
				Config: acctest.Config(ts, moved.String()),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(mailboxAddr, plancheck.ResourceActionDestroyBeforeCreate), // the tainted one
				}},
				Check: loginDisabledMailbox(ts, mockportal.PlanSharedMailbox, "information@acme.example"),
			},
		},
	})
	if id, _ := rival.Load().(string); id == "" {
		t.Error("the rival's mailbox was never made: the race did not happen")
	}
}
