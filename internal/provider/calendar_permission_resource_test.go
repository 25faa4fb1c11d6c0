package provider_test

import (
	"fmt"
	"strconv"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/csportal/terraform-provider-portal/internal/acctest"
	"github.com/csportal/terraform-provider-portal/internal/api"
	"github.com/csportal/terraform-provider-portal/internal/mockportal"
)

const calendarAddr = "portal_calendar_permission.test"

// calendarConfig is a portal_calendar_permission "test"; mailbox and user are HCL expressions, extra is
// further attributes (delegate, see_private_items) as HCL lines.
func calendarConfig(mailbox, user, access string, extra ...string) string {
	var lines string
	for _, e := range extra {
		lines += "  " + e + "\n"
	}
	return fmt.Sprintf(`
resource "portal_calendar_permission" "test" {
  mailbox_id = %s
  user_id    = %s
  access     = %q
%s}
`, mailbox, user, access, lines)
}

// entryConfig is calendarConfig with literal IDs.
func entryConfig(mailboxID, userID, access string, extra ...string) string {
	return calendarConfig(strconv.Quote(mailboxID), strconv.Quote(userID), access, extra...)
}

func entryIs(addr, access string, delegate, private bool) []statecheck.StateCheck {
	return []statecheck.StateCheck{
		statecheck.ExpectKnownValue(addr, tfjsonpath.New("access"), knownvalue.StringExact(access)),
		statecheck.ExpectKnownValue(addr, tfjsonpath.New("delegate"), knownvalue.Bool(delegate)),
		statecheck.ExpectKnownValue(addr, tfjsonpath.New("see_private_items"), knownvalue.Bool(private)),
	}
}

func calendarAction(action plancheck.ResourceActionType) resource.ConfigPlanChecks {
	return resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(calendarAddr, action)}}
}

// entriesGoneLoginDisabled is a CheckDestroy: no entry is left, and R6 left the mailbox's login disabled.
func entriesGoneLoginDisabled(ts *mockportal.TestServer, mailboxID string) resource.TestCheckFunc {
	return resource.ComposeAggregateTestCheckFunc(
		acctest.CheckCalendarPermissionsDestroyed(ts),
		acctest.CheckLoginEnabled(ts, mailboxID, false),
	)
}

// R7 and R6: an entry is given on the calendar of a mailbox whose login is disabled, changed in place (to a
// delegate who sees private items, and back), and replaced by another person's; every change is one dance,
// made with the login enabled, which ends disabled; import reads back the same entry.
func TestAccCalendarPermission_basic(t *testing.T) {
	ts := acctest.NewMock(t)
	mailbox := acctest.NewDisabledMailbox(t, ts, "visits")
	bob, alice := mockportal.DemoIDs.Bob, mockportal.DemoIDs.Alice
	sameID := statecheck.CompareValue(compare.ValuesSame())
	oneDance := func(grantee string, want api.CalendarPermissionSpec) resource.TestCheckFunc {
		return resource.ComposeAggregateTestCheckFunc(
			acctest.CheckCalendarEntries(ts, mailbox, map[string]api.CalendarPermissionSpec{grantee: want}),
			acctest.CheckLoginChanges(ts, 2),
			acctest.CheckCalendarChangesWhileEnabled(ts, mailbox, 1),
			acctest.CheckLoginEnabled(ts, mailbox, false),
		)
	}

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             entriesGoneLoginDisabled(ts, mailbox),
		Steps: []resource.TestStep{
			{
				PreConfig:        ts.ResetStats,
				Config:           acctest.Config(ts, entryConfig(mailbox, bob, "reviewer")),
				ConfigPlanChecks: calendarAction(plancheck.ResourceActionCreate),
				ConfigStateChecks: append(entryIs(calendarAddr, "reviewer", false, false),
					statecheck.ExpectKnownValue(calendarAddr, tfjsonpath.New("id"), knownvalue.StringExact(mailbox+"/"+bob)),
					sameID.AddStateValue(calendarAddr, tfjsonpath.New("id"))),
				Check: oneDance(bob, api.CalendarPermissionSpec{Access: "reviewer"}),
			},
			{
				PreConfig:        ts.ResetStats,
				Config:           acctest.Config(ts, entryConfig(mailbox, bob, "editor", "delegate = true", "see_private_items = true")),
				ConfigPlanChecks: calendarAction(plancheck.ResourceActionUpdate),
				ConfigStateChecks: append(entryIs(calendarAddr, "editor", true, true),
					sameID.AddStateValue(calendarAddr, tfjsonpath.New("id"))),
				Check: oneDance(bob, api.CalendarPermissionSpec{Access: "editor", Delegate: true, SeePrivateItems: true}),
			},
			{
				ResourceName:      calendarAddr,
				ImportState:       true,
				ImportStateVerify: true,
			},
			{
				ResourceName:  calendarAddr,
				ImportState:   true,
				ImportStateId: mailbox + "/" + mockportal.DemoIDs.B2BGateway,
				ExpectError:   permissionError("user_id must be a portal user ID (usr_…); application users have no calendar entries"),
			},
			{
				// Dropping the delegate flags is an update in place too: both default to false.
				PreConfig:         ts.ResetStats,
				Config:            acctest.Config(ts, entryConfig(mailbox, bob, "author")),
				ConfigPlanChecks:  calendarAction(plancheck.ResourceActionUpdate),
				ConfigStateChecks: entryIs(calendarAddr, "author", false, false),
				Check:             oneDance(bob, api.CalendarPermissionSpec{Access: "author"}),
			},
			{
				Config:           acctest.Config(ts, entryConfig(mailbox, alice, "owner")),
				ConfigPlanChecks: calendarAction(plancheck.ResourceActionDestroyBeforeCreate),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(calendarAddr, tfjsonpath.New("id"), knownvalue.StringExact(mailbox+"/"+alice)),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					acctest.CheckCalendarEntries(ts, mailbox, map[string]api.CalendarPermissionSpec{alice: {Access: "owner"}}),
					acctest.CheckLoginEnabled(ts, mailbox, false),
				),
			},
		},
	})
}

