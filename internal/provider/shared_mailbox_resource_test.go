package provider_test

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/csportal/terraform-provider-portal/internal/acctest"
	"github.com/csportal/terraform-provider-portal/internal/api"
	"github.com/csportal/terraform-provider-portal/internal/mockportal"
)

const mailboxAddr = "portal_shared_mailbox.test"

var userIDPattern = regexp.MustCompile(`^usr_[0-9a-f]{16}$`)

// mailbox is the configuration of portal_shared_mailbox.test: the Acme mailbox info@acme.example unless
// changed, with further attribute lines written as they are. It is not protected from deletion unless
// protected is set: the tests destroy what they make.
type mailbox struct {
	customerID, username, firstName, lastName, email string
	protected                                        bool
	lines                                            []string
}

func infoMailbox() mailbox {
	return mailbox{customerID: mockportal.DemoIDs.Acme, username: "info", firstName: "Info", lastName: "Desk",
		email: "info@acme.example"}
}

func (m mailbox) with(lines ...string) mailbox {
	m.lines = append(append([]string{}, m.lines...), lines...)
	return m
}

func (m mailbox) String() string {
	return fmt.Sprintf(`
resource "portal_shared_mailbox" "test" {
  customer_id         = %q
  username            = %q
  first_name          = %q
  last_name           = %q
  email_address       = %q
  deletion_protection = %t
  %s
}
`, m.customerID, m.username, m.firstName, m.lastName, m.email, m.protected, strings.Join(m.lines, "\n  "))
}

func mailboxAttr(name string) tfjsonpath.Path { return tfjsonpath.New(name) }

func expectMailboxAttr(name string, value knownvalue.Check) statecheck.StateCheck {
	return statecheck.ExpectKnownValue(mailboxAddr, mailboxAttr(name), value)
}

func mailboxAction(action plancheck.ResourceActionType) resource.ConfigPlanChecks {
	return resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(mailboxAddr, action)}}
}

var expectNoMailboxChange = resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}

func setOfStrings(values ...string) knownvalue.Check {
	checks := make([]knownvalue.Check, 0, len(values))
	for _, v := range values {
		checks = append(checks, knownvalue.StringExact(v))
	}
	return knownvalue.SetExact(checks)
}

func sharedCalendar(name string) knownvalue.Check {
	return sharedCalendarWith(name, "availability_only")
}

// sharedCalendarWith is the calendar of a shared mailbox with its default access.
func sharedCalendarWith(name, defaultAccess string) knownvalue.Check {
	return knownvalue.ObjectExact(map[string]knownvalue.Check{
		"name": knownvalue.StringExact(name), "shared": knownvalue.Bool(true), "default_access": knownvalue.StringExact(defaultAccess),
	})
}

// inMock checks the mailbox as the portal holds it: the generic user (R1) with its login state (R5) and
// its Hosted Exchange service.
func mailboxInMock(ts *mockportal.TestServer, check func(api.User, api.HostedExchange) error) resource.TestCheckFunc {
	return acctest.WithID(mailboxAddr, func(id string) error {
		user, ok := ts.User(id)
		if !ok {
			return fmt.Errorf("user %s is not in the portal", id)
		}
		service, _ := ts.HostedExchange(id)
		return check(user, service)
	})
}

// saveMailboxID remembers the mailbox's ID for later steps, whose out-of-band changes need it.
func saveMailboxID(into *string) resource.TestCheckFunc {
	return acctest.WithID(mailboxAddr, func(id string) error {
		*into = id
		return nil
	})
}

// loginDisabledMailbox checks what every shared mailbox must be in the portal when no one asked otherwise:
// a generic user of the customer, provisioned, with its login disabled (R1, R5).
func loginDisabledMailbox(ts *mockportal.TestServer, plan string, email string, aliases ...string) resource.TestCheckFunc {
	return mailboxInMock(ts, func(u api.User, s api.HostedExchange) error {
		var errs []error
		if u.Role != api.RoleUser || u.LoginEnabled {
			errs = append(errs, fmt.Errorf("user %s: role %q, login_enabled %v; want a regular user with login disabled", u.ID, u.Role, u.LoginEnabled))
		}
		if s.ProvisioningStatus != api.ServiceProvisioned || s.UserPlan != plan || s.PrimaryEmail != email {
			errs = append(errs, fmt.Errorf("service %+v; want %q provisioned on %q", s, email, plan))
		}
		if strings.Join(s.EmailAliases, ",") != strings.Join(aliases, ",") {
			errs = append(errs, fmt.Errorf("aliases %v, want %v", s.EmailAliases, aliases))
		}
		return errors.Join(errs...)
	})
}

