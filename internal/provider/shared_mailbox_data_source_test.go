package provider_test

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/csportal/terraform-provider-portal/internal/acctest"
	"github.com/csportal/terraform-provider-portal/internal/api"
	"github.com/csportal/terraform-provider-portal/internal/mockportal"
)

// TestAccSharedMailboxDataSource reads a mailbox by ID, by primary address and by alias, and shows the
// same mailbox as the resource that manages it.
func TestAccSharedMailboxDataSource(t *testing.T) {
	ts := acctest.NewMock(t)
	lookups := `
data "portal_shared_mailbox" "by_id" {
  id = portal_shared_mailbox.test.id
}

data "portal_shared_mailbox" "by_email" {
  email_address = upper(portal_shared_mailbox.test.email_address)
}

data "portal_shared_mailbox" "by_alias" {
  email_address = "hello@acme.example"
  depends_on    = [portal_shared_mailbox.test]
}
`
	var checks []statecheck.StateCheck
	for _, ds := range []string{"data.portal_shared_mailbox.by_id", "data.portal_shared_mailbox.by_email", "data.portal_shared_mailbox.by_alias"} {
		for _, a := range []string{"id", "customer_id", "username", "first_name", "last_name", "display_name",
			"email_aliases", "user_plan", "login_enabled", "provisioning_status", "calendar"} {
			checks = append(checks, statecheck.CompareValuePairs(mailboxAddr, tfjsonpath.New(a), ds, tfjsonpath.New(a), compare.ValuesSame()))
		}
	}
	checks = append(checks,
		statecheck.ExpectKnownValue("data.portal_shared_mailbox.by_id", tfjsonpath.New("email_address"), knownvalue.StringExact("info@acme.example")),
		statecheck.ExpectKnownValue("data.portal_shared_mailbox.by_email", tfjsonpath.New("email_address"), knownvalue.StringExact("INFO@ACME.EXAMPLE")),
		statecheck.ExpectKnownValue("data.portal_shared_mailbox.by_alias", tfjsonpath.New("email_address"), knownvalue.StringExact("hello@acme.example")),
		statecheck.ExpectKnownValue("data.portal_shared_mailbox.by_id", tfjsonpath.New("provisioning_status"), knownvalue.StringExact(api.ServiceProvisioned)),
	)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             acctest.CheckSharedMailboxesDestroyed(ts),
		Steps: []resource.TestStep{
			{
				Config:      acctest.Config(ts, `data "portal_shared_mailbox" "test" { email_address = "nobody@acme.example" }`),
				ExpectError: regexp.MustCompile(`0 users match email nobody@acme.example`),
			},
			{
				Config:      acctest.Config(ts, `data "portal_shared_mailbox" "test" {}`),
				ExpectError: regexp.MustCompile(`Exactly one of these attributes must be configured:\s+\[id,email_address\]`),
			},
			{
				Config:            acctest.Config(ts, infoMailbox().with(`email_aliases = ["hello@acme.example"]`).String(), lookups),
				ConfigStateChecks: checks,
			},
			{
				// Alice is a user with a mailbox, but not a shared one: the data source shows it as it is.
				Config: acctest.Config(ts, `data "portal_shared_mailbox" "alice" { email_address = "`+mockportal.AliceEmail+`" }`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.portal_shared_mailbox.alice", tfjsonpath.New("user_plan"), knownvalue.StringExact(mockportal.PlanStandard)),
					statecheck.ExpectKnownValue("data.portal_shared_mailbox.alice", tfjsonpath.New("calendar"), knownvalue.Null()),
					statecheck.ExpectKnownValue("data.portal_shared_mailbox.alice", tfjsonpath.New("email_aliases"), knownvalue.SetSizeExact(0)),
				},
			},
		},
	})
}
