package provider_test

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

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

const permissionAddr = "portal_mailbox_permission.test"

// permissionConfig is a portal_mailbox_permission named name; mailbox and user are HCL expressions.
func permissionConfig(name, mailbox, user string, permissions ...string) string {
	quoted := make([]string, len(permissions))
	for i, p := range permissions {
		quoted[i] = strconv.Quote(p)
	}
	return fmt.Sprintf(`
resource "portal_mailbox_permission" %q {
  mailbox_id  = %s
  user_id     = %s
  permissions = [%s]
}
`, name, mailbox, user, strings.Join(quoted, ", "))
}

// grantConfig is permissionConfig for the resource "test" with literal IDs.
func grantConfig(mailboxID, userID string, permissions ...string) string {
	return permissionConfig("test", strconv.Quote(mailboxID), strconv.Quote(userID), permissions...)
}

// unknownUntilApply is a terraform_data whose output, used as user_id, is unknown to the first plan and
// only known when Terraform plans the resource again during apply.
func unknownUntilApply(userID string) string {
	return fmt.Sprintf(`
resource "terraform_data" "grantee" {
  input = %q
}
`, userID)
}

// permissionError matches texts, in this order, as Terraform prints them (acctest.MessageRegexp).
func permissionError(texts ...string) *regexp.Regexp { return acctest.MessageRegexp(texts...) }

// grantsGoneLoginDisabled is a CheckDestroy: no grant is left, and R6 left the mailbox's login disabled.
func grantsGoneLoginDisabled(ts *mockportal.TestServer, mailboxID string) resource.TestCheckFunc {
	return resource.ComposeAggregateTestCheckFunc(
		acctest.CheckPermissionsDestroyed(ts),
		acctest.CheckLoginEnabled(ts, mailboxID, false),
	)
}

func permissionsAre(addr string, permissions ...string) statecheck.StateCheck {
	values := make([]knownvalue.Check, len(permissions))
	for i, p := range permissions {
		values[i] = knownvalue.StringExact(p)
	}
	return statecheck.ExpectKnownValue(addr, tfjsonpath.New("permissions"), knownvalue.SetExact(values))
}

func permissionAction(action plancheck.ResourceActionType) resource.ConfigPlanChecks {
	return resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(permissionAddr, action)}}
}

// R4 and R6: a grant is made, changed in place and replaced, on a mailbox whose login is disabled, which
// ends disabled every time; import reads back the same grant.
func TestAccMailboxPermission_basic(t *testing.T) {
	ts := acctest.NewMock(t)
	mailbox := acctest.NewDisabledMailbox(t, ts, "info")
	bob, alice := mockportal.DemoIDs.Bob, mockportal.DemoIDs.Alice
	sameID := statecheck.CompareValue(compare.ValuesSame())
	newID := statecheck.CompareValue(compare.ValuesDiffer())

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             grantsGoneLoginDisabled(ts, mailbox),
		Steps: []resource.TestStep{
			{
				Config:           acctest.Config(ts, grantConfig(mailbox, bob, "view", "send_as")),
				ConfigPlanChecks: permissionAction(plancheck.ResourceActionCreate),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(permissionAddr, tfjsonpath.New("id"), knownvalue.StringExact(mailbox+"/"+bob)),
					permissionsAre(permissionAddr, "view", "send_as"),
					sameID.AddStateValue(permissionAddr, tfjsonpath.New("id")),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					acctest.CheckGrant(ts, mailbox, bob, "view", "send_as"),
					acctest.CheckLoginEnabled(ts, mailbox, false),
				),
			},
			{
				Config:           acctest.Config(ts, grantConfig(mailbox, bob, "view", "full_access")),
				ConfigPlanChecks: permissionAction(plancheck.ResourceActionUpdate),
				ConfigStateChecks: []statecheck.StateCheck{
					permissionsAre(permissionAddr, "view", "full_access"),
					sameID.AddStateValue(permissionAddr, tfjsonpath.New("id")),
					newID.AddStateValue(permissionAddr, tfjsonpath.New("id")),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					acctest.CheckGrant(ts, mailbox, bob, "view", "full_access"),
					acctest.CheckLoginEnabled(ts, mailbox, false),
				),
			},
			{
				ResourceName:      permissionAddr,
				ImportState:       true,
				ImportStateVerify: true,
			},
			{
				ResourceName:  permissionAddr,
				ImportState:   true,
				ImportStateId: mailbox + "-" + bob,
				ExpectError:   permissionError(`import ID "` + mailbox + "-" + bob + `" must have the form mailbox_id/user_id`),
			},
			{
				ResourceName:  permissionAddr,
				ImportState:   true,
				ImportStateId: mailbox + "/bob",
				ExpectError:   permissionError("user_id must be a portal user ID (usr_…) or an application user ID (apu_…)"),
			},
			{
				Config:           acctest.Config(ts, grantConfig(mailbox, alice, "view", "full_access")),
				ConfigPlanChecks: permissionAction(plancheck.ResourceActionDestroyBeforeCreate),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(permissionAddr, tfjsonpath.New("id"), knownvalue.StringExact(mailbox+"/"+alice)),
					newID.AddStateValue(permissionAddr, tfjsonpath.New("id")),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					acctest.CheckGrant(ts, mailbox, alice, "view", "full_access"),
					acctest.CheckGrant(ts, mailbox, bob), // replaced, not copied
					acctest.CheckLoginEnabled(ts, mailbox, false),
				),
			},
		},
	})
}