// serviceChangesWithLogin checks R6 in the audit log: every change of the mailbox's service so far was
// made with its login enabled, and there were want of them.
func serviceChangesWithLogin(ts *mockportal.TestServer, want int) resource.TestCheckFunc {
	return acctest.WithID(mailboxAddr, func(id string) error {
		puts := acctest.Events(ts, mockportal.OpHostedExchangePut, id)
		if len(puts) != want {
			return fmt.Errorf("%d hosted-exchange changes of %s, want %d", len(puts), id, want)
		}
		for _, e := range puts {
			if e.MailboxLoginEnabled == nil || !*e.MailboxLoginEnabled {
				return fmt.Errorf("hosted-exchange change %d of %s was made with the login disabled", e.Seq, id)
			}
		}
		return nil
	})
}

// TestAccSharedMailbox_basic creates a mailbox with one block (R1, R5, R7), imports it by ID and by
// address, and refuses import IDs that name nothing.
func TestAccSharedMailbox_basic(t *testing.T) {
	ts := acctest.NewMock(t)
	cfg := acctest.Config(ts, infoMailbox().with(`timeouts = { create = "5m" }`).String())
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             acctest.CheckSharedMailboxesDestroyed(ts),
		Steps: []resource.TestStep{
			{
				Config:           cfg,
				ConfigPlanChecks: mailboxAction(plancheck.ResourceActionCreate),
				ConfigStateChecks: []statecheck.StateCheck{
					expectMailboxAttr("id", knownvalue.StringRegexp(userIDPattern)),
					expectMailboxAttr("customer_id", knownvalue.StringExact(mockportal.DemoIDs.Acme)),
					expectMailboxAttr("username", knownvalue.StringExact("info")),
					expectMailboxAttr("first_name", knownvalue.StringExact("Info")),
					expectMailboxAttr("last_name", knownvalue.StringExact("Desk")),
					expectMailboxAttr("display_name", knownvalue.StringExact("Info Desk")),
					expectMailboxAttr("email_address", knownvalue.StringExact("info@acme.example")),
					expectMailboxAttr("email_aliases", setOfStrings()),
					expectMailboxAttr("user_plan", knownvalue.StringExact(mockportal.PlanSharedMailbox)),
					expectMailboxAttr("login_enabled", knownvalue.Bool(false)),
					expectMailboxAttr("provisioning_status", knownvalue.StringExact(api.ServiceProvisioned)),
					expectMailboxAttr("calendar", sharedCalendar("Info Desk Calendar")),
					expectMailboxAttr("password_wo", knownvalue.Null()),
					expectMailboxAttr("password_wo_version", knownvalue.Null()),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					loginDisabledMailbox(ts, mockportal.PlanSharedMailbox, "info@acme.example"),
					mailboxInMock(ts, func(u api.User, s api.HostedExchange) error {
						if u.CustomerID != mockportal.DemoIDs.Acme || u.Username != "info" {
							return fmt.Errorf("user %+v is not Acme's generic user info", u)
						}
						if s.Calendar == nil || !s.Calendar.Shared {
							return fmt.Errorf("the portal has no shared calendar for the mailbox: %+v", s.Calendar)
						}
						return nil
					}),
					serviceChangesWithLogin(ts, 1),
				),
			},
			{
				ResourceName:            mailboxAddr,
				ImportState:             true,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"timeouts", "deletion_protection"}, // import sets it to true
			},
			{
				ResourceName:            mailboxAddr,
				ImportState:             true,
				ImportStateId:           "Info@Acme.Example",
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"timeouts", "deletion_protection"}, // import sets it to true
			},
			{
				ResourceName: mailboxAddr,
				ImportState:  true,
				// A login name that two customers' users share (Acme's and Globex's info) names no one mailbox.
				ImportStateId: "info",
				ExpectError:   regexp.MustCompile(`(?s)2 users have the login name "info", in different customers:.*import by\s+customer_id/username or by the\s+user ID`),
			},
			{
				ResourceName:  mailboxAddr,
				ImportState:   true,
				ImportStateId: "nobody@acme.example",
				ExpectError:   regexp.MustCompile(`no mailbox has the address "nobody@acme.example"`),
			},
			{
				ResourceName:  mailboxAddr,
				ImportState:   true,
				ImportStateId: "usr_0000000000000000",
				ExpectError:   regexp.MustCompile(`Cannot import non-existent remote object`),
			},
		},
	})
}

