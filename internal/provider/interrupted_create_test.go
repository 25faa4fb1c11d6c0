package provider_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/csportal/terraform-provider-portal/internal/acctest"
	"github.com/csportal/terraform-provider-portal/internal/api"
	"github.com/csportal/terraform-provider-portal/internal/mockportal"
)

// A create whose Terraform was killed after the portal committed it leaves an object that no state holds.
// These tests make such remains as the kill would — the object a create of the configuration made, then
// forgotten by the state (a removed block with destroy = false) and set back to where the kill left it —
// and check that the next apply adopts exactly those and refuses everything else with an import block.
// The real kill, at random moments, is the kill harness's (internal/soak, kills.go).

// forget is a configuration that drops addr from the state and leaves the object in the portal.
func forget(addrs ...string) string {
	var b strings.Builder
	for _, addr := range addrs {
		fmt.Fprintf(&b, "\nremoved {\n  from = %s\n  lifecycle {\n    destroy = false\n  }\n}\n", addr)
	}
	return b.String()
}

// importBlockFor is the import block a refusal ends with, as acctest.MessageRegexp texts; id may be the
// start of the ID only.
func importBlockFor(resourceType, id string) []string {
	return []string{"import {", "to = " + resourceType + ".NAME", `id = "` + id, "}"}
}

// onlyUser checks that the portal holds exactly one user of the username, with the ID in want.
func onlyUser(ts *mockportal.TestServer, username string, want *string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		users := acctest.UsersNamed(ts, mockportal.DemoIDs.Acme, username)
		if len(users) != 1 || users[0].ID != *want {
			return fmt.Errorf("users named %q: %+v, want only %s", username, users, *want)
		}
		return nil
	}
}

// TestAccSharedMailbox_interruptedCreateAdopted: the remains of a create of this very configuration are
// adopted and finished by the next apply, at each stage a kill can leave them — the generic user alone
// with its login enabled, the service provisioned but the login not yet disabled, and all done but not in
// the state — and the plan after it is empty, with one mailbox in the portal.
func TestAccSharedMailbox_interruptedCreateAdopted(t *testing.T) {
	ts := acctest.NewMock(t)
	cfg := acctest.Config(ts, infoMailbox().with(`email_aliases = ["hello@acme.example"]`).String())
	var id string
	forgotten := resource.TestStep{Config: acctest.Config(ts, forget(mailboxAddr))}
	// adopted is the apply after a kill that left the mailbox at stage.
	adopted := func(stage string) resource.TestStep {
		return resource.TestStep{
			PreConfig: func() {
				switch stage {
				case "user only": // killed right after POST /users: no service, the login enabled
					acctest.Deprovision(t, ts, id)
				case "login enabled": // killed before the closing disable
					operatorMust(t, ts.SetLoginEnabled(id, true))
				}
			},
			Config:           cfg,
			ConfigPlanChecks: mailboxAction(plancheck.ResourceActionCreate),
			Check: resource.ComposeAggregateTestCheckFunc(
				onlyUser(ts, "info", &id),
				acctest.WithID(mailboxAddr, func(got string) error {
					if got != id {
						return fmt.Errorf("the state holds %s, want the adopted %s", got, id)
					}
					return nil
				}),
				loginDisabledMailbox(ts, mockportal.PlanSharedMailbox, "info@acme.example", "hello@acme.example"),
			),
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             acctest.CheckSharedMailboxesDestroyed(ts),
		Steps: []resource.TestStep{
			{Config: cfg, Check: saveMailboxID(&id)},
			// Each apply step is followed by plugin-testing's plan, which must be empty.
			forgotten, adopted("user only"),
			forgotten, adopted("login enabled"),
			forgotten, adopted("complete"),
		},
	})
}

