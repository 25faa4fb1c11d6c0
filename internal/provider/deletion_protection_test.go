package provider_test

import (
	"fmt"
	"testing"

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

// portalUntouched remembers the mock's audit log and, called again, fails the test when anything was
// committed since: a refused plan must leave the portal as it was.
type portalUntouched struct {
	t      *testing.T
	ts     *mockportal.TestServer
	events int
}

func (p *portalUntouched) remember() resource.TestCheckFunc {
	return func(*terraform.State) error {
		p.events = len(p.ts.Events())
		return nil
	}
}

func (p *portalUntouched) check(after string) func() {
	return func() {
		if events := p.ts.Events(); len(events) != p.events {
			p.t.Errorf("after %s the portal committed %d changes, want none: %+v", after, len(events)-p.events, events[p.events:])
		}
	}
}

// protectionRefusal is the start of every plan-time refusal: what would be deleted (the summary, then
// the texts of why), and that its mail goes with it.
func protectionRefusal(what string, why ...string) []string {
	return append(append([]string{"Deletion protection: " + what}, why...), "The portal deletes its mail with it")
}

var howToGoOn = []string{"set deletion_protection = false in its resource block and apply that first", "removed {", "destroy = false"}

// TestAccSharedMailbox_deletionProtection: a protected mailbox (the default) cannot be destroyed, removed
// from the configuration or replaced — each fails at plan time, naming the mailbox, what is lost and how
// to go on, with the portal untouched. An import records the protection; once it is turned off, destroy
// deletes the mailbox.
func TestAccSharedMailbox_deletionProtection(t *testing.T) {
	ts := acctest.NewMock(t)
	protected := infoMailbox()
	protected.protected = true
	renamed, moved := protected, protected
	renamed.username = "office"
	moved.customerID = mockportal.DemoIDs.Globex
	untouched := &portalUntouched{t: t, ts: ts}
	var id string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             acctest.CheckSharedMailboxesDestroyed(ts),
		Steps: []resource.TestStep{
			{
				Config:            acctest.Config(ts, protected.String()),
				ConfigStateChecks: []statecheck.StateCheck{expectMailboxAttr("deletion_protection", knownvalue.Bool(true))},
				Check:             resource.ComposeAggregateTestCheckFunc(saveMailboxID(&id), untouched.remember()),
			},
			{
				// The default is protection: the same mailbox without the attribute is the same plan.
				Config:   acctest.Config(ts, protectedByDefault(protected)),
				PlanOnly: true, // fails unless the plan is empty
			},
			{
				Config:      acctest.Config(ts, protected.String()),
				Destroy:     true,
				ExpectError: permissionError(append(protectionRefusal("the plan would delete shared mailbox usr_", "because of terraform destroy"), howToGoOn...)...),
			},
			{
				PreConfig:   untouched.check("the refused destroy"),
				Config:      acctest.Config(ts), // removed from the configuration
				ExpectError: permissionError(append(protectionRefusal("the plan would delete shared mailbox usr_", "info@acme.example", "no longer in the configuration"), howToGoOn...)...),
			},
			{
				PreConfig: untouched.check("the refused removal"),
				Config:    acctest.Config(ts, renamed.String()),
				ExpectError: permissionError(append(protectionRefusal("changing username would replace shared mailbox usr_",
					`with portal_shared_mailbox.test`, `changes username from "info" to "office"`),
					"If the change is a mistake, undo it", "set deletion_protection = false", "removed block")...),
			},
			{
				PreConfig:   untouched.check("the refused replacement by username"),
				Config:      acctest.Config(ts, moved.String()),
				PlanOnly:    true,
				ExpectError: permissionError(protectionRefusal("changing customer_id would replace shared mailbox usr_")...),
			},
			{
				// Import records the protection, whatever the configuration says (here: the same, true).
				PreConfig:               untouched.check("the refused replacement by customer"),
				Config:                  acctest.Config(ts, protected.String()),
				ResourceName:            mailboxAddr,
				ImportState:             true,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"timeouts"},
			},
			{
				// Turning it off is a change of the state alone; then the test's destroy deletes the mailbox.
				PreConfig:        untouched.check("the import"),
				Config:           acctest.Config(ts, infoMailbox().String()),
				ConfigPlanChecks: mailboxAction(plancheck.ResourceActionUpdate),
				ConfigStateChecks: []statecheck.StateCheck{expectMailboxAttr("deletion_protection", knownvalue.Bool(false)),
					expectMailboxAttr("id", knownvalue.StringFunc(func(got string) error {
						if got != id {
							return fmt.Errorf("the mailbox is now %s, want %s kept", got, id)
						}
						return nil
					}))},
				Check: func(*terraform.State) error { untouched.check("turning the protection off")(); return nil },
			},
		},
	})
}

