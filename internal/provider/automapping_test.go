package provider_test

import (
	"bytes"
	"fmt"
	"regexp"
	"slices"
	"sync/atomic"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
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

const automappedGrant = "portal_mailbox_permission.alice"

// aliceGrant is alice's portal_mailbox_permission on the mailbox, with these permissions and lines.
func aliceGrant(mailboxID, permissions string, lines ...string) string {
	extra := ""
	for _, l := range lines {
		extra += "\n  " + l
	}
	return fmt.Sprintf(`
resource "portal_mailbox_permission" "alice" {
  mailbox_id  = %q
  user_id     = %q
  permissions = %s%s
}
`, mailboxID, mockportal.DemoIDs.Alice, permissions, extra)
}

// checkAutomapping checks alice's grant as the portal holds it: the permissions and the automapping (nil:
// none, without full_access).
func checkAutomapping(ts *mockportal.TestServer, mailboxID string, automapping *bool, permissions ...string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		for _, g := range ts.Permissions(mailboxID) {
			if g.GranteeID != mockportal.DemoIDs.Alice {
				continue
			}
			if !slices.Equal(g.Permissions, slices.Sorted(slices.Values(permissions))) || !equalBool(g.Automapping, automapping) {
				return fmt.Errorf("the portal holds %v with automapping %s for alice, want %v with %s",
					g.Permissions, describeBool(g.Automapping), permissions, describeBool(automapping))
			}
			return nil
		}
		return fmt.Errorf("the portal holds no grant for alice on %s", mailboxID)
	}
}

func equalBool(a, b *bool) bool { return a == nil && b == nil || a != nil && b != nil && *a == *b }

func describeBool(b *bool) string {
	if b == nil {
		return "null"
	}
	return fmt.Sprint(*b)
}

// checkRequests checks the mock's request counts since the last ResetStats for these routes.
func checkRequests(ts *mockportal.TestServer, want map[string]int64) resource.TestCheckFunc {
	return func(*terraform.State) error {
		got := ts.Stats().Requests
		for route, n := range want {
			if got[route] != n {
				return fmt.Errorf("%d requests %s, want %d; all: %v", got[route], route, n, got)
			}
		}
		return nil
	}
}

const (
	routePutGrant    = "PUT " + api.BasePath + "/users/{id}/hosted-exchange/permissions/{grantee_id}"
	routeDeleteGrant = "DELETE " + api.BasePath + "/users/{id}/hosted-exchange/permissions/{grantee_id}"
	routePatchLogin  = "PATCH " + api.BasePath + "/users/{id}"
)

