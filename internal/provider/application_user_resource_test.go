package provider_test

import (
	"fmt"
	"regexp"
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

	"github.com/csportal/terraform-provider-portal/internal/acctest"
	"github.com/csportal/terraform-provider-portal/internal/api"
	"github.com/csportal/terraform-provider-portal/internal/mockportal"
)

const appUserAddr = "portal_application_user.test"

// acmeRecord makes an application user Acme's, a grantee of Acme's mailboxes (R16).
var acmeRecord = fmt.Sprintf("customer_id = %q", mockportal.DemoIDs.Acme)

// appUserConfig is a portal_application_user "test" with the given attributes written as HCL lines.
func appUserConfig(appID, username string, extra ...string) string {
	return appUserResource("test", appID, username, extra...)
}

func appUserResource(name, appID, username string, extra ...string) string {
	return fmt.Sprintf(`
resource "portal_application_user" %q {
  application_id = %q
  username       = %q
  %s
}
`, name, appID, username, strings.Join(extra, "\n  "))
}

func appUserAction(action plancheck.ResourceActionType) resource.ConfigPlanChecks {
	return resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(appUserAddr, action)}}
}

// onlyAppUser returns the single record of an application in the mock, failing the test otherwise.
func onlyAppUser(t *testing.T, ts *mockportal.TestServer, appID string) api.ApplicationUser {
	t.Helper()
	users := ts.ApplicationUsers(appID)
	if len(users) != 1 {
		t.Fatalf("application %s has %d users, want 1", appID, len(users))
	}
	return users[0]
}

func TestAccApplicationUser_basic(t *testing.T) {
	ts := acctest.NewMock(t)
	app := mockportal.DemoIDs.B2BGateway
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             acctest.CheckApplicationUsersDestroyed(ts),
		Steps: []resource.TestStep{
			{
				Config:           acctest.Config(ts, appUserConfig(app, "gateway", `password = "correct-horse-battery"`)),
				ConfigPlanChecks: appUserAction(plancheck.ResourceActionCreate),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(appUserAddr, tfjsonpath.New("id"), knownvalue.StringRegexp(regexp.MustCompile(`^apu_[0-9a-f]{16}$`))),
					statecheck.ExpectKnownValue(appUserAddr, tfjsonpath.New("application_id"), knownvalue.StringExact(app)),
					// The master token's customer, the service provider's, when the configuration names none.
					statecheck.ExpectKnownValue(appUserAddr, tfjsonpath.New("customer_id"), knownvalue.StringExact(mockportal.DemoIDs.Root)),
					statecheck.ExpectKnownValue(appUserAddr, tfjsonpath.New("display_name"), knownvalue.StringExact("gateway")),
					statecheck.ExpectKnownValue(appUserAddr, tfjsonpath.New("email"), knownvalue.Null()),
					statecheck.ExpectKnownValue(appUserAddr, tfjsonpath.New("enabled"), knownvalue.Bool(true)),
				},
				Check: func(*terraform.State) error {
					u := onlyAppUser(t, ts, app)
					if u.Username != "gateway" || !u.Enabled {
						return fmt.Errorf("portal holds %+v", u)
					}
					return nil
				},
			},
			{
				ResourceName:      appUserAddr,
				ImportState:       true,
				ImportStateVerify: true,
				// Passwords are never returned by the portal.
				ImportStateVerifyIgnore: []string{"password", "password_wo_version"},
			},
			{
				ResourceName:            appUserAddr,
				ImportState:             true,
				ImportStateIdFunc:       func(*terraform.State) (string, error) { return app + "/GateWay", nil },
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"password", "password_wo_version"},
			},
			{
				ResourceName:  appUserAddr,
				ImportState:   true,
				ImportStateId: "gateway",
				ExpectError:   regexp.MustCompile(`(?s)must have the form application_id/username.*terraform import portal_application_user\.NAME apu_`),
			},
			{
				ResourceName:  appUserAddr,
				ImportState:   true,
				ImportStateId: "b2b-gateway/gateway",
				ExpectError:   regexp.MustCompile(`"b2b-gateway" is not an application ID`),
			},
			{
				ResourceName:  appUserAddr,
				ImportState:   true,
				ImportStateId: app + "/nobody",
				ExpectError:   regexp.MustCompile(`application ` + app + ` has no user named "nobody"`),
			},
			{
				ResourceName:  appUserAddr,
				ImportState:   true,
				ImportStateId: "apu_00000000000000ff",
				ExpectError:   regexp.MustCompile(`no application has a user apu_00000000000000ff`),
			},
		},
	})
}

