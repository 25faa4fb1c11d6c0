package provider_test

import (
	"fmt"
	"regexp"
	"slices"
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

const (
	parentAddr = "portal_submailbox.parent"
	childAddr  = "portal_submailbox.child"
)

// submailboxConfig is a portal_submailbox named name; parent is an HCL expression, "" for none. It is not
// protected from deletion: the tests destroy what they make.
func submailboxConfig(name, mailboxID, parent, submailboxName string) string {
	parentLine := ""
	if parent != "" {
		parentLine = "\n  parent_id  = " + parent
	}
	return fmt.Sprintf(`
resource "portal_submailbox" %q {
  mailbox_id = %q%s
  name       = %q

  deletion_protection = false
}
`, name, mailboxID, parentLine, submailboxName)
}

// treeConfig is "parent" at the mailbox's top level and "child" inside it.
func treeConfig(mailboxID, parentName, childName string) string {
	return submailboxConfig("parent", mailboxID, "", parentName) +
		submailboxConfig("child", mailboxID, "portal_submailbox.parent.id", childName)
}

func pathIs(addr, want string) statecheck.StateCheck {
	return statecheck.ExpectKnownValue(addr, tfjsonpath.New("path"), knownvalue.StringExact(want))
}

// submailboxesGone is a CheckDestroy: no managed submailbox is left, and R6 left the login disabled.
func submailboxesGone(ts *mockportal.TestServer, mailboxID string) resource.TestCheckFunc {
	return resource.ComposeAggregateTestCheckFunc(
		acctest.CheckSubmailboxesDestroyed(ts),
		acctest.CheckPermissionsDestroyed(ts),
		acctest.CheckLoginEnabled(ts, mailboxID, false),
	)
}

// onSubmailbox runs a check built from the ID of the submailbox at addr in the state.
func onSubmailbox(addr string, check func(id string) resource.TestCheckFunc) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		return acctest.WithID(addr, func(id string) error { return check(id)(s) })(s)
	}
}

// onlySubmailbox returns the one submailbox of the mailbox, as the mock holds it.
func onlySubmailbox(t *testing.T, ts *mockportal.TestServer, mailboxID string) api.Submailbox {
	t.Helper()
	all := ts.Submailboxes(mailboxID)
	if len(all) != 1 {
		t.Fatalf("mailbox %s has %d submailboxes, want 1: %+v", mailboxID, len(all), all)
	}
	return all[0]
}

