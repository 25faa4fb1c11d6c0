package provider_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/csportal/terraform-provider-portal/internal/acctest"
	"github.com/csportal/terraform-provider-portal/internal/mockportal"
)

// The tenancy rules (R14–R16) at plan time, with the attribute path and the portal's rule in the message,
// and the same words at apply where a value was unknown at plan time.

// sentence matches the words of a message however Terraform wraps them.
func sentence(words string) string {
	return strings.Join(strings.Fields(regexp.QuoteMeta(words)), `[\s│]+`)
}

// atAttribute matches an error's summary, the attribute line Terraform shows for it and its detail.
func atAttribute(summary, attribute, detail string) *regexp.Regexp {
	return regexp.MustCompile(`(?s)` + sentence(summary) + `[\s│]+with [^\n]*,.*` + regexp.QuoteMeta(attribute) + `\s+=.*` + detail)
}

// outsideDomains is the R15 sentence about address in Acme.
func outsideDomains(address string) string {
	return sentence(address + " is not in a domain of customer Acme (" + mockportal.DemoIDs.Acme +
		", ACME), whose accepted domains are: acme.example. The portal accepts a mailbox's addresses only in its own customer's domains (R15).")
}

// otherCustomer is the R16 sentence about Globex's user homer granted on an Acme mailbox.
func otherCustomer() string {
	return sentence(mockportal.DemoIDs.GlobexUser+" belongs to customer Globex ("+mockportal.DemoIDs.Globex+", GLOBEX), but mailbox") +
		`[\s│]+usr_[0-9a-f]{16}[\s│]+` + sentence("belongs to customer Acme ("+mockportal.DemoIDs.Acme+
		", ACME): the portal gives rights on a mailbox only to users and application users of the mailbox's own customer (R16).")
}

const (
	domainsSummary = "Address outside the customer's domains"
	granteeSummary = "Grantee of another customer"
)

// tenancyMailbox is an Acme mailbox with the given addresses and, for the grants' tests, a permission and an
// access list on it granting grantee.
func tenancyMailbox(email, aliases, grantee string) string {
	return fmt.Sprintf(`
resource "portal_shared_mailbox" "desk" {
  customer_id         = %q
  username            = "desk"
  first_name          = "Front"
  last_name           = "Desk"
  email_address       = %s
  email_aliases       = %s
  deletion_protection = false
}
`, mockportal.DemoIDs.Acme, email, aliases) + deskGrants(grantee)
}

func deskGrants(grantee string) string {
	if grantee == "" {
		return ""
	}
	return fmt.Sprintf(`
resource "portal_mailbox_permission" "desk" {
  mailbox_id  = portal_shared_mailbox.desk.id
  user_id     = %s
  permissions = ["view"]
}

resource "portal_mailbox_access" "desk" {
  mailbox_id = portal_shared_mailbox.desk.id
  grants     = { (%s) = ["view"] }
}
`, grantee, grantee)
}

// knownAtApply is a terraform_data whose output is value, known only after apply.
func knownAtApply(name, value string) string {
	return fmt.Sprintf(`
resource "terraform_data" %q {
  input = %q
}
`, name, value)
}

// noDesk fails the test when Acme holds a mailbox desk: a refusal made nothing.
func noDesk(t *testing.T, ts *mockportal.TestServer) func() {
	return func() {
		if left := acctest.UsersNamed(ts, mockportal.DemoIDs.Acme, "desk"); len(left) > 0 {
			t.Errorf("the refused mailbox was made: %+v", left)
		}
	}
}

// TestAccTenancy_domains: an address outside the customer's domains fails the plan at email_address or at
// its element of email_aliases; known only at apply, it fails the apply in the same words before anything
// is made, and on a change of an existing mailbox the portal's refusal is said the same way.
func TestAccTenancy_domains(t *testing.T) {
	ts := acctest.NewMock(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             acctest.CheckSharedMailboxesDestroyed(ts),
		Steps: []resource.TestStep{
			{
				Config:      acctest.Config(ts, tenancyMailbox(`"desk@globex.example"`, "[]", "")),
				PlanOnly:    true,
				ExpectError: atAttribute(domainsSummary, "email_address", outsideDomains("desk@globex.example")),
			},
			{
				Config:      acctest.Config(ts, tenancyMailbox(`"desk@acme.example"`, `["front@acme.example", "Desk@Initech.example"]`, "")),
				PlanOnly:    true,
				ExpectError: atAttribute(domainsSummary, "email_aliases", outsideDomains("Desk@Initech.example")),
			},
			{
				// Known only at apply: the same sentence, and no half-made mailbox.
				Config: acctest.Config(ts, knownAtApply("address", "desk@globex.example"),
					tenancyMailbox("terraform_data.address.output", "[]", "")),
				ExpectError: atAttribute(domainsSummary, "email_address", outsideDomains("desk@globex.example")),
			},
			{PreConfig: noDesk(t, ts), Config: acctest.Config(ts, tenancyMailbox(`"desk@acme.example"`, "[]", ""))},
			{
				// A change whose alias is known only at apply: the portal refuses it (422 domain_not_accepted), in the same words.
				Config: acctest.Config(ts, knownAtApply("alias", "help@tyrell.example"),
					tenancyMailbox(`"desk@acme.example"`, "[terraform_data.alias.output]", "")),
				ExpectError: atAttribute(domainsSummary, "email_aliases", outsideDomains("help@tyrell.example")),
			},
		},
	})
	if left := acctest.UsersNamed(ts, mockportal.DemoIDs.Acme, "desk"); len(left) > 0 {
		t.Errorf("destroyed, yet the mailbox is still there: %+v", left)
	}
}

