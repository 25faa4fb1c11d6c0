package provider_test

import (
	"fmt"
	"maps"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/csportal/terraform-provider-portal/internal/acctest"
	"github.com/csportal/terraform-provider-portal/internal/api"
	"github.com/csportal/terraform-provider-portal/internal/mockportal"
	"github.com/csportal/terraform-provider-portal/internal/tfharness"
)

// entries is a calendar as the tests write it: person → entry.
type entries map[string]api.CalendarPermissionSpec

// accessWithCalendar is a portal_mailbox_access "test" on the mailbox (literal IDs) with grants and, unless
// nil, the calendar.
func accessWithCalendar(mailbox string, g grants, cal entries) string {
	config := accessConfig(strconv.Quote(mailbox), g)
	if cal == nil {
		return config
	}
	var b strings.Builder
	b.WriteString("  calendar = {\n")
	for _, id := range slices.Sorted(maps.Keys(cal)) {
		e := cal[id]
		fmt.Fprintf(&b, "    %q = { access = %q", id, e.Access)
		if e.Delegate {
			b.WriteString(", delegate = true")
		}
		if e.SeePrivateItems {
			b.WriteString(", see_private_items = true")
		}
		b.WriteString(" }\n")
	}
	b.WriteString("  }\n}\n")
	return strings.TrimSuffix(strings.TrimSpace(config), "}") + b.String()
}

// calendarIs checks the calendar attribute in state.
func calendarIs(cal entries) statecheck.StateCheck {
	want := make(map[string]knownvalue.Check, len(cal))
	for id, e := range cal {
		want[id] = knownvalue.ObjectExact(map[string]knownvalue.Check{
			"access": knownvalue.StringExact(e.Access), "delegate": knownvalue.Bool(e.Delegate),
			"see_private_items": knownvalue.Bool(e.SeePrivateItems),
		})
	}
	return statecheck.ExpectKnownValue(accessAddr, tfjsonpath.New("calendar"), knownvalue.MapExact(want))
}

// accessAndCalendarGone is a CheckDestroy: no grant and no calendar entry is left on the mailbox, and its
// login ended disabled.
func accessAndCalendarGone(ts *mockportal.TestServer, mailbox string) resource.TestCheckFunc {
	return resource.ComposeAggregateTestCheckFunc(
		acctest.CheckAccessListsDestroyed(ts),
		acctest.CheckCalendarEntries(ts, mailbox, entries{}),
		acctest.CheckLoginEnabled(ts, mailbox, false),
	)
}

// The visit team edits the shared calendar, the office reviews it: grants and calendar entries of one
// mailbox are made together in one R6 dance, changed (an entry added, one changed, one removed, a grant
// changed) in one dance, and destroyed — grants revoked and entries removed — in one dance.
func TestAccMailboxAccess_calendar(t *testing.T) {
	ts := acctest.NewMock(t)
	mailbox := acctest.NewDisabledMailbox(t, ts, "billing")
	alice, bob := mockportal.DemoIDs.Alice, mockportal.DemoIDs.Bob
	carol := acctest.NewUser(t, ts, "carol")
	g := grants{alice: {"view", "send_as"}}
	first := entries{bob: {Access: "editor", Delegate: true}, alice: {Access: "reviewer"}}
	second := entries{bob: {Access: "editor", Delegate: true, SeePrivateItems: true}, carol: {Access: "limited_details"}}
	oneDance := func(g grants, cal entries) resource.TestCheckFunc {
		return resource.ComposeAggregateTestCheckFunc(
			acctest.CheckGrants(ts, mailbox, g),
			acctest.CheckCalendarEntries(ts, mailbox, cal),
			acctest.CheckLoginChanges(ts, 2),
			acctest.CheckCalendarChangesWhileEnabled(ts, mailbox, 1),
			acctest.CheckLoginEnabled(ts, mailbox, false),
		)
	}

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             accessAndCalendarGone(ts, mailbox),
		Steps: []resource.TestStep{
			{
				PreConfig:         ts.ResetStats,
				Config:            acctest.Config(ts, accessWithCalendar(mailbox, g, first)),
				ConfigPlanChecks:  accessAction(plancheck.ResourceActionCreate),
				ConfigStateChecks: []statecheck.StateCheck{grantsAre(accessAddr, g), calendarIs(first)},
				Check:             oneDance(g, first),
			},
			{
				PreConfig:         ts.ResetStats,
				Config:            acctest.Config(ts, accessWithCalendar(mailbox, grants{alice: {"view"}}, second)),
				ConfigPlanChecks:  accessAction(plancheck.ResourceActionUpdate),
				ConfigStateChecks: []statecheck.StateCheck{grantsAre(accessAddr, grants{alice: {"view"}}), calendarIs(second)},
				Check:             oneDance(grants{alice: {"view"}}, second),
			},
			{
				// An import does not take the calendar over: the configuration does.
				ResourceName:            accessAddr,
				ImportState:             true,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"calendar"},
			},
			{
				// Nothing to change: no dance, and no request that writes.
				PreConfig: ts.ResetStats,
				Config:    acctest.Config(ts, accessWithCalendar(mailbox, grants{alice: {"view"}}, second)),
				Check:     acctest.CheckLoginChanges(ts, 0),
			},
		},
	})
}