// A tree of two submailboxes on a mailbox whose login is disabled: created, renamed in place (both at
// once, then the parent alone, then a change of case), one moved (replaced), imported; the login ends
// disabled every time and Terraform destroys the child before its parent.
func TestAccSubmailbox_basic(t *testing.T) {
	ts := acctest.NewMock(t)
	mailbox := acctest.NewDisabledMailbox(t, ts, "info")
	parentID := statecheck.CompareValue(compare.ValuesSame())
	childID := statecheck.CompareValue(compare.ValuesSame())
	movedID := statecheck.CompareValue(compare.ValuesDiffer())

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             submailboxesGone(ts, mailbox),
		Steps: []resource.TestStep{
			{
				Config: acctest.Config(ts, treeConfig(mailbox, "Invoices", "2026")),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(parentAddr, plancheck.ResourceActionCreate),
					plancheck.ExpectResourceAction(childAddr, plancheck.ResourceActionCreate),
					// A top-level path is known at plan time; a nested one depends on its parent.
					plancheck.ExpectKnownValue(parentAddr, tfjsonpath.New("path"), knownvalue.StringExact("Invoices")),
					plancheck.ExpectUnknownValue(childAddr, tfjsonpath.New("path")),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					pathIs(parentAddr, "Invoices"),
					pathIs(childAddr, "Invoices/2026"),
					statecheck.ExpectKnownValue(parentAddr, tfjsonpath.New("parent_id"), knownvalue.Null()),
					statecheck.CompareValuePairs(childAddr, tfjsonpath.New("parent_id"), parentAddr, tfjsonpath.New("id"), compare.ValuesSame()),
					statecheck.ExpectKnownValue(childAddr, tfjsonpath.New("mailbox_id"), knownvalue.StringExact(mailbox)),
					parentID.AddStateValue(parentAddr, tfjsonpath.New("id")),
					childID.AddStateValue(childAddr, tfjsonpath.New("id")),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					onSubmailbox(childAddr, func(id string) resource.TestCheckFunc { return checkPath(ts, id, "Invoices/2026") }),
					acctest.CheckLoginEnabled(ts, mailbox, false),
				),
			},
			{
				// Both renamed in one apply: the child's new path takes its parent's new name.
				Config: acctest.Config(ts, treeConfig(mailbox, "Bills", "2027")),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(parentAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectResourceAction(childAddr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					pathIs(parentAddr, "Bills"),
					pathIs(childAddr, "Bills/2027"),
					parentID.AddStateValue(parentAddr, tfjsonpath.New("id")),
					childID.AddStateValue(childAddr, tfjsonpath.New("id")),
				},
				Check: acctest.CheckLoginEnabled(ts, mailbox, false),
			},
			{
				// The parent alone; the child's path follows in the portal and at the next refresh.
				Config: acctest.Config(ts, treeConfig(mailbox, "Archive", "2027")),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(parentAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectResourceAction(childAddr, plancheck.ResourceActionNoop),
				}},
				Check: onSubmailbox(childAddr, func(id string) resource.TestCheckFunc { return checkPath(ts, id, "Archive/2027") }),
			},
			{
				// The portal keeps the case as written: a change of case is a rename.
				Config: acctest.Config(ts, treeConfig(mailbox, "ARCHIVE", "2027")),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(parentAddr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					pathIs(parentAddr, "ARCHIVE"),
					parentID.AddStateValue(parentAddr, tfjsonpath.New("id")),
				},
			},
			{
				// The child's path in state catches up with its parent's renames at the next refresh.
				RefreshState: true,
				Check:        resource.TestCheckResourceAttr(childAddr, "path", "ARCHIVE/2027"),
			},
			{
				ResourceName:            parentAddr,
				ImportState:             true,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"deletion_protection"}, // import sets it to true
			},
			{
				ResourceName:            childAddr,
				ImportState:             true,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"deletion_protection"}, // import sets it to true
			},
			{
				ResourceName:  childAddr,
				ImportState:   true,
				ImportStateId: "ARCHIVE/2027",
				ExpectError:   permissionError(`import ID "ARCHIVE/2027" must be the ID of a submailbox`),
			},
			{
				// A submailbox cannot move: out of its parent, it is replaced.
				Config: acctest.Config(ts, submailboxConfig("parent", mailbox, "", "ARCHIVE"),
					submailboxConfig("child", mailbox, "", "2027")),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(childAddr, plancheck.ResourceActionDestroyBeforeCreate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					pathIs(childAddr, "2027"),
					statecheck.ExpectKnownValue(childAddr, tfjsonpath.New("parent_id"), knownvalue.Null()),
					movedID.AddStateValue(childAddr, tfjsonpath.New("id")),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					func(*terraform.State) error {
						if n := len(ts.Submailboxes(mailbox)); n != 2 {
							return fmt.Errorf("the mailbox has %d submailboxes, want 2: the old child must be gone", n)
						}
						return nil
					},
					acctest.CheckLoginEnabled(ts, mailbox, false),
				),
			},
			{
				// Back inside, to end with a tree that Terraform destroys child first.
				Config:            acctest.Config(ts, treeConfig(mailbox, "ARCHIVE", "2027")),
				ConfigStateChecks: []statecheck.StateCheck{pathIs(childAddr, "ARCHIVE/2027"), movedID.AddStateValue(childAddr, tfjsonpath.New("id"))},
			},
		},
	})
}

// checkPath checks the submailbox's path as the portal holds it.
func checkPath(ts *mockportal.TestServer, id, want string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		sm, ok := ts.Submailbox(id)
		if !ok {
			return fmt.Errorf("submailbox %s does not exist", id)
		}
		if sm.Path != want {
			return fmt.Errorf("submailbox %s has path %q, want %q", id, sm.Path, want)
		}
		return nil
	}
}