// Changes made by hand in the portal show in the next plan: a changed set is put back in place, a removed
// grant is made again.
func TestAccMailboxPermission_drift(t *testing.T) {
	ts := acctest.NewMock(t)
	mailbox := acctest.NewDisabledMailbox(t, ts, "info")
	bob := mockportal.DemoIDs.Bob
	config := acctest.Config(ts, grantConfig(mailbox, bob, "view"))

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             grantsGoneLoginDisabled(ts, mailbox),
		Steps: []resource.TestStep{
			{Config: config},
			{
				PreConfig: func() {
					acctest.AsOperator(t, ts, mailbox, func() error {
						_, err := ts.PutPermission(mailbox, bob, []string{"view", "delete_messages"})
						return err
					})
				},
				Config:           config,
				ConfigPlanChecks: permissionAction(plancheck.ResourceActionUpdate),
				Check: resource.ComposeAggregateTestCheckFunc(
					acctest.CheckGrant(ts, mailbox, bob, "view"),
					acctest.CheckLoginEnabled(ts, mailbox, false),
				),
			},
			{
				PreConfig: func() {
					acctest.AsOperator(t, ts, mailbox, func() error { return ts.DeletePermission(mailbox, bob) })
				},
				Config:           config,
				ConfigPlanChecks: permissionAction(plancheck.ResourceActionCreate),
				Check:            acctest.CheckGrant(ts, mailbox, bob, "view"),
			},
		},
	})
}

// A grant whose grantee is deleted leaves the state without an error. An application user's grant is
// planned again (the portal refuses it at apply time); a portal user that no longer exists is refused at
// plan time. The final destroy, which does not refresh, deletes grants that are already gone.
func TestAccMailboxPermission_granteeDeleted(t *testing.T) {
	ts := acctest.NewMock(t)
	mailbox := acctest.NewDisabledMailbox(t, ts, "info")
	orders := acctest.NewApplicationUser(t, ts, mockportal.DemoIDs.B2BGateway, "orders")
	carol := acctest.NewUser(t, ts, "carol")
	config := acctest.Config(ts,
		permissionConfig("app", strconv.Quote(mailbox), strconv.Quote(orders), "create_messages"),
		permissionConfig("user", strconv.Quote(mailbox), strconv.Quote(carol), "view"))

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             grantsGoneLoginDisabled(ts, mailbox),
		Steps: []resource.TestStep{
			{Config: config},
			{
				PreConfig:          func() { operatorMust(t, ts.DeleteApplicationUser(orders)) },
				Config:             config,
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("portal_mailbox_permission.app", plancheck.ResourceActionCreate),
					plancheck.ExpectResourceAction("portal_mailbox_permission.user", plancheck.ResourceActionNoop),
				}},
			},
			{
				PreConfig:   func() { operatorMust(t, ts.DeleteUser(carol)) },
				Config:      config,
				PlanOnly:    true,
				ExpectError: permissionError("The portal has no user " + carol + ", so nothing can be granted to it."),
			},
		},
	})
}

// A grant whose mailbox loses its service (409 service_not_provisioned) or its user (404) leaves the state
// without an error, and the plan makes it again. The final destroy, which does not refresh, deletes a grant
// whose mailbox is gone: that must succeed.
func TestAccMailboxPermission_mailboxDeleted(t *testing.T) {
	ts := acctest.NewMock(t)
	mailbox := acctest.NewDisabledMailbox(t, ts, "info")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             acctest.CheckPermissionsDestroyed(ts),
		Steps:                    mailboxGoneSteps(t, ts, mailbox, acctest.Config(ts, grantConfig(mailbox, mockportal.DemoIDs.Bob, "view")), permissionAddr),
	})
}