// TestAccMailboxPermission_automapping: automapping is true by default with full_access and null without
// it; turning it off on the grant alice holds is an update in place, made as Exchange demands — full_access
// removed (alice keeps view meanwhile), then granted again — in one R6 dance, checked in the mock's request
// counts and the order of its audit log. A change made by hand shows in the next plan; import reads it; a
// full_access that is all the grant holds goes through a delete; automapping without full_access fails at
// plan time.
func TestAccMailboxPermission_automapping(t *testing.T) {
	ts := acctest.NewMock(t)
	mbx := acctest.NewDisabledMailbox(t, ts, "support")
	alice := mockportal.DemoIDs.Alice
	sameID := statecheck.CompareValue(compare.ValuesSame())
	mark := acctest.LastEvent(ts)
	grantLine := "permission.put " + mbx + " " + alice + " +"
	dance := func(changes ...string) func() []string {
		return func() []string {
			return append(append([]string{"user.update " + mbx}, changes...), "user.update "+mbx)
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             grantsGoneLoginDisabled(ts, mbx),
		Steps: []resource.TestStep{
			{
				Config: acctest.Config(ts, aliceGrant(mbx, `["view", "full_access"]`)),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectKnownValue(automappedGrant, tfjsonpath.New("automapping"), knownvalue.Bool(true)),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(automappedGrant, tfjsonpath.New("automapping"), knownvalue.Bool(true)),
					sameID.AddStateValue(automappedGrant, tfjsonpath.New("id")),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					checkAutomapping(ts, mbx, new(true), "view", "full_access"),
					acctest.CheckWrites(ts, &mark, dance(grantLine)),
				),
			},
			{
				PreConfig:        ts.ResetStats,
				Config:           acctest.Config(ts, aliceGrant(mbx, `["view", "full_access"]`, "automapping = false")),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(automappedGrant, plancheck.ResourceActionUpdate)}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(automappedGrant, tfjsonpath.New("automapping"), knownvalue.Bool(false)),
					sameID.AddStateValue(automappedGrant, tfjsonpath.New("id")),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					checkAutomapping(ts, mbx, new(false), "view", "full_access"),
					// Two PUTs of the grant (without full_access, then with it) inside one enable and disable.
					checkRequests(ts, map[string]int64{routePutGrant: 2, routeDeleteGrant: 0, routePatchLogin: 2}),
					acctest.CheckWrites(ts, &mark, dance(grantLine, grantLine)),
					func(*terraform.State) error {
						// The first PUT kept alice's view: she was never without a grant.
						for _, e := range ts.Events() {
							if e.Operation == mockportal.OpPermissionDelete && e.TargetIDs[0] == mbx {
								return fmt.Errorf("alice's grant was deleted in between: %+v", e)
							}
						}
						return nil
					},
				),
			},
			{
				ResourceName:            automappedGrant,
				ImportState:             true,
				ImportStateId:           mbx + "/" + alice,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"timeouts"},
			},
			{
				// By hand, as Exchange allows it: full_access removed and granted again with automapping.
				PreConfig: func() {
					acctest.AsOperator(t, ts, mbx, func() error {
						if _, err := ts.PutGrant(mbx, alice, api.PermissionSpec{Permissions: []string{"view"}}); err != nil {
							return err
						}
						_, err := ts.PutGrant(mbx, alice, api.PermissionSpec{Permissions: []string{"view", "full_access"}, Automapping: new(true)})
						return err
					})
					mark = acctest.LastEvent(ts)
				},
				Config: acctest.Config(ts, aliceGrant(mbx, `["view", "full_access"]`, "automapping = false")),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(automappedGrant, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(automappedGrant, tfjsonpath.New("automapping"), knownvalue.Bool(false)),
				}},
				Check: resource.ComposeAggregateTestCheckFunc(
					checkAutomapping(ts, mbx, new(false), "view", "full_access"),
					acctest.CheckWrites(ts, &mark, dance(grantLine, grantLine)),
				),
			},
			{
				// full_access alone, mapped again: nothing else to keep, so the grant is deleted and made again.
				Config:           acctest.Config(ts, aliceGrant(mbx, `["full_access"]`)),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(automappedGrant, plancheck.ResourceActionUpdate)}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(automappedGrant, tfjsonpath.New("automapping"), knownvalue.Bool(true)),
					sameID.AddStateValue(automappedGrant, tfjsonpath.New("id")),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					checkAutomapping(ts, mbx, new(true), "full_access"),
					acctest.CheckWrites(ts, &mark, dance("permission.delete "+mbx+" "+alice+" +", grantLine)),
				),
			},
			{
				Config:      acctest.Config(ts, aliceGrant(mbx, `["view"]`, "automapping = false")),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)automapping without full_access.*automapping = false.*do not include\s+full_access`),
			},
			{
				// Without full_access there is no automapping: null, and one PUT.
				Config: acctest.Config(ts, aliceGrant(mbx, `["view"]`)),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(automappedGrant, tfjsonpath.New("automapping"), knownvalue.Null()),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					checkAutomapping(ts, mbx, nil, "view"),
					acctest.CheckWrites(ts, &mark, dance(grantLine)),
				),
			},
		},
	})
}

// TestAccMailboxPermission_automappingFailsHalfway: the portal goes down right after the provider removed
// alice's full_access to grant it again with the other automapping. Granting it again fails, and so does
// giving it back; the apply says so, and the state records what the portal holds — alice's send_as without
// full_access — so that the next plan shows full_access to grant (and the login left enabled), and the next
// apply, with the portal back, repairs both in place.
func TestAccMailboxPermission_automappingFailsHalfway(t *testing.T) {
	var ts *mockportal.TestServer
	var armed atomic.Bool
	ts = acctest.NewMock(t, mockportal.Options{Hooks: &mockportal.Hooks{
		After: func(req mockportal.HookRequest, status int) {
			removed := req.Route == routePutGrant && !bytes.Contains(req.Body, []byte(api.PermissionFullAccess)) ||
				req.Route == routeDeleteGrant
			if status < 300 && removed && armed.CompareAndSwap(true, false) {
				if err := ts.SetFaults(mockportal.Faults{Seed: 1, ErrorRate: 1}); err != nil {
					t.Errorf("the portal going down: %v", err)
				}
			}
		},
	}})
	alice := mockportal.DemoIDs.Alice
	var mbx string
	grants := func(automapping string) string {
		return acctest.Config(ts, infoMailbox().String(), `
