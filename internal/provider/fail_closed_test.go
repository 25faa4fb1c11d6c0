package provider_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
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

// estateAddrs are the objects of estateConfig: one of each kind that a refresh can find gone.
var estateAddrs = []string{
	"portal_shared_mailbox.estate", "portal_mailbox_permission.estate", "portal_submailbox.estate",
	"portal_mailbox_access.estate", "portal_application_user.estate",
	"portal_shared_mailbox.estate_calendar", "portal_mailbox_access.estate_calendar",
}

// estateConfig is a provider block at endpoint with token, and an Acme mailbox with a grant, a submailbox
// with its access list, a calendar entry, an application user, and a second mailbox whose access list manages
// its calendar: every kind of object a refresh reads.
func estateConfig(endpoint, token string) string {
	return fmt.Sprintf(`
provider "portal" {
  endpoint    = %q
  api_token   = %q
  max_retries = 0
}

resource "portal_shared_mailbox" "estate" {
  customer_id         = %q
  username            = "estate"
  first_name          = "Estate"
  last_name           = "Office"
  email_address       = "estate@acme.example"
  deletion_protection = false
}

resource "portal_mailbox_permission" "estate" {
  mailbox_id  = portal_shared_mailbox.estate.id
  user_id     = %q
  permissions = ["view"]
}

resource "portal_submailbox" "estate" {
  mailbox_id          = portal_shared_mailbox.estate.id
  name                = "Deeds"
  deletion_protection = false
}

resource "portal_mailbox_access" "estate" {
  mailbox_id = portal_submailbox.estate.id
  grants     = { %q = ["view"] }
}

resource "portal_calendar_permission" "estate" {
  mailbox_id = portal_shared_mailbox.estate.id
  user_id    = %[4]q
  access     = "reviewer"
}

resource "portal_application_user" "estate" {
  application_id = %[6]q
  customer_id    = %[7]q
  username       = "estate-bot"
}

resource "portal_shared_mailbox" "estate_calendar" {
  customer_id         = %[3]q
  username            = "estate-calendar"
  first_name          = "Estate"
  last_name           = "Calendar"
  email_address       = "estate-calendar@acme.example"
  deletion_protection = false
}

resource "portal_mailbox_access" "estate_calendar" {
  mailbox_id = portal_shared_mailbox.estate_calendar.id
  grants     = { %[4]q = ["view"] }
  calendar   = { %[5]q = { access = "reviewer" } }
}
`, endpoint, token, mockportal.DemoIDs.Acme, mockportal.DemoIDs.Alice, mockportal.DemoIDs.Bob, mockportal.DemoIDs.B2BGateway,
		mockportal.DemoIDs.Acme)
}

// estateIDs records the IDs of the estate after it is applied, and checks later that the state still
// holds exactly those objects: nothing dropped, nothing replaced.
type estateIDs map[string]string

func (ids estateIDs) record(s *terraform.State) error {
	for _, addr := range estateAddrs {
		rs, ok := s.RootModule().Resources[addr]
		if !ok {
			return fmt.Errorf("%s is not in the state", addr)
		}
		ids[addr] = rs.Primary.ID
	}
	return nil
}

func (ids estateIDs) unchanged(s *terraform.State) error {
	for _, addr := range estateAddrs {
		rs, ok := s.RootModule().Resources[addr]
		if !ok {
			return fmt.Errorf("%s was dropped from the state", addr)
		}
		if rs.Primary.ID != ids[addr] {
			return fmt.Errorf("%s is %s in the state, was %s", addr, rs.Primary.ID, ids[addr])
		}
	}
	return nil
}

// misconfiguredSteps apply the estate at the right endpoint with the master token, then plan and refresh
// (terraform refresh, which is apply -refresh-only) at a misconfigured one, each failing with want; back at
// the right endpoint, the state still holds every object and the plan is empty.
func misconfiguredSteps(ts *mockportal.TestServer, endpoint, token string, want *regexp.Regexp) []resource.TestStep {
	return misconfiguredStepsAs(ts, ts.AdminToken, endpoint, token, want)
}