// mailboxGoneSteps apply config, then take from the resource addr on mailbox first the mailbox's service
// (409 service_not_provisioned), then its user (404): each time the resource leaves the state without an
// error, and the plan creates it again.
func mailboxGoneSteps(t *testing.T, ts *mockportal.TestServer, mailbox, config, addr string) []resource.TestStep {
	recreated := resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{
		plancheck.ExpectResourceAction(addr, plancheck.ResourceActionCreate),
	}}
	return []resource.TestStep{
		{Config: config},
		{
			PreConfig:          func() { acctest.Deprovision(t, ts, mailbox) },
			Config:             config,
			PlanOnly:           true,
			ExpectNonEmptyPlan: true,
			ConfigPlanChecks:   recreated,
		},
		{
			PreConfig:          func() { operatorMust(t, ts.DeleteUser(mailbox)) },
			Config:             config,
			PlanOnly:           true,
			ExpectNonEmptyPlan: true,
			ConfigPlanChecks:   recreated,
		},
	}
}

// R10: only administrators can assign or remove permissions. A regular user's or an application user's
// token is refused at plan time, naming the principal it belongs to — for a new grant and for removing one.
func TestAccMailboxPermission_nonAdministratorToken(t *testing.T) {
	ts := acctest.NewMock(t)
	mailbox := acctest.NewDisabledMailbox(t, ts, "info")
	bob := mockportal.DemoIDs.Bob
	orders := acctest.NewApplicationUser(t, ts, mockportal.DemoIDs.B2BGateway, "orders")
	asAlice := acctest.ProviderConfigWithToken(ts, ts.Token(t, mockportal.DemoIDs.Alice))
	aliceRefused := permissionError("Only portal administrators can assign or remove mailbox permissions, and the " +
		"provider's API token belongs to user alice (" + mockportal.DemoIDs.Alice + `) with role "user", ` +
		"which is not an administrator.")
	config := grantConfig(mailbox, bob, "view")

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             grantsGoneLoginDisabled(ts, mailbox),
		Steps: []resource.TestStep{
			{
				Config:      asAlice + config,
				ExpectError: aliceRefused,
			},
			{
				Config: acctest.ProviderConfigWithToken(ts, ts.Token(t, orders)) + config,
				ExpectError: permissionError("the provider's API token belongs to application user orders (" + orders +
					") of application " + mockportal.DemoIDs.B2BGateway + ", which is not an administrator."),
			},
			{
				Config: acctest.Config(ts, config),
				Check:  acctest.CheckGrant(ts, mailbox, bob, "view"),
			},
			{
				Config:      asAlice, // the grant removed from the configuration
				ExpectError: aliceRefused,
			},
			{
				Config: acctest.Config(ts),
				Check:  acctest.CheckGrant(ts, mailbox, bob),
			},
		},
	})
}

// R11: an application user may only be given create_messages and change_properties. Other values are
// refused before any change is made, naming them: at plan time, or when Terraform plans again during apply
// for a grantee that only became known then. (The portal's own refusal is tested in grantee_test.go.)
func TestAccMailboxPermission_applicationUser(t *testing.T) {
	ts := acctest.NewMock(t)
	mailbox := acctest.NewDisabledMailbox(t, ts, "info")
	orders := acctest.NewApplicationUser(t, ts, mockportal.DemoIDs.B2BGateway, "orders")

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             grantsGoneLoginDisabled(ts, mailbox),
		Steps: []resource.TestStep{
			{
				Config: acctest.Config(ts, grantConfig(mailbox, orders, "create_messages", "view", "full_access")),
				ExpectError: permissionError("application user " + orders + " cannot be given full_access, view. Application " +
					"users can only be given the application permissions create_messages and change_properties"),
			},
			{
				Config: acctest.Config(ts, unknownUntilApply(orders),
					permissionConfig("test", strconv.Quote(mailbox), "terraform_data.grantee.output", "create_messages", "send_as")),
				ExpectError: permissionError("application user " + orders + " cannot be given send_as."),
			},
			{
				Config:            acctest.Config(ts, grantConfig(mailbox, orders, "create_messages", "change_properties")),
				ConfigStateChecks: []statecheck.StateCheck{permissionsAre(permissionAddr, "create_messages", "change_properties")},
				Check:             acctest.CheckGrant(ts, mailbox, orders, "create_messages", "change_properties"),
			},
		},
	})
}