resource "portal_mailbox_permission" "alice" {
  mailbox_id  = portal_shared_mailbox.test.id
  user_id     = "`+alice+`"
  permissions = ["full_access", "send_as"]
  automapping = `+automapping+`
}
`)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             acctest.CheckSharedMailboxesDestroyed(ts),
		Steps: []resource.TestStep{
			{
				Config: grants("true"),
				Check:  resource.ComposeAggregateTestCheckFunc(saveMailboxID(&mbx), checkAutomappingOn(ts, &mbx, new(true), "full_access", "send_as")),
			},
			{
				PreConfig: func() { armed.Store(true) },
				Config:    grants("false"),
				ExpectError: acctest.MessageRegexp("removing full_access worked, granting it again did not", "giving it back as it was failed too",
					"usr_a11ce00000000001 has no full_access on the mailbox until the next apply grants it again, which the next plan shows"),
			},
			{
				PreConfig: func() {
					operatorMust(t, ts.SetFaults(mockportal.Faults{}))
					// Half-way: alice kept send_as, full_access is gone, and the login could not be disabled again.
					if err := checkAutomapping(ts, mbx, nil, "send_as")(nil); err != nil {
						t.Fatalf("after the failure: %v", err)
					}
					if u, _ := ts.User(mbx); !u.LoginEnabled {
						t.Fatalf("the login of %s was disabled although the portal was down", mbx)
					}
				},
				Config: grants("false"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(automappedGrant, plancheck.ResourceActionUpdate),
					plancheck.ExpectResourceAction(mailboxAddr, plancheck.ResourceActionUpdate),
				}},
				Check: resource.ComposeAggregateTestCheckFunc(
					checkAutomappingOn(ts, &mbx, new(false), "full_access", "send_as"),
					loginDisabledMailbox(ts, mockportal.PlanSharedMailbox, "info@acme.example"),
				),
			},
		},
	})
}

// checkAutomappingOn is checkAutomapping on a mailbox whose ID a step learns.
func checkAutomappingOn(ts *mockportal.TestServer, mbx *string, automapping *bool, permissions ...string) resource.TestCheckFunc {
	return func(s *terraform.State) error { return checkAutomapping(ts, *mbx, automapping, permissions...)(s) }
}

const billingAccess = "portal_mailbox_access.billing"

// automappingOfGrants checks that every grant on the mailbox holds full_access with the automapping want
// gives its grantee.
func automappingOfGrants(ts *mockportal.TestServer, mbx string, want map[string]bool) resource.TestCheckFunc {
	return func(*terraform.State) error {
		for _, g := range ts.Permissions(mbx) {
			if w, ok := want[g.GranteeID]; !ok || g.Automapping == nil || *g.Automapping != w {
				return fmt.Errorf("%s holds %v with automapping %s, want automapping %v", g.GranteeID, g.Permissions, describeBool(g.Automapping), want)
			}
		}
		return nil
	}
}

// TestAccMailboxAccess_automapping: full_access_without_automapping lists the grantees whose full_access
// does not map the mailbox; swapping two of them changes both grants in place, in one R6 dance; a change
// made by hand is drift; import reads it; a grantee listed without full_access fails at plan time.
func TestAccMailboxAccess_automapping(t *testing.T) {
	ts := acctest.NewMock(t)
	mbx := acctest.NewDisabledMailbox(t, ts, "billing")
	alice, bob := mockportal.DemoIDs.Alice, mockportal.DemoIDs.Bob
	access := func(unmapped string, bobRights string) string {
		return acctest.Config(ts, fmt.Sprintf(`