// TestAccSharedMailbox_update changes every attribute that is updated in place and keeps the ID; the
// mailbox's login stays disabled around its service changes (R6), even when the portal refuses one: an
// alias that was free at plan time and that an operator gives carol's mailbox just before the apply's
// change reaches the portal.
func TestAccSharedMailbox_update(t *testing.T) {
	var ts *mockportal.TestServer
	var race atomic.Bool
	ts = acctest.NewMock(t, mockportal.Options{Hooks: &mockportal.Hooks{Before: func(req mockportal.HookRequest) {
		if req.Route == routePutExchange && strings.Contains(string(req.Body), raceAddress) && race.CompareAndSwap(true, false) {
			operatorMust(t, personalMailbox(ts, mockportal.DemoIDs.Acme, "carol", raceAddress))
		}
	}}})
	sameID := statecheck.CompareValue(compare.ValuesSame())
	renamed := renamedMailbox("info", "contact@acme.example", `["info@acme.example", "hello@acme.example"]`)
	caseOnly := renamedMailbox("INFO", "Contact@Acme.Example", `["Info@Acme.Example", "HELLO@acme.example"]`)
	taken := renamedMailbox("INFO", "Contact@Acme.Example", `["Info@Acme.Example", "HELLO@acme.example", "`+raceAddress+`"]`)
	var mailboxID string
	var userUpdates int
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             acctest.CheckSharedMailboxesDestroyed(ts),
		Steps: []resource.TestStep{
			{
				Config:            acctest.Config(ts, infoMailbox().String()),
				ConfigStateChecks: []statecheck.StateCheck{sameID.AddStateValue(mailboxAddr, mailboxAttr("id"))},
			},
			{
				// A disabled mailbox (R5) is changed: the provider enables, changes and disables it (R6).
				Config:           acctest.Config(ts, renamed.String()),
				ConfigPlanChecks: mailboxAction(plancheck.ResourceActionUpdate),
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(mailboxAddr, mailboxAttr("id")),
					expectMailboxAttr("first_name", knownvalue.StringExact("Information")),
					expectMailboxAttr("last_name", knownvalue.StringExact("Office")),
					expectMailboxAttr("display_name", knownvalue.StringExact("Acme Info")),
					expectMailboxAttr("email_address", knownvalue.StringExact("contact@acme.example")),
					expectMailboxAttr("email_aliases", setOfStrings("info@acme.example", "hello@acme.example")),
					expectMailboxAttr("login_enabled", knownvalue.Bool(false)),
					expectMailboxAttr("calendar", sharedCalendar("Acme Info Calendar")),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					loginDisabledMailbox(ts, mockportal.PlanSharedMailbox, "contact@acme.example", "hello@acme.example", "info@acme.example"),
					serviceChangesWithLogin(ts, 2),
				),
			},
			{
				Config:           acctest.Config(ts, renamed.with(`user_plan = "Standard"`, `login_enabled = true`).String()),
				ConfigPlanChecks: mailboxAction(plancheck.ResourceActionUpdate),
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(mailboxAddr, mailboxAttr("id")),
					expectMailboxAttr("user_plan", knownvalue.StringExact(mockportal.PlanStandard)),
					expectMailboxAttr("login_enabled", knownvalue.Bool(true)),
					expectMailboxAttr("calendar", knownvalue.Null()),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					mailboxInMock(ts, func(u api.User, s api.HostedExchange) error {
						if !u.LoginEnabled || s.UserPlan != mockportal.PlanStandard || s.Calendar != nil {
							return fmt.Errorf("login_enabled %v, service %+v; want login enabled on Standard without calendar", u.LoginEnabled, s)
						}
						return nil
					}),
					serviceChangesWithLogin(ts, 3),
				),
			},
			{
				// Only the login changes: no service change.
				Config:           acctest.Config(ts, renamed.with(`user_plan = "Standard"`).String()),
				ConfigPlanChecks: mailboxAction(plancheck.ResourceActionUpdate),
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(mailboxAddr, mailboxAttr("id")),
					expectMailboxAttr("login_enabled", knownvalue.Bool(false)),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					loginDisabledMailbox(ts, mockportal.PlanStandard, "contact@acme.example", "hello@acme.example", "info@acme.example"),
					serviceChangesWithLogin(ts, 3),
				),
			},
			{
				Config:           acctest.Config(ts, renamed.String()),
				ConfigPlanChecks: mailboxAction(plancheck.ResourceActionUpdate),
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(mailboxAddr, mailboxAttr("id")),
					expectMailboxAttr("calendar", sharedCalendar("Acme Info Calendar")),
				},
				Check: loginDisabledMailbox(ts, mockportal.PlanSharedMailbox, "contact@acme.example", "hello@acme.example", "info@acme.example"),
			},
			{
				// The portal compares usernames and addresses without regard to case: no diff, no replace.
				Config:            acctest.Config(ts, caseOnly.String()),
				ConfigPlanChecks:  expectNoMailboxChange,
				ConfigStateChecks: []statecheck.StateCheck{sameID.AddStateValue(mailboxAddr, mailboxAttr("id"))},
				Check: acctest.WithID(mailboxAddr, func(id string) error {
					mailboxID, userUpdates = id, len(acctest.Events(ts, mockportal.OpUserUpdate, id))
					return nil
				}),
			},
			{
				// The portal refuses an alias that carol's mailbox took after the plan (R3), with the advice the
				// plan would have given; the login is restored all the same (R6).
				PreConfig: func() { race.Store(true) },
				Config:    acctest.Config(ts, taken.String()),
				ExpectError: acctest.MessageRegexp("Cannot update shared mailbox usr_", "409 already_exists",
					"The address was free when the plan was made", "The address "+raceAddress+" belongs to the personal mailbox of user usr_",
					`(username "carol") of the same customer`, "Choose another address"),
			},
			{
				PreConfig: func() {
					if u, _ := ts.User(mailboxID); u.LoginEnabled {
						t.Errorf("mailbox %s was left with its login enabled after the refused change", mailboxID)
					}
					if n := len(acctest.Events(ts, mockportal.OpUserUpdate, mailboxID)) - userUpdates; n != 2 {
						t.Errorf("%d login changes around the refused change, want 2 (enable, restore)", n)
					}
				},
				Config:           acctest.Config(ts, caseOnly.String()),
				ConfigPlanChecks: expectNoMailboxChange,
			},
		},
	})
}