// R12: administrators have all permissions and cannot be granted any — refused at plan time, or when
// Terraform plans again during apply for a grantee that only became known then. (The portal's own refusal
// is tested in grantee_test.go.)
func TestAccMailboxPermission_administratorGrantee(t *testing.T) {
	ts := acctest.NewMock(t)
	mailbox := acctest.NewDisabledMailbox(t, ts, "info")
	admin := mockportal.DemoIDs.Admin
	refusal := permissionError("user " + admin + " is an administrator; administrators have all permissions and cannot be granted any")

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy: resource.ComposeAggregateTestCheckFunc(
			acctest.CheckGrant(ts, mailbox, admin), // none
			acctest.CheckLoginEnabled(ts, mailbox, false),
		),
		Steps: []resource.TestStep{
			{
				Config:      acctest.Config(ts, grantConfig(mailbox, admin, "view")),
				ExpectError: refusal,
			},
			{
				Config: acctest.Config(ts, unknownUntilApply(admin),
					permissionConfig("test", strconv.Quote(mailbox), "terraform_data.grantee.output", "view")),
				ExpectError: refusal,
			},
		},
	})
}

// Values the portal does not know, an empty set and malformed IDs fail at plan time, naming what is allowed.
func TestAccMailboxPermission_invalidConfig(t *testing.T) {
	ts := acctest.NewMock(t)
	bob, alice := mockportal.DemoIDs.Bob, mockportal.DemoIDs.Alice

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      acctest.Config(ts, grantConfig(alice, bob, "view", "read")),
				ExpectError: permissionError(`value must be one of: ["view" "create_submailboxes" "delete_mailbox"`),
			},
			{
				Config: acctest.Config(ts, grantConfig(alice, bob)),
				ExpectError: permissionError("No permissions in a grant", "permissions is empty",
					"To take every permission away, remove this portal_mailbox_permission resource from the configuration"),
			},
			{
				Config:      acctest.Config(ts, grantConfig("alice", bob, "view")),
				ExpectError: permissionError("must be the user ID of a mailbox, such as usr_0123456789abcdef"),
			},
			{
				Config:      acctest.Config(ts, grantConfig(alice, mockportal.DemoIDs.Acme, "view")),
				ExpectError: permissionError("must be a portal user ID (usr_…) or an application user ID (apu_…)"),
			},
		},
	})
}

// R8 and R9: a grant is on one mailbox only, and nobody has any permission until granted; the data source
// lists every grant on a mailbox, including those made by hand.
func TestAccMailboxPermission_perMailbox(t *testing.T) {
	ts := acctest.NewMock(t)
	info := acctest.NewDisabledMailbox(t, ts, "info")
	sales := acctest.NewDisabledMailbox(t, ts, "sales")
	carol := acctest.NewUser(t, ts, "carol") // new: holds nothing anywhere (R9)
	orders := acctest.NewApplicationUser(t, ts, mockportal.DemoIDs.B2BGateway, "orders")
	acctest.AsOperator(t, ts, info, func() error {
		_, err := ts.PutPermission(info, orders, []string{"change_properties"}) // by hand: listed too
		return err
	})
	config := acctest.Config(ts, grantConfig(info, carol, "view", "send_on_behalf"), fmt.Sprintf(`
data "portal_mailbox_permissions" "info" {
  mailbox_id = portal_mailbox_permission.test.mailbox_id
}

data "portal_mailbox_permissions" "sales" {
  mailbox_id = %q
  depends_on = [portal_mailbox_permission.test]
}
`, sales))

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             acctest.CheckPermissionsDestroyed(ts),
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.portal_mailbox_permissions.info", tfjsonpath.New("grants"),
						knownvalue.ListExact([]knownvalue.Check{
							knownvalue.ObjectExact(map[string]knownvalue.Check{
								"mailbox_id":   knownvalue.StringExact(info),
								"user_id":      knownvalue.StringExact(orders),
								"grantee_kind": knownvalue.StringExact(api.GranteeApplicationUser),
								"permissions":  knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact("change_properties")}),
								"automapping":  knownvalue.Null(),
							}),
							knownvalue.ObjectExact(map[string]knownvalue.Check{
								"mailbox_id":   knownvalue.StringExact(info),
								"user_id":      knownvalue.StringExact(carol),
								"grantee_kind": knownvalue.StringExact(api.GranteeUser),
								"permissions": knownvalue.SetExact([]knownvalue.Check{
									knownvalue.StringExact("view"), knownvalue.StringExact("send_on_behalf")}),
								"automapping": knownvalue.Null(),
							}),
						})),
					statecheck.ExpectKnownValue("data.portal_mailbox_permissions.sales", tfjsonpath.New("grants"), knownvalue.ListSizeExact(0)),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					acctest.CheckGrant(ts, sales, carol),
					acctest.CheckGrant(ts, info, mockportal.DemoIDs.Bob),
				),
			},
			{
				Config: acctest.Config(ts, fmt.Sprintf(`
data "portal_mailbox_permissions" "carol" {
  mailbox_id = %q
}
`, carol)),
				ExpectError: permissionError("409 service_not_provisioned", "Permissions and submailboxes exist only on a provisioned mailbox"),
			},
		},
	})
}

