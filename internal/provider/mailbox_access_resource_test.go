package provider_test

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/csportal/terraform-provider-portal/internal/acctest"
	"github.com/csportal/terraform-provider-portal/internal/mockportal"
)

const accessAddr = "portal_mailbox_access.test"

// grants is an access list as the tests write it: grantee → permissions.
type grants map[string][]string

// accessConfig is a portal_mailbox_access "test" on mailbox (an HCL expression) with the grants, whose keys
// are literal grantee IDs.
func accessConfig(mailbox string, g grants) string {
	keys := make(map[string][]string, len(g))
	for id, perms := range g {
		keys[strconv.Quote(id)] = perms
	}
	return accessConfigExpr("test", mailbox, keys)
}

// accessConfigExpr is a portal_mailbox_access named name whose grants' keys are HCL expressions.
func accessConfigExpr(name, mailbox string, g grants) string {
	var b strings.Builder
	for _, key := range slices.Sorted(maps.Keys(g)) {
		quoted := make([]string, len(g[key]))
		for i, p := range g[key] {
			quoted[i] = strconv.Quote(p)
		}
		fmt.Fprintf(&b, "    (%s) = [%s]\n", key, strings.Join(quoted, ", "))
	}
	return fmt.Sprintf(`
resource "portal_mailbox_access" %q {
  mailbox_id = %s
  grants = {
%s  }
}
`, name, mailbox, b.String())
}

// grantsAre checks the access list in state.
func grantsAre(addr string, g grants) statecheck.StateCheck {
	return statecheck.ExpectKnownValue(addr, tfjsonpath.New("grants"), grantsValue(g))
}

// grantsValue is an access list as a check of a value in state or plan.
func grantsValue(g grants) knownvalue.Check {
	want := make(map[string]knownvalue.Check, len(g))
	for id, perms := range g {
		values := make([]knownvalue.Check, len(perms))
		for i, p := range perms {
			values[i] = knownvalue.StringExact(p)
		}
		want[id] = knownvalue.SetExact(values)
	}
	return knownvalue.MapExact(want)
}

// accessListsGoneLoginDisabled is a CheckDestroy: no grant is left on any list's mailbox, and R6 left the
// mailbox's login disabled.
func accessListsGoneLoginDisabled(ts *mockportal.TestServer, mailboxID string) resource.TestCheckFunc {
	return resource.ComposeAggregateTestCheckFunc(
		acctest.CheckAccessListsDestroyed(ts),
		acctest.CheckLoginEnabled(ts, mailboxID, false),
	)
}

func accessAction(action plancheck.ResourceActionType) resource.ConfigPlanChecks {
	return resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(accessAddr, action)}}
}

// byHand makes a grant (or, without permissions, removes one) as an operator, behind Terraform's back.
func byHand(t *testing.T, ts *mockportal.TestServer, mailbox, grantee string, permissions ...string) {
	t.Helper()
	acctest.AsOperator(t, ts, mailbox, func() error {
		if len(permissions) == 0 {
			return ts.DeletePermission(mailbox, grantee)
		}
		_, err := ts.PutPermission(mailbox, grantee, permissions)
		return err
	})
}

