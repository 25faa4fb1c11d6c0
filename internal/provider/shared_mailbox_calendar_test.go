package provider_test

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/csportal/terraform-provider-portal/internal/acctest"
	"github.com/csportal/terraform-provider-portal/internal/api"
	"github.com/csportal/terraform-provider-portal/internal/mockportal"
)

// calendarDefault checks calendar_default_access in state and in the portal, and calendar.default_access.
func calendarDefault(ts *mockportal.TestServer, access string) ([]statecheck.StateCheck, resource.TestCheckFunc) {
	return []statecheck.StateCheck{
			expectMailboxAttr("calendar_default_access", knownvalue.StringExact(access)),
			expectMailboxAttr("calendar", sharedCalendarWith("Info Desk Calendar", access)),
		}, acctest.WithID(mailboxAddr, func(id string) error {
			return acctest.CheckCalendarDefaultAccess(ts, id, access)(nil)
		})
}

// calendarChangesWhileEnabled is R6 for the mailbox's calendar: every change of it was made with the login
// enabled, at least atLeast of them.
func calendarChangesWhileEnabled(ts *mockportal.TestServer, atLeast int) resource.TestCheckFunc {
	return acctest.WithID(mailboxAddr, func(id string) error {
		return acctest.CheckCalendarChangesWhileEnabled(ts, id, atLeast)(nil)
	})
}

// R7: the calendar's default access is set with the mailbox (in the provisioning's R6 dance), changed in
// place in one dance of its own, read back on import, and a change made by hand is drift that apply puts
// back; a mailbox deprovisioned by hand gets its default access back with its new calendar.
func TestAccSharedMailbox_calendarDefaultAccess(t *testing.T) {
	ts := acctest.NewMock(t)
	none := acctest.Config(ts, infoMailbox().with(`calendar_default_access = "none"`).String())
	reviewer := acctest.Config(ts, infoMailbox().with(`calendar_default_access = "reviewer"`).String())
	sameID := statecheck.CompareValue(compare.ValuesSame())
	var id string
	noneState, noneInPortal := calendarDefault(ts, "none")
	reviewerState, reviewerInPortal := calendarDefault(ts, "reviewer")
	defaultState, defaultInPortal := calendarDefault(ts, api.CalendarAccessAvailabilityOnly)

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             acctest.CheckSharedMailboxesDestroyed(ts),
		Steps: []resource.TestStep{
			{
				Config: acctest.Config(ts, infoMailbox().String()),
				// Unset, the portal's default: nothing to set after the provisioning.
				ConfigStateChecks: append(defaultState, sameID.AddStateValue(mailboxAddr, mailboxAttr("id"))),
				Check: resource.ComposeAggregateTestCheckFunc(defaultInPortal, saveMailboxID(&id),
					calendarChangesWhileEnabled(ts, 0)),
			},
			{
				PreConfig:         ts.ResetStats,
				Config:            none,
				ConfigPlanChecks:  mailboxAction(plancheck.ResourceActionUpdate),
				ConfigStateChecks: append(noneState, sameID.AddStateValue(mailboxAddr, mailboxAttr("id"))),
				Check: resource.ComposeAggregateTestCheckFunc(noneInPortal, calendarChangesWhileEnabled(ts, 1),
					acctest.CheckLoginChanges(ts, 2), loginDisabledMailbox(ts, mockportal.PlanSharedMailbox, "info@acme.example")),
			},
			{
				ResourceName:            mailboxAddr,
				ImportState:             true,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"deletion_protection"}, // import sets it to true
			},
			{
				PreConfig: func() {
					acctest.AsOperator(t, ts, id, func() error {
						_, err := ts.SetCalendarDefaultAccess(id, api.CalendarAccessLimitedDetails)
						return err
					})
				},
				Config:            reviewer,
				ConfigPlanChecks:  mailboxAction(plancheck.ResourceActionUpdate),
				ConfigStateChecks: reviewerState,
				Check:             resource.ComposeAggregateTestCheckFunc(reviewerInPortal, calendarChangesWhileEnabled(ts, 3)),
			},
			{
				// The mailbox deprovisioned by hand comes back with a new calendar, whose default access is set
				// again in the provisioning's dance.
				PreConfig: func() { acctest.Deprovision(t, ts, id) },
				Config:    reviewer,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(mailboxAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectUnknownValue(mailboxAddr, mailboxAttr("calendar")),
				}},
				ConfigStateChecks: reviewerState,
				Check:             resource.ComposeAggregateTestCheckFunc(reviewerInPortal, loginDisabledMailbox(ts, mockportal.PlanSharedMailbox, "info@acme.example")),
			},
			{
				// Created with a default access other than the portal's, in the provisioning's dance.
				Config:            none,
				ConfigStateChecks: noneState,
				Check:             noneInPortal,
			},
		},
	})
}

// A mailbox created with a default access, and one whose plan gives no calendar: its default access cannot
// be other than availability_only, which apply says; an unknown value fails at plan time.
func TestAccSharedMailbox_calendarDefaultAccessRefused(t *testing.T) {
	ts := acctest.NewMock(t)
	created := acctest.Config(ts, infoMailbox().with(`calendar_default_access = "limited_details"`).String())
	limitedState, limitedInPortal := calendarDefault(ts, "limited_details")

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             acctest.CheckSharedMailboxesDestroyed(ts),
		Steps: []resource.TestStep{
			{
				Config:      acctest.Config(ts, infoMailbox().with(`calendar_default_access = "editor"`).String()),
				ExpectError: regexp.MustCompile(`value must be one of: \["none"\s+"availability_only" "limited_details" "reviewer"\]`),
			},
			{
				Config:            created,
				ConfigStateChecks: limitedState,
				Check:             resource.ComposeAggregateTestCheckFunc(limitedInPortal, calendarChangesWhileEnabled(ts, 1)),
			},
			{
				// The Standard plan ends the calendar; keeping limited_details with it is refused.
				Config:      acctest.Config(ts, infoMailbox().with(`calendar_default_access = "limited_details"`, `user_plan = "Standard"`).String()),
				ExpectError: acctest.MessageRegexp(`has no calendar, so its calendar_default_access cannot be "limited_details"`),
			},
			{
				Config: acctest.Config(ts, infoMailbox().with(`user_plan = "Standard"`).String()),
				ConfigStateChecks: []statecheck.StateCheck{
					expectMailboxAttr("calendar", knownvalue.Null()),
					expectMailboxAttr("calendar_default_access", knownvalue.StringExact("availability_only")),
				},
			},
			{
				Config:   acctest.Config(ts, infoMailbox().with(`user_plan = "Standard"`).String()),
				PlanOnly: true,
			},
		},
	})
}
