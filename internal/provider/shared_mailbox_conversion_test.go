package provider_test

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/csportal/terraform-provider-portal/internal/acctest"
	"github.com/csportal/terraform-provider-portal/internal/api"
	"github.com/csportal/terraform-provider-portal/internal/mockportal"
)

// leaverConfig imports a regular user's mailbox as portal_shared_mailbox.leaver and declares it a shared
// mailbox: the configuration of the guide "Converting a leaver's mailbox".
func leaverConfig(ts *mockportal.TestServer, userID, username, first, last, email string, protected bool, lines ...string) string {
	m := mailbox{customerID: mockportal.DemoIDs.Acme, username: username, firstName: first, lastName: last, email: email,
		protected: protected, lines: lines}
	return acctest.Config(ts, fmt.Sprintf(`
import {
  to = portal_shared_mailbox.test
  id = %q
}
`, userID), m.String())
}

// TestAccSharedMailbox_convertLeaver converts bob's personal mailbox (a regular user of the fixtures, with
// mail, an alias, grants and a submailbox) into a shared mailbox: imported, then the shared-mailbox plan
// applied in place. The plan is an update, never a replacement; the portal shows the same user with the
// same mail, addresses, grants and submailbox, on the Shared Mailbox plan with its calendar and its login
// disabled; nothing was deleted or created.
func TestAccSharedMailbox_convertLeaver(t *testing.T) {
	ts := acctest.NewMock(t)
	bob := mockportal.DemoIDs.Bob
	// Bob's mailbox as years of work left it: an alias, Alice with full access, a folder shared with her.
	if job, err := ts.PutHostedExchange(bob, api.HostedExchangeSpec{UserPlan: mockportal.PlanStandard,
		PrimaryEmail: mockportal.BobEmail, EmailAliases: []string{"robert@acme.example"}}); err != nil || job.Status != api.JobProvisioned {
		t.Fatalf("bob's alias: %+v %v", job, err)
	}
	grant, err := ts.PutPermission(bob, mockportal.DemoIDs.Alice, []string{api.PermissionFullAccess, api.PermissionSendAs})
	if err != nil {
		t.Fatal(err)
	}
	folder, err := ts.CreateSubmailbox(bob, api.SubmailboxCreate{Name: "Projects"})
	if err != nil {
		t.Fatal(err)
	}
	folderGrant, err := ts.PutPermission(folder.ID, mockportal.DemoIDs.Alice, []string{api.PermissionView})
	if err != nil {
		t.Fatal(err)
	}
	before, _ := ts.HostedExchange(bob)
	mark := acctest.LastEvent(ts)

	config := leaverConfig(ts, bob, "bob", "Bob", "Builder", mockportal.BobEmail, true, `email_aliases = ["robert@acme.example"]`)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             acctest.CheckSharedMailboxesDestroyed(ts),
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(mailboxAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(mailboxAddr, mailboxAttr("user_plan"), knownvalue.StringExact(mockportal.PlanSharedMailbox)),
				}},
				Check: resource.ComposeAggregateTestCheckFunc(
					acctest.WithID(mailboxAddr, func(id string) error {
						if id != bob {
							return fmt.Errorf("the shared mailbox is user %s, want bob's own %s", id, bob)
						}
						return nil
					}),
					loginDisabledMailbox(ts, mockportal.PlanSharedMailbox, mockportal.BobEmail, "robert@acme.example"),
					mailboxInMock(ts, func(u api.User, s api.HostedExchange) error {
						var errs []error
						if s.ItemCount != before.ItemCount || s.StorageUsedMB != before.StorageUsedMB || s.ItemCount == 0 {
							errs = append(errs, fmt.Errorf("mail %d items, %d MB; want bob's %d items, %d MB", s.ItemCount,
								s.StorageUsedMB, before.ItemCount, before.StorageUsedMB))
						}
						if s.Calendar == nil || !s.Calendar.Shared || s.StorageLimitMB != 51200 {
							errs = append(errs, fmt.Errorf("service %+v: want the shared calendar and the plan's 51200 MB", s))
						}
						if !s.KeepSentAsCopy || !s.KeepSentOnBehalfCopy {
							errs = append(errs, fmt.Errorf("settings %+v: want the shared mailbox's sent-item copies", s.MailboxSettings))
						}
						if u.FirstName != "Bob" || u.Role != api.RoleUser {
							errs = append(errs, fmt.Errorf("user %+v", u))
						}
						return errors.Join(errs...)
					}),
					func(*terraform.State) error {
						// The grants and the folder are the very records that were there: same versions.
						if g := ts.Permissions(bob); len(g) != 1 || g[0].Version != grant.Version || !slices.Equal(g[0].Permissions, grant.Permissions) {
							return fmt.Errorf("grants on bob's mailbox %+v, want %+v untouched", g, grant)
						}
						if sm, ok := ts.Submailbox(folder.ID); !ok || sm.Version != folder.Version {
							return fmt.Errorf("submailbox %s: %+v (found %t), want it untouched", folder.ID, sm, ok)
						}
						if g := ts.Permissions(folder.ID); len(g) != 1 || g[0].Version != folderGrant.Version {
							return fmt.Errorf("grants on the submailbox %+v, want %+v untouched", g, folderGrant)
						}
						return nil
					},
					// Nothing deleted, nothing created: a re-provisioning on the new plan, the settings, the login.
					acctest.CheckWrites(ts, &mark, func() []string {
						return []string{"hosted_exchange.put " + bob + " " + lastJob(ts, bob) + " +", "user.update " + bob, "user.update " + bob, "hosted_exchange.patch " + bob + " +",
							"user.update " + bob}
					}),
				),
			},
			{
				// Protection off, for the test's destroy.
				Config:           leaverConfig(ts, bob, "bob", "Bob", "Builder", mockportal.BobEmail, false, `email_aliases = ["robert@acme.example"]`),
				ConfigPlanChecks: mailboxAction(plancheck.ResourceActionUpdate),
			},
		},
	})
}

