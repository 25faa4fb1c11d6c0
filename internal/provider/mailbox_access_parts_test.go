package provider_test

import (
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/csportal/terraform-provider-portal/internal/acctest"
	"github.com/csportal/terraform-provider-portal/internal/mockportal"
)

// TestAccMailboxAccess_automappingAndCalendar: an access list whose apply changes automapping (a regrant of
// full_access) and the calendar's entries together makes all of it in one R6 dance — the grants first, then
// the calendar — and destroys both in one dance.
func TestAccMailboxAccess_automappingAndCalendar(t *testing.T) {
	ts := acctest.NewMock(t)
	mbx := acctest.NewDisabledMailbox(t, ts, "billing")
	alice, bob := mockportal.DemoIDs.Alice, mockportal.DemoIDs.Bob
	// access is the list with both grants, full_access_without_automapping and the calendar.
	access := func(unmapped string, cal entries) string {
		config := accessWithCalendar(mbx, grants{alice: {"view", "full_access"}, bob: {"full_access"}}, cal)
		last := strings.LastIndex(config, "}")
		return acctest.Config(ts, config[:last]+"  full_access_without_automapping = [\""+unmapped+"\"]\n"+config[last:])
	}
	first := entries{alice: {Access: "reviewer"}, bob: {Access: "editor", Delegate: true}}
	second := entries{bob: {Access: "editor"}}
	automappingOf := func(want map[string]bool) resource.TestCheckFunc { return automappingOfGrants(ts, mbx, want) }
	mark := acctest.LastEvent(ts)
	put := func(grantee string) string { return "permission.put " + mbx + " " + grantee + " +" }
	entry := func(op, grantee string) string { return "calendar_permission." + op + " " + mbx + " " + grantee + " +" }
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy: resource.ComposeAggregateTestCheckFunc(
			accessAndCalendarGone(ts, mbx),
			// The destroy, too, is one dance: grants revoked and entries removed.
			func(s *terraform.State) error {
				return acctest.CheckWrites(ts, &mark, func() []string {
					return []string{"user.update " + mbx, "permission.delete " + mbx + " " + alice + " +",
						"permission.delete " + mbx + " " + bob + " +", entry("delete", bob), "user.update " + mbx}
				})(s)
			},
		),
		Steps: []resource.TestStep{
			{
				Config: access(bob, first),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(accessAddr, tfjsonpath.New("full_access_without_automapping"), setOfStrings(bob)),
					calendarIs(first),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					automappingOf(map[string]bool{alice: true, bob: false}),
					acctest.CheckCalendarEntries(ts, mbx, first),
					acctest.CheckWrites(ts, &mark, func() []string {
						return []string{"user.update " + mbx, put(alice), put(bob), entry("put", alice), entry("put", bob),
							"user.update " + mbx}
					})),
			},
			{
				// Automapping swapped (alice's full_access removed and granted again, bob's deleted and granted
				// again) and the calendar changed (alice's entry removed, bob's changed): one enable, one disable.
				Config:           access(alice, second),
				ConfigPlanChecks: accessAction(plancheck.ResourceActionUpdate),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(accessAddr, tfjsonpath.New("full_access_without_automapping"), setOfStrings(alice)),
					calendarIs(second),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					automappingOf(map[string]bool{alice: false, bob: true}),
					acctest.CheckCalendarEntries(ts, mbx, second),
					acctest.CheckLoginEnabled(ts, mbx, false),
					acctest.CheckWrites(ts, &mark, func() []string {
						return []string{"user.update " + mbx, put(alice), put(alice), "permission.delete " + mbx + " " + bob + " +",
							put(bob), entry("delete", alice), entry("put", bob), "user.update " + mbx}
					})),
			},
			{
				// Nothing to change: no dance.
				Config: access(alice, second),
				Check:  acctest.CheckWrites(ts, &mark, func() []string { return nil }),
			},
		},
	})
}
