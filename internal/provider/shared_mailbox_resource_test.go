package provider_test

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/csportal/terraform-provider-portal/internal/acctest"
	"github.com/csportal/terraform-provider-portal/internal/mockportal"
)

func sharedMailboxConfig(username, email string) string {
	return fmt.Sprintf(`
resource "portal_shared_mailbox" "test" {
  customer_id   = %q
  username      = %q
  first_name    = "Info"
  last_name     = "Desk"
  email_address = %q
}
`, mockportal.DemoIDs.Acme, username, email)
}

func TestAccSharedMailbox_basic(t *testing.T) {
	ts := acctest.NewMock(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: acctest.Config(ts, sharedMailboxConfig("info", "info@acme.example")),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction("portal_shared_mailbox.test", plancheck.ResourceActionCreate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("portal_shared_mailbox.test", tfjsonpath.New("login_enabled"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue("portal_shared_mailbox.test", tfjsonpath.New("provisioning_status"), knownvalue.StringExact("provisioned")),
					statecheck.ExpectKnownValue("portal_shared_mailbox.test", tfjsonpath.New("user_plan"), knownvalue.StringExact("Shared Mailbox")),
				},
			},
			{
				ResourceName:            "portal_shared_mailbox.test",
				ImportState:             true,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"timeouts"},
			},
		},
	})
}