func TestAccApplicationUser_updateInPlace(t *testing.T) {
	ts := acctest.NewMock(t)
	app := mockportal.DemoIDs.B2BGateway
	sameID := statecheck.CompareValue(compare.ValuesSame())
	changed := func(username, email string) string {
		return acctest.Config(ts, appUserConfig(app, username, `display_name = "B2B Gateway"`, fmt.Sprintf("email = %q", email),
			`enabled = false`, `password = "another-horse-battery"`))
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             acctest.CheckApplicationUsersDestroyed(ts),
		Steps: []resource.TestStep{
			{
				Config: acctest.Config(ts, appUserConfig(app, "gateway",
					`display_name = "Gateway"`, `email = "gateway@acme.example"`, `password = "correct-horse-battery"`)),
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(appUserAddr, tfjsonpath.New("id")),
					statecheck.ExpectKnownValue(appUserAddr, tfjsonpath.New("display_name"), knownvalue.StringExact("Gateway")),
					statecheck.ExpectKnownValue(appUserAddr, tfjsonpath.New("email"), knownvalue.StringExact("gateway@acme.example")),
				},
			},
			{
				Config:           changed("gateway", "b2b@acme.example"),
				ConfigPlanChecks: appUserAction(plancheck.ResourceActionUpdate),
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(appUserAddr, tfjsonpath.New("id")),
					statecheck.ExpectKnownValue(appUserAddr, tfjsonpath.New("display_name"), knownvalue.StringExact("B2B Gateway")),
					statecheck.ExpectKnownValue(appUserAddr, tfjsonpath.New("enabled"), knownvalue.Bool(false)),
				},
				Check: func(*terraform.State) error {
					u := onlyAppUser(t, ts, app)
					if u.DisplayName != "B2B Gateway" || u.Email != "b2b@acme.example" || u.Enabled {
						return fmt.Errorf("portal holds %+v", u)
					}
					return nil
				},
			},
			{
				// Case only: the portal stores both lowercased, so this is no change at all: an empty plan that
				// keeps the spelling in state, and no request.
				Config: changed("GateWay", "B2B@Acme.Example"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(appUserAddr, tfjsonpath.New("id")),
					statecheck.ExpectKnownValue(appUserAddr, tfjsonpath.New("username"), knownvalue.StringExact("gateway")),
				},
				Check: func(*terraform.State) error {
					if n := len(acctest.Events(ts, mockportal.OpApplicationUserUpdate, onlyAppUser(t, ts, app).ID)); n != 1 {
						return fmt.Errorf("%d updates of the record, want 1: a change of case must not be sent", n)
					}
					return nil
				},
			},
			{
				// Removing the email clears it in the portal.
				Config: acctest.Config(ts, appUserConfig(app, "GateWay", `display_name = "B2B Gateway"`, `enabled = false`)),
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(appUserAddr, tfjsonpath.New("id")),
					statecheck.ExpectKnownValue(appUserAddr, tfjsonpath.New("email"), knownvalue.Null()),
				},
				Check: func(*terraform.State) error {
					if u := onlyAppUser(t, ts, app); u.Email != "" {
						return fmt.Errorf("email %q was not cleared", u.Email)
					}
					return nil
				},
			},
		},
	})
}

