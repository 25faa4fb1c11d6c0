package provider_test

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck/queryfilter"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/csportal/terraform-provider-portal/internal/acctest"
	"github.com/csportal/terraform-provider-portal/internal/mockportal"
	"github.com/csportal/terraform-provider-portal/internal/provider"
)

// providerWithCustomer is a provider block for ts whose default customer is customerID ("" for none),
// under alias ("" for the default provider).
func providerWithCustomer(ts *mockportal.TestServer, alias, customerID string) string {
	lines := ""
	if alias != "" {
		lines += fmt.Sprintf("  alias       = %q\n", alias)
	}
	if customerID != "" {
		lines += fmt.Sprintf("  customer_id = %q\n", customerID)
	}
	return fmt.Sprintf(`
provider "portal" {
%s  endpoint    = %q
  api_token   = %q
  max_retries = 2
}
`, lines, ts.URL, ts.AdminToken)
}

// defaultedMailbox is portal_shared_mailbox.NAME without customer_id, of the provider alias ("" for the
// default provider).
func defaultedMailbox(name, alias, email string, protected bool) string {
	providerLine := ""
	if alias != "" {
		providerLine = "provider = portal." + alias
	}
	return fmt.Sprintf(`
resource "portal_shared_mailbox" %q {
  %s
  username            = %q
  first_name          = "Info"
  last_name           = "Desk"
  email_address       = %q
  deletion_protection = %t
}
`, name, providerLine, name, email, protected)
}

// everyBlockWithoutCustomer is every data source that takes customer_id, none of them naming one.
const everyBlockWithoutCustomer = `
data "portal_customer" "default" {}

data "portal_user_plans" "default" {}

data "portal_user" "alice" {
  username = "alice"
}

data "portal_shared_mailboxes" "default" {
  depends_on = [portal_shared_mailbox.info]
}

data "portal_mailbox_permissions" "default" {
  depends_on = [portal_shared_mailbox.info]
}
`

func expectAttr(addr, attr string, value knownvalue.Check) statecheck.StateCheck {
	return statecheck.ExpectKnownValue(addr, tfjsonpath.New(attr), value)
}

// TestAccDefaultCustomer_omitted: with the provider's customer_id, no block names a customer, and the
// state records the one used; an import records the mailbox's own customer and matches.
func TestAccDefaultCustomer_omitted(t *testing.T) {
	ts := acctest.NewMock(t)
	acme := knownvalue.StringExact(mockportal.DemoIDs.Acme)
	config := providerWithCustomer(ts, "", mockportal.DemoIDs.Acme) +
		defaultedMailbox("info", "", "info@acme.example", false) + everyBlockWithoutCustomer
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             acctest.CheckSharedMailboxesDestroyed(ts),
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					expectAttr("portal_shared_mailbox.info", "customer_id", acme),
					expectAttr("data.portal_customer.default", "id", acme),
					expectAttr("data.portal_customer.default", "name", knownvalue.StringExact("Acme")),
					expectAttr("data.portal_user_plans.default", "customer_id", acme),
					expectAttr("data.portal_user_plans.default", "plans", knownvalue.ListSizeExact(2)),
					expectAttr("data.portal_user.alice", "id", knownvalue.StringExact(mockportal.DemoIDs.Alice)),
					expectAttr("data.portal_user.alice", "customer_id", acme),
					expectAttr("data.portal_shared_mailboxes.default", "customer_id", acme),
					expectAttr("data.portal_shared_mailboxes.default", "mailboxes", knownvalue.ListSizeExact(1)),
					expectAttr("data.portal_mailbox_permissions.default", "customer_id", acme),
				},
				Check: acctest.WithID("portal_shared_mailbox.info", func(id string) error {
					if u, ok := ts.User(id); !ok || u.CustomerID != mockportal.DemoIDs.Acme {
						return fmt.Errorf("user %s: %+v, want one of Acme", id, u)
					}
					return nil
				}),
			},
			{
				// An import records the customer the mailbox is in: the same as the default, so no change.
				ResourceName:            "portal_shared_mailbox.info",
				ImportState:             true,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"timeouts", "deletion_protection"},
			},
		},
	})
}