// Changes made by hand show in the next plan: a rename is put back in place, a deleted submailbox is
// created again.
func TestAccSubmailbox_drift(t *testing.T) {
	ts := acctest.NewMock(t)
	mailbox := acctest.NewDisabledMailbox(t, ts, "info")
	config := acctest.Config(ts, submailboxConfig("parent", mailbox, "", "Invoices"))
	action := func(a plancheck.ResourceActionType) resource.ConfigPlanChecks {
		return resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(parentAddr, a)}}
	}

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             submailboxesGone(ts, mailbox),
		Steps: []resource.TestStep{
			{Config: config},
			{
				PreConfig: func() {
					id := onlySubmailbox(t, ts, mailbox).ID
					acctest.AsOperator(t, ts, mailbox, func() error {
						_, err := ts.RenameSubmailbox(id, "Renamed by hand")
						return err
					})
				},
				Config:            config,
				ConfigPlanChecks:  action(plancheck.ResourceActionUpdate),
				ConfigStateChecks: []statecheck.StateCheck{pathIs(parentAddr, "Invoices")},
				Check: resource.ComposeAggregateTestCheckFunc(
					onSubmailbox(parentAddr, func(id string) resource.TestCheckFunc { return checkPath(ts, id, "Invoices") }),
					acctest.CheckLoginEnabled(ts, mailbox, false),
				),
			},
			{
				PreConfig: func() {
					id := onlySubmailbox(t, ts, mailbox).ID
					acctest.AsOperator(t, ts, mailbox, func() error { return ts.DeleteSubmailbox(id) })
				},
				Config:           config,
				ConfigPlanChecks: action(plancheck.ResourceActionCreate),
				Check: resource.ComposeAggregateTestCheckFunc(
					onSubmailbox(parentAddr, func(id string) resource.TestCheckFunc { return checkPath(ts, id, "Invoices") }),
					acctest.CheckLoginEnabled(ts, mailbox, false),
				),
			},
		},
	})
}

// The portal refuses to delete a submailbox that still holds another. One created by hand inside a
// managed submailbox makes its destroy fail with a message that names it and says what to do; the login
// is restored all the same. Once the child is gone, the destroy goes through.
func TestAccSubmailbox_deleteWithChildren(t *testing.T) {
	ts := acctest.NewMock(t)
	mailbox := acctest.NewDisabledMailbox(t, ts, "info")
	var handMade string

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             submailboxesGone(ts, mailbox),
		Steps: []resource.TestStep{
			{Config: acctest.Config(ts, submailboxConfig("parent", mailbox, "", "Invoices"))},
			{
				PreConfig: func() {
					handMade = acctest.NewSubmailbox(t, ts, mailbox, onlySubmailbox(t, ts, mailbox).ID, "Made by hand")
				},
				Config: acctest.Config(ts), // the parent removed from the configuration
				ExpectError: permissionError("Cannot delete submailbox", "409 has_children", `("Invoices") still has 1`,
					`"Made by hand"`, "delete those first",
					"Terraform deletes the submailboxes it manages inside this one first when their parent_id refers to this resource"),
			},
			{
				PreConfig: func() {
					if u, _ := ts.User(mailbox); u.LoginEnabled {
						t.Error("the refused delete left the mailbox's login enabled")
					}
					if len(ts.Submailboxes(mailbox)) != 2 {
						t.Errorf("the refused delete changed the submailboxes: %+v", ts.Submailboxes(mailbox))
					}
					acctest.AsOperator(t, ts, mailbox, func() error { return ts.DeleteSubmailbox(handMade) })
				},
				Config: acctest.Config(ts),
				Check: func(*terraform.State) error {
					if left := ts.Submailboxes(mailbox); len(left) != 0 {
						return fmt.Errorf("submailboxes left: %+v", left)
					}
					return nil
				},
			},
		},
	})
}

