package provider_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/csportal/terraform-provider-portal/internal/acctest"
	"github.com/csportal/terraform-provider-portal/internal/mockportal"
)

// protectedFamily is examples/complete's protected objects in small: support@ with Orders and Orders/2026
// inside it, and billing@ beside it; protected says whether each has deletion_protection on.
func protectedFamily(ts *mockportal.TestServer, protected bool) string {
	return acctest.Config(ts, fmt.Sprintf(`
resource "portal_shared_mailbox" "support" {
  customer_id         = %[1]q
  username            = "support"
  first_name          = "Support"
  last_name           = "Team"
  email_address       = "support@acme.example"
  deletion_protection = %[2]t
}

resource "portal_submailbox" "orders" {
  mailbox_id          = portal_shared_mailbox.support.id
  name                = "Orders"
  deletion_protection = %[2]t
}

resource "portal_submailbox" "orders_2026" {
  mailbox_id          = portal_shared_mailbox.support.id
  parent_id           = portal_submailbox.orders.id
  name                = "2026"
  deletion_protection = %[2]t
}

resource "portal_shared_mailbox" "billing" {
  customer_id         = %[1]q
  username            = "billing"
  first_name          = "Billing"
  last_name           = "Team"
  email_address       = "billing@acme.example"
  deletion_protection = %[2]t
}
`, mockportal.DemoIDs.Acme, protected))
}

// TestAccDeletionProtection_namesEveryProtectedObject: Terraform plans a destroy innermost first and plans
// nothing that waits for a refused resource, so it never asks about Orders or support@ once Orders/2026 is
// refused. The first refused destroy names all four protected objects all the same: Orders/2026 names the
// two it lies in, billing@ itself. Turning the protection off on those four is then enough to destroy.
func TestAccDeletionProtection_namesEveryProtectedObject(t *testing.T) {
	ts := acctest.NewMock(t)
	untouched := &portalUntouched{t: t, ts: ts}
	// Each object is named by its kind, its ID and what it is.
	id := `(usr|smb)_[0-9a-f]{16}`
	inner := words("Deletion protection: the plan would delete submailbox") + `smb_[0-9a-f]{16}` + words("(Orders/2026 in mailbox") +
		`.*` + words("It lies in these protected objects") + `.*` + words("they need deletion_protection = false as well") + `.*?` + words("terraform state list -id=ID") + `[^:]*:` +
		`[\s│]+- submailbox ` + id + words("(Orders in mailbox") + `usr_[0-9a-f]{16}\)` +
		`[\s│]+- shared mailbox ` + id + words("(support@acme.example)") +
		`.*` + words("removed {") + `[\s│]+` + words("from = portal_submailbox.NAME") + `.*`
	billing := words("Deletion protection: the plan would delete shared mailbox") + `usr_[0-9a-f]{16}` + words("(billing@acme.example)")
	refusal := regexp.MustCompile(`(?s)(` + inner + `.*` + billing + `|` + billing + `.*` + inner + `)`)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             resource.ComposeAggregateTestCheckFunc(acctest.CheckSharedMailboxesDestroyed(ts), acctest.CheckSubmailboxesDestroyed(ts)),
		Steps: []resource.TestStep{
			{
				Config: protectedFamily(ts, true),
				Check:  untouched.remember(),
			},
			{
				Config:      protectedFamily(ts, true),
				Destroy:     true,
				ExpectError: refusal,
			},
			{
				// The four named, and no other, turned off: the test's destroy then deletes everything.
				PreConfig: untouched.check("the refused destroy"),
				Config:    protectedFamily(ts, false),
			},
		},
	})
}

// words matches text as a diagnostic prints it: its words, wrapped anywhere, inside Terraform's box.
func words(text string) string {
	return `[\s│]*` + strings.Join(strings.Fields(regexp.QuoteMeta(text)), `[\s│]+`) + `[\s│]*`
}