// Drift on the calendar: an entry made by hand shows in the next plan as one to remove, one changed by hand
// as one to put back, one removed by hand as one to give again; each apply makes the calendar exact in one
// dance. The grants are left as they are.
func TestAccMailboxAccess_calendarDrift(t *testing.T) {
	ts := acctest.NewMock(t)
	mailbox := acctest.NewDisabledMailbox(t, ts, "billing")
	alice, bob := mockportal.DemoIDs.Alice, mockportal.DemoIDs.Bob
	carol := acctest.NewUser(t, ts, "carol")
	want := entries{bob: {Access: "editor", Delegate: true}, alice: {Access: "reviewer"}}
	config := acctest.Config(ts, accessWithCalendar(mailbox, grants{alice: {"view"}}, want))
	repaired := resource.ComposeAggregateTestCheckFunc(
		acctest.CheckCalendarEntries(ts, mailbox, want),
		acctest.CheckGrants(ts, mailbox, grants{alice: {"view"}}),
		acctest.CheckLoginChanges(ts, 2),
		acctest.CheckLoginEnabled(ts, mailbox, false),
	)
	driftShows := resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
		plancheck.ExpectResourceAction(accessAddr, plancheck.ResourceActionUpdate),
		plancheck.ExpectKnownValue(accessAddr, tfjsonpath.New("calendar").AtMapKey(bob).AtMapKey("access"), knownvalue.StringExact("editor")),
	}}
	byHand := func(grantee string, e api.CalendarPermissionSpec) func() {
		return func() {
			acctest.CalendarByHand(t, ts, mailbox, grantee, e)
			ts.ResetStats()
		}
	}

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             accessAndCalendarGone(ts, mailbox),
		Steps: []resource.TestStep{
			{Config: config},
			{
				PreConfig: func() {
					acctest.CalendarByHand(t, ts, mailbox, carol, api.CalendarPermissionSpec{Access: "owner"})
				},
				Config:             config,
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(accessAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(accessAddr, tfjsonpath.New("calendar"), knownvalue.MapSizeExact(2)),
				}},
			},
			{
				PreConfig:        ts.ResetStats,
				Config:           config,
				ConfigPlanChecks: driftShows,
				Check:            resource.ComposeAggregateTestCheckFunc(repaired, acctest.CheckCalendarChangesWhileEnabled(ts, mailbox, 1)),
			},
			{
				PreConfig:        byHand(bob, api.CalendarPermissionSpec{Access: "reviewer"}),
				Config:           config,
				ConfigPlanChecks: driftShows,
				Check:            repaired,
			},
			{
				PreConfig:        byHand(bob, api.CalendarPermissionSpec{}),
				Config:           config,
				ConfigPlanChecks: driftShows,
				Check:            repaired,
			},
		},
	})
}

// Without calendar, portal_mailbox_access leaves the calendar alone: an access list written before calendars
// were managed removes no entry, and its plan stays empty whatever the calendar holds. Setting calendar = {}
// then removes every entry, in the grants' dance.
func TestAccMailboxAccess_calendarUnmanaged(t *testing.T) {
	ts := acctest.NewMock(t)
	mailbox := acctest.NewDisabledMailbox(t, ts, "billing")
	bob := mockportal.DemoIDs.Bob
	acctest.CalendarByHand(t, ts, mailbox, bob, api.CalendarPermissionSpec{Access: "author"})
	g := grants{bob: {"view"}}

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             acctest.CheckAccessListsDestroyed(ts),
		Steps: []resource.TestStep{
			{
				Config: acctest.Config(ts, accessWithCalendar(mailbox, g, nil)),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(accessAddr, tfjsonpath.New("calendar"), knownvalue.Null()),
				},
				Check: acctest.CheckCalendarEntries(ts, mailbox, entries{bob: {Access: "author"}}),
			},
			{
				PreConfig: func() {
					acctest.CalendarByHand(t, ts, mailbox, mockportal.DemoIDs.Alice, api.CalendarPermissionSpec{Access: "reviewer"})
				},
				Config:   acctest.Config(ts, accessWithCalendar(mailbox, g, nil)),
				PlanOnly: true,
			},
			{
				PreConfig:         ts.ResetStats,
				Config:            acctest.Config(ts, accessWithCalendar(mailbox, g, entries{})),
				ConfigStateChecks: []statecheck.StateCheck{calendarIs(entries{})},
				Check: resource.ComposeAggregateTestCheckFunc(
					acctest.CheckCalendarEntries(ts, mailbox, entries{}),
					acctest.CheckLoginChanges(ts, 2),
				),
			},
		},
	})
}