// R8 both ways, through portal_mailbox_permission with submailbox IDs: a grant on the parent does not
// appear on the child (nor on the mailbox), and a later grant on the child leaves the parent's grant as it
// was, version and all. The data source lists each submailbox's own grants; import takes smb_…/usr_….
func TestAccSubmailbox_permissionsDoNotCarryOver(t *testing.T) {
	ts := acctest.NewMock(t)
	mailbox := acctest.NewDisabledMailbox(t, ts, "info")
	bob, alice := mockportal.DemoIDs.Bob, mockportal.DemoIDs.Alice
	tree := treeConfig(mailbox, "Invoices", "2026")
	parentGrant := permissionConfig("parent_bob", "portal_submailbox.parent.id", strconv.Quote(bob), "view", "create_submailboxes")
	childGrant := permissionConfig("child_alice", "portal_submailbox.child.id", strconv.Quote(alice), "view")
	lists := `
data "portal_mailbox_permissions" "parent" {
  mailbox_id = portal_submailbox.parent.id
  depends_on = [portal_mailbox_permission.parent_bob, portal_mailbox_permission.child_alice]
}

data "portal_mailbox_permissions" "child" {
  mailbox_id = portal_submailbox.child.id
  depends_on = [portal_mailbox_permission.parent_bob, portal_mailbox_permission.child_alice]
}
`
	grantOf := func(userID string, perms ...string) knownvalue.Check {
		values := make([]knownvalue.Check, len(perms))
		for i, p := range perms {
			values[i] = knownvalue.StringExact(p)
		}
		return knownvalue.ObjectExact(map[string]knownvalue.Check{
			"mailbox_id":   knownvalue.StringRegexp(regexp.MustCompile(`^smb_[0-9a-f]{16}$`)), // which one: below
			"user_id":      knownvalue.StringExact(userID),
			"grantee_kind": knownvalue.StringExact(api.GranteeUser),
			"permissions":  knownvalue.SetExact(values),
			"automapping":  knownvalue.Null(), // no full_access
		})
	}
	var parentGrantVersion int64
	parentHoldsOnlyBob := onSubmailbox(parentAddr, func(id string) resource.TestCheckFunc {
		return func(*terraform.State) error {
			g := ts.Permissions(id)
			if len(g) != 1 || g[0].GranteeID != bob || !slices.Equal(g[0].Permissions, []string{"create_submailboxes", "view"}) {
				return fmt.Errorf("the parent's grants are %+v, want only bob's", g)
			}
			if parentGrantVersion == 0 {
				parentGrantVersion = g[0].Version
			} else if g[0].Version != parentGrantVersion {
				return fmt.Errorf("the parent's grant changed: version %d, was %d", g[0].Version, parentGrantVersion)
			}
			return nil
		}
	})

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             submailboxesGone(ts, mailbox),
		Steps: []resource.TestStep{
			{
				Config: acctest.Config(ts, tree, parentGrant),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.CompareValuePairs("portal_mailbox_permission.parent_bob", tfjsonpath.New("mailbox_id"),
						parentAddr, tfjsonpath.New("id"), compare.ValuesSame()),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					parentHoldsOnlyBob,
					onSubmailbox(childAddr, func(id string) resource.TestCheckFunc { return acctest.CheckGrant(ts, id, bob) }),
					acctest.CheckGrant(ts, mailbox, bob), // nor on the mailbox
					acctest.CheckLoginEnabled(ts, mailbox, false),
				),
			},
			{
				Config: acctest.Config(ts, tree, parentGrant, childGrant, lists),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.portal_mailbox_permissions.parent", tfjsonpath.New("grants"),
						knownvalue.ListExact([]knownvalue.Check{grantOf(bob, "view", "create_submailboxes")})),
					statecheck.ExpectKnownValue("data.portal_mailbox_permissions.child", tfjsonpath.New("grants"),
						knownvalue.ListExact([]knownvalue.Check{grantOf(alice, "view")})),
					statecheck.CompareValuePairs("data.portal_mailbox_permissions.parent", tfjsonpath.New("grants").AtSliceIndex(0).AtMapKey("mailbox_id"),
						parentAddr, tfjsonpath.New("id"), compare.ValuesSame()),
					statecheck.CompareValuePairs("data.portal_mailbox_permissions.child", tfjsonpath.New("grants").AtSliceIndex(0).AtMapKey("mailbox_id"),
						childAddr, tfjsonpath.New("id"), compare.ValuesSame()),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					parentHoldsOnlyBob, // the child's grant left the parent's untouched
					onSubmailbox(childAddr, func(id string) resource.TestCheckFunc { return acctest.CheckGrant(ts, id, alice, "view") }),
					onSubmailbox(childAddr, func(id string) resource.TestCheckFunc { return acctest.CheckGrant(ts, id, bob) }),
					acctest.CheckGrant(ts, mailbox, alice),
					acctest.CheckLoginEnabled(ts, mailbox, false),
				),
			},
			{
				ResourceName:      "portal_mailbox_permission.child_alice",
				ImportState:       true,
				ImportStateVerify: true,
			},
			{
				// Removing the child's grant leaves the parent's.
				Config: acctest.Config(ts, tree, parentGrant),
				Check: resource.ComposeAggregateTestCheckFunc(
					parentHoldsOnlyBob,
					onSubmailbox(childAddr, func(id string) resource.TestCheckFunc { return acctest.CheckGrant(ts, id, alice) }),
					acctest.CheckLoginEnabled(ts, mailbox, false),
				),
			},
		},
	})
}