func TestAccApplicationUser_replace(t *testing.T) {
	ts := acctest.NewMock(t)
	b2b, archiver := mockportal.DemoIDs.B2BGateway, mockportal.DemoIDs.Archiver
	newID := statecheck.CompareValue(compare.ValuesDiffer())
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             acctest.CheckApplicationUsersDestroyed(ts),
		Steps: []resource.TestStep{
			{
				Config:            acctest.Config(ts, appUserConfig(b2b, "gateway")),
				ConfigStateChecks: []statecheck.StateCheck{newID.AddStateValue(appUserAddr, tfjsonpath.New("id"))},
			},
			{
				Config:            acctest.Config(ts, appUserConfig(b2b, "relay")),
				ConfigPlanChecks:  appUserAction(plancheck.ResourceActionDestroyBeforeCreate),
				ConfigStateChecks: []statecheck.StateCheck{newID.AddStateValue(appUserAddr, tfjsonpath.New("id"))},
				Check: func(*terraform.State) error {
					if u := onlyAppUser(t, ts, b2b); u.Username != "relay" {
						return fmt.Errorf("b2b-gateway holds %q, want only relay", u.Username)
					}
					return nil
				},
			},
			{
				Config:           acctest.Config(ts, appUserConfig(archiver, "relay")),
				ConfigPlanChecks: appUserAction(plancheck.ResourceActionDestroyBeforeCreate),
				ConfigStateChecks: []statecheck.StateCheck{
					newID.AddStateValue(appUserAddr, tfjsonpath.New("id")),
					statecheck.ExpectKnownValue(appUserAddr, tfjsonpath.New("application_id"), knownvalue.StringExact(archiver)),
				},
				Check: func(*terraform.State) error {
					if n := len(ts.ApplicationUsers(b2b)); n != 0 {
						return fmt.Errorf("b2b-gateway still has %d users", n)
					}
					onlyAppUser(t, ts, archiver)
					return nil
				},
			},
		},
	})
}

// Changes made by hand in the portal show in the next plan: a disabled or renamed user is updated in place,
// a deleted one is created again.
func TestAccApplicationUser_drift(t *testing.T) {
	ts := acctest.NewMock(t)
	app := mockportal.DemoIDs.B2BGateway
	config := acctest.Config(ts, appUserConfig(app, "gateway", `display_name = "Gateway"`))
	sameID := statecheck.CompareValue(compare.ValuesSame())
	var deletedID string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             acctest.CheckApplicationUsersDestroyed(ts),
		Steps: []resource.TestStep{
			{
				Config:            config,
				ConfigStateChecks: []statecheck.StateCheck{sameID.AddStateValue(appUserAddr, tfjsonpath.New("id"))},
			},
			{
				PreConfig: func() {
					disabled, renamed := false, "Renamed by hand"
					if _, err := ts.UpdateApplicationUser(onlyAppUser(t, ts, app).ID, api.ApplicationUserPatch{
						Enabled: &disabled, DisplayName: &renamed,
					}); err != nil {
						t.Fatal(err)
					}
				},
				Config:           config,
				ConfigPlanChecks: appUserAction(plancheck.ResourceActionUpdate),
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(appUserAddr, tfjsonpath.New("id")),
					statecheck.ExpectKnownValue(appUserAddr, tfjsonpath.New("enabled"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(appUserAddr, tfjsonpath.New("display_name"), knownvalue.StringExact("Gateway")),
				},
				Check: func(*terraform.State) error {
					if u := onlyAppUser(t, ts, app); !u.Enabled || u.DisplayName != "Gateway" {
						return fmt.Errorf("portal holds %+v", u)
					}
					return nil
				},
			},
			{
				// Disappears: the next plan creates it again instead of failing.
				PreConfig: func() {
					deletedID = onlyAppUser(t, ts, app).ID
					if err := ts.DeleteApplicationUser(deletedID); err != nil {
						t.Fatal(err)
					}
				},
				Config:           config,
				ConfigPlanChecks: appUserAction(plancheck.ResourceActionCreate),
				Check: acctest.WithID(appUserAddr, func(id string) error {
					if u := onlyAppUser(t, ts, app); id != u.ID || id == deletedID {
						return fmt.Errorf("state holds %s; portal holds %s; deleted was %s", id, u.ID, deletedID)
					}
					return nil
				}),
			},
		},
	})
}

