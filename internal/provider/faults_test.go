package provider_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/csportal/terraform-provider-portal/internal/acctest"
	"github.com/csportal/terraform-provider-portal/internal/api"
	"github.com/csportal/terraform-provider-portal/internal/mockportal"
)

// Regression tests for what the soak test (make soak) found under faults.

// The consistency tests run against a portal that hides each new object from reads for a while. Every
// create waits until its object can be read, so that the refresh right after the apply finds it: the plan
// is empty instead of planning to create the object again, which the portal would refuse (name taken).
const consistencyDelay = 2 * time.Second

// TestAccEventualConsistency_sharedMailbox also proves that the mailbox's create can read its new user,
// which it does before provisioning it.
func TestAccEventualConsistency_sharedMailbox(t *testing.T) {
	ts := acctest.NewMock(t, mockportal.Options{Faults: mockportal.Faults{ConsistencyDelay: consistencyDelay}})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             acctest.CheckSharedMailboxesDestroyed(ts),
		Steps: []resource.TestStep{
			{
				Config:           acctest.Config(ts, infoMailbox().String()),
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				Check: acctest.WithID(mailboxAddr, func(id string) error {
					return acctest.CheckLoginEnabled(ts, id, false)(nil)
				}),
			},
		},
	})
}

// TestAccEventualConsistency_applicationUserAndGrant creates an application user and grants it permissions
// on an existing mailbox.
func TestAccEventualConsistency_applicationUserAndGrant(t *testing.T) {
	ts := acctest.NewMock(t)
	mailboxID := acctest.NewDisabledMailbox(t, ts, "orders")
	if err := ts.SetFaults(mockportal.Faults{ConsistencyDelay: consistencyDelay}); err != nil {
		t.Fatal(err)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             resource.ComposeTestCheckFunc(acctest.CheckApplicationUsersDestroyed(ts), acctest.CheckPermissionsDestroyed(ts)),
		Steps: []resource.TestStep{
			{
				Config: acctest.Config(ts, fmt.Sprintf(`
resource "portal_application_user" "test" {
  application_id = %q
  customer_id    = %q
  username       = "gateway"
}

resource "portal_mailbox_permission" "test" {
  mailbox_id  = %q
  user_id     = portal_application_user.test.id
  permissions = ["create_messages"]
}
`, mockportal.DemoIDs.B2BGateway, mockportal.DemoIDs.Acme, mailboxID)),
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				Check: acctest.WithID("portal_application_user.test", func(id string) error {
					return acctest.CheckGrant(ts, mailboxID, id, api.PermissionCreateMessages)(nil)
				}),
			},
		},
	})
}

// TestAccSharedMailbox_destroyAfterLostResponse loses the answer to the DELETE that deprovisions the
// mailbox, after the portal made the change. The client's retry then finds no service to remove (409
// service_not_provisioned), which is what destroy wanted: it goes on and deletes the generic user.
func TestAccSharedMailbox_destroyAfterLostResponse(t *testing.T) {
	ts := acctest.NewMock(t)
	lossy := loseFirstAnswer(t, ts, http.MethodDelete, "/hosted-exchange")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy: resource.ComposeTestCheckFunc(acctest.CheckSharedMailboxesDestroyed(ts),
			func(*terraform.State) error {
				if lossy.lost.Load() != 1 {
					return fmt.Errorf("%d answers were lost, want 1: the test did not test anything", lossy.lost.Load())
				}
				return nil
			}),
		Steps: []resource.TestStep{
			{Config: providerBlock(lossy.url, ts.AdminToken) + infoMailbox().String()},
		},
	})
}

// lossyPortal fronts a mock portal and closes the connection instead of answering the first request that
// matches, after the portal has processed it: a response lost after the write committed, exactly once.
type lossyPortal struct {
	url  string
	lost atomic.Int32
}

func loseFirstAnswer(t *testing.T, ts *mockportal.TestServer, method, pathSuffix string) *lossyPortal {
	t.Helper()
	l := &lossyPortal{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != method || !strings.HasSuffix(r.URL.Path, pathSuffix) || !l.lost.CompareAndSwap(0, 1) {
			ts.Handler().ServeHTTP(w, r)
			return
		}
		ts.Handler().ServeHTTP(httptest.NewRecorder(), r)
		conn, _, err := http.NewResponseController(w).Hijack()
		if err != nil {
			t.Errorf("hijacking the connection: %v", err)
			return
		}
		_ = conn.Close()
	}))
	t.Cleanup(srv.Close)
	l.url = srv.URL + api.BasePath
	return l
}

// providerBlock points the provider at an endpoint with a token, retrying as the other tests do.
func providerBlock(endpoint, token string) string {
	return fmt.Sprintf(`
provider "portal" {
  endpoint    = %q
  api_token   = %q
  max_retries = 2
}
`, endpoint, token)
}