// The identity is {mailbox_id, user_id}: an entry made by hand is adopted by it, a wrong kind of ID or an
// entry that does not exist is refused naming it, and an entry given again after an out-of-band removal keeps it.
func TestAccCalendarPermission_identity(t *testing.T) {
	ts := acctest.NewMock(t)
	mailbox := acctest.NewDisabledMailbox(t, ts, "visits")
	bob := mockportal.DemoIDs.Bob
	acctest.CalendarByHand(t, ts, mailbox, bob, api.CalendarPermissionSpec{Access: "limited_details"})
	acctest.IdentityTest(t, acctest.IdentityCase{
		Resource: calendarAddr,
		Config:   acctest.Config(ts, entryConfig(mailbox, bob, "limited_details")),
		Existing: map[string]string{"mailbox_id": mailbox, "user_id": bob},
		// A submailbox where the mailbox goes, an application user where the person does: both named.
		WrongKind: map[string]string{"mailbox_id": "smb_0123456789abcdef", "user_id": mockportal.DemoIDs.B2BGateway},
		WrongKindError: acctest.MessageRegexp(`Invalid import identity for portal_calendar_permission`,
			`The identity's mailbox_id, "smb_0123456789abcdef", must be the user ID of a mailbox`, "submailboxes have no calendar",
			`The identity's user_id, "`+mockportal.DemoIDs.B2BGateway+`", must be a portal user ID (usr_…); application users have no calendar entries`),
		// Alice exists but has no entry on the calendar (R9).
		Unknown: map[string]string{"mailbox_id": mailbox, "user_id": mockportal.DemoIDs.Alice},
		UnknownError: acctest.MessageRegexp(`Cannot import portal_calendar_permission by identity`,
			fmt.Sprintf(`The portal has no portal_calendar_permission with the identity { mailbox_id = %q, user_id = %q }`,
				mailbox, mockportal.DemoIDs.Alice)),
		DeleteByHand: func() { acctest.CalendarByHand(t, ts, mailbox, bob, api.CalendarPermissionSpec{}) },
		CheckDestroy: acctest.CheckCalendarPermissionsDestroyed(ts),
	})
}

// Changes made by hand show in the next plan: a changed entry is put back in place, a removed one is given
// again, one whose calendar went with the mailbox's plan leaves the state without an error.
func TestAccCalendarPermission_drift(t *testing.T) {
	ts := acctest.NewMock(t)
	mailbox := acctest.NewDisabledMailbox(t, ts, "visits")
	bob := mockportal.DemoIDs.Bob
	config := acctest.Config(ts, entryConfig(mailbox, bob, "editor", "delegate = true"))
	want := map[string]api.CalendarPermissionSpec{bob: {Access: "editor", Delegate: true}}

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             entriesGoneLoginDisabled(ts, mailbox),
		Steps: []resource.TestStep{
			{Config: config},
			{
				PreConfig: func() {
					acctest.CalendarByHand(t, ts, mailbox, bob, api.CalendarPermissionSpec{Access: "reviewer"})
				},
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(calendarAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(calendarAddr, tfjsonpath.New("access"), knownvalue.StringExact("editor")),
				}},
				Check: resource.ComposeAggregateTestCheckFunc(
					acctest.CheckCalendarEntries(ts, mailbox, want),
					acctest.CheckLoginEnabled(ts, mailbox, false),
				),
			},
			{
				PreConfig:        func() { acctest.CalendarByHand(t, ts, mailbox, bob, api.CalendarPermissionSpec{}) },
				Config:           config,
				ConfigPlanChecks: calendarAction(plancheck.ResourceActionCreate),
				Check:            acctest.CheckCalendarEntries(ts, mailbox, want),
			},
			{
				// A Standard plan has no calendar: the entry went with it.
				PreConfig: func() {
					acctest.AsOperator(t, ts, mailbox, func() error {
						_, err := ts.PutHostedExchange(mailbox, api.HostedExchangeSpec{UserPlan: mockportal.PlanStandard,
							PrimaryEmail: "visits@acme.example", EmailAliases: []string{}})
						return err
					})
				},
				Config:             config,
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(calendarAddr, plancheck.ResourceActionCreate),
				}},
			},
			{
				// Applying it says why: the mailbox has no calendar now.
				Config:      config,
				ExpectError: permissionError("409 service_not_provisioned", "has no calendar"),
			},
		},
	})
}