// Refused at plan time, at the person's line of calendar: an application user, an administrator, a user of
// another customer, a delegate who is no editor, private items for someone who is no delegate; a calendar
// on a submailbox. A calendar on a mailbox without one (Standard plan) is refused by the portal at apply.
func TestAccMailboxAccess_calendarRefused(t *testing.T) {
	ts := acctest.NewMock(t)
	mailbox := acctest.NewDisabledMailbox(t, ts, "billing")
	invoices := acctest.NewSubmailbox(t, ts, mailbox, "", "Invoices")
	orders := acctest.NewApplicationUser(t, ts, mockportal.DemoIDs.B2BGateway, "orders")
	wile := acctest.NewUserOf(t, ts, mockportal.DemoIDs.Globex, "wile")
	bob := mockportal.DemoIDs.Bob
	config := func(cal entries) string { return acctest.Config(ts, accessWithCalendar(mailbox, grants{}, cal)) }

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             accessAndCalendarGone(ts, mailbox),
		Steps: []resource.TestStep{
			{
				Config:      config(entries{orders: {Access: "reviewer"}}),
				ExpectError: permissionError("Application users cannot be given calendar access", "Calendar access is for people"),
			},
			{
				Config:      config(entries{mockportal.DemoIDs.Admin: {Access: "reviewer"}}),
				ExpectError: permissionError("Administrators cannot be given calendar entries", `"`+mockportal.DemoIDs.Admin+`" = { access = "reviewer" }`),
			},
			{
				Config:      config(entries{wile: {Access: "reviewer"}}),
				ExpectError: permissionError("Grantee of another customer", `"`+wile+`" = { access = "reviewer" }`, "is a user of customer "+mockportal.DemoIDs.Globex),
			},
			{
				Config:      config(entries{bob: {Access: "author", Delegate: true}}),
				ExpectError: permissionError("Only an editor can be a delegate"),
			},
			{
				Config:      config(entries{bob: {Access: "editor", SeePrivateItems: true}}),
				ExpectError: permissionError("Only a delegate can see private items"),
			},
			{
				Config:      acctest.Config(ts, accessWithCalendar(invoices, grants{}, entries{})),
				ExpectError: permissionError("Submailboxes have no calendar", "mailbox_id "+invoices+" is a submailbox"),
			},
			{
				Config: acctest.Config(ts, accessWithCalendar(mockportal.DemoIDs.Alice, grants{}, entries{bob: {Access: "reviewer"}})),
				ExpectError: permissionError("Cannot make the access list", `"`+bob+`" = { access = "reviewer" }`, "giving "+bob+" the calendar entry reviewer", "409 service_not_provisioned",
					"has no calendar"),
			},
		},
	})
}

// A calendar managed by both a portal_mailbox_access and a portal_calendar_permission never settles: the plan
// warns, naming both (run as a pipeline runs it; the test framework shows no warnings).
func TestAccMailboxAccess_warnsOfCalendarPermissionOnSameCalendar(t *testing.T) {
	t.Parallel()
	bin, terraform := tfharness.BuildForTest(t)
	mock, err := tfharness.StartMock(t.Context(), filepath.Join(bin, tfharness.MockBinary), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = mock.Stop() })
	c, err := mock.Client()
	if err != nil {
		t.Fatal(err)
	}
	box, err := c.CreateUser(t.Context(), api.UserCreate{CustomerID: mockportal.DemoIDs.Acme, Username: "visits", Password: "correct-horse-battery"})
	if err != nil {
		t.Fatal(err)
	}
	job, err := c.PutHostedExchange(t.Context(), box.ID, api.HostedExchangeSpec{UserPlan: mockportal.PlanSharedMailbox, PrimaryEmail: "visits@acme.example"})
	if err == nil {
		_, err = c.WaitJob(t.Context(), job.ID)
	}
	if err != nil {
		t.Fatal(err)
	}
	alice, bob := mockportal.DemoIDs.Alice, mockportal.DemoIDs.Bob
	config := terraformBlock + fmt.Sprintf(`
resource "portal_mailbox_access" "visits" {
  mailbox_id = %[1]q
  grants     = {}
  calendar = {
    %[2]q = { access = "reviewer" }
  }
}

resource "portal_calendar_permission" "bob" {
  mailbox_id = %[1]q
  user_id    = %[3]q
  access     = "editor"
  delegate   = true
}
`, box.ID, alice, bob)
	ws, out := newTestWorkspace(t, terraform, bin, mock, config)

	runTerraform(t, ws, out, 0, "plan")
	output := readLog(t, out)
	want := permissionError("Warning: The calendar of mailbox "+box.ID+" is managed by both portal_mailbox_access and portal_calendar_permission "+box.ID+"/"+bob,
		"The access list does not list "+bob+", so it removes the entry that the portal_calendar_permission gives (editor (delegate)).",
		"replace its resource block with a removed block whose lifecycle says destroy = false")
	if !want.MatchString(output) {
		t.Errorf("the plan does not warn of the two resources on the calendar of %s; output:\n%s", box.ID, output)
	}
	if n := strings.Count(output, "is managed by both"); n != 1 {
		t.Errorf("the plan warns %d times, want once; output:\n%s", n, output)
	}
}