// R4, R6, R9: a list of several grantees is made on a mailbox whose login is disabled; a grantee is added,
// one changed and one removed in place; every apply enables and disables the login once, whatever the
// number of changes, and the login ends disabled; import reads the same list back; another mailbox
// replaces the list, revoking every grant on the old one; destroy revokes every grant.
func TestAccMailboxAccess_basic(t *testing.T) {
	ts := acctest.NewMock(t)
	mailbox := acctest.NewDisabledMailbox(t, ts, "info")
	sales := acctest.NewDisabledMailbox(t, ts, "sales")
	alice, bob := mockportal.DemoIDs.Alice, mockportal.DemoIDs.Bob
	carol := acctest.NewUser(t, ts, "carol")
	orders := acctest.NewApplicationUser(t, ts, mockportal.DemoIDs.B2BGateway, "orders")
	first := grants{alice: {"view", "full_access", "send_as"}, bob: {"view"}, orders: {"create_messages"}}
	second := grants{bob: {"view", "send_on_behalf"}, carol: {"view", "delete_messages"}, orders: {"create_messages"}}
	sameID := statecheck.CompareValue(compare.ValuesSame())
	oneDance := func(g grants, changes int) resource.TestCheckFunc {
		return resource.ComposeAggregateTestCheckFunc(
			acctest.CheckGrants(ts, mailbox, g),
			acctest.CheckLoginChanges(ts, 2),
			acctest.CheckChangesWhileEnabled(ts, mailbox, changes),
			acctest.CheckLoginEnabled(ts, mailbox, false),
		)
	}

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             accessListsGoneLoginDisabled(ts, sales),
		Steps: []resource.TestStep{
			{
				PreConfig:        ts.ResetStats,
				Config:           acctest.Config(ts, accessConfig(strconv.Quote(mailbox), first)),
				ConfigPlanChecks: accessAction(plancheck.ResourceActionCreate),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(accessAddr, tfjsonpath.New("id"), knownvalue.StringExact(mailbox)),
					grantsAre(accessAddr, first),
					sameID.AddStateValue(accessAddr, tfjsonpath.New("id")),
				},
				Check: oneDance(first, 3),
			},
			{
				// Bob changed, carol added, alice removed: three changes, one dance. The plan holds the whole
				// new list, so that it shows each grantee added, changed or removed.
				PreConfig: ts.ResetStats,
				Config:    acctest.Config(ts, accessConfig(strconv.Quote(mailbox), second)),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(accessAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(accessAddr, tfjsonpath.New("grants"), grantsValue(second)),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					grantsAre(accessAddr, second),
					sameID.AddStateValue(accessAddr, tfjsonpath.New("id")),
				},
				Check: oneDance(second, 6),
			},
			{
				ResourceName:      accessAddr,
				ImportState:       true,
				ImportStateVerify: true,
			},
			{
				ResourceName:  accessAddr,
				ImportState:   true,
				ImportStateId: "info@acme.example",
				ExpectError:   permissionError(`import ID "info@acme.example" must be the user ID of a mailbox, such as usr_0123456789abcdef`),
			},
			{
				// Another mailbox replaces the list: every grant on the old one is revoked, the new one gets the list.
				Config:           acctest.Config(ts, accessConfig(strconv.Quote(sales), second)),
				ConfigPlanChecks: accessAction(plancheck.ResourceActionDestroyBeforeCreate),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(accessAddr, tfjsonpath.New("id"), knownvalue.StringExact(sales)),
					grantsAre(accessAddr, second),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					acctest.CheckGrants(ts, mailbox, grants{}),
					acctest.CheckGrants(ts, sales, second),
					acctest.CheckLoginEnabled(ts, mailbox, false),
					acctest.CheckLoginEnabled(ts, sales, false),
				),
			},
		},
	})
}

// Terraform 1.12 and later know the resource by its identity, {mailbox_id}, and import by it.
func TestAccMailboxAccess_identity(t *testing.T) {
	ts := acctest.NewMock(t)
	mailbox := acctest.NewDisabledMailbox(t, ts, "info")
	config := acctest.Config(ts, accessConfig(strconv.Quote(mailbox), grants{mockportal.DemoIDs.Bob: {"view"}}))

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_12_0)},
		CheckDestroy:             acctest.CheckAccessListsDestroyed(ts),
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectIdentity(accessAddr, map[string]knownvalue.Check{"mailbox_id": knownvalue.StringExact(mailbox)}),
					statecheck.ExpectIdentityValueMatchesState(accessAddr, tfjsonpath.New("mailbox_id")),
				},
			},
			{
				ResourceName:    accessAddr,
				Config:          config,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithResourceIdentity,
			},
			{
				ResourceName:    accessAddr,
				Config:          config,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithID,
			},
		},
	})
}