// TestAccSharedMailbox_takenOverByAnotherState: when another state's create adopts this state's mailbox
// as the remains of its own identical configuration (two states declaring one object), this state's next
// refresh says so, with how to keep it in one state, instead of both managing it silently.
func TestAccSharedMailbox_takenOverByAnotherState(t *testing.T) {
	ts := acctest.NewMock(t)
	cfg := acctest.Config(ts, infoMailbox().String())
	var id string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             acctest.CheckSharedMailboxesDestroyed(ts),
		Steps: []resource.TestStep{
			{Config: cfg, Check: saveMailboxID(&id)},
			{
				// The other state's create: the same fingerprint, its own nonce.
				PreConfig: func() {
					u, _ := ts.User(id)
					parts := strings.Split(u.CreationMark, ".")
					if len(parts) != 3 {
						t.Fatalf("the mailbox's creation mark is %q", u.CreationMark)
					}
					_, err := ts.UpdateUser(id, api.UserPatch{CreationMark: new(parts[0] + "." + parts[1] + ".0000000000000000")})
					operatorMust(t, err)
				},
				Config:   cfg,
				PlanOnly: true,
				ExpectError: permissionError("Another resource has taken shared mailbox", "over", "removed {",
					"from = portal_shared_mailbox.NAME", "terraform state rm portal_shared_mailbox.NAME", "import {"),
			},
			{Config: acctest.Config(ts, forget(mailboxAddr))}, // the advice followed: forgotten here
			{Config: cfg, Check: onlyUser(ts, "info", &id)},   // adopted again: the state's own mark from here on
		},
	})
}

// TestAccSharedMailbox_remainsOfOthersRefused: whatever holds the username or an address and is not the
// remains of an interrupted create of this configuration is never adopted — another state's complete
// mailbox of another configuration, a user made by hand, an address of another mailbox — and the refusal
// says why and ends with the import block of the object found.
func TestAccSharedMailbox_remainsOfOthersRefused(t *testing.T) {
	ts := acctest.NewMock(t)
	fixtureUsers := len(ts.Users())
	other := infoMailbox()
	other.firstName = "Other" // another state's mailbox info: another configuration
	handMade := infoMailbox()
	handMade.username, handMade.email = "sales", "sales@acme.example"
	sales, err := ts.CreateUser(api.UserCreate{CustomerID: mockportal.DemoIDs.Acme, Username: "sales", Password: "correct-horse-battery"})
	operatorMust(t, err)
	elsewhere := infoMailbox()
	elsewhere.email = "info-desk@acme.example"
	billing := infoMailbox()
	billing.username, billing.email = "billing", "alice@acme.example" // alice's address
	var otherID string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: acctest.Config(ts, other.String()), Check: saveMailboxID(&otherID)},
			{Config: acctest.Config(ts, forget(mailboxAddr))},
			{
				// The same username and address, another configuration: refused at the address.
				Config: acctest.Config(ts, infoMailbox().String()),
				ExpectError: acctest.MessageRegexp(append([]string{"Email address already taken", "info@acme.example belongs to shared mailbox",
					"made by a Terraform create of a different configuration"}, importBlockFor("portal_shared_mailbox", "usr_")...)...),
			},
			{
				// The same username at another address: refused at the username.
				Config: acctest.Config(ts, elsewhere.String()),
				ExpectError: acctest.MessageRegexp(append([]string{"Cannot create the mailbox's generic user", "409 already_exists",
					"made by a Terraform create of a different configuration"}, importBlockFor("portal_shared_mailbox", "usr_")...)...),
			},
			{
				Config: acctest.Config(ts, handMade.String()),
				ExpectError: acctest.MessageRegexp(append([]string{"Cannot create the mailbox's generic user", "409 already_exists",
					"carries no creation mark", "made by hand in the portal"}, importBlockFor("portal_shared_mailbox", sales.ID)...)...),
			},
			{
				Config: acctest.Config(ts, billing.String()),
				// A personal mailbox is never this resource's: no import is offered (address_holder.go).
				ExpectError: acctest.MessageRegexp("Email address already taken", "alice@acme.example belongs to the personal mailbox of user "+
					mockportal.DemoIDs.Alice, "Choose another address"),
			},
		},
	})
	if users := acctest.UsersNamed(ts, mockportal.DemoIDs.Acme, "info"); len(users) != 1 || users[0].ID != otherID {
		t.Errorf("users named info: %+v, want only the other state's %s", users, otherID)
	}
	if n := len(ts.Users()); n != fixtureUsers+2 {
		t.Errorf("the portal has %d users, want the %d of the fixtures, sales and the other state's info: a refused create leaves nothing",
			n, fixtureUsers)
	}
}