// renamedMailbox is Acme's mailbox after its names changed, with these addresses.
func renamedMailbox(username, email, aliases string) mailbox {
	return mailbox{customerID: mockportal.DemoIDs.Acme, username: username, firstName: "Information",
		lastName: "Office", email: email}.with(`display_name  = "Acme Info"`, `email_aliases = `+aliases)
}

// TestAccSharedMailbox_replace moves the mailbox to another username and another customer: both replace
// it, destroying the old generic user first so that its addresses are free for the new one. In the other
// customer the addresses are in that customer's domain (R15).
func TestAccSharedMailbox_replace(t *testing.T) {
	ts := acctest.NewMock(t)
	differentID := statecheck.CompareValue(compare.ValuesDiffer())
	standard := `user_plan = "Standard"` // a plan of both customers, though not a shared mailbox's
	// Written with capitals that the portal drops: no diff after apply (the test framework checks).
	renamed := infoMailbox().with(standard, `email_aliases = ["Sales@Acme.Example"]`)
	renamed.username, renamed.email = "Office", "Info@Acme.Example"
	moved := infoMailbox().with(standard, `email_aliases = ["Sales@Globex.Example"]`)
	moved.username, moved.email, moved.customerID = "Office", "Office@Globex.Example", mockportal.DemoIDs.Globex
	var firstID string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             acctest.CheckSharedMailboxesDestroyed(ts),
		Steps: []resource.TestStep{
			{
				Config:            acctest.Config(ts, infoMailbox().with(standard).String()),
				ConfigStateChecks: []statecheck.StateCheck{differentID.AddStateValue(mailboxAddr, mailboxAttr("id"))},
				Check:             saveMailboxID(&firstID),
			},
			{
				Config:           acctest.Config(ts, renamed.String()),
				ConfigPlanChecks: mailboxAction(plancheck.ResourceActionDestroyBeforeCreate),
				ConfigStateChecks: []statecheck.StateCheck{
					differentID.AddStateValue(mailboxAddr, mailboxAttr("id")),
					expectMailboxAttr("username", knownvalue.StringExact("Office")),
					expectMailboxAttr("email_address", knownvalue.StringExact("Info@Acme.Example")),
					expectMailboxAttr("email_aliases", setOfStrings("Sales@Acme.Example")),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					loginDisabledMailbox(ts, mockportal.PlanStandard, "info@acme.example", "sales@acme.example"),
					func(*terraform.State) error {
						if u, ok := ts.User(firstID); ok {
							return fmt.Errorf("the replaced user %s (%s) is still in the portal", u.ID, u.Username)
						}
						return nil
					},
				),
			},
			{
				Config:           acctest.Config(ts, moved.String()),
				ConfigPlanChecks: mailboxAction(plancheck.ResourceActionDestroyBeforeCreate),
				ConfigStateChecks: []statecheck.StateCheck{
					differentID.AddStateValue(mailboxAddr, mailboxAttr("id")),
					expectMailboxAttr("customer_id", knownvalue.StringExact(mockportal.DemoIDs.Globex)),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					loginDisabledMailbox(ts, mockportal.PlanStandard, "office@globex.example", "sales@globex.example"),
					func(*terraform.State) error {
						if left := acctest.UsersNamed(ts, mockportal.DemoIDs.Acme, "office"); len(left) > 0 {
							return fmt.Errorf("Acme still has the replaced user %s", left[0].ID)
						}
						return nil
					},
				),
			},
		},
	})
}

