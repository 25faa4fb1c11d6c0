package provider_test

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/csportal/terraform-provider-portal/internal/acctest"
	"github.com/csportal/terraform-provider-portal/internal/mockportal"
)

// TestAccCustomersDataSource lists what each token reaches (R14): the reseller's administrator the reseller
// and its two customers, Globex's administrator Globex alone, the root's administrator every customer; and
// of those, the reseller's customers with parent_id.
func TestAccCustomersDataSource(t *testing.T) {
	ts := acctest.NewMock(t)
	id := mockportal.DemoIDs
	codes := func(addr string, want ...string) statecheck.StateCheck {
		checks := make([]knownvalue.Check, len(want))
		for i, c := range want {
			checks[i] = knownvalue.ObjectPartial(map[string]knownvalue.Check{"code": knownvalue.StringExact(c)})
		}
		return statecheck.ExpectKnownValue(addr, tfjsonpath.New("customers"), knownvalue.ListExact(checks))
	}
	config := `
data "portal_customers" "reach" {}

data "portal_customers" "below_reseller" {
  parent_id = "` + id.Reseller + `"
}
`
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      acctest.Config(ts, `data "portal_customers" "bad" { parent_id = "acme" }`),
				ExpectError: regexp.MustCompile(`must be a customer ID`),
			},
			{
				Config: acctest.ProviderConfigWithToken(ts, ts.Token(t, id.ResellerAdmin)) + config,
				ConfigStateChecks: []statecheck.StateCheck{
					codes("data.portal_customers.reach", "ACME", "GLOBEX", "NORTHWIND"),
					codes("data.portal_customers.below_reseller", "ACME", "GLOBEX"),
					statecheck.ExpectKnownValue("data.portal_customers.reach", tfjsonpath.New("customers").AtSliceIndex(0),
						knownvalue.ObjectExact(map[string]knownvalue.Check{
							"id":                        knownvalue.StringExact(id.Acme),
							"code":                      knownvalue.StringExact("ACME"),
							"name":                      knownvalue.StringExact("Acme"),
							"parent_id":                 knownvalue.StringExact(id.Reseller),
							"domains":                   knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("acme.example")}),
							"username_suffix":           knownvalue.Bool(false),
							"hosted_exchange_enabled":   knownvalue.Bool(true),
							"allow_external_forwarding": knownvalue.Bool(false),
						})),
				},
			},
			{
				Config: acctest.ProviderConfigWithToken(ts, ts.Token(t, id.GlobexAdmin)) + config,
				ConfigStateChecks: []statecheck.StateCheck{
					codes("data.portal_customers.reach", "GLOBEX"),
					// Globex lies below the reseller, which its administrator does not reach.
					codes("data.portal_customers.below_reseller", "GLOBEX"),
				},
			},
			{
				Config: acctest.Config(ts, config),
				ConfigStateChecks: []statecheck.StateCheck{
					codes("data.portal_customers.reach", "ACME", "GLOBEX", "HOSTING", "INITECH", "NORTHWIND", "SOYLENT", "TYRELL"),
					statecheck.ExpectKnownValue("data.portal_customers.reach", tfjsonpath.New("customers").AtSliceIndex(2).AtMapKey("parent_id"),
						knownvalue.Null()),
				},
			},
		},
	})
}