// TestAccSharedMailbox_twoBlocksOneMailbox: two resource blocks of one configuration that declare the
// same mailbox, created in the same apply, are no interrupted create of each other: the second is refused,
// and the portal holds one mailbox. And a block renamed without a moved block — Terraform destroys the old
// resource and creates the new one in one apply, in parallel — does not adopt the mailbox being deleted:
// the create waits for the delete and makes a new one.
func TestAccSharedMailbox_twoBlocksOneMailbox(t *testing.T) {
	ts := acctest.NewMock(t)
	twice := infoMailbox().String() + strings.Replace(infoMailbox().String(), `"test"`, `"copy"`, 1)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             acctest.CheckSharedMailboxesDestroyed(ts),
		Steps: []resource.TestStep{
			{
				Config:      acctest.Config(ts, twice),
				ExpectError: acctest.MessageRegexp("Another resource of this configuration creates", "two resource blocks declare the same object"),
			},
			{
				PreConfig: func() {
					if users := acctest.UsersNamed(ts, mockportal.DemoIDs.Acme, "info"); len(users) != 1 {
						t.Errorf("users named info: %+v, want one", users)
					}
				},
				Config: acctest.Config(ts, strings.Replace(infoMailbox().String(), `"test"`, `"renamed"`, 1)),
				Check: func(s *terraform.State) error {
					users := acctest.UsersNamed(ts, mockportal.DemoIDs.Acme, "info")
					rs := s.RootModule().Resources["portal_shared_mailbox.renamed"]
					if len(users) != 1 || rs == nil || rs.Primary.ID != users[0].ID || len(s.RootModule().Resources) != 1 {
						return fmt.Errorf("after the rename: users %+v, state %v", users, s.RootModule().Resources)
					}
					return nil
				},
			},
		},
	})
}

// TestAccSubmailbox_interruptedCreateAdopted: a submailbox a killed create made is adopted by the next
// apply of the same configuration; one made by hand with the name is refused with the import block.
func TestAccSubmailbox_interruptedCreateAdopted(t *testing.T) {
	ts := acctest.NewMock(t)
	mailbox := acctest.NewDisabledMailbox(t, ts, "info")
	cfg := acctest.Config(ts, submailboxConfig("test", mailbox, "", "Invoices"))
	var id string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             acctest.CheckSubmailboxesDestroyed(ts),
		Steps: []resource.TestStep{
			{Config: cfg, Check: acctest.WithID("portal_submailbox.test", func(got string) error { id = got; return nil })},
			{Config: acctest.Config(ts, forget("portal_submailbox.test"))},
			{
				Config: cfg,
				Check: resource.ComposeAggregateTestCheckFunc(
					acctest.WithID("portal_submailbox.test", func(got string) error {
						if got != id || len(ts.Submailboxes(mailbox)) != 1 {
							return fmt.Errorf("state %s, portal %+v; want the adopted %s alone", got, ts.Submailboxes(mailbox), id)
						}
						return nil
					}),
					acctest.CheckLoginEnabled(ts, mailbox, false),
				),
			},
			{
				PreConfig: func() {
					acctest.AsOperator(t, ts, mailbox, func() error {
						_, err := ts.CreateSubmailbox(mailbox, api.SubmailboxCreate{Name: "Archive"})
						return err
					})
				},
				Config: acctest.Config(ts, submailboxConfig("test", mailbox, "", "Invoices")+submailboxConfig("archive", mailbox, "", "Archive")),
				ExpectError: acctest.MessageRegexp(append([]string{`Cannot create submailbox "Archive"`, "409 already_exists",
					"carries no creation mark"}, importBlockFor("portal_submailbox", "smb_")...)...),
			},
		},
	})
}