// R6 under parallelism for submailboxes: grants on a mailbox and on two of its submailboxes, applied at
// once, are serialised on the one mailbox whose login they need (a lock per submailbox would let one
// grant's restore disable the login under another's change). Every change reached the portal with the
// login enabled, and it ends disabled.
func TestAccSubmailbox_permissionsLockTheOwningMailbox(t *testing.T) {
	ts := acctest.NewMock(t)
	mailbox := acctest.NewDisabledMailbox(t, ts, "info")
	users := make([]string, 4)
	for i := range users {
		users[i] = acctest.NewUser(t, ts, fmt.Sprintf("member%d", i))
	}
	// Overlapping requests, as against a real portal.
	operatorMust(t, ts.SetFaults(mockportal.Faults{Latency: 5 * time.Millisecond}))
	grants := func(name, mailboxExpr string) string {
		return fmt.Sprintf(`
resource "portal_mailbox_permission" %q {
  count       = length(local.members)
  mailbox_id  = %s
  user_id     = local.members[count.index]
  permissions = ["view"]
}
`, name, mailboxExpr)
	}
	config := acctest.Config(ts, treeConfig(mailbox, "Invoices", "2026"),
		fmt.Sprintf("locals {\n  members = [%s]\n}\n", `"`+strings.Join(users, `", "`)+`"`),
		grants("on_mailbox", strconv.Quote(mailbox)), grants("on_parent", "portal_submailbox.parent.id"),
		grants("on_child", "portal_submailbox.child.id"))
	allChangesWhileEnabled := func(*terraform.State) error {
		n := 0
		for _, e := range ts.Events() {
			if e.Operation != mockportal.OpPermissionPut && e.Operation != mockportal.OpPermissionDelete &&
				!strings.HasPrefix(e.Operation, "submailbox.") {
				continue
			}
			n++
			if e.MailboxLoginEnabled == nil || !*e.MailboxLoginEnabled {
				return fmt.Errorf("event %d (%s of %v) happened with the mailbox login disabled", e.Seq, e.Operation, e.TargetIDs)
			}
		}
		if n == 0 {
			return fmt.Errorf("the portal recorded no changes")
		}
		return nil
	}

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy: resource.ComposeAggregateTestCheckFunc(
			submailboxesGone(ts, mailbox),
			allChangesWhileEnabled,
		),
		Steps: []resource.TestStep{
			{
				Config: config,
				Check: resource.ComposeAggregateTestCheckFunc(
					allChangesWhileEnabled,
					acctest.CheckLoginEnabled(ts, mailbox, false),
					func(s *terraform.State) error {
						for _, addr := range []string{parentAddr, childAddr} {
							rs := s.RootModule().Resources[addr]
							if g := ts.Permissions(rs.Primary.ID); len(g) != len(users) {
								return fmt.Errorf("%s holds %d grants, want %d", addr, len(g), len(users))
							}
						}
						if g := ts.Permissions(mailbox); len(g) != len(users) {
							return fmt.Errorf("the mailbox holds %d grants, want %d", len(g), len(users))
						}
						return nil
					},
				),
			},
		},
	})
}