// Drift: a grant made by hand shows in the next plan as one to revoke, one removed by hand as one to
// restore, one changed by hand as one to put back; each apply makes the portal match exactly, in one dance.
func TestAccMailboxAccess_drift(t *testing.T) {
	ts := acctest.NewMock(t)
	mailbox := acctest.NewDisabledMailbox(t, ts, "info")
	alice, bob := mockportal.DemoIDs.Alice, mockportal.DemoIDs.Bob
	carol := acctest.NewUser(t, ts, "carol")
	want := grants{alice: {"view", "full_access"}, bob: {"view"}}
	config := acctest.Config(ts, accessConfig(strconv.Quote(mailbox), want))
	repaired := resource.ComposeAggregateTestCheckFunc(
		acctest.CheckGrants(ts, mailbox, want),
		acctest.CheckLoginChanges(ts, 2),
		acctest.CheckLoginEnabled(ts, mailbox, false),
	)
	// driftShows checks the plan Terraform made from the refresh: an in-place update of the list.
	driftShows := accessAction(plancheck.ResourceActionUpdate)

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             acctest.CheckAccessListsDestroyed(ts),
		Steps: []resource.TestStep{
			{Config: config},
			{
				// An operator gives carol full access to the mailbox by hand.
				PreConfig: func() {
					byHand(t, ts, mailbox, carol, "view", "full_access")
					ts.ResetStats()
				},
				Config:           config,
				ConfigPlanChecks: driftShows,
				Check:            resource.ComposeAggregateTestCheckFunc(repaired, acctest.CheckGrant(ts, mailbox, carol)),
			},
			{
				// An operator removes bob's grant by hand.
				PreConfig: func() {
					byHand(t, ts, mailbox, bob)
					ts.ResetStats()
				},
				Config:           config,
				ConfigPlanChecks: driftShows,
				Check:            repaired,
			},
			{
				// An operator gives alice more by hand.
				PreConfig: func() {
					byHand(t, ts, mailbox, alice, "view", "full_access", "delete_mailbox")
					ts.ResetStats()
				},
				Config:           config,
				ConfigPlanChecks: driftShows,
				Check:            repaired,
			},
			{
				// A refresh reads the list as the portal holds it, hand-made grants included.
				PreConfig: func() { byHand(t, ts, mailbox, carol, "view") },
				Config:    config,
				PlanOnly:  true,
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(accessAddr, plancheck.ResourceActionUpdate),
				}},
				ExpectNonEmptyPlan: true,
			},
		},
	})
}

// An empty map means nobody but administrators: the grants already on the mailbox, made by hand, are
// revoked when the list is created, and the plan after is empty.
func TestAccMailboxAccess_empty(t *testing.T) {
	ts := acctest.NewMock(t)
	mailbox := acctest.NewDisabledMailbox(t, ts, "info")
	orders := acctest.NewApplicationUser(t, ts, mockportal.DemoIDs.B2BGateway, "orders")
	byHand(t, ts, mailbox, mockportal.DemoIDs.Bob, "view", "send_as")
	byHand(t, ts, mailbox, orders, "create_messages")

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             acctest.CheckAccessListsDestroyed(ts),
		Steps: []resource.TestStep{
			{
				PreConfig:         ts.ResetStats,
				Config:            acctest.Config(ts, accessConfig(strconv.Quote(mailbox), grants{})),
				ConfigStateChecks: []statecheck.StateCheck{grantsAre(accessAddr, grants{})},
				Check: resource.ComposeAggregateTestCheckFunc(
					acctest.CheckGrants(ts, mailbox, grants{}),
					acctest.CheckLoginChanges(ts, 2),
					acctest.CheckLoginEnabled(ts, mailbox, false),
				),
			},
			{
				// Nothing to change: no dance.
				PreConfig: ts.ResetStats,
				Config:    acctest.Config(ts, accessConfig(strconv.Quote(mailbox), grants{})),
				Check:     acctest.CheckLoginChanges(ts, 0),
			},
		},
	})
}