// TestAccDefaultCustomer_missing: a block that needs a customer, with neither its own nor the provider's,
// fails at plan time naming both ways to set one.
func TestAccDefaultCustomer_missing(t *testing.T) {
	ts := acctest.NewMock(t)
	bothWays := `Set customer_id in this block, or\s+customer_id in the provider block \(or the PORTAL_CUSTOMER_ID environment\s+variable\)`
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      providerWithCustomer(ts, "", "") + defaultedMailbox("info", "", "info@acme.example", false),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)Missing customer_id.*portal_shared_mailbox needs a customer\.\s+` + bothWays),
			},
			{
				Config:      providerWithCustomer(ts, "", "") + `data "portal_user_plans" "default" {}`,
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)Missing customer_id.*portal_user_plans needs a customer\.\s+` + bothWays),
			},
			{
				Config:      providerWithCustomer(ts, "", "") + `data "portal_customer" "default" {}`,
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)portal_customer without id, code or name needs a customer\.\s+Set\s+id\s+in\s+this\s+block`),
			},
		},
	})
}

// TestAccDefaultCustomer_environment takes the default customer from PORTAL_CUSTOMER_ID, and refuses one
// that is not a customer ID. Not parallel: it sets the environment.
func TestAccDefaultCustomer_environment(t *testing.T) {
	ts := acctest.NewMock(t)
	t.Setenv(provider.EnvCustomerID, "acme")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      providerWithCustomer(ts, "", "") + `data "portal_customer" "default" {}`,
				ExpectError: regexp.MustCompile(`PORTAL_CUSTOMER_ID="acme" must be a customer ID such as\s+cus_0123456789abcdef`),
			},
			{
				PreConfig: func() { t.Setenv(provider.EnvCustomerID, mockportal.DemoIDs.Acme) },
				Config:    providerWithCustomer(ts, "", "") + `data "portal_customer" "default" {}`,
				ConfigStateChecks: []statecheck.StateCheck{
					expectAttr("data.portal_customer.default", "name", knownvalue.StringExact("Acme")),
				},
			},
			{
				// The provider block's customer_id comes first.
				Config: providerWithCustomer(ts, "", mockportal.DemoIDs.Globex) + `data "portal_customer" "default" {}`,
				ConfigStateChecks: []statecheck.StateCheck{
					expectAttr("data.portal_customer.default", "name", knownvalue.StringExact("Globex")),
				},
			},
		},
	})
}

// TestAccDefaultCustomer_aliases moves a mailbox that leaves customer_id out between provider aliases: to an
// alias of the same customer, nothing changes; to one of another customer, the mailbox would be replaced,
// which deletion protection refuses, and once unprotected it is. A mailbox that names its customer itself
// is not touched by any of it.
func TestAccDefaultCustomer_aliases(t *testing.T) {
	ts := acctest.NewMock(t)
	aliases := providerWithCustomer(ts, "acme", mockportal.DemoIDs.Acme) +
		providerWithCustomer(ts, "acme_too", mockportal.DemoIDs.Acme) +
		providerWithCustomer(ts, "globex", mockportal.DemoIDs.Globex)
	config := func(alias, email string, protected bool) string {
		return aliases + defaultedMailbox("desk", alias, email, protected) + fmt.Sprintf(`
resource "portal_shared_mailbox" "pinned" {
  provider            = portal.%s
  customer_id         = %q
  username            = "pinned"
  first_name          = "Pinned"
  last_name           = "Desk"
  email_address       = "pinned@acme.example"
  deletion_protection = false
}
`, alias, mockportal.DemoIDs.Acme)
	}
	actions := func(info plancheck.ResourceActionType) resource.ConfigPlanChecks {
		return resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
			plancheck.ExpectResourceAction("portal_shared_mailbox.desk", info),
			plancheck.ExpectResourceAction("portal_shared_mailbox.pinned", plancheck.ResourceActionNoop),
		}}
	}
	customerIs := func(id string) []statecheck.StateCheck {
		return []statecheck.StateCheck{
			expectAttr("portal_shared_mailbox.desk", "customer_id", knownvalue.StringExact(id)),
			expectAttr("portal_shared_mailbox.pinned", "customer_id", knownvalue.StringExact(mockportal.DemoIDs.Acme)),
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             acctest.CheckSharedMailboxesDestroyed(ts),
		Steps: []resource.TestStep{
			{Config: config("acme", "desk@acme.example", true), ConfigStateChecks: customerIs(mockportal.DemoIDs.Acme)},
			{
				// Another alias of the same customer: the same mailbox, no change.
				Config:   config("acme_too", "desk@acme.example", true),
				PlanOnly: true,
			},
			{
				Config: config("globex", "desk@globex.example", true),
				ExpectError: regexp.MustCompile(`(?s)Deletion protection: changing customer_id would replace shared mailbox.*` +
					`from\s+"` + mockportal.DemoIDs.Acme + `"\s+to\s+"` + mockportal.DemoIDs.Globex + `"\s+\(customer_id\s+is\s+left\s+out\s+of\s+the\s+block,\s+so\s+it\s+is\s+the\s+provider's\s+customer_id`),
			},
			{
				Config:            config("acme_too", "desk@acme.example", false),
				ConfigPlanChecks:  actions(plancheck.ResourceActionUpdate),
				ConfigStateChecks: customerIs(mockportal.DemoIDs.Acme),
			},
			{
				Config:            config("globex", "desk@globex.example", false),
				ConfigPlanChecks:  actions(plancheck.ResourceActionDestroyBeforeCreate),
				ConfigStateChecks: customerIs(mockportal.DemoIDs.Globex),
				Check: acctest.WithID("portal_shared_mailbox.desk", func(id string) error {
					if u, ok := ts.User(id); !ok || u.CustomerID != mockportal.DemoIDs.Globex {
						return fmt.Errorf("user %s: %+v, want one of Globex", id, u)
					}
					if left := acctest.UsersNamed(ts, mockportal.DemoIDs.Acme, "desk"); len(left) > 0 {
						return fmt.Errorf("the Acme mailbox is still there: %+v", left)
					}
					return nil
				}),
			},
		},
	})
}

