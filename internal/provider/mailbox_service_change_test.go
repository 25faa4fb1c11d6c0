package provider_test

import (
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

// TestAccSharedMailbox_settingsAndCalendarInOneDance is R6 for everything of a mailbox's service at once: an
// update of the settings and the calendar's default access together is one enable and disable of the login,
// never a dance per part. A create or a change of the plan starts the provisioning's job in a dance of its
// own and lets it run with the login disabled (no mailbox open for the length of a job, nor left open by a
// kill while it runs: issue 26); the settings and the default access then follow in one dance, in the order
// provisioning, settings, calendar.
func TestAccSharedMailbox_settingsAndCalendarInOneDance(t *testing.T) {
	ts := acctest.NewMock(t)
	sameID := statecheck.CompareValue(compare.ValuesSame())
	var id string
	var mark int64
	forwarding := `forwarding_address = "alice@acme.example"`
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             acctest.CheckSharedMailboxesDestroyed(ts),
		Steps: []resource.TestStep{
			{
				Config: acctest.Config(ts, infoMailbox().with(forwarding, `calendar_default_access = "none"`).String()),
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(mailboxAddr, mailboxAttr("id")),
					expectMailboxAttr("calendar_default_access", knownvalue.StringExact(api.CalendarAccessNone)),
					expectMailboxAttr("forwarding_address", knownvalue.StringExact(mockportal.AliceEmail)),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					saveMailboxID(&id),
					loginDisabledMailbox(ts, mockportal.PlanSharedMailbox, "info@acme.example"),
					acctest.CheckWrites(ts, &mark, func() []string {
						return []string{"user.create " + id, "hosted_exchange.put " + id + " " + lastJob(ts, id) + " +", "user.update " + id, "user.update " + id,
							"hosted_exchange.patch " + id + " +", "calendar.update " + id + " +", "user.update " + id}
					}),
				),
			},
			{
				// The settings and the default access change in place, in one dance.
				Config: acctest.Config(ts, infoMailbox().with(forwarding, `hidden_from_address_lists = true`,
					`calendar_default_access = "reviewer"`).String()),
				ConfigPlanChecks: mailboxAction(plancheck.ResourceActionUpdate),
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(mailboxAddr, mailboxAttr("id")),
					expectMailboxAttr("calendar_default_access", knownvalue.StringExact(api.CalendarAccessReviewer)),
					expectMailboxAttr("hidden_from_address_lists", knownvalue.Bool(true)),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					acctest.WithID(mailboxAddr, func(id string) error {
						return acctest.CheckCalendarDefaultAccess(ts, id, api.CalendarAccessReviewer)(nil)
					}),
					settingsInMock(ts, api.MailboxSettings{ForwardingAddress: mockportal.AliceEmail, ForwardingKeepCopy: true,
						KeepSentAsCopy: true, KeepSentOnBehalfCopy: true, HiddenFromAddressLists: true}),
					loginDisabledMailbox(ts, mockportal.PlanSharedMailbox, "info@acme.example"),
					acctest.CheckWrites(ts, &mark, func() []string {
						return []string{"user.update " + id, "hosted_exchange.patch " + id + " +", "calendar.update " + id + " +",
							"user.update " + id}
					}),
				),
			},
			{
				// A new address re-provisions the mailbox: the settings and the default access are set again
				// after its job, in one dance of their own (the job runs with the login disabled).
				Config: acctest.Config(ts, infoMailbox().with(`email_aliases = ["help@acme.example"]`,
					`calendar_default_access = "limited_details"`).String()),
				ConfigPlanChecks: mailboxAction(plancheck.ResourceActionUpdate),
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(mailboxAddr, mailboxAttr("id")),
					expectMailboxAttr("calendar_default_access", knownvalue.StringExact(api.CalendarAccessLimitedDetails)),
					expectMailboxAttr("forwarding_address", knownvalue.Null()),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					acctest.WithID(mailboxAddr, func(id string) error { return acctest.CheckLoginEnabled(ts, id, false)(nil) }),
					acctest.CheckWrites(ts, &mark, func() []string {
						return []string{"user.update " + id, "hosted_exchange.put " + id + " " + lastJob(ts, id) + " +", "user.update " + id, "user.update " + id,
							"hosted_exchange.patch " + id + " +", "calendar.update " + id + " +", "user.update " + id}
					}),
				),
			},
		},
	})
}