// TestAccTenancy_grantees: a grantee of another customer fails the plan at user_id of a permission and at
// its key of an access list's grants; a grantee known only at apply fails the apply in the same words.
func TestAccTenancy_grantees(t *testing.T) {
	ts := acctest.NewMock(t)
	var mailboxID string
	homer := fmt.Sprintf("%q", mockportal.DemoIDs.GlobexUser)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             acctest.CheckSharedMailboxesDestroyed(ts),
		Steps: []resource.TestStep{
			{Config: acctest.Config(ts, tenancyMailbox(`"desk@acme.example"`, "[]", "")), Check: saveDeskID(&mailboxID)},
			{
				Config:      acctest.Config(ts, tenancyMailbox(`"desk@acme.example"`, "[]", homer)),
				PlanOnly:    true,
				ExpectError: atAttribute(granteeSummary, "user_id", otherCustomer()),
			},
			{
				Config:      acctest.Config(ts, tenancyMailbox(`"desk@acme.example"`, "[]", homer)),
				PlanOnly:    true,
				ExpectError: atAttribute(granteeSummary, "grants", otherCustomer()),
			},
			{
				// Known only at apply: the portal refuses (422 grantee_other_customer), in the same words, and grants nothing.
				Config: acctest.Config(ts, knownAtApply("grantee", mockportal.DemoIDs.GlobexUser),
					tenancyMailbox(`"desk@acme.example"`, "[]", "terraform_data.grantee.output")),
				ExpectError: regexp.MustCompile(atAttribute(granteeSummary, "user_id", otherCustomer()).String() + `.*` +
					atAttribute(granteeSummary, "grants", otherCustomer()).String()[4:]),
			},
			{
				PreConfig: func() {
					if grants := ts.Permissions(mailboxID); len(grants) > 0 {
						t.Errorf("refused grants were made: %+v", grants)
					}
				},
				Config: acctest.Config(ts, tenancyMailbox(`"desk@acme.example"`, "[]", fmt.Sprintf("%q", mockportal.DemoIDs.Alice))),
			},
		},
	})
}

func saveDeskID(into *string) resource.TestCheckFunc {
	return acctest.WithID("portal_shared_mailbox.desk", func(id string) error {
		*into = id
		return nil
	})
}

// TestAccTenancy_reach: a customer outside the token's reach fails the plan at customer_id (of a mailbox, of
// an application user), and a mailbox outside it at mailbox_id of a grant: Globex's administrator reaches
// Globex alone. Nothing is made.
func TestAccTenancy_reach(t *testing.T) {
	ts := acctest.NewMock(t)
	id := mockportal.DemoIDs
	globexAdmin := acctest.ProviderConfigWithToken(ts, ts.Token(t, id.GlobexAdmin))
	outside := func(kind, attribute, what string) *regexp.Regexp {
		return atAttribute(kind+" outside the API token's reach", attribute, sentence("The portal has no "+what+
			" within the reach of the API token, which acts for hank ("+id.GlobexAdmin+"), administrator of Globex ("+id.Globex+
			") and the customers below it. The portal answers alike for what does not exist and for what lies outside a token's reach (R14)."))
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      globexAdmin + tenancyMailbox(`"desk@acme.example"`, "[]", ""),
				PlanOnly:    true,
				ExpectError: outside("Customer", "customer_id", "customer "+id.Acme),
			},
			{
				Config: globexAdmin + fmt.Sprintf(`
resource "portal_application_user" "feed" {
  application_id = %q
  customer_id    = %q
  username       = "feed"
}
`, id.B2BGateway, id.Acme),
				PlanOnly:    true,
				ExpectError: outside("Customer", "customer_id", "customer "+id.Acme),
			},
			{
				// The same token aimed at another customer's mailbox (Initech's, in reach of the root only).
				Config: globexAdmin + fmt.Sprintf(`
resource "portal_mailbox_permission" "tps" {
  mailbox_id  = %q
  user_id     = %q
  permissions = ["view"]
}
`, id.InitechMailbox, id.GlobexUser),
				PlanOnly:    true,
				ExpectError: outside("Mailbox", "mailbox_id", "mailbox "+id.InitechMailbox),
			},
		},
	})
	if grants := ts.Permissions(id.InitechMailbox); len(grants) != 1 || grants[0].GranteeID != id.InitechUser {
		t.Errorf("Initech's mailbox has %+v, want its one fixture grant", grants)
	}
	if left := acctest.UsersNamed(ts, id.Acme, "desk"); len(left) > 0 {
		t.Errorf("a mailbox was made in Acme: %+v", left)
	}
}