// TestAccSharedMailbox_convertRefusedWhenMailDoesNotFit: a leaver on a large plan whose mail does not fit
// the Shared Mailbox plan. The plan fails with the attribute and the sizes, before anything is changed.
func TestAccSharedMailbox_convertRefusedWhenMailDoesNotFit(t *testing.T) {
	f := mockportal.DemoFixtures()
	executive := api.UserPlan{Name: "Executive", Description: "A large personal mailbox", MailboxSizeMB: 102400}
	acme := f.Customer(mockportal.DemoIDs.Acme)
	acme.UserPlans = append(acme.UserPlans, executive)
	const carol = "usr_ca401000000000c4"
	f.Users = append(f.Users, mockportal.FixtureUser{ID: carol, CustomerID: mockportal.DemoIDs.Acme, Username: "carol",
		FirstName: "Carol", LastName: "Chief", Role: api.RoleUser,
		HostedExchange: &api.HostedExchangeSpec{UserPlan: executive.Name, PrimaryEmail: "carol@acme.example", EmailAliases: []string{}}})
	f.Mail = append(f.Mail, mockportal.FixtureMail{MailboxID: carol, Items: 81234, SizeMB: 60000})
	ts := acctest.NewMock(t, mockportal.Options{Fixtures: f})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:   leaverConfig(ts, carol, "carol", "Carol", "Chief", "carol@acme.example", true, `user_plan = "Shared Mailbox"`),
				PlanOnly: true,
				ExpectError: regexp.MustCompile(`(?s)The mailbox's mail does not fit the user plan.*user_plan = "Shared Mailbox".*` +
					`Mailbox\s+usr_ca401000000000c4\s+holds\s+60000\s+MB\s+of\s+mail\s+\(81234\s+items\),\s+and\s+the\s+user\s+plan\s+"Shared\s+Mailbox"\s+allows\s+51200\s+MB`),
			},
			{
				// On a plan that holds the mail, the same mailbox imports and plans an update.
				Config:             leaverConfig(ts, carol, "carol", "Carol", "Chief", "carol@acme.example", true, `user_plan = "Executive"`),
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
			},
		},
	})
	if he, _ := ts.HostedExchange(carol); he.UserPlan != executive.Name {
		t.Errorf("carol's mailbox is on %q after refused plans, want %q", he.UserPlan, executive.Name)
	}
}
