package provider_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"

	"github.com/csportal/terraform-provider-portal/internal/acctest"
	"github.com/csportal/terraform-provider-portal/internal/mockportal"
)

// Batched refresh (batch_reads): what a refresh costs in portal requests, counted from the mock's stats,
// never timed; and that it stays exact when listings lag behind the portal.

// batchedObjectsOfKind is how many shared mailboxes, grants and application users batchConfig makes.
const batchedObjectsOfKind = 24

// batchConfig is N shared mailboxes of Acme, a grant on each to alice, and N application users of the
// gateway; batch is the provider's batch_reads ("" leaves it out: the default). Settings and automapping
// vary, so that a plan after a batched refresh is empty only if the listings carry them.
func batchConfig(ts *mockportal.TestServer, batch string) string {
	provider := acctest.ProviderConfig(ts)
	if batch != "" {
		provider = fmt.Sprintf(`
provider "portal" {
  endpoint    = %q
  api_token   = %q
  max_retries = 2
  batch_reads = %s
}
`, ts.URL, ts.AdminToken, batch)
	}
	return provider + fmt.Sprintf(`
resource "portal_shared_mailbox" "box" {
  count         = %[1]d
  customer_id   = %[2]q
  username      = "batch-${count.index}"
  first_name    = "Batch"
  last_name     = "Box ${count.index}"
  email_address = "batch-${count.index}@acme.example"

  forwarding_address        = count.index %% 3 == 0 ? "alice@acme.example" : null
  keep_sent_as_copy         = count.index %% 2 == 0
  hidden_from_address_lists = count.index %% 4 == 1

  deletion_protection = false # the test destroys them
}

resource "portal_mailbox_permission" "alice" {
  count       = %[1]d
  mailbox_id  = portal_shared_mailbox.box[count.index].id
  user_id     = %[3]q
  permissions = count.index %% 2 == 0 ? ["view"] : ["view", "full_access"]
  automapping = count.index %% 4 == 1 ? false : null
}

resource "portal_application_user" "feed" {
  count          = %[1]d
  application_id = %[4]q
  username       = "feed-${count.index}"
}
`, batchedObjectsOfKind, mockportal.DemoIDs.Acme, mockportal.DemoIDs.Alice, mockportal.DemoIDs.B2BGateway)
}

// expectRefreshRequests checks the stats of the refresh of the step before: per route, at most max
// (exactly, where exact), and no other route.
func expectRefreshRequests(t *testing.T, ts *mockportal.TestServer, exact map[string]int64, atMost map[string]int64) func() {
	return func() {
		stats := ts.Stats()
		for route, n := range stats.Requests {
			want, isExact := exact[route]
			limit, bounded := atMost[route]
			switch {
			case isExact && n != want:
				t.Errorf("%s: %d requests, want %d", route, n, want)
			case bounded && n > limit:
				t.Errorf("%s: %d requests, want at most %d", route, n, limit)
			case !isExact && !bounded:
				t.Errorf("%s: %d requests, want none", route, n)
			}
		}
		for route, want := range exact {
			if stats.Requests[route] != want {
				t.Errorf("%s: %d requests, want %d", route, stats.Requests[route], want)
			}
		}
		t.Logf("refresh of %d objects: %d requests: %v", 3*batchedObjectsOfKind, stats.Total, stats.Requests)
	}
}