// Names and IDs the portal would refuse fail at plan time, saying what is allowed; a name a sibling holds
// already (without regard to case) and a parent of another mailbox are refused at apply time, the first
// with the holder's ID and how to import it.
func TestAccSubmailbox_invalidConfig(t *testing.T) {
	ts := acctest.NewMock(t)
	mailbox := acctest.NewDisabledMailbox(t, ts, "info")
	other := acctest.NewDisabledMailbox(t, ts, "sales")
	taken := acctest.NewSubmailbox(t, ts, mailbox, "", "invoices")
	elsewhere := acctest.NewSubmailbox(t, ts, other, "", "Elsewhere")

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy: resource.ComposeAggregateTestCheckFunc(
			acctest.CheckLoginEnabled(ts, mailbox, false),
			func(*terraform.State) error {
				if n := len(ts.Submailboxes(mailbox)); n != 1 {
					return fmt.Errorf("refused creates left %d submailboxes, want only the one made by hand", n)
				}
				return nil
			},
		),
		Steps: []resource.TestStep{
			{
				Config:      acctest.Config(ts, submailboxConfig("parent", mailbox, "", "Invoices/2026")),
				ExpectError: permissionError("must not contain /, which separates the names of a path"),
			},
			{
				Config:      acctest.Config(ts, submailboxConfig("parent", mailbox, "", "")),
				ExpectError: permissionError("UTF-8 character count must be between 1 and 64, got: 0"),
			},
			{
				Config:      acctest.Config(ts, submailboxConfig("parent", mailbox, "", strings.Repeat("é", 65))),
				ExpectError: permissionError("UTF-8 character count must be between 1 and 64, got: 65"),
			},
			{
				Config:      acctest.Config(ts, submailboxConfig("parent", taken, "", "Invoices")),
				ExpectError: permissionError("must be the user ID of a mailbox, such as usr_0123456789abcdef"),
			},
			{
				Config:      acctest.Config(ts, submailboxConfig("parent", mailbox, strconv.Quote(mailbox), "Invoices")),
				ExpectError: permissionError("must be the ID of a submailbox, such as smb_0123456789abcdef"),
			},
			{
				Config: acctest.Config(ts, submailboxConfig("parent", mailbox, "", "Invoices")),
				ExpectError: permissionError(`Cannot create submailbox "Invoices" in mailbox `+mailbox, "409 already_exists",
					"terraform import portal_submailbox.NAME "+taken),
			},
			{
				Config:      acctest.Config(ts, submailboxConfig("parent", mailbox, strconv.Quote(elsewhere), "Invoices")),
				ExpectError: permissionError("400 invalid_request", "parent_id: mailbox "+mailbox+" has no submailbox "+elsewhere),
			},
		},
	})
}

// TestAccSubmailbox_timeLimit: a rename that cannot finish within its timeouts value fails with an error
// that names the limit and how to raise it, and leaves the submailbox as it was with the login disabled;
// once the portal answers in time, the same configuration renames it.
func TestAccSubmailbox_timeLimit(t *testing.T) {
	ts := acctest.NewMock(t)
	mailbox := acctest.NewDisabledMailbox(t, ts, "info")
	config := func(name string) string {
		return acctest.Config(ts, fmt.Sprintf(`
resource "portal_submailbox" "parent" {
  mailbox_id          = %q
  name                = %q
  timeouts            = { update = "1s" }
  deletion_protection = false
}
`, mailbox, name))
	}

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             submailboxesGone(ts, mailbox),
		Steps: []resource.TestStep{
			{Config: config("Invoices")},
			{
				PreConfig: func() { operatorMust(t, ts.SetFaults(mockportal.Faults{Latency: 1500 * time.Millisecond})) },
				Config:    config("Bills"),
				ExpectError: permissionError("The update ran out of time (1s)",
					`The update did not finish within its time limit of 1s`, `timeouts = { update = "2s" }`),
			},
			{
				PreConfig: func() {
					operatorMust(t, ts.SetFaults(mockportal.Faults{}))
					if got := onlySubmailbox(t, ts, mailbox).Path; got != "Invoices" {
						t.Errorf("after the timed-out rename the submailbox is %q, want Invoices", got)
					}
				},
				Config:            config("Bills"),
				ConfigStateChecks: []statecheck.StateCheck{pathIs(parentAddr, "Bills")},
				Check:             acctest.CheckLoginEnabled(ts, mailbox, false),
			},
		},
	})
}
