package provider_test

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/csportal/terraform-provider-portal/internal/acctest"
	"github.com/csportal/terraform-provider-portal/internal/mockportal"
)

// TestAccUserPlansDataSource lists the plans each customer is offered (R2): Acme both, a customer without
// Hosted Exchange none.
func TestAccUserPlansDataSource(t *testing.T) {
	ts := acctest.NewMock(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: acctest.Config(ts, fmt.Sprintf(`
data "portal_user_plans" "acme" {
  customer_id = %q
}

data "portal_user_plans" "initech" {
  customer_id = %q
}
`, mockportal.DemoIDs.Acme, mockportal.DemoIDs.NoExchangeCustomer)),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.portal_user_plans.acme", tfjsonpath.New("plans"), knownvalue.ListExact([]knownvalue.Check{
					knownvalue.ObjectPartial(map[string]knownvalue.Check{
						"name": knownvalue.StringExact(mockportal.PlanSharedMailbox), "shared_mailbox": knownvalue.Bool(true),
					}),
					knownvalue.ObjectPartial(map[string]knownvalue.Check{
						"name": knownvalue.StringExact(mockportal.PlanStandard), "shared_mailbox": knownvalue.Bool(false),
						"mailbox_size_mb": knownvalue.Int64Exact(10240),
					}),
				})),
				statecheck.ExpectKnownValue("data.portal_user_plans.initech", tfjsonpath.New("plans"), knownvalue.ListSizeExact(0)),
			},
		}},
	})
}