// R13: the same username in two applications is two unrelated records, and destroying one leaves the
// other and its grants alone.
func TestAccApplicationUser_sameUsernameInTwoApplications(t *testing.T) {
	ts := acctest.NewMock(t)
	b2b, archiver := mockportal.DemoIDs.B2BGateway, mockportal.DemoIDs.Archiver
	both := acctest.Config(ts, appUserResource("b2b", b2b, "relay", acmeRecord), appUserResource("archiver", archiver, "relay", acmeRecord))
	var kept api.ApplicationUser
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             acctest.CheckApplicationUsersDestroyed(ts),
		Steps: []resource.TestStep{
			{
				Config: both,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.CompareValuePairs("portal_application_user.b2b", tfjsonpath.New("id"),
						"portal_application_user.archiver", tfjsonpath.New("id"), compare.ValuesDiffer()),
				},
				Check: func(*terraform.State) error {
					kept = onlyAppUser(t, ts, archiver)
					onlyAppUser(t, ts, b2b)
					// A grant of the archiver's record, made by hand, that must outlive the other record.
					_, err := ts.PutPermission(mockportal.DemoIDs.Alice, kept.ID, []string{api.PermissionCreateMessages})
					return err
				},
			},
			{
				Config: acctest.Config(ts, appUserResource("archiver", archiver, "relay", acmeRecord)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction("portal_application_user.b2b", plancheck.ResourceActionDestroy),
						plancheck.ExpectResourceAction("portal_application_user.archiver", plancheck.ResourceActionNoop),
					},
				},
				Check: func(*terraform.State) error {
					if n := len(ts.ApplicationUsers(b2b)); n != 0 {
						return fmt.Errorf("b2b-gateway still has %d users", n)
					}
					if u, ok := acctest.ApplicationUser(ts, archiver, kept.ID); !ok || u != kept {
						return fmt.Errorf("archiver's record changed: %+v, want %+v", u, kept)
					}
					if n := len(acctest.Events(ts, mockportal.OpApplicationUserUpdate, kept.ID)); n != 0 {
						return fmt.Errorf("archiver's record was changed %d times", n)
					}
					for _, p := range ts.Permissions(mockportal.DemoIDs.Alice) {
						if p.GranteeID == kept.ID {
							return nil
						}
					}
					return fmt.Errorf("the grant of %s on alice's mailbox is gone", kept.ID)
				},
			},
		},
	})
}

// R13: a username taken in the same application is refused, and the error says how to adopt the record.
func TestAccApplicationUser_duplicateInSameApplication(t *testing.T) {
	ts := acctest.NewMock(t)
	app := mockportal.DemoIDs.B2BGateway
	existing := acctest.NewApplicationUser(t, ts, app, "relay")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: acctest.Config(ts, appUserConfig(app, "Relay", acmeRecord)),
				ExpectError: regexp.MustCompile(`(?s)already holds this as ` + existing +
					`.*terraform import portal_application_user\.NAME ` + existing),
			},
			{
				// Following the advice adopts the record instead of creating a second one.
				Config: acctest.Config(ts, appUserConfig(app, "relay", acmeRecord), fmt.Sprintf(`
import {
  to = portal_application_user.test
  id = %q
}
`, existing)),
				ConfigPlanChecks: appUserAction(plancheck.ResourceActionNoop),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(appUserAddr, tfjsonpath.New("id"), knownvalue.StringExact(existing)),
				},
			},
		},
	})
}