// TestAccTenancy_customerAdministrator: Acme's own administrator manages Acme end to end with a token of
// its own and the provider's default customer: a mailbox created and changed, a grant and an access list,
// an application user, an import, and the destroy. Aimed at Globex's mailbox, the same token fails at plan
// time and Globex's mailbox is left as it was.
func TestAccTenancy_customerAdministrator(t *testing.T) {
	ts := acctest.NewMock(t)
	id := mockportal.DemoIDs
	provider := fmt.Sprintf(`
provider "portal" {
  endpoint    = %q
  api_token   = %q
  customer_id = %q
}
`, ts.URL, ts.Token(t, id.Admin), id.Acme)
	config := func(lastName string) string {
		return provider + fmt.Sprintf(`
resource "portal_shared_mailbox" "desk" {
  username            = "desk"
  first_name          = "Front"
  last_name           = %q
  email_address       = "desk@acme.example"
  deletion_protection = false
}

resource "portal_application_user" "feed" {
  application_id = %q
  username       = "desk-feed"
}

resource "portal_mailbox_permission" "alice" {
  mailbox_id  = portal_shared_mailbox.desk.id
  user_id     = %q
  permissions = ["view", "send_as"]
}

resource "portal_mailbox_permission" "feed" {
  mailbox_id  = portal_shared_mailbox.desk.id
  user_id     = portal_application_user.feed.id
  permissions = ["create_messages"]
}
`, lastName, id.B2BGateway, id.Alice)
	}
	var mailboxID string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy: func(s *terraform.State) error {
			if err := acctest.CheckSharedMailboxesDestroyed(ts)(s); err != nil {
				return err
			}
			return acctest.CheckApplicationUsersDestroyed(ts)(s)
		},
		Steps: []resource.TestStep{
			{
				Config: config("Desk"),
				ConfigStateChecks: []statecheck.StateCheck{
					expectAttr("portal_shared_mailbox.desk", "customer_id", knownvalue.StringExact(id.Acme)),
					expectAttr("portal_application_user.feed", "customer_id", knownvalue.StringExact(id.Acme)),
				},
				Check: resource.ComposeTestCheckFunc(saveDeskID(&mailboxID), func(*terraform.State) error {
					return acctest.CheckGrant(ts, mailboxID, id.Alice, "send_as", "view")(nil)
				}),
			},
			{
				Config:           config("Office"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction("portal_shared_mailbox.desk", plancheck.ResourceActionUpdate)}},
				Check: func(*terraform.State) error {
					if u, ok := ts.User(mailboxID); !ok || u.LastName != "Office" {
						return fmt.Errorf("the mailbox in the portal: %+v", u)
					}
					return nil
				},
			},
			{
				ResourceName:            "portal_shared_mailbox.desk",
				ImportState:             true,
				ImportStateVerify:       true,
				ImportStateIdFunc:       func(*terraform.State) (string, error) { return "desk@acme.example", nil },
				ImportStateVerifyIgnore: []string{"timeouts", "deletion_protection"},
			},
			{
				Config: config("Office") + fmt.Sprintf(`
resource "portal_mailbox_permission" "globex" {
  mailbox_id  = %q
  user_id     = %q
  permissions = ["view"]
}
`, id.GlobexMailbox, id.Alice),
				PlanOnly: true,
				ExpectError: atAttribute("Mailbox outside the API token's reach", "mailbox_id", sentence("The portal has no mailbox "+
					id.GlobexMailbox+" within the reach of the API token, which acts for admin ("+id.Admin+"), administrator of Acme ("+id.Acme+")")),
			},
		},
	})
	grants := ts.Permissions(id.GlobexMailbox)
	if len(grants) != 1 || grants[0].GranteeID != id.GlobexUser {
		t.Errorf("Globex's mailbox has %+v, want its one fixture grant", grants)
	}
}