// misconfiguredStepsAs is misconfiguredSteps with good, the token of the right configuration.
func misconfiguredStepsAs(ts *mockportal.TestServer, good, endpoint, token string, want *regexp.Regexp) []resource.TestStep {
	ids := estateIDs{}
	return []resource.TestStep{
		{Config: estateConfig(ts.URL, good), Check: ids.record},
		{Config: estateConfig(endpoint, token), PlanOnly: true, ExpectError: want},
		{RefreshState: true, ExpectError: want},
		{
			Config:           estateConfig(ts.URL, good),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			Check:            ids.unchanged,
		},
	}
}

// TestAccFailClosed_wrongBasePath: the right host with the wrong base path answers 404 for everything. The
// plan and the refresh fail with one clear error naming the endpoint and its answer, instead of declaring
// every object deleted (and terraform refresh, i.e. apply -refresh-only, emptying the state).
func TestAccFailClosed_wrongBasePath(t *testing.T) {
	ts := acctest.NewMock(t)
	wrong := ts.Server.URL + "/api/v2"
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             acctest.CheckSharedMailboxesDestroyed(ts),
		Steps: misconfiguredSteps(ts, wrong, ts.AdminToken, regexp.MustCompile(
			`(?s)The endpoint is not the portal's API: `+regexp.QuoteMeta(wrong)+`.*GET\s+`+regexp.QuoteMeta(wrong)+
				`/me\s+answered\s+404\s+not_found.*base\s+path.*removes\s+nothing\s+from\s+the\s+state`)),
	})
}

// TestAccFailClosed_foreignAPI: an endpoint that answers 200 to everything, with a web page or with JSON of
// another API, is not taken for the portal: reading a mailbox there would fill the state with nothing.
func TestAccFailClosed_foreignAPI(t *testing.T) {
	for name, tc := range map[string]struct {
		contentType, body string
		want              string
	}{
		"web page":     {"text/html", "<!doctype html><title>Welcome</title>", `answered\s+200\s+with\s+a\s+body\s+that\s+is\s+not\s+the\s+portal's\s+JSON`},
		"another API":  {"application/json", `{"status": "ok", "items": []}`, `answered\s+200\s+with\s+JSON\s+that\s+names\s+no\s+principal`},
		"empty answer": {"application/json", `{}`, `answered\s+200\s+with\s+JSON\s+that\s+names\s+no\s+principal`},
	} {
		t.Run(name, func(t *testing.T) {
			ts := acctest.NewMock(t)
			foreign := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
				w.Header().Set("Content-Type", tc.contentType)
				_, _ = w.Write([]byte(tc.body))
			}))
			t.Cleanup(foreign.Close)
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
				CheckDestroy:             acctest.CheckSharedMailboxesDestroyed(ts),
				Steps: misconfiguredSteps(ts, foreign.URL+api.BasePath, ts.AdminToken,
					regexp.MustCompile(`(?s)The endpoint is not the portal's API.*`+tc.want)),
			})
		})
	}
}

// TestAccFailClosed_tokenRefused: a token the portal no longer accepts (revoked, expired) fails the plan
// and the refresh, and costs no state.
func TestAccFailClosed_tokenRefused(t *testing.T) {
	ts := acctest.NewMock(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             acctest.CheckSharedMailboxesDestroyed(ts),
		Steps: misconfiguredSteps(ts, ts.URL, "revoked-token", regexp.MustCompile(
			`(?s)The portal does not accept the API token.*answered\s+401\s+`+api.CodeUnauthorized+`.*api_token`)),
	})
}

