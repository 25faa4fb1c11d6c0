package provider_test

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/csportal/terraform-provider-portal/internal/acctest"
	"github.com/csportal/terraform-provider-portal/internal/mockportal"
)

// TestAccCustomerDataSource refuses lookups that name no single customer (or one out of the token's
// reach), and looks customers up by ID, by code and by name (without regard to case). The valid lookup comes last: the test ends by destroying with the
// last configuration.
func TestAccCustomerDataSource(t *testing.T) {
	ts := acctest.NewMock(t)
	customer := func(addr, name string, hostedExchange bool) []statecheck.StateCheck {
		return []statecheck.StateCheck{
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("name"), knownvalue.StringExact(name)),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("hosted_exchange_enabled"), knownvalue.Bool(hostedExchange)),
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      acctest.Config(ts, `data "portal_customer" "test" { name = "Umbrella" }`),
				ExpectError: regexp.MustCompile(`(?s)No customer named "Umbrella".*customers are\s+"Acme",\s+"Example\s+Hosting",\s+"Globex",\s+"Initech",\s+"Northwind\s+Hosting",\s+"Soylent",\s+"Tyrell"`),
			},
			{
				Config:      acctest.Config(ts, `data "portal_customer" "test" { id = "cus_0000000000000099" }`),
				ExpectError: regexp.MustCompile(`Cannot read customer cus_0000000000000099[\s\S]*404`),
			},
			{
				Config: acctest.Config(ts, fmt.Sprintf(`data "portal_customer" "test" {
  id   = %q
  name = "Acme"
}`, mockportal.DemoIDs.Acme)),
				ExpectError: regexp.MustCompile(`These attributes cannot be configured together: \[id,code,name\]`),
			},
			{
				Config:      acctest.Config(ts, `data "portal_customer" "test" { code = "UMBRELLA" }`),
				ExpectError: acctest.MessageRegexp(`No customer with code "UMBRELLA"`, "ACME (Acme), GLOBEX (Globex), HOSTING (Example Hosting)"),
			},
			{
				// A customer out of the token's reach is not found by its code: Globex's administrator sees Globex alone.
				Config: acctest.ProviderConfigWithToken(ts, ts.Token(t, mockportal.DemoIDs.GlobexAdmin)) +
					`data "portal_customer" "test" { code = "acme" }`,
				ExpectError: acctest.MessageRegexp(`No customer with code "acme"`, "within its reach are GLOBEX (Globex)."),
			},
			{
				Config: acctest.Config(ts, fmt.Sprintf(`
data "portal_customer" "by_id" {
  id = %q
}

data "portal_customer" "by_code" {
  code = "initech"
}

data "portal_customer" "by_name" {
  name = "GLOBEX"
}

data "portal_customer" "without_exchange" {
  name = "Tyrell"
}
`, mockportal.DemoIDs.Acme)),
				ConfigStateChecks: append(append(append(customer("data.portal_customer.by_id", "Acme", true),
					customer("data.portal_customer.by_name", "Globex", true)...),
					customer("data.portal_customer.without_exchange", "Tyrell", false)...),
					statecheck.ExpectKnownValue("data.portal_customer.by_name", tfjsonpath.New("id"),
						knownvalue.StringExact(mockportal.DemoIDs.Globex)),
					statecheck.ExpectKnownValue("data.portal_customer.by_name", tfjsonpath.New("code"), knownvalue.StringExact("GLOBEX")),
					statecheck.ExpectKnownValue("data.portal_customer.by_name", tfjsonpath.New("parent_id"),
						knownvalue.StringExact(mockportal.DemoIDs.Reseller)),
					statecheck.ExpectKnownValue("data.portal_customer.by_name", tfjsonpath.New("domains"),
						knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("globex.example")})),
					statecheck.ExpectKnownValue("data.portal_customer.by_name", tfjsonpath.New("username_suffix"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue("data.portal_customer.by_code", tfjsonpath.New("id"),
						knownvalue.StringExact(mockportal.DemoIDs.Initech)),
					statecheck.ExpectKnownValue("data.portal_customer.by_code", tfjsonpath.New("code"), knownvalue.StringExact("INITECH")),
					statecheck.ExpectKnownValue("data.portal_customer.by_code", tfjsonpath.New("username_suffix"), knownvalue.Bool(true)),
					// The tenancy fields (issue 22) and the forwarding rule's (issue 24), side by side.
					statecheck.ExpectKnownValue("data.portal_customer.by_id", tfjsonpath.New("code"), knownvalue.StringExact("ACME")),
					statecheck.ExpectKnownValue("data.portal_customer.by_id", tfjsonpath.New("parent_id"),
						knownvalue.StringExact(mockportal.DemoIDs.Reseller)),
					statecheck.ExpectKnownValue("data.portal_customer.by_id", tfjsonpath.New("domains"),
						knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("acme.example")})),
					statecheck.ExpectKnownValue("data.portal_customer.by_id", tfjsonpath.New("username_suffix"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue("data.portal_customer.by_id", tfjsonpath.New("allow_external_forwarding"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue("data.portal_customer.without_exchange", tfjsonpath.New("parent_id"),
						knownvalue.StringExact(mockportal.DemoIDs.Root)),
				),
			},
		},
	})
}