// A grantee deleted in the portal loses its grants with it and drops out of the list at refresh, without
// an error. An application user still in the configuration is planned again, and the portal refuses it at
// apply time with an error that says why, the mailbox's login disabled again and the other grants kept;
// with the grantee removed from the configuration too, the plan is empty; a portal user that no longer
// exists is refused at plan time, at its key in grants.
func TestAccMailboxAccess_granteeDeleted(t *testing.T) {
	ts := acctest.NewMock(t)
	mailbox := acctest.NewDisabledMailbox(t, ts, "info")
	orders := acctest.NewApplicationUser(t, ts, mockportal.DemoIDs.B2BGateway, "orders")
	carol := acctest.NewUser(t, ts, "carol")
	bob := mockportal.DemoIDs.Bob
	all := acctest.Config(ts, accessConfig(strconv.Quote(mailbox), grants{orders: {"create_messages"}, carol: {"view"}, bob: {"view"}}))
	withoutOrders := acctest.Config(ts, accessConfig(strconv.Quote(mailbox), grants{carol: {"view"}, bob: {"view"}}))

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             acctest.CheckAccessListsDestroyed(ts),
		Steps: []resource.TestStep{
			{Config: all},
			{
				PreConfig:          func() { operatorMust(t, ts.DeleteApplicationUser(orders)) },
				Config:             all,
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(accessAddr, plancheck.ResourceActionUpdate),
				}},
			},
			{
				Config: all,
				ExpectError: permissionError("Cannot make the access list of mailbox "+mailbox+" match the configuration",
					`("`+orders+`") = ["create_messages"]`, "granting [create_messages] to "+orders, "422 grantee_not_found",
					"The grantee (user_id, or a key of grants) must be an existing portal user"),
			},
			{
				PreConfig: func() {
					for _, check := range []resource.TestCheckFunc{
						acctest.CheckGrants(ts, mailbox, grants{carol: {"view"}, bob: {"view"}}),
						acctest.CheckLoginEnabled(ts, mailbox, false),
					} {
						operatorMust(t, check(nil))
					}
				},
				Config:            withoutOrders,
				ConfigPlanChecks:  accessAction(plancheck.ResourceActionNoop),
				ConfigStateChecks: []statecheck.StateCheck{grantsAre(accessAddr, grants{carol: {"view"}, bob: {"view"}})},
			},
			{
				PreConfig: func() { operatorMust(t, ts.DeleteUser(carol)) },
				Config:    withoutOrders,
				PlanOnly:  true,
				// The error points at carol's line of the configuration.
				ExpectError: permissionError(`("`+carol+`") = ["view"]`, "The portal has no user "+carol+", so nothing can be granted to it."),
			},
		},
	})
}

// A list whose mailbox loses its service (409 service_not_provisioned) or its user (404) leaves the state
// without an error, and the plan makes it again; the final destroy, which does not refresh, of a list
// whose mailbox is gone succeeds.
func TestAccMailboxAccess_mailboxDeleted(t *testing.T) {
	ts := acctest.NewMock(t)
	mailbox := acctest.NewDisabledMailbox(t, ts, "info")
	config := acctest.Config(ts, accessConfig(strconv.Quote(mailbox), grants{mockportal.DemoIDs.Bob: {"view"}}))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             acctest.CheckAccessListsDestroyed(ts),
		Steps:                    mailboxGoneSteps(t, ts, mailbox, config, accessAddr),
	})
}