// TestAccApplicationUser_interruptedCreateAdopted: an application user a killed create made is adopted by
// the next apply of the same configuration (its configured password set again); a record made by hand
// with the username is refused with the import block.
func TestAccApplicationUser_interruptedCreateAdopted(t *testing.T) {
	ts := acctest.NewMock(t)
	app := mockportal.DemoIDs.B2BGateway
	cfg := acctest.Config(ts, appUserConfig(app, "gateway", `display_name = "Gateway"`, `password = "correct-horse-battery"`))
	copyOnly := appUserResource("copy", app, "gateway", `display_name = "Gateway"`, `password = "correct-horse-battery"`)
	var id string
	handMade, err := ts.CreateApplicationUser(app, api.ApplicationUserCreate{Username: "orders"})
	operatorMust(t, err)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             acctest.CheckApplicationUsersDestroyed(ts),
		Steps: []resource.TestStep{
			{Config: cfg, Check: acctest.WithID(appUserAddr, func(got string) error { id = got; return nil })},
			{Config: acctest.Config(ts, forget(appUserAddr))},
			{
				Config: cfg,
				Check: acctest.WithID(appUserAddr, func(got string) error {
					if got != id {
						return fmt.Errorf("the state holds %s, want the adopted %s", got, id)
					}
					return nil
				}),
			},
			{
				// A second resource block that copies one in the state: its create, in a provider process that
				// never saw the state, cannot tell it from an interrupted create of its own and adopts it; the
				// first refresh after it reports the two resources, so that the copy does not go unnoticed.
				Config: cfg + appUserResource("copy", app, "gateway", `display_name = "Gateway"`, `password = "correct-horse-battery"`),
				ExpectError: acctest.MessageRegexp("Another resource has taken application user apu_", "over",
					"Two resources declare the same object", "from = portal_application_user.NAME"),
			},
			{
				// The advice followed: the first resource forgets it, the copy keeps it.
				Config: acctest.Config(ts, forget(appUserAddr)+copyOnly),
				Check: acctest.WithID("portal_application_user.copy", func(got string) error {
					if got != id {
						return fmt.Errorf("the copy holds %s, want %s", got, id)
					}
					return nil
				}),
			},
			{
				Config: acctest.Config(ts, copyOnly+appUserResource("orders", app, "orders")),
				ExpectError: acctest.MessageRegexp(append([]string{`Cannot create application user "orders"`, "409 already_exists",
					"carries no creation mark"}, importBlockFor("portal_application_user", handMade.ID)...)...),
			},
		},
	})
}

// TestAccSharedMailbox_loginClosedWhileProvisioning: a create, and an update of the service, enable the
// login only until the portal has accepted the service: the provisioning job (slowed to 1 s here) ends
// with the login disabled. So an apply killed while a mailbox provisions leaves no open login behind, and
// one killed during a create leaves it open for two requests at most (until the next apply adopts it).
func TestAccSharedMailbox_loginClosedWhileProvisioning(t *testing.T) {
	ts := acctest.NewMock(t, mockportal.Options{Faults: mockportal.Faults{JobDelay: time.Second}})
	jobsEndedClosed := func(want int) resource.TestCheckFunc {
		return acctest.WithID(mailboxAddr, func(id string) error {
			finished := acctest.Events(ts, mockportal.OpJobFinish, id)
			if len(finished) != want {
				return fmt.Errorf("%d provisioning jobs of %s ended, want %d", len(finished), id, want)
			}
			for _, e := range finished {
				if e.MailboxLoginEnabled == nil || *e.MailboxLoginEnabled {
					return fmt.Errorf("job %v ended with the mailbox's login enabled: it was open while the job ran", e.TargetIDs)
				}
			}
			return nil
		})
	}
	// How long the create left the login enabled: from the user's creation to the disable, by the portal's clock.
	openFor := acctest.WithID(mailboxAddr, func(id string) error {
		created, updated := acctest.Events(ts, mockportal.OpUserCreate, id), acctest.Events(ts, mockportal.OpUserUpdate, id)
		// The disable; then, after the job, the settings' own enable and disable (changeMailboxService).
		if len(created) != 1 || len(updated) != 3 {
			return fmt.Errorf("%s: %d creations and %d updates, want the creation, its disable, and the settings' enable and disable", id, len(created), len(updated))
		}
		t.Logf("the create left the login enabled for %s, from the user's creation to its disable (the service "+
			"accepted in between); the job then ran %s with it disabled", updated[0].Time.Sub(created[0].Time).Round(time.Microsecond), time.Second)
		return nil
	})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             acctest.CheckSharedMailboxesDestroyed(ts),
		Steps: []resource.TestStep{
			{
				Config: acctest.Config(ts, infoMailbox().String()),
				Check: resource.ComposeAggregateTestCheckFunc(jobsEndedClosed(1), serviceChangesWithLogin(ts, 1), openFor,
					loginDisabledMailbox(ts, mockportal.PlanSharedMailbox, "info@acme.example")),
			},
			{
				Config: acctest.Config(ts, infoMailbox().with(`email_aliases = ["hello@acme.example"]`).String()),
				Check: resource.ComposeAggregateTestCheckFunc(jobsEndedClosed(2), serviceChangesWithLogin(ts, 2),
					loginDisabledMailbox(ts, mockportal.PlanSharedMailbox, "info@acme.example", "hello@acme.example")),
			},
		},
	})
}
