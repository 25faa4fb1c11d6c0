package acctest

import (
	"fmt"
	"slices"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/csportal/terraform-provider-portal/internal/api"
	"github.com/csportal/terraform-provider-portal/internal/mockportal"
)

// testPassword satisfies the portal's password rules for users the tests create as an operator.
const testPassword = "correct-horse-battery-staple"

// NewUser creates, as an operator, a regular user of Acme without a mailbox and returns its ID: a grantee
// that nothing has been granted to yet (R9).
func NewUser(t *testing.T, ts *mockportal.TestServer, username string) string {
	t.Helper()
	return NewUserOf(t, ts, mockportal.DemoIDs.Acme, username)
}

// NewDisabledMailbox creates, as an operator, a shared mailbox of Acme in the state portal_shared_mailbox
// leaves it in — provisioned on the "Shared Mailbox" plan with its login disabled (R5) — and returns its
// user ID. Permission tests use it so that they do not depend on the shared-mailbox resource.
func NewDisabledMailbox(t *testing.T, ts *mockportal.TestServer, username string) string {
	t.Helper()
	id := NewUser(t, ts, username)
	job, err := ts.PutHostedExchange(id, api.HostedExchangeSpec{UserPlan: mockportal.PlanSharedMailbox,
		PrimaryEmail: username + "@acme.example", EmailAliases: []string{}})
	if err != nil || job.Status != api.JobProvisioned {
		t.Fatalf("provisioning mailbox %s: job %+v, %v", username, job, err)
	}
	if err := ts.SetLoginEnabled(id, false); err != nil {
		t.Fatalf("disabling the login of mailbox %s: %v", username, err)
	}
	return id
}

// NewApplicationUser creates, as an operator, Acme's user of the application appID and returns its ID: a
// grantee of Acme's mailboxes (R16).
func NewApplicationUser(t *testing.T, ts *mockportal.TestServer, appID, username string) string {
	t.Helper()
	a, err := ts.CreateApplicationUser(appID, api.ApplicationUserCreate{CustomerID: mockportal.DemoIDs.Acme, Username: username})
	if err != nil {
		t.Fatalf("creating application user %s: %v", username, err)
	}
	return a.ID
}

// AsOperator makes an out-of-band change to a mailbox's permissions or submailboxes as an operator must
// (R6): with its login enabled for the change and disabled again afterwards. mailboxID may be a
// submailbox's ID: then its mailbox's login is the one enabled.
func AsOperator(t *testing.T, ts *mockportal.TestServer, mailboxID string, change func() error) {
	t.Helper()
	mailboxID = owningMailbox(ts, mailboxID)
	u, ok := ts.User(mailboxID)
	if !ok {
		t.Fatalf("mailbox %s does not exist", mailboxID)
	}
	if err := ts.SetLoginEnabled(mailboxID, true); err != nil {
		t.Fatalf("enabling the login of mailbox %s: %v", mailboxID, err)
	}
	if err := change(); err != nil {
		t.Fatalf("changing mailbox %s: %v", mailboxID, err)
	}
	if err := ts.SetLoginEnabled(mailboxID, u.LoginEnabled); err != nil {
		t.Fatalf("restoring the login of mailbox %s: %v", mailboxID, err)
	}
}

// CheckGrant checks that the portal holds exactly these permissions for the grantee on the mailbox;
// with none, that it holds no grant at all.
func CheckGrant(ts *mockportal.TestServer, mailboxID, granteeID string, permissions ...string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		want := slices.Sorted(slices.Values(permissions))
		for _, g := range ts.Permissions(mailboxID) {
			if g.GranteeID != granteeID {
				continue
			}
			if !slices.Equal(g.Permissions, want) {
				return fmt.Errorf("portal holds %v for %s on mailbox %s, want %v", g.Permissions, granteeID, mailboxID, want)
			}
			return nil
		}
		if len(want) > 0 {
			return fmt.Errorf("portal holds no grant for %s on mailbox %s, want %v", granteeID, mailboxID, want)
		}
		return nil
	}
}

// CheckLoginEnabled checks the mailbox's login as the portal holds it, e.g. that R6 left it disabled.
func CheckLoginEnabled(ts *mockportal.TestServer, mailboxID string, want bool) resource.TestCheckFunc {
	return func(*terraform.State) error {
		u, ok := ts.User(mailboxID)
		if !ok {
			return fmt.Errorf("mailbox %s does not exist", mailboxID)
		}
		if u.LoginEnabled != want {
			return fmt.Errorf("mailbox %s has login_enabled = %t, want %t", mailboxID, u.LoginEnabled, want)
		}
		return nil
	}
}

// CheckPermissionsDestroyed is a CheckDestroy: the portal holds none of the grants of the
// portal_mailbox_permission resources that were in state.
func CheckPermissionsDestroyed(ts *mockportal.TestServer) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		for name, rs := range s.RootModule().Resources {
			if rs.Type != "portal_mailbox_permission" {
				continue
			}
			mailboxID, granteeID := rs.Primary.Attributes["mailbox_id"], rs.Primary.Attributes["user_id"]
			for _, g := range ts.Permissions(mailboxID) {
				if g.GranteeID == granteeID {
					return fmt.Errorf("%s: portal still holds %v for %s on mailbox %s", name, g.Permissions, granteeID, mailboxID)
				}
			}
		}
		return nil
	}
}