// R8: a submailbox has an access list of its own. The mailbox's list and its submailbox's are managed side
// by side and never see each other's grants, and a change by hand to one shows in that list's plan only;
// the R6 dance of a submailbox's list is on its mailbox's login.
func TestAccMailboxAccess_submailbox(t *testing.T) {
	ts := acctest.NewMock(t)
	mailbox := acctest.NewDisabledMailbox(t, ts, "info")
	invoices := acctest.NewSubmailbox(t, ts, mailbox, "", "Invoices")
	alice, bob := mockportal.DemoIDs.Alice, mockportal.DemoIDs.Bob
	onMailbox := grants{alice: {"view", "full_access"}}
	onInvoices := grants{bob: {"view", "extract_messages"}}
	config := acctest.Config(ts,
		accessConfigExpr("mailbox", strconv.Quote(mailbox), grants{strconv.Quote(alice): onMailbox[alice]}),
		accessConfigExpr("invoices", strconv.Quote(invoices), grants{strconv.Quote(bob): onInvoices[bob]}))
	actions := func(mailboxAction, invoicesAction plancheck.ResourceActionType) resource.ConfigPlanChecks {
		return resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
			plancheck.ExpectResourceAction("portal_mailbox_access.mailbox", mailboxAction),
			plancheck.ExpectResourceAction("portal_mailbox_access.invoices", invoicesAction),
		}}
	}
	bothAsConfigured := resource.ComposeAggregateTestCheckFunc(
		acctest.CheckGrants(ts, mailbox, onMailbox),
		acctest.CheckGrants(ts, invoices, onInvoices),
		acctest.CheckLoginEnabled(ts, mailbox, false),
	)

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             accessListsGoneLoginDisabled(ts, mailbox),
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					grantsAre("portal_mailbox_access.mailbox", onMailbox),
					grantsAre("portal_mailbox_access.invoices", onInvoices),
				},
				Check: resource.ComposeAggregateTestCheckFunc(bothAsConfigured,
					acctest.CheckChangesWhileEnabled(ts, invoices, 1)),
			},
			{
				// Bob's grant made by hand on the mailbox is drift of the mailbox's list alone.
				PreConfig:        func() { byHand(t, ts, mailbox, bob, "view") },
				Config:           config,
				ConfigPlanChecks: actions(plancheck.ResourceActionUpdate, plancheck.ResourceActionNoop),
				Check:            bothAsConfigured,
			},
			{
				// Alice's grant made by hand on the submailbox is drift of the submailbox's list alone.
				PreConfig:        func() { byHand(t, ts, invoices, alice, "view") },
				Config:           config,
				ConfigPlanChecks: actions(plancheck.ResourceActionNoop, plancheck.ResourceActionUpdate),
				Check:            bothAsConfigured,
			},
			{
				ResourceName:      "portal_mailbox_access.invoices",
				ImportState:       true,
				ImportStateVerify: true,
			},
		},
	})
}