// R6 under parallelism: 20 grants on one mailbox whose login is disabled, applied with Terraform's default
// parallelism, all land; the portal saw every change with the login enabled, and the login ends disabled
// after the apply and after the destroy.
func TestAccMailboxPermission_parallelOnOneDisabledMailbox(t *testing.T) {
	ts := acctest.NewMock(t)
	mailbox := acctest.NewDisabledMailbox(t, ts, "info")
	users := make([]string, 20)
	for i := range users {
		users[i] = acctest.NewUser(t, ts, fmt.Sprintf("member%02d", i))
	}
	// A little latency makes parallel requests overlap, as they do against a real portal: without the
	// per-mailbox lock, one grant's restore would disable the login under another's change.
	operatorMust(t, ts.SetFaults(mockportal.Faults{Latency: 5 * time.Millisecond}))
	config := acctest.Config(ts, fmt.Sprintf(`
locals {
  members = [%s]
}

resource "portal_mailbox_permission" "member" {
  count       = length(local.members)
  mailbox_id  = %q
  user_id     = local.members[count.index]
  permissions = ["view", "send_as"]
}
`, `"`+strings.Join(users, `", "`)+`"`, mailbox))

	// changesWhileEnabled checks the portal's record of the permission changes of one kind on the mailbox.
	changesWhileEnabled := func(op string) resource.TestCheckFunc {
		return func(*terraform.State) error {
			events := acctest.Events(ts, op, mailbox)
			for _, e := range events {
				if e.MailboxLoginEnabled == nil || !*e.MailboxLoginEnabled {
					return fmt.Errorf("event %d (%s of %v) happened with the mailbox login disabled", e.Seq, op, e.TargetIDs)
				}
			}
			if len(events) != len(users) {
				return fmt.Errorf("the portal recorded %d %s events on the mailbox, want %d", len(events), op, len(users))
			}
			return nil
		}
	}
	checkAll := func(permissions ...string) resource.TestCheckFunc {
		checks := []resource.TestCheckFunc{acctest.CheckLoginEnabled(ts, mailbox, false)}
		for _, u := range users {
			checks = append(checks, acctest.CheckGrant(ts, mailbox, u, permissions...))
		}
		return resource.ComposeAggregateTestCheckFunc(checks...)
	}

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy: resource.ComposeAggregateTestCheckFunc(
			checkAll(),
			changesWhileEnabled(mockportal.OpPermissionDelete),
		),
		Steps: []resource.TestStep{
			{
				Config: config,
				Check: resource.ComposeAggregateTestCheckFunc(
					checkAll("view", "send_as"),
					changesWhileEnabled(mockportal.OpPermissionPut),
				),
			},
			{
				PreConfig: ts.ResetStats,
				Config:    config,
				PlanOnly:  true,
			},
			{
				// The plans of the step before: refreshing the grants reads each alone or through the
				// customer's listing (batch_reads), never more than a request per grant, and a plan that
				// changes no grant looks nothing else up (no GET /me, no grantee lookups).
				PreConfig: func() {
					stats := ts.Stats()
					reads := stats.Requests[routeGetGrant] +
						stats.Requests[routeListGrants]
					if stats.Total != reads || reads > int64(len(users)) {
						t.Errorf("refreshing %d grants took %d requests, want at most %d reads of grants: %v",
							len(users), stats.Total, len(users), stats.Requests)
					}
				},
				Config:   config,
				PlanOnly: true,
			},
		},
	})
}