// TestAccDefaultCustomer_changedDefault: changing the provider's customer_id replaces only the mailboxes that
// left theirs out; with the new default known only after apply, a protected one is refused at plan time.
func TestAccDefaultCustomer_changedDefault(t *testing.T) {
	ts := acctest.NewMock(t)
	config := func(customerExpr string, protected bool) string {
		return fmt.Sprintf(`
resource "terraform_data" "customer" {
  input = %s
}

provider "portal" {
  endpoint    = %q
  api_token   = %q
  customer_id = terraform_data.customer.output
}
`, customerExpr, ts.URL, ts.AdminToken) + defaultedMailbox("desk", "", "desk@acme.example", protected)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				// Known only after apply on create: planned unknown, recorded at apply.
				Config: config(fmt.Sprintf("%q", mockportal.DemoIDs.Acme), true),
				ConfigStateChecks: []statecheck.StateCheck{
					expectAttr("portal_shared_mailbox.desk", "customer_id", knownvalue.StringExact(mockportal.DemoIDs.Acme)),
				},
			},
			{
				Config: config(fmt.Sprintf("%q", mockportal.DemoIDs.Globex), true),
				ExpectError: regexp.MustCompile(`(?s)Deletion protection: changing customer_id would replace.*` +
					`from\s+"` + mockportal.DemoIDs.Acme + `"\s+to\s+a\s+value\s+known\s+only\s+after\s+apply`),
			},
			{
				// Unprotected under the same customer: an update in place, and the destroy that ends the test.
				Config: config(fmt.Sprintf("%q", mockportal.DemoIDs.Acme), false),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("portal_shared_mailbox.desk", plancheck.ResourceActionUpdate),
				}},
			},
		},
	})
}

// TestAccDefaultCustomer_listBlocks: list blocks that name no scope list the provider's customer, and what
// they find records that customer, as an import does (so generated configuration applies with no change).
func TestAccDefaultCustomer_listBlocks(t *testing.T) {
	ts := acctest.NewMock(t)
	config := providerWithCustomer(ts, "", mockportal.DemoIDs.Acme) + defaultedMailbox("info", "", "info@acme.example", false) + fmt.Sprintf(`
resource "portal_mailbox_permission" "alice" {
  mailbox_id  = portal_shared_mailbox.info.id
  user_id     = %q
  permissions = ["view"]
}

resource "portal_submailbox" "archive" {
  mailbox_id          = portal_shared_mailbox.info.id
  name                = "Archive"
  deletion_protection = false
}
`, mockportal.DemoIDs.Alice)
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   needsQuery,
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             acctest.CheckSharedMailboxesDestroyed(ts),
		Steps: []resource.TestStep{
			{Config: config},
			{
				Query: true,
				Config: listBlock("portal_shared_mailbox", "all", "include_resource = true") +
					listBlock("portal_mailbox_permission", "all", "") +
					listBlock("portal_submailbox", "all", ""),
				QueryResultChecks: []querycheck.QueryResultCheck{
					querycheck.ExpectLength("portal_shared_mailbox.all", 1),
					querycheck.ExpectLength("portal_mailbox_permission.all", 1),
					querycheck.ExpectLength("portal_submailbox.all", 1),
					querycheck.ExpectResourceKnownValues("portal_shared_mailbox.all", queryfilter.ByResourceIdentity(
						map[string]knownvalue.Check{"id": knownvalue.NotNull()}), []querycheck.KnownValueCheck{
						{Path: tfjsonpath.New("customer_id"), KnownValue: knownvalue.StringExact(mockportal.DemoIDs.Acme)},
						{Path: tfjsonpath.New("username"), KnownValue: knownvalue.StringExact("info")},
					}),
				},
			},
		},
	})
}