resource "portal_mailbox_access" "billing" {
  mailbox_id = %q
  grants = {
    %q = ["view", "full_access"]
    %q = %s
  }
  full_access_without_automapping = %s
}
`, mbx, alice, bob, bobRights, unmapped))
	}
	automappingOf := func(want map[string]bool) resource.TestCheckFunc { return automappingOfGrants(ts, mbx, want) }
	mark := acctest.LastEvent(ts)
	put := func(grantee string) string { return "permission.put " + mbx + " " + grantee + " +" }
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             acctest.CheckAccessListsDestroyed(ts),
		Steps: []resource.TestStep{
			{
				Config: access(`["`+bob+`"]`, `["full_access"]`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(billingAccess, tfjsonpath.New("full_access_without_automapping"), setOfStrings(bob)),
					statecheck.ExpectKnownValue(billingAccess, tfjsonpath.New("grants").AtMapKey(bob), setOfStrings("full_access")),
				},
				Check: resource.ComposeAggregateTestCheckFunc(automappingOf(map[string]bool{alice: true, bob: false}),
					acctest.CheckWrites(ts, &mark, func() []string {
						return []string{"user.update " + mbx, put(alice), put(bob), "user.update " + mbx}
					})),
			},
			{
				// Swapped: alice's full_access is removed (she keeps view) and granted again; bob's, all he holds,
				// is deleted and granted again. One enable, one disable.
				Config:           access(`["`+alice+`"]`, `["full_access"]`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(billingAccess, plancheck.ResourceActionUpdate)}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(billingAccess, tfjsonpath.New("full_access_without_automapping"), setOfStrings(alice)),
				},
				Check: resource.ComposeAggregateTestCheckFunc(automappingOf(map[string]bool{alice: false, bob: true}),
					acctest.CheckWrites(ts, &mark, func() []string {
						return []string{"user.update " + mbx, put(alice), put(alice), "permission.delete " + mbx + " " + bob + " +",
							put(bob), "user.update " + mbx}
					})),
			},
			{
				ResourceName:            billingAccess,
				ImportState:             true,
				ImportStateId:           mbx,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"timeouts"},
			},
			{
				// By hand: bob's full_access granted again without automapping.
				PreConfig: func() {
					acctest.AsOperator(t, ts, mbx, func() error {
						if err := ts.DeletePermission(mbx, bob); err != nil {
							return err
						}
						_, err := ts.PutGrant(mbx, bob, api.PermissionSpec{Permissions: []string{"full_access"}, Automapping: new(false)})
						return err
					})
				},
				Config: access(`["`+alice+`"]`, `["full_access"]`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(billingAccess, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(billingAccess, tfjsonpath.New("full_access_without_automapping"), setOfStrings(alice)),
				}},
				Check: automappingOf(map[string]bool{alice: false, bob: true}),
			},
			{
				// Bob loses full_access: then he cannot be listed.
				Config:      access(`["`+bob+`"]`, `["view"]`),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)Automapping of a grantee without full_access.*usr_b0b0000000000002 is listed\s+in\s+full_access_without_automapping,\s+but\s+grants\s+does\s+not\s+give\s+it\s+full_access`),
			},
			{
				// Back to the default: every full_access maps the mailbox.
				Config:            access(`[]`, `["full_access"]`),
				ConfigStateChecks: []statecheck.StateCheck{statecheck.ExpectKnownValue(billingAccess, tfjsonpath.New("full_access_without_automapping"), setOfStrings())},
				Check:             automappingOf(map[string]bool{alice: true, bob: true}),
			},
		},
	})
}