// Scale and R6: 200 grantees on one disabled mailbox. Their creation, and an update that changes 50,
// revokes 50 and adds 20, are each made in one dance (two PATCHes of the login), every change with the
// login enabled; a refresh of the whole list is one paged listing, not 200 reads; and a plan without
// changes asks the portal nothing else.
func TestAccMailboxAccess_manyGrantees(t *testing.T) {
	ts := acctest.NewMock(t)
	mailbox := acctest.NewDisabledMailbox(t, ts, "info")
	users := make([]string, 220)
	for i := range users {
		users[i] = acctest.NewUser(t, ts, fmt.Sprintf("member%03d", i))
	}
	first, second := grants{}, grants{}
	for i, u := range users[:200] {
		first[u] = []string{"view", "send_as"}
		switch {
		case i < 50:
			second[u] = []string{"view", "full_access"} // changed
		case i < 100: // revoked
		default:
			second[u] = first[u]
		}
	}
	for _, u := range users[200:] {
		second[u] = []string{"view"} // added
	}

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             accessListsGoneLoginDisabled(ts, mailbox),
		Steps: []resource.TestStep{
			{
				PreConfig: ts.ResetStats,
				Config:    acctest.Config(ts, accessConfig(strconv.Quote(mailbox), first)),
				Check: resource.ComposeAggregateTestCheckFunc(
					acctest.CheckGrants(ts, mailbox, first),
					acctest.CheckLoginChanges(ts, 2),
					acctest.CheckChangesWhileEnabled(ts, mailbox, 200),
					acctest.CheckLoginEnabled(ts, mailbox, false),
				),
			},
			{
				PreConfig: ts.ResetStats,
				Config:    acctest.Config(ts, accessConfig(strconv.Quote(mailbox), first)),
				PlanOnly:  true,
			},
			{
				// The plan of the step before: its refresh was one listing and nothing else.
				PreConfig: func() {
					stats := ts.Stats()
					listings := stats.Requests["GET /api/v1/users/{id}/hosted-exchange/permissions"]
					if listings != 1 || stats.Total != 1 {
						t.Errorf("refreshing a list of 200 grantees took %d requests, want 1 listing: %v", stats.Total, stats.Requests)
					}
					ts.ResetStats()
				},
				Config:           acctest.Config(ts, accessConfig(strconv.Quote(mailbox), second)),
				ConfigPlanChecks: accessAction(plancheck.ResourceActionUpdate),
				Check: resource.ComposeAggregateTestCheckFunc(
					acctest.CheckGrants(ts, mailbox, second),
					acctest.CheckLoginChanges(ts, 2),
					acctest.CheckChangesWhileEnabled(ts, mailbox, 200+50+50+20),
					acctest.CheckLoginEnabled(ts, mailbox, false),
				),
			},
		},
	})
}

// A grantee created in the same apply has an ID known only then, which makes the whole map unknown at plan
// time: the list is still made correctly, at create and at update, and the plan after is empty.
func TestAccMailboxAccess_granteeCreatedInSameApply(t *testing.T) {
	ts := acctest.NewMock(t)
	mailbox := acctest.NewDisabledMailbox(t, ts, "info")
	bob := mockportal.DemoIDs.Bob
	feed := func(name string) string {
		return fmt.Sprintf(`
resource "portal_application_user" %[1]q {
  application_id = %[2]q
  customer_id    = %[3]q
  username       = %[1]q
}
`, name, mockportal.DemoIDs.B2BGateway, mockportal.DemoIDs.Acme)
	}
	appUser := func(name string) string {
		for _, u := range ts.ApplicationUsers(mockportal.DemoIDs.B2BGateway) {
			if u.Username == name {
				return u.ID
			}
		}
		return "(no application user " + name + ")"
	}
	unknownGrants := resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
		plancheck.ExpectUnknownValue(accessAddr, tfjsonpath.New("grants")),
	}}
	one := grants{strconv.Quote(bob): {"view"}, "portal_application_user.orders.id": {"create_messages"}}
	two := grants{strconv.Quote(bob): {"view"}, "portal_application_user.orders.id": {"create_messages"},
		"portal_application_user.invoices.id": {"create_messages", "change_properties"}}

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy: resource.ComposeAggregateTestCheckFunc(
			acctest.CheckAccessListsDestroyed(ts),
			acctest.CheckApplicationUsersDestroyed(ts),
		),
		Steps: []resource.TestStep{
			{
				Config:           acctest.Config(ts, feed("orders"), accessConfigExpr("test", strconv.Quote(mailbox), one)),
				ConfigPlanChecks: unknownGrants,
				Check: func(s *terraform.State) error {
					return acctest.CheckGrants(ts, mailbox, grants{bob: {"view"}, appUser("orders"): {"create_messages"}})(s)
				},
			},
			{
				Config:           acctest.Config(ts, feed("orders"), feed("invoices"), accessConfigExpr("test", strconv.Quote(mailbox), two)),
				ConfigPlanChecks: unknownGrants,
				Check: func(s *terraform.State) error {
					return acctest.CheckGrants(ts, mailbox, grants{bob: {"view"}, appUser("orders"): {"create_messages"},
						appUser("invoices"): {"create_messages", "change_properties"}})(s)
				},
			},
		},
	})
}