// password_wo reaches the portal but never the plan or the state; bumping password_wo_version sends it
// again, and nothing else does.
func TestAccApplicationUser_passwordWriteOnly(t *testing.T) {
	ts := acctest.NewMock(t)
	app := mockportal.DemoIDs.B2BGateway
	const first, second = "canary-first-7f3a9c", "canary-second-52e1d8"
	config := func(password string, version int) string {
		return acctest.Config(ts, appUserConfig(app, "gateway",
			fmt.Sprintf("password_wo = %q", password), fmt.Sprintf("password_wo_version = %d", version)))
	}
	updates := func() int {
		return len(acctest.Events(ts, mockportal.OpApplicationUserUpdate, onlyAppUser(t, ts, app).ID))
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             acctest.CheckApplicationUsersDestroyed(ts),
		Steps: []resource.TestStep{
			{
				Config: config(first, 1),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{acctest.PlanDoesNotContain(first)},
					PostApplyPostRefresh: []plancheck.PlanCheck{acctest.PlanDoesNotContain(first)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					acctest.StateDoesNotContain(first),
					statecheck.ExpectKnownValue(appUserAddr, tfjsonpath.New("password_wo"), knownvalue.Null()),
					statecheck.ExpectKnownValue(appUserAddr, tfjsonpath.New("password"), knownvalue.Null()),
					statecheck.ExpectKnownValue(appUserAddr, tfjsonpath.New("password_wo_version"), knownvalue.Int64Exact(1)),
				},
			},
			{
				// A new password without a new version is not sent: write-only values cannot be compared.
				Config: config(second, 1),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: func(*terraform.State) error {
					if n := updates(); n != 0 {
						return fmt.Errorf("%d updates without a version change", n)
					}
					return nil
				},
			},
			{
				Config: config(second, 2),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(appUserAddr, plancheck.ResourceActionUpdate),
						acctest.PlanDoesNotContain(second),
					},
				},
				ConfigStateChecks: []statecheck.StateCheck{acctest.StateDoesNotContain(first), acctest.StateDoesNotContain(second)},
				Check: func(*terraform.State) error {
					if n := updates(); n != 1 {
						return fmt.Errorf("%d updates of the record after rotating, want 1 (the new password)", n)
					}
					return nil
				},
			},
		},
	})
}

// Bad input fails at plan time, naming the attribute, before anything is created.
func TestAccApplicationUser_invalidInputs(t *testing.T) {
	ts := acctest.NewMock(t)
	app := mockportal.DemoIDs.B2BGateway
	step := func(expect string, config string) resource.TestStep {
		return resource.TestStep{Config: acctest.Config(ts, config), PlanOnly: true, ExpectError: regexp.MustCompile(expect)}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			step(`(?s)username.*must be 1 to 64 letters`, appUserConfig(app, "-gateway")),
			step(`(?s)email.*must be an email address`, appUserConfig(app, "gateway", `email = "gateway.acme.example"`)),
			step(`(?s)password.*string length must be between 12 and 128`, appUserConfig(app, "gateway", `password = "short"`)),
			step(`(?s)password_wo.*string length must be between 12 and 128`, appUserConfig(app, "gateway", `password_wo = "short"`)),
			step(`Attribute "password" cannot be specified when\s+"password_wo" is specified`, appUserConfig(app, "gateway",
				`password = "correct-horse-battery"`, `password_wo = "correct-horse-battery"`)),
			step(`Attribute "password_wo" must be specified when\s+"password_wo_version" is\s+specified`, appUserConfig(app, "gateway", `password_wo_version = 1`)),
			step(`(?s)application_id.*must be an application ID`, appUserConfig("b2b-gateway", "gateway")),
		},
	})
	if n := len(ts.ApplicationUsers(app)); n != 0 {
		t.Errorf("invalid configurations created %d application users", n)
	}
}