// TestAccSharedMailbox_drift changes the mailbox by hand in the portal, the way an operator would: each
// change shows in the next plan as an in-place update, and apply puts the mailbox back.
func TestAccSharedMailbox_drift(t *testing.T) {
	ts := acctest.NewMock(t)
	cfg := acctest.Config(ts, infoMailbox().with(`display_name = "Info Desk"`, `email_aliases = ["hello@acme.example"]`).String())
	var id string
	repaired := func() resource.TestCheckFunc {
		return loginDisabledMailbox(ts, mockportal.PlanSharedMailbox, "info@acme.example", "hello@acme.example")
	}
	byHand := func(change func() error) func() {
		return func() {
			if err := change(); err != nil {
				t.Fatalf("changing mailbox %s by hand: %v", id, err)
			}
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             acctest.CheckSharedMailboxesDestroyed(ts),
		Steps: []resource.TestStep{
			{
				Config: cfg,
				Check:  saveMailboxID(&id),
			},
			{
				PreConfig:        byHand(func() error { return ts.SetLoginEnabled(id, true) }),
				Config:           cfg,
				ConfigPlanChecks: mailboxAction(plancheck.ResourceActionUpdate),
				Check:            repaired(),
			},
			{
				// R6 binds the operator too: enable, change, disable.
				PreConfig: byHand(func() error {
					if err := ts.SetLoginEnabled(id, true); err != nil {
						return err
					}
					job, err := ts.PutHostedExchange(id, api.HostedExchangeSpec{UserPlan: mockportal.PlanSharedMailbox,
						PrimaryEmail: "info@acme.example", EmailAliases: []string{"hello@acme.example", "sales@acme.example"}})
					if err != nil || job.Status != api.JobProvisioned {
						return fmt.Errorf("job %+v: %w", job, err)
					}
					return ts.SetLoginEnabled(id, false)
				}),
				Config:           cfg,
				ConfigPlanChecks: mailboxAction(plancheck.ResourceActionUpdate),
				Check:            repaired(),
			},
			{
				PreConfig: byHand(func() error {
					_, err := ts.UpdateUser(id, api.UserPatch{FirstName: new("Someone"), LastName: new("Else"), DisplayName: new("Someone Else")})
					return err
				}),
				Config:           cfg,
				ConfigPlanChecks: mailboxAction(plancheck.ResourceActionUpdate),
				ConfigStateChecks: []statecheck.StateCheck{
					expectMailboxAttr("first_name", knownvalue.StringExact("Info")),
					expectMailboxAttr("display_name", knownvalue.StringExact("Info Desk")),
					expectMailboxAttr("calendar", sharedCalendar("Info Desk Calendar")),
				},
				Check: resource.ComposeAggregateTestCheckFunc(repaired(), mailboxInMock(ts, func(u api.User, _ api.HostedExchange) error {
					if u.FirstName != "Info" || u.LastName != "Desk" || u.DisplayName != "Info Desk" {
						return fmt.Errorf("names %q %q %q were not repaired", u.FirstName, u.LastName, u.DisplayName)
					}
					return nil
				})),
			},
			{
				PreConfig: func() { acctest.Deprovision(t, ts, id) },
				Config:    cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(mailboxAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectUnknownValue(mailboxAddr, mailboxAttr("provisioning_status")),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					expectMailboxAttr("provisioning_status", knownvalue.StringExact(api.ServiceProvisioned)),
					expectMailboxAttr("calendar", sharedCalendar("Info Desk Calendar")),
				},
				Check: repaired(),
			},
		},
	})
}

