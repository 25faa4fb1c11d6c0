package provider_test

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck/queryfilter"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/csportal/terraform-provider-portal/internal/acctest"
	"github.com/csportal/terraform-provider-portal/internal/mockportal"
)

// initechDesk is a mailbox of Initech, whose portal appends the customer's code to usernames (R17), with the
// username written as username.
func initechDesk(username string) string {
	return fmt.Sprintf(`
resource "portal_shared_mailbox" "desk" {
  customer_id         = %q
  username            = %q
  first_name          = "Front"
  last_name           = "Desk"
  email_address       = "desk@initech.example"
  deletion_protection = false
}

data "portal_user" "bill" {
  customer_id = %q
  username    = "Bill"
}
`, mockportal.DemoIDs.Initech, username, mockportal.DemoIDs.Initech)
}

// TestAccLoginName_suffix: in a customer with username suffixes, username is what the configuration writes
// and login_name what the portal stores. No diff after apply, none when the stored name is written instead,
// an import by the stored name (or customer_id/username) records the short name, and only a real change of
// name replaces the mailbox. portal_user finds a user by the name as written.
func TestAccLoginName_suffix(t *testing.T) {
	ts := acctest.NewMock(t)
	var mailboxID string
	login := func(username, loginName string) []statecheck.StateCheck {
		return []statecheck.StateCheck{
			expectAttr("portal_shared_mailbox.desk", "username", knownvalue.StringExact(username)),
			expectAttr("portal_shared_mailbox.desk", "login_name", knownvalue.StringExact(loginName)),
			expectAttr("data.portal_user.bill", "id", knownvalue.StringExact(mockportal.DemoIDs.InitechAdmin)),
			expectAttr("data.portal_user.bill", "username", knownvalue.StringExact("Bill")),
			expectAttr("data.portal_user.bill", "login_name", knownvalue.StringExact("bill_initech")),
		}
	}
	importAs := func(id string) resource.TestStep {
		return resource.TestStep{
			ResourceName:            "portal_shared_mailbox.desk",
			ImportState:             true,
			ImportStateId:           id,
			ImportStateVerify:       true,
			ImportStateVerifyIgnore: []string{"timeouts", "deletion_protection"},
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             acctest.CheckSharedMailboxesDestroyed(ts),
		Steps: []resource.TestStep{
			{
				Config:            acctest.Config(ts, initechDesk("desk")),
				ConfigStateChecks: login("desk", "desk_initech"),
				Check: acctest.WithID("portal_shared_mailbox.desk", func(id string) error {
					mailboxID = id
					if u, ok := ts.User(id); !ok || u.Username != "desk_initech" {
						return fmt.Errorf("the portal's user: %+v", u)
					}
					return nil
				}),
			},
			{Config: acctest.Config(ts, initechDesk("desk")), ConfigPlanChecks: expectNoMailboxChange},
			{
				// The stored name written out is the same user: no change, and the state keeps its spelling.
				Config:            acctest.Config(ts, initechDesk("DESK_initech")),
				ConfigPlanChecks:  expectNoMailboxChange,
				ConfigStateChecks: login("desk", "desk_initech"),
			},
			importAs("desk_initech"),
			importAs(mockportal.DemoIDs.Initech + "/Desk"),
			importAs(mockportal.DemoIDs.Initech + "/desk_initech"),
			{
				// Another name is another user: replaced.
				Config: acctest.Config(ts, initechDesk("frontdesk")),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("portal_shared_mailbox.desk", plancheck.ResourceActionDestroyBeforeCreate),
				}},
				ConfigStateChecks: login("frontdesk", "frontdesk_initech"),
				Check: acctest.WithID("portal_shared_mailbox.desk", func(id string) error {
					if id == mailboxID {
						return fmt.Errorf("mailbox %s was not replaced", id)
					}
					return nil
				}),
			},
		},
	})
}

// TestAccLoginName_adoption: a hand-made mailbox of a suffix customer, found by the list block, shows the
// short username and the stored login name; imported with that username, it plans no change.
func TestAccLoginName_adoption(t *testing.T) {
	ts := acctest.NewMock(t)
	id := mockportal.DemoIDs
	adopted := fmt.Sprintf(`
import {
  to = portal_shared_mailbox.tps
  id = %q
}

resource "portal_shared_mailbox" "tps" {
  customer_id   = %q
  username      = "tps"
  first_name    = "TPS"
  last_name     = "Reports"
  email_address = "tps-reports@initech.example"

  # As the hand-made mailbox has them (the provider's defaults keep copies).
  keep_sent_as_copy        = false
  keep_sent_on_behalf_copy = false
}
`, id.InitechMailbox, id.Initech)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: acctest.Config(ts, adopted),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("portal_shared_mailbox.tps", plancheck.ResourceActionNoop),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					expectAttr("portal_shared_mailbox.tps", "username", knownvalue.StringExact("tps")),
					expectAttr("portal_shared_mailbox.tps", "login_name", knownvalue.StringExact("tps_initech")),
				},
			},
			{
				// Forgotten again, so that the test's destroy leaves the fixture (and its mail) alone.
				Config: acctest.Config(ts, `
removed {
  from = portal_shared_mailbox.tps
  lifecycle {
    destroy = false
  }
}
`),
				Check: func(*terraform.State) error {
					if _, ok := ts.User(id.InitechMailbox); !ok {
						return fmt.Errorf("the fixture mailbox is gone")
					}
					return nil
				},
			},
		},
	})
}

// TestAccLoginName_listBlock: the list block shows a suffix customer's mailbox with the short username, which
// generated configuration writes, and the stored login name.
func TestAccLoginName_listBlock(t *testing.T) {
	ts := acctest.NewMock(t)
	id := mockportal.DemoIDs
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   needsQuery,
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: acctest.Config(ts)},
			{
				Query:  true,
				Config: listBlock("portal_shared_mailbox", "initech", "include_resource = true", fmt.Sprintf("customer_id = %q", id.Initech)),
				QueryResultChecks: []querycheck.QueryResultCheck{
					querycheck.ExpectLength("portal_shared_mailbox.initech", 1),
					querycheck.ExpectResourceKnownValues("portal_shared_mailbox.initech", queryfilter.ByResourceIdentity(
						map[string]knownvalue.Check{"id": knownvalue.StringExact(id.InitechMailbox)}), []querycheck.KnownValueCheck{
						{Path: tfjsonpath.New("username"), KnownValue: knownvalue.StringExact("tps")},
						{Path: tfjsonpath.New("login_name"), KnownValue: knownvalue.StringExact("tps_initech")},
					}),
				},
			},
		},
	})
}