// protectedByDefault is the mailbox's configuration without a deletion_protection line.
func protectedByDefault(m mailbox) string {
	return fmt.Sprintf(`
resource "portal_shared_mailbox" "test" {
  customer_id   = %q
  username      = %q
  first_name    = %q
  last_name     = %q
  email_address = %q
}
`, m.customerID, m.username, m.firstName, m.lastName, m.email)
}

// TestAccSubmailbox_deletionProtection: a protected submailbox (the default) cannot be destroyed, removed
// from the configuration, or replaced by a move to another mailbox or parent; each fails at plan time
// with the portal untouched. Import records the protection; turned off, the destroy deletes it.
func TestAccSubmailbox_deletionProtection(t *testing.T) {
	ts := acctest.NewMock(t)
	mailbox := acctest.NewDisabledMailbox(t, ts, "info")
	other := acctest.NewDisabledMailbox(t, ts, "sales")
	elsewhere := acctest.NewSubmailbox(t, ts, mailbox, "", "Archive")
	protected := func(mailboxID, parent string) string {
		lines := fmt.Sprintf("  mailbox_id = %q\n  name       = \"Invoices\"\n", mailboxID)
		if parent != "" {
			lines += fmt.Sprintf("  parent_id  = %q\n", parent)
		}
		return acctest.Config(ts, "resource \"portal_submailbox\" \"parent\" {\n"+lines+"}\n")
	}
	untouched := &portalUntouched{t: t, ts: ts}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             submailboxesGone(ts, mailbox),
		Steps: []resource.TestStep{
			{
				Config:            protected(mailbox, ""),
				ConfigStateChecks: []statecheck.StateCheck{statecheck.ExpectKnownValue(parentAddr, tfjsonpath.New("deletion_protection"), knownvalue.Bool(true))},
				Check:             untouched.remember(),
			},
			{
				Config:      protected(mailbox, ""),
				Destroy:     true,
				ExpectError: permissionError(append(protectionRefusal("the plan would delete submailbox smb_", "(Invoices in mailbox "+mailbox+")"), howToGoOn...)...),
			},
			{
				PreConfig:   untouched.check("the refused destroy"),
				Config:      acctest.Config(ts),
				ExpectError: permissionError(append(protectionRefusal("the plan would delete submailbox smb_"), "portal_submailbox.NAME")...),
			},
			{
				PreConfig: untouched.check("the refused removal"),
				Config:    protected(other, ""),
				ExpectError: permissionError(protectionRefusal("changing mailbox_id would replace submailbox smb_", "with portal_submailbox.parent",
					"changes mailbox_id from \""+mailbox+"\" to \""+other+"\"")...),
			},
			{
				PreConfig:   untouched.check("the refused move to another mailbox"),
				Config:      protected(mailbox, elsewhere),
				PlanOnly:    true,
				ExpectError: permissionError(protectionRefusal("changing parent_id would replace submailbox smb_", "from <null> to \""+elsewhere+"\"")...),
			},
			{
				PreConfig:         untouched.check("the refused move to another parent"),
				Config:            protected(mailbox, ""),
				ResourceName:      parentAddr,
				ImportState:       true,
				ImportStateVerify: true,
			},
			{
				PreConfig: untouched.check("the import"),
				Config:    acctest.Config(ts, submailboxConfig("parent", mailbox, "", "Invoices")),
				Check:     func(*terraform.State) error { untouched.check("turning the protection off")(); return nil },
			},
		},
	})
}