// An entry whose mailbox loses its service (409 service_not_provisioned) or its user (404) leaves the state
// without an error, and the plan gives it again.
func TestAccCalendarPermission_mailboxDeleted(t *testing.T) {
	ts := acctest.NewMock(t)
	mailbox := acctest.NewDisabledMailbox(t, ts, "visits")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             acctest.CheckCalendarPermissionsDestroyed(ts),
		Steps:                    mailboxGoneSteps(t, ts, mailbox, acctest.Config(ts, entryConfig(mailbox, mockportal.DemoIDs.Bob, "reviewer")), calendarAddr),
	})
}

// The portal's refusals, at plan time and naming the rule: an application user (calendar access is for
// people), an administrator (R12), a user of another customer (R16), a user the portal does not know, a
// delegate who is no editor, private items for someone who is no delegate, an unknown access level, a
// submailbox (no calendar), and a regular user's token (R10).
func TestAccCalendarPermission_refusedAtPlanTime(t *testing.T) {
	ts := acctest.NewMock(t)
	mailbox := acctest.NewDisabledMailbox(t, ts, "visits")
	sub := acctest.NewSubmailbox(t, ts, mailbox, "", "Visits")
	orders := acctest.NewApplicationUser(t, ts, mockportal.DemoIDs.B2BGateway, "orders")
	wile := acctest.NewUserOf(t, ts, mockportal.DemoIDs.Globex, "wile")
	bob := mockportal.DemoIDs.Bob

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy: resource.ComposeAggregateTestCheckFunc(
			acctest.CheckCalendarEntries(ts, mailbox, map[string]api.CalendarPermissionSpec{}),
			acctest.CheckLoginEnabled(ts, mailbox, false),
		),
		Steps: []resource.TestStep{
			{
				Config:      acctest.Config(ts, entryConfig(mailbox, orders, "reviewer")),
				ExpectError: permissionError("Application users cannot be given calendar access", "Calendar access is for people"),
			},
			{
				Config:      acctest.Config(ts, entryConfig(mailbox, mockportal.DemoIDs.Admin, "reviewer")),
				ExpectError: permissionError("Administrators cannot be given calendar entries", "user "+mockportal.DemoIDs.Admin+" is an administrator"),
			},
			{
				Config: acctest.Config(ts, entryConfig(mailbox, wile, "reviewer")),
				ExpectError: permissionError("Grantee of another customer", "user "+wile+" (wile) is a user of customer "+mockportal.DemoIDs.Globex,
					"mailbox "+mailbox+" belongs to customer "+mockportal.DemoIDs.Acme),
			},
			{
				// Known only at apply time, the grantee is checked when Terraform plans the entry again.
				Config: acctest.Config(ts, unknownUntilApply(wile),
					calendarConfig(strconv.Quote(mailbox), "terraform_data.grantee.output", "reviewer")),
				ExpectError: permissionError("Grantee of another customer"),
			},
			{
				Config:      acctest.Config(ts, entryConfig(mailbox, "usr_00000000000000ff", "reviewer")),
				ExpectError: permissionError("The portal has no user usr_00000000000000ff"),
			},
			{
				Config:      acctest.Config(ts, entryConfig(mailbox, bob, "owner", "delegate = true")),
				ExpectError: permissionError("Only an editor can be a delegate", `this entry has access = "owner"`),
			},
			{
				Config:      acctest.Config(ts, entryConfig(mailbox, bob, "editor", "see_private_items = true")),
				ExpectError: permissionError("Only a delegate can see private items"),
			},
			{
				Config:      acctest.Config(ts, entryConfig(mailbox, bob, "publishing_editor")),
				ExpectError: permissionError(`value must be one of: ["availability_only" "limited_details" "reviewer"`),
			},
			{
				Config:      acctest.Config(ts, entryConfig(sub, bob, "reviewer")),
				ExpectError: permissionError("submailboxes have no calendar"),
			},
			{
				Config: acctest.ProviderConfigWithToken(ts, ts.Token(t, mockportal.DemoIDs.Alice)) + entryConfig(mailbox, bob, "reviewer"),
				ExpectError: permissionError("Only portal administrators can assign or remove mailbox permissions, and the " +
					"provider's API token belongs to user alice"),
			},
		},
	})
}