// A refresh of many objects of one customer and one application reads them through one listing per
// scope, shared by all the Reads (coalesced), however many objects: the first Read of a scope reads alone,
// as a refresh of one object does; the Reads of the objects the listings hold read nothing more. With
// batch_reads = false every object is read alone.
func TestAccBatchRefresh_manyObjects(t *testing.T) {
	ts := acctest.NewMock(t)
	// Terraform refreshes ten objects at once; a little latency keeps them in flight together.
	operatorMust(t, ts.SetFaults(mockportal.Faults{Latency: 5 * time.Millisecond}))
	// Reads before their scope's listing: the first, and those that came while it was read alone.
	const parallel = 10
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             acctest.CheckSharedMailboxesDestroyed(ts),
		Steps: []resource.TestStep{
			{Config: batchConfig(ts, "")},
			{PreConfig: ts.ResetStats, Config: batchConfig(ts, ""), PlanOnly: true},
			{
				PreConfig: expectRefreshRequests(t, ts,
					map[string]int64{routeListMailboxes: 1, routeListGrants: 1, routeListAppUsers: 1},
					map[string]int64{routeGetUser: parallel, routeGetService: parallel, routeGetGrant: parallel, routeGetAppUser: parallel}),
				Config: batchConfig(ts, "true"), PlanOnly: true,
			},
			{PreConfig: ts.ResetStats, Config: batchConfig(ts, "false"), PlanOnly: true},
			{
				PreConfig: expectRefreshRequests(t, ts, map[string]int64{
					routeGetUser: batchedObjectsOfKind, routeGetService: batchedObjectsOfKind,
					routeGetGrant: batchedObjectsOfKind, routeGetAppUser: batchedObjectsOfKind,
				}, nil),
				Config: batchConfig(ts, "false"), PlanOnly: true,
			},
		},
	})
}

// Objects that the listings do not show yet — made while the portal's list index lags behind it
// (listing_delay) — are each read alone and stay in state: the plan is empty, nothing is created twice.
// An object gone from both the listing and its own read leaves the state, and the plan creates it again.
func TestAccBatchRefresh_unlistedObjects(t *testing.T) {
	ts := acctest.NewMock(t)
	operatorMust(t, ts.SetFaults(mockportal.Faults{ListingDelay: time.Hour}))
	var grant, appUser string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             acctest.CheckSharedMailboxesDestroyed(ts),
		Steps: []resource.TestStep{
			{
				Config: batchConfig(ts, ""),
				Check: resource.ComposeAggregateTestCheckFunc(
					acctest.WithID("portal_mailbox_permission.alice.3", func(id string) error { grant = id; return nil }),
					acctest.WithID("portal_application_user.feed.5", func(id string) error { appUser = id; return nil }),
				),
			},
			// The refresh finds every object although no listing shows one: a plan with no change.
			{PreConfig: ts.ResetStats, Config: batchConfig(ts, ""), PlanOnly: true},
			{
				PreConfig: expectRefreshRequests(t, ts,
					map[string]int64{
						routeGetUser: batchedObjectsOfKind, routeGetService: batchedObjectsOfKind,
						routeGetGrant: batchedObjectsOfKind, routeGetAppUser: batchedObjectsOfKind,
						routeListMailboxes: 1, routeListGrants: 1, routeListAppUsers: 1,
					}, nil),
				Config: batchConfig(ts, ""), PlanOnly: true,
			},
			{
				// Gone by hand: one grant and one application user are neither listed nor readable.
				PreConfig: func() {
					mailbox := grant[:len("usr_0123456789abcdef")]
					acctest.AsOperator(t, ts, mailbox, func() error { return ts.DeletePermission(mailbox, mockportal.DemoIDs.Alice) })
					operatorMust(t, ts.DeleteApplicationUser(appUser))
				},
				Config: batchConfig(ts, ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("portal_mailbox_permission.alice[3]", plancheck.ResourceActionCreate),
					plancheck.ExpectResourceAction("portal_application_user.feed[5]", plancheck.ResourceActionCreate),
				}},
			},
		},
	})
}

// A refresh of one object reads it alone, as without batching, however large the portal: no listing of
// the customer's many mailboxes for one.
func TestAccBatchRefresh_oneObjectInALargePortal(t *testing.T) {
	ts, _ := acctest.NewLegacyMock(t)
	one := infoMailbox()
	one.username, one.email = "single", "single@acme.example" // the legacy portal has an info@ of its own
	config := acctest.Config(ts, one.String())
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             acctest.CheckSharedMailboxesDestroyed(ts),
		Steps: []resource.TestStep{
			{Config: config},
			{PreConfig: ts.ResetStats, Config: config, PlanOnly: true},
			{
				PreConfig: expectRefreshRequests(t, ts, map[string]int64{routeGetUser: 1, routeGetService: 1}, nil),
				Config:    config, PlanOnly: true,
			},
		},
	})
}