// TestAccDeletionProtection_changeMakesNoRequest: turning deletion_protection off (without a refresh) is a
// plan and an apply that send the portal nothing at all; it is Terraform's business alone.
func TestAccDeletionProtection_changeMakesNoRequest(t *testing.T) {
	ts := acctest.NewMock(t)
	protected := infoMailbox()
	protected.protected = true
	config := func(m mailbox, protection bool) string {
		return acctest.Config(ts, m.String(), fmt.Sprintf(`
resource "portal_submailbox" "inbox" {
  mailbox_id          = portal_shared_mailbox.test.id
  name                = "Orders"
  deletion_protection = %t
}
`, protection))
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		AdditionalCLIOptions:     &resource.AdditionalCLIOptions{Plan: resource.PlanOptions{NoRefresh: true}},
		CheckDestroy:             resource.ComposeAggregateTestCheckFunc(acctest.CheckSharedMailboxesDestroyed(ts), acctest.CheckSubmailboxesDestroyed(ts)),
		Steps: []resource.TestStep{
			{Config: config(protected, true)},
			{
				PreConfig: ts.ResetStats,
				Config:    config(infoMailbox(), false),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(mailboxAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectResourceAction("portal_submailbox.inbox", plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue("portal_submailbox.inbox", tfjsonpath.New("path"), knownvalue.StringExact("Orders")),
				}},
				Check: func(*terraform.State) error {
					if s := ts.Stats(); s.Total != 0 {
						return fmt.Errorf("the plan and apply of deletion_protection alone sent the portal %d requests: %v", s.Total, s.Requests)
					}
					return nil
				},
			},
		},
	})
}

// TestAccDeletionProtection_removedBlockKeepsMail: a removed block with destroy = false takes a protected
// mailbox and its submailbox out of the state and leaves both, with their grants, in the portal untouched.
func TestAccDeletionProtection_removedBlockKeepsMail(t *testing.T) {
	ts := acctest.NewMock(t)
	alice := mockportal.DemoIDs.Alice
	protected := infoMailbox()
	protected.protected = true
	managed := acctest.Config(ts, protected.String(), fmt.Sprintf(`
resource "portal_submailbox" "inbox" {
  mailbox_id = portal_shared_mailbox.test.id
  name       = "Orders"
}

resource "portal_mailbox_permission" "alice" {
  mailbox_id  = portal_submailbox.inbox.id
  user_id     = %q
  permissions = ["view"]
}
`, alice))
	untouched := &portalUntouched{t: t, ts: ts}
	var mailboxID, submailboxID string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: managed,
				Check: resource.ComposeAggregateTestCheckFunc(saveMailboxID(&mailboxID), untouched.remember(),
					acctest.WithID("portal_submailbox.inbox", func(id string) error { submailboxID = id; return nil })),
			},
			{
				// The grant needs a removed block too: unprotected, it would otherwise be destroyed.
				Config: acctest.Config(ts, `
removed {
  from = portal_shared_mailbox.test
  lifecycle {
    destroy = false
  }
}

removed {
  from = portal_submailbox.inbox
  lifecycle {
    destroy = false
  }
}

removed {
  from = portal_mailbox_permission.alice
  lifecycle {
    destroy = false
  }
}
`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					acctest.ExpectForget(mailboxAddr),
					acctest.ExpectForget("portal_submailbox.inbox"),
				}},
				Check: func(s *terraform.State) error {
					if n := len(s.RootModule().Resources); n != 0 {
						return fmt.Errorf("the state still holds %d resources", n)
					}
					untouched.check("the removed blocks")()
					return nil
				},
			},
		},
	})
	if u, ok := ts.User(mailboxID); !ok || u.LoginEnabled {
		t.Errorf("mailbox %s after the removed block: %+v (found %v), want it in the portal with its login disabled", mailboxID, u, ok)
	}
	if s, _ := ts.HostedExchange(mailboxID); s.ProvisioningStatus != api.ServiceProvisioned {
		t.Errorf("mailbox %s after the removed block is %q, want still provisioned", mailboxID, s.ProvisioningStatus)
	}
	if _, ok := ts.Submailbox(submailboxID); !ok {
		t.Errorf("submailbox %s is gone after the removed block", submailboxID)
	}
	if g := ts.Permissions(submailboxID); len(g) != 1 {
		t.Errorf("grants on submailbox %s after the removed block: %+v, want alice's", submailboxID, g)
	}
}