// TestAccSharedMailbox_disappears deletes the mailbox behind Terraform's back: the next plan creates it
// again instead of failing.
func TestAccSharedMailbox_disappears(t *testing.T) {
	ts := acctest.NewMock(t)
	cfg := acctest.Config(ts, infoMailbox().String())
	var id string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             acctest.CheckSharedMailboxesDestroyed(ts),
		Steps: []resource.TestStep{
			{
				Config: cfg,
				Check:  saveMailboxID(&id),
			},
			{
				PreConfig: func() {
					acctest.Deprovision(t, ts, id)
					if err := ts.DeleteUser(id); err != nil {
						t.Fatalf("deleting %s by hand: %v", id, err)
					}
				},
				Config:           cfg,
				ConfigPlanChecks: mailboxAction(plancheck.ResourceActionCreate),
				Check: resource.ComposeAggregateTestCheckFunc(
					loginDisabledMailbox(ts, mockportal.PlanSharedMailbox, "info@acme.example"),
					acctest.WithID(mailboxAddr, func(got string) error {
						if got == id {
							return fmt.Errorf("the mailbox kept the deleted user's ID %s", id)
						}
						return nil
					}),
				),
			},
		},
	})
}

// TestAccSharedMailbox_userPlanNotOffered fails at plan time when the customer is not offered the plan
// (R2), naming the plans it is offered, before anything is created.
func TestAccSharedMailbox_userPlanNotOffered(t *testing.T) {
	ts := acctest.NewMock(t)
	at := func(customerID string, lines ...string) string {
		m := infoMailbox().with(lines...)
		m.customerID = customerID
		return acctest.Config(ts, m.String())
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      at(mockportal.DemoIDs.NoPlanCustomer),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)User plan not available to the customer.*"Shared Mailbox" is not\s+available to customer\s+` + mockportal.DemoIDs.NoPlanCustomer + `.*Plans offered: "Standard"`),
			},
			{
				Config:      at(mockportal.DemoIDs.Acme, `user_plan = "Gold"`),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`Plans offered: "Shared\s+Mailbox",\s+"Standard"`),
			},
			{
				Config:      at(mockportal.DemoIDs.NoExchangeCustomer),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`Plans offered: none`),
			},
			{
				Config:      at("cus_0000000000000099"),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`The portal has no customer cus_0000000000000099`),
			},
		},
	})
	if n, fixtures := len(ts.Users()), len(mockportal.DemoFixtures().Users); n != fixtures {
		t.Errorf("the portal has %d users, want the %d of the fixtures: a refused plan must create nothing", n, fixtures)
	}
}

// TestAccSharedMailbox_addressTaken refuses an address that another user holds (R3), and a username the
// customer already has, naming the owner and how to import it, without leaving a user behind.
func TestAccSharedMailbox_addressTaken(t *testing.T) {
	ts := acctest.NewMock(t)
	aliceTaken := infoMailbox()
	aliceTaken.email = "Alice@Acme.Example"
	usernameTaken := infoMailbox()
	usernameTaken.username = "alice"
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      acctest.Config(ts, aliceTaken.String()),
				ExpectError: regexp.MustCompile(`(?s)Email address already taken.*email_address\s+=.*Alice@Acme.Example belongs to the\s+personal\s+mailbox\s+of\s+user\s+usr_a11ce00000000001`),
			},
			{
				Config:      acctest.Config(ts, infoMailbox().with(`email_aliases = ["sales@acme.example", "bob@acme.example"]`).String()),
				ExpectError: regexp.MustCompile(`(?s)Email address already taken.*email_aliases\s+=.*bob@acme.example belongs to the\s+personal\s+mailbox\s+of\s+user\s+usr_b0b0000000000002`),
			},
			{
				Config: acctest.Config(ts, usernameTaken.String()),
				ExpectError: regexp.MustCompile(`(?s)already has a user named "alice".*The portal already holds this as\s+usr_a11ce00000000001` +
					`.*terraform import portal_shared_mailbox.NAME usr_a11ce00000000001`),
			},
		},
	})
	if n, fixtures := len(ts.Users()), len(mockportal.DemoFixtures().Users); n != fixtures {
		t.Errorf("the portal has %d users, want the %d of the fixtures: a refused create must leave nothing", n, fixtures)
	}
}

// TestAccSharedMailbox_jobFailure makes the provisioning jobs fail. A failed create has made the user, so
// the resource is tainted, the login is disabled all the same, and the next apply replaces it without
// leaving an orphan — deletion protection does not stand in the way: Terraform plans a tainted object's
// replacement as a create, and a mailbox whose provisioning failed has no mail to lose. A failed destroy
// leaves the mailbox disabled, and the next apply provisions it again.
func TestAccSharedMailbox_jobFailure(t *testing.T) {
	ts := acctest.NewMock(t)
	protected := infoMailbox()
	protected.protected = true
	protectedCfg, cfg := acctest.Config(ts, protected.String()), acctest.Config(ts, infoMailbox().String())
	var failedID string
	setFaults := func(f mockportal.Faults) func() {
		return func() {
			if err := ts.SetFaults(f); err != nil {
				t.Fatal(err)
			}
		}
	}
	failJobs, healJobs := setFaults(mockportal.Faults{Seed: 7, JobFailureRate: 1}), setFaults(mockportal.Faults{})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             acctest.CheckSharedMailboxesDestroyed(ts),
		Steps: []resource.TestStep{
			{
				PreConfig:   failJobs,
				Config:      protectedCfg,
				ExpectError: regexp.MustCompile(`(?s)Cannot provision the shared mailbox usr_[0-9a-f]{16}.*provisioning job\s+job_[0-9a-f]{16}\s+failed`),
			},
			{
				PreConfig: func() {
					healJobs()
					users := acctest.UsersNamed(ts, mockportal.DemoIDs.Acme, "info")
					if len(users) != 1 || users[0].LoginEnabled {
						t.Fatalf("after the failed create the portal has %+v; want one user info with login disabled", users)
					}
					failedID = users[0].ID
				},
				Config: protectedCfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(mailboxAddr, plancheck.ResourceActionReplace),
				}},
				Check: resource.ComposeAggregateTestCheckFunc(
					loginDisabledMailbox(ts, mockportal.PlanSharedMailbox, "info@acme.example"),
					acctest.WithID(mailboxAddr, func(id string) error {
						users := acctest.UsersNamed(ts, mockportal.DemoIDs.Acme, "info")
						if len(users) != 1 || users[0].ID != id || id == failedID {
							return fmt.Errorf("users named info: %+v; want only the new mailbox %s, not the tainted %s", users, id, failedID)
						}
						return nil
					}),
				),
			},
			{
				Config:           cfg, // protection off, for the destroys below
				ConfigPlanChecks: mailboxAction(plancheck.ResourceActionUpdate),
			},
			{
				// A destroy whose deprovisioning fails keeps the mailbox, with its login disabled (R6).
				PreConfig:   failJobs,
				Config:      cfg,
				Destroy:     true,
				ExpectError: regexp.MustCompile(`(?s)Cannot delete shared mailbox usr_[0-9a-f]{16}.*provisioning job\s+job_[0-9a-f]{16}\s+failed.*Run\s+the\s+same\s+terraform\s+command\s+\(apply\s+or\s+destroy\)\s+again`),
			},
			{
				PreConfig: func() {
					healJobs()
					users := acctest.UsersNamed(ts, mockportal.DemoIDs.Acme, "info")
					if len(users) != 1 || users[0].LoginEnabled {
						t.Fatalf("after the failed destroy the portal has %+v; want the mailbox with login disabled", users)
					}
				},
				Config:           cfg,
				ConfigPlanChecks: mailboxAction(plancheck.ResourceActionUpdate),
				Check:            loginDisabledMailbox(ts, mockportal.PlanSharedMailbox, "info@acme.example"),
			},
		},
	})
}

// TestAccSharedMailbox_invalidInputs refuses bad values at plan time, naming the attribute.
func TestAccSharedMailbox_invalidInputs(t *testing.T) {
	ts := acctest.NewMock(t)
	planFails := func(m mailbox, message string) resource.TestStep {
		return resource.TestStep{Config: acctest.Config(ts, m.String()), PlanOnly: true, ExpectError: regexp.MustCompile(message)}
	}
	set := func(change func(*mailbox)) mailbox {
		m := infoMailbox()
		change(&m)
		return m
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			planFails(set(func(m *mailbox) { m.email = "info.acme.example" }),
				`Attribute email_address must be an email address such as shared@example.com`),
			planFails(set(func(m *mailbox) { m.username = "info desk" }),
				`Attribute username must be 1 to 64 letters, digits, dots, underscores or\s+hyphens`),
			planFails(set(func(m *mailbox) { m.firstName = "" }),
				`Attribute first_name string length must be between 1 and 64, got: 0`),
			planFails(set(func(m *mailbox) { m.customerID = "acme" }),
				`Attribute customer_id must be a customer ID such as cus_0123456789abcdef`),
			planFails(infoMailbox().with(`email_aliases = ["sales@acme", "hello@acme.example"]`),
				`Attribute email_aliases\[Value\("sales@acme"\)\] must be an email address`),
			planFails(infoMailbox().with(`email_aliases = ["INFO@Acme.example"]`),
				`(?s)Alias repeats another address.*email_aliases = \["INFO@Acme.example"\].*"INFO@Acme.example" is already the\s+mailbox's email_address`),
			planFails(infoMailbox().with(`email_aliases = ["sales@acme.example", "Sales@Acme.Example"]`),
				`(?s)Alias repeats another address.*is already the alias`),
			planFails(infoMailbox().with(`password_wo = "short"`),
				`Attribute password_wo string length must be between 12 and 128, got: 5`),
			planFails(infoMailbox().with(`password_wo_version = 1`),
				`Attribute "password_wo" must be specified when "password_wo_version" is\s+specified`),
		},
	})
}

