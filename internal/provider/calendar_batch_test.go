package provider_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"

	"github.com/csportal/terraform-provider-portal/internal/acctest"
	"github.com/csportal/terraform-provider-portal/internal/api"
	"github.com/csportal/terraform-provider-portal/internal/mockportal"
)

// The mock's routes of calendar entries, as its stats count them.
const (
	routeGetCalendarEntry    = "GET /api/v1/users/{id}/hosted-exchange/calendar/permissions/{grantee_id}"
	routeListCalendarEntries = "GET /api/v1/customers/{id}/calendar-permissions"
)

// A refresh of many calendar entries of one customer reads them through the customer's listing of calendar
// entries (batch_reads), as it reads grants: one listing shared by the Reads, the first of them read alone;
// an entry removed by hand is neither listed nor readable, leaves the state and is given again.
func TestAccBatchRefresh_calendarEntries(t *testing.T) {
	ts := acctest.NewMock(t)
	mailboxes := make([]string, batchedObjectsOfKind)
	for i := range mailboxes {
		mailboxes[i] = acctest.NewDisabledMailbox(t, ts, fmt.Sprintf("visits-%02d", i))
	}
	config := acctest.Config(ts, fmt.Sprintf(`
locals {
  mailboxes = ["%s"]
}

resource "portal_calendar_permission" "bob" {
  count      = length(local.mailboxes)
  mailbox_id = local.mailboxes[count.index]
  user_id    = %q
  access     = "reviewer"
}
`, strings.Join(mailboxes, `", "`), mockportal.DemoIDs.Bob))
	// Terraform refreshes ten objects at once; a little latency keeps them in flight together.
	operatorMust(t, ts.SetFaults(mockportal.Faults{Latency: 5 * time.Millisecond}))
	const parallel = 10
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             acctest.CheckCalendarPermissionsDestroyed(ts),
		Steps: []resource.TestStep{
			{Config: config},
			{PreConfig: ts.ResetStats, Config: config, PlanOnly: true},
			{
				PreConfig: expectRefreshRequests(t, ts, map[string]int64{routeListCalendarEntries: 1},
					map[string]int64{routeGetCalendarEntry: parallel}),
				Config: config, PlanOnly: true,
			},
			{
				PreConfig: func() {
					acctest.CalendarByHand(t, ts, mailboxes[5], mockportal.DemoIDs.Bob, api.CalendarPermissionSpec{})
				},
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("portal_calendar_permission.bob[5]", plancheck.ResourceActionCreate),
				}},
			},
		},
	})
}