// Plan-time rules, as portal_mailbox_permission has them, each pointing at the grantee's line: R10 a token
// that is not an administrator's (for a new list and for destroying one), R11 an application user given
// more than the application permissions, R12 an administrator as grantee (also when its ID is known only
// during apply), values the portal does not know (listing the allowed ones), an empty set, a malformed key
// or mailbox ID.
func TestAccMailboxAccess_planTimeRules(t *testing.T) {
	ts := acctest.NewMock(t)
	mailbox := acctest.NewDisabledMailbox(t, ts, "info")
	admin, bob := mockportal.DemoIDs.Admin, mockportal.DemoIDs.Bob
	orders := acctest.NewApplicationUser(t, ts, mockportal.DemoIDs.B2BGateway, "orders")
	asAlice := acctest.ProviderConfigWithToken(ts, ts.Token(t, mockportal.DemoIDs.Alice))
	aliceRefused := permissionError("Only portal administrators can assign or remove mailbox permissions, and the " +
		"provider's API token belongs to user alice (" + mockportal.DemoIDs.Alice + `) with role "user", ` +
		"which is not an administrator.")
	onMailbox := func(g grants) string { return accessConfig(strconv.Quote(mailbox), g) }
	adminRefused := "user " + admin + " is an administrator; administrators have all permissions and cannot be granted any"

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             accessListsGoneLoginDisabled(ts, mailbox),
		Steps: []resource.TestStep{
			{
				Config:      asAlice + onMailbox(grants{bob: {"view"}}),
				ExpectError: aliceRefused,
			},
			{
				Config: acctest.Config(ts, onMailbox(grants{bob: {"view"}, orders: {"create_messages", "view", "full_access"}})),
				ExpectError: permissionError(`("`+orders+`") = ["create_messages", "view", "full_access"]`,
					"application user "+orders+" cannot be given full_access, view. Application users can only be given "+
						"the application permissions create_messages and change_properties"),
			},
			{
				Config:      acctest.Config(ts, onMailbox(grants{bob: {"view"}, admin: {"view"}})),
				ExpectError: permissionError(`("`+admin+`") = ["view"]`, adminRefused),
			},
			{
				Config: acctest.Config(ts, unknownUntilApply(admin),
					accessConfigExpr("test", strconv.Quote(mailbox), grants{"terraform_data.grantee.output": {"view"}})),
				ExpectError: permissionError(adminRefused),
			},
			{
				Config:      acctest.Config(ts, onMailbox(grants{bob: {"view", "read"}})),
				ExpectError: permissionError(`grants["`+bob+`"]`, `value must be one of: ["view" "create_submailboxes" "delete_mailbox"`),
			},
			{
				Config: acctest.Config(ts, onMailbox(grants{bob: {}})),
				ExpectError: permissionError("No permissions in a grant", `grants["`+bob+`"] is empty`,
					"To take every permission away, remove "+bob+" from grants"),
			},
			{
				Config:      acctest.Config(ts, onMailbox(grants{mockportal.DemoIDs.Acme: {"view"}})),
				ExpectError: permissionError("must be a portal user ID (usr_…) or an application user ID (apu_…)"),
			},
			{
				Config:      acctest.Config(ts, accessConfig(`"info@acme.example"`, grants{bob: {"view"}})),
				ExpectError: permissionError("must be the user ID of a mailbox, such as usr_0123456789abcdef"),
			},
			{
				Config: acctest.Config(ts, onMailbox(grants{bob: {"view"}})),
				Check:  acctest.CheckGrants(ts, mailbox, grants{bob: {"view"}}),
			},
			{
				Config:      asAlice, // the list removed from the configuration: destroying it revokes every grant
				ExpectError: aliceRefused,
			},
			{
				Config: acctest.Config(ts),
				Check:  acctest.CheckGrants(ts, mailbox, grants{}),
			},
		},
	})
}