// TestAccSharedMailbox_passwordWO sets the generic user's password without it ever reaching the state or
// the plan, and sends it again only when password_wo_version changes.
func TestAccSharedMailbox_passwordWO(t *testing.T) {
	ts := acctest.NewMock(t)
	const first, second, third = "first-Secret-0001", "second-Secret-0002", "third-Secret-0003"
	withPassword := func(password string, version int) string {
		return acctest.Config(ts, infoMailbox().with(
			fmt.Sprintf("password_wo = %q", password), fmt.Sprintf("password_wo_version = %d", version)).String())
	}
	noSecrets := []statecheck.StateCheck{
		acctest.StateDoesNotContain(first), acctest.StateDoesNotContain(second), acctest.StateDoesNotContain(third),
		expectMailboxAttr("password_wo", knownvalue.Null()),
	}
	var id string
	var updates int
	passwordPatches := func(want int) resource.TestCheckFunc {
		return func(*terraform.State) error {
			if n := len(acctest.Events(ts, mockportal.OpUserUpdate, id)) - updates; n != want {
				return fmt.Errorf("%d user changes since the last step, want %d", n, want)
			}
			updates += want
			return nil
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             acctest.CheckSharedMailboxesDestroyed(ts),
		Steps: []resource.TestStep{
			{
				Config: withPassword(first, 1),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					acctest.PlanDoesNotContain(first),
				}},
				ConfigStateChecks: append(noSecrets, expectMailboxAttr("password_wo_version", knownvalue.Int64Exact(1))),
				Check: acctest.WithID(mailboxAddr, func(got string) error {
					id, updates = got, len(acctest.Events(ts, mockportal.OpUserUpdate, got))
					return nil
				}),
			},
			{
				// A changed write-only value alone is invisible to Terraform: the version says when to send it.
				Config:           withPassword(second, 1),
				ConfigPlanChecks: expectNoMailboxChange,
			},
			{
				Config: withPassword(third, 2),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(mailboxAddr, plancheck.ResourceActionUpdate),
					acctest.PlanDoesNotContain(third),
				}},
				ConfigStateChecks: append(noSecrets, expectMailboxAttr("password_wo_version", knownvalue.Int64Exact(2))),
				Check: resource.ComposeAggregateTestCheckFunc(
					passwordPatches(1),
					serviceChangesWithLogin(ts, 1),
					loginDisabledMailbox(ts, mockportal.PlanSharedMailbox, "info@acme.example"),
				),
			},
		},
	})
}