// TestAccFailClosed_customerOutOfReach: the estate is applied with the reseller's administrator's token;
// then the token is rotated to Globex's administrator's, whose reach (Globex alone) leaves out the estate's
// customer, Acme. The portal now answers 404 for every object of Acme, as for objects that do not exist;
// the plan and the refresh fail naming the token's principal and the customer, and the state keeps every
// object. Real tokens of the portal's principals (R14): nothing stands in front of the mock.
func TestAccFailClosed_customerOutOfReach(t *testing.T) {
	ts := acctest.NewMock(t)
	id := mockportal.DemoIDs
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             acctest.CheckSharedMailboxesDestroyed(ts),
		Steps: misconfiguredStepsAs(ts, ts.Token(t, id.ResellerAdmin), ts.URL, ts.Token(t, id.GlobexAdmin), regexp.MustCompile(
			`(?s)Customer `+id.Acme+` is outside the API token's reach.*acts\s+for\s+hank\s+\(`+id.GlobexAdmin+
				`\),\s+administrator\s+of\s+Globex\s+\(`+id.Globex+`\)\s+and\s+the\s+customers\s+below\s+it;\s+customer\s+`+id.Acme+
				`\s+is\s+outside\s+its\s+reach.*Nothing\s+is\s+removed\s+from\s+the\s+state`)),
	})
}

// TestAccFailClosed_deletedStillRemoved: fail-closed costs nothing of drift detection: an object deleted by
// hand in a customer the token reaches still leaves the state, and the next plan makes it again.
func TestAccFailClosed_deletedStillRemoved(t *testing.T) {
	ts := acctest.NewMock(t)
	var mailboxID string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             acctest.CheckSharedMailboxesDestroyed(ts),
		Steps: []resource.TestStep{
			{Config: estateConfig(ts.URL, ts.AdminToken), Check: saveEstateMailbox(&mailboxID)},
			{
				PreConfig: func() {
					acctest.Deprovision(t, ts, mailboxID)
					if err := ts.DeleteUser(mailboxID); err != nil {
						t.Fatal(err)
					}
				},
				Config:             estateConfig(ts.URL, ts.AdminToken),
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("portal_shared_mailbox.estate", plancheck.ResourceActionCreate),
					plancheck.ExpectResourceAction("portal_mailbox_permission.estate", plancheck.ResourceActionCreate),
					plancheck.ExpectResourceAction("portal_submailbox.estate", plancheck.ResourceActionCreate),
					plancheck.ExpectResourceAction("portal_mailbox_access.estate", plancheck.ResourceActionCreate),
				}},
			},
		},
	})
}

func saveEstateMailbox(into *string) resource.TestCheckFunc {
	return acctest.WithID("portal_shared_mailbox.estate", func(id string) error {
		*into = id
		return nil
	})
}

// TestAccFailClosed_unknownEndpoint: an endpoint that another resource of the configuration provides is
// known only after apply. The plan still works: the objects in state are kept as they are (with a
// warning), and the apply reads the portal once the endpoint is known.
func TestAccFailClosed_unknownEndpoint(t *testing.T) {
	ts := acctest.NewMock(t)
	config := func(generation int) string {
		return fmt.Sprintf(`
resource "terraform_data" "endpoint" {
  input            = %q
  triggers_replace = [%d]
}

provider "portal" {
  endpoint  = terraform_data.endpoint.output
  api_token = %q
}
`, ts.URL, generation, ts.AdminToken) + infoMailbox().String()
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             acctest.CheckSharedMailboxesDestroyed(ts),
		Steps: []resource.TestStep{
			{
				// Nothing in state yet: the mailbox is planned with no portal to ask.
				Config: config(1),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(mailboxAddr, plancheck.ResourceActionCreate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					expectMailboxAttr("customer_id", knownvalue.StringExact(mockportal.DemoIDs.Acme)),
				},
			},
			{
				// The endpoint's resource is replaced: unknown again while planning, and the mailbox in state stays.
				Config: config(2),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("terraform_data.endpoint", plancheck.ResourceActionReplace),
					plancheck.ExpectResourceAction(mailboxAddr, plancheck.ResourceActionNoop),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(mailboxAddr, tfjsonpath.New("email_address"), knownvalue.StringExact("info@acme.example")),
				},
			},
		},
	})
}