// An application user managed here is granted only the application permissions (R11: anything else is
// refused at plan time, before a change is made), and when it is deleted by hand its grant leaves the
// state with it: the next apply creates both again, the grant for the new record.
func TestAccApplicationUser_mailboxPermission(t *testing.T) {
	ts := acctest.NewMock(t)
	app := mockportal.DemoIDs.B2BGateway
	mailbox := acctest.NewDisabledMailbox(t, ts, "info")
	user := appUserConfig(app, "orders", acmeRecord)
	grant := func(permissions ...string) string {
		return permissionConfig("test", strconv.Quote(mailbox), appUserAddr+".id", permissions...)
	}
	var deletedID string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy: resource.ComposeAggregateTestCheckFunc(
			acctest.CheckApplicationUsersDestroyed(ts),
			acctest.CheckPermissionsDestroyed(ts),
		),
		Steps: []resource.TestStep{
			{Config: acctest.Config(ts, user)},
			{
				Config:      acctest.Config(ts, user, grant("create_messages", "view")),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)Permission not allowed for an application user.*cannot be given\s+view`),
			},
			{
				PreConfig: func() {
					if grants := ts.Permissions(mailbox); len(grants) != 0 {
						t.Errorf("the refused plan granted %v", grants)
					}
				},
				Config: acctest.Config(ts, user, grant("create_messages")),
				Check: acctest.WithID(appUserAddr, func(id string) error {
					return acctest.CheckGrant(ts, mailbox, id, "create_messages")(nil)
				}),
			},
			{
				PreConfig: func() {
					deletedID = onlyAppUser(t, ts, app).ID
					if err := ts.DeleteApplicationUser(deletedID); err != nil {
						t.Fatal(err)
					}
				},
				Config: acctest.Config(ts, user, grant("create_messages")),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(appUserAddr, plancheck.ResourceActionCreate),
						plancheck.ExpectResourceAction(permissionAddr, plancheck.ResourceActionCreate),
					},
				},
				Check: acctest.WithID(appUserAddr, func(id string) error {
					if id == deletedID {
						return fmt.Errorf("the deleted record %s is still in state", id)
					}
					return acctest.CheckGrant(ts, mailbox, id, "create_messages")(nil)
				}),
			},
		},
	})
}

// R10: an application user can never grant permissions, nor manage application users: a provider
// configured with its token is refused, naming whose token it is.
func TestAccApplicationUser_applicationUserToken(t *testing.T) {
	ts := acctest.NewMock(t)
	app := mockportal.DemoIDs.B2BGateway
	mailbox := acctest.NewDisabledMailbox(t, ts, "info")
	orders := acctest.NewApplicationUser(t, ts, app, "orders")
	asOrders := acctest.ProviderConfigWithToken(ts, ts.Token(t, orders))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy: resource.ComposeAggregateTestCheckFunc(
			acctest.CheckApplicationUsersDestroyed(ts),
			acctest.CheckPermissionsDestroyed(ts),
		),
		Steps: []resource.TestStep{
			{
				// Not even the application permissions, and not even to itself.
				Config: asOrders + grantConfig(mailbox, orders, "create_messages"),
				ExpectError: permissionError("the provider's API token belongs to application user orders (" + orders +
					") of application " + app + ", which is not an administrator."),
			},
			{
				Config:      asOrders + appUserConfig(app, "relay"),
				ExpectError: permissionError("Only portal administrators can make this change."),
			},
			{
				// Reading is allowed.
				Config: asOrders + fmt.Sprintf(`
data "portal_application_user" "self" {
  id = %q
}
`, orders),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.portal_application_user.self", tfjsonpath.New("username"), knownvalue.StringExact("orders")),
				},
				Check: func(*terraform.State) error {
					if grants := ts.Permissions(mailbox); len(grants) != 0 {
						return fmt.Errorf("the refused token granted %v", grants)
					}
					if users := ts.ApplicationUsers(app); len(users) != 1 {
						return fmt.Errorf("application %s has %d users, want only orders", app, len(users))
					}
					return nil
				},
			},
		},
	})
}

// An application user is a record of one customer: the same username for two customers is two records
// (R13), a change of customer replaces the record, and an import by application and username names the
// customer when several hold the name.
func TestAccApplicationUser_customer(t *testing.T) {
	ts := acctest.NewMock(t)
	app := mockportal.DemoIDs.B2BGateway
	acme, globex, initech := mockportal.DemoIDs.Acme, mockportal.DemoIDs.Globex, mockportal.DemoIDs.Initech
	sameID := statecheck.CompareValue(compare.ValuesSame())
	otherID := statecheck.CompareValue(compare.ValuesDiffer())
	config := func(customer string) string {
		return acctest.Config(ts, appUserConfig(app, "orders", fmt.Sprintf("customer_id = %q", customer))+
			appUserResource("acme", app, "orders", acmeRecord))
	}
	customerOf := func(customer string) resource.TestCheckFunc {
		return acctest.WithID(appUserAddr, func(id string) error {
			if u, ok := acctest.ApplicationUser(ts, app, id); !ok || u.CustomerID != customer {
				return fmt.Errorf("portal holds %+v, want a record of %s", u, customer)
			}
			return nil
		})
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             acctest.CheckApplicationUsersDestroyed(ts),
		Steps: []resource.TestStep{
			{
				Config:      acctest.Config(ts, appUserConfig(app, "orders", `customer_id = "Globex"`)),
				ExpectError: regexp.MustCompile(`must be a customer ID such as cus_0123456789abcdef`),
			},
			{
				Config: config(globex),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(appUserAddr, tfjsonpath.New("customer_id"), knownvalue.StringExact(globex)),
					statecheck.ExpectKnownValue("portal_application_user.acme", tfjsonpath.New("customer_id"), knownvalue.StringExact(acme)),
					sameID.AddStateValue(appUserAddr, tfjsonpath.New("id")),
					otherID.AddStateValue(appUserAddr, tfjsonpath.New("id")),
				},
				Check: customerOf(globex),
			},
			{
				// The name alone names two records: the import says which, and how to name one.
				ResourceName:  appUserAddr,
				ImportState:   true,
				ImportStateId: app + "/orders",
				ExpectError: regexp.MustCompile(`(?s)application ` + app + ` has 2 users named "orders", one per\s+customer.*` +
					`name the customer\s+\(customer_id\) or the record's ID`),
			},
			{
				ResourceName:            appUserAddr,
				ImportState:             true,
				ImportStateId:           app + "/" + globex + "/Orders",
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"password", "password_wo_version"},
			},
			{
				ResourceName:  appUserAddr,
				ImportState:   true,
				ImportStateId: app + "/globex/orders",
				ExpectError:   regexp.MustCompile(`"globex" is not a customer ID`),
			},
			{
				// The same configuration: nothing to do.
				Config:           config(globex),
				ConfigPlanChecks: appUserAction(plancheck.ResourceActionNoop),
			},
			{
				Config:           config(initech),
				ConfigPlanChecks: appUserAction(plancheck.ResourceActionDestroyBeforeCreate),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(appUserAddr, tfjsonpath.New("customer_id"), knownvalue.StringExact(initech)),
					otherID.AddStateValue(appUserAddr, tfjsonpath.New("id")),
				},
				Check: customerOf(initech),
			},
		},
	})
}

// A token of a customer's administrator creates its own customer's records by default and cannot create one
// for a customer out of its reach: the plan fails at customer_id, saying whom the token acts for (R14).
func TestAccApplicationUser_customerAdministratorToken(t *testing.T) {
	ts := acctest.NewMock(t)
	app := mockportal.DemoIDs.B2BGateway
	asGlobex := acctest.ProviderConfigWithToken(ts, ts.Token(t, mockportal.DemoIDs.GlobexAdmin))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             acctest.CheckApplicationUsersDestroyed(ts),
		Steps: []resource.TestStep{
			{
				Config: asGlobex + appUserConfig(app, "orders"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(appUserAddr, tfjsonpath.New("customer_id"), knownvalue.StringExact(mockportal.DemoIDs.Globex)),
				},
			},
			{
				Config:   asGlobex + appUserConfig(app, "orders") + appUserResource("spy", app, "spy", acmeRecord),
				PlanOnly: true,
				ExpectError: regexp.MustCompile(`(?s)Customer outside the API token's reach.*customer_id.*The portal has no customer\s+` +
					mockportal.DemoIDs.Acme + `\s+within\s+the\s+reach\s+of\s+the\s+API\s+token,\s+which\s+acts\s+for\s+hank`),
			},
		},
	})
}