// When the mailbox's login cannot be disabled again after the change, the error says so plainly; the grant
// that was made is kept in state (tainted), and the mailbox is left enabled for the next plan to show.
func TestAccMailboxPermission_restoreFails(t *testing.T) {
	ts := acctest.NewMock(t)
	mailbox := acctest.NewDisabledMailbox(t, ts, "info")
	bob := mockportal.DemoIDs.Bob

	// A portal that is unavailable for exactly one kind of request: disabling this mailbox's login.
	portal := ts.Handler()
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPatch && r.URL.Path == api.BasePath+"/users/"+mailbox {
			body, _ := io.ReadAll(r.Body)
			r.Body = io.NopCloser(bytes.NewReader(body))
			if bytes.Contains(body, []byte(`"login_enabled":false`)) {
				w.Header().Set("Content-Type", api.ContentTypeProblem)
				w.WriteHeader(http.StatusServiceUnavailable)
				_, _ = io.WriteString(w, `{"type":"about:blank","title":"Service Unavailable","status":503,"code":"service_unavailable","detail":"maintenance"}`)
				return
			}
		}
		portal.ServeHTTP(w, r)
	}))
	t.Cleanup(proxy.Close)
	viaProxy := *ts
	viaProxy.URL = proxy.URL + api.BasePath

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: acctest.Config(&viaProxy, grantConfig(mailbox, bob, "view")),
				ExpectError: permissionError("Cannot grant permissions on mailbox "+mailbox+" to "+bob,
					"mailbox "+mailbox+" is left with login ENABLED"),
			},
			{
				// The grant was made and stored, tainted: the next plan replaces it rather than forgetting it.
				PreConfig: func() {
					for _, check := range []resource.TestCheckFunc{
						acctest.CheckGrant(ts, mailbox, bob, "view"),
						acctest.CheckLoginEnabled(ts, mailbox, true),
					} {
						operatorMust(t, check(nil))
					}
				},
				Config:             acctest.Config(&viaProxy, grantConfig(mailbox, bob, "view")),
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(permissionAddr, plancheck.ResourceActionDestroyBeforeCreate),
				}},
			},
		},
	})
}

func operatorMust(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// TestAccMailboxPermission_timeLimit: a grant that cannot finish within its timeouts value (here every
// portal answer takes longer than the whole limit) fails with an error that names the limit and how to
// raise it, leaves the mailbox's login disabled and nothing granted; once the portal answers in time, the
// same configuration applies and its limits stay out of the portal's business (an empty plan after).
func TestAccMailboxPermission_timeLimit(t *testing.T) {
	ts := acctest.NewMock(t)
	mailbox := acctest.NewDisabledMailbox(t, ts, "info")
	config := acctest.Config(ts, fmt.Sprintf(`
resource "portal_mailbox_permission" "test" {
  mailbox_id  = %q
  user_id     = %q
  permissions = ["view"]
  timeouts    = { create = "1s", delete = "1m" }
}
`, mailbox, mockportal.DemoIDs.Bob))

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             grantsGoneLoginDisabled(ts, mailbox),
		Steps: []resource.TestStep{
			{
				PreConfig: func() { operatorMust(t, ts.SetFaults(mockportal.Faults{Latency: 1500 * time.Millisecond})) },
				Config:    config,
				ExpectError: permissionError("The create ran out of time (1s)",
					`The create did not finish within its time limit of 1s`, `timeouts = { create = "2s" }`),
			},
			{
				PreConfig: func() {
					operatorMust(t, ts.SetFaults(mockportal.Faults{}))
					if got := ts.Permissions(mailbox); len(got) != 0 {
						t.Errorf("after the timed-out create the mailbox has grants %v, want none", got)
					}
				},
				Config:           config,
				ConfigPlanChecks: permissionAction(plancheck.ResourceActionCreate),
				ConfigStateChecks: []statecheck.StateCheck{
					permissionsAre(permissionAddr, "view"),
					statecheck.ExpectKnownValue(permissionAddr, tfjsonpath.New("timeouts").AtMapKey("create"),
						knownvalue.StringExact("1s")),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					acctest.CheckGrant(ts, mailbox, mockportal.DemoIDs.Bob, "view"),
					acctest.CheckLoginEnabled(ts, mailbox, false),
				),
			},
			{
				Config:   config,
				PlanOnly: true,
			},
		},
	})
}
