package acctest

import (
	"fmt"
	"maps"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/csportal/terraform-provider-portal/internal/api"
	"github.com/csportal/terraform-provider-portal/internal/mockportal"
)

// CheckCalendarEntries checks that the portal holds exactly these entries on the mailbox's calendar (grantee
// ID → entry), and no others.
func CheckCalendarEntries(ts *mockportal.TestServer, mailboxID string, want map[string]api.CalendarPermissionSpec) resource.TestCheckFunc {
	return func(*terraform.State) error {
		held := map[string]api.CalendarPermissionSpec{}
		for _, e := range ts.CalendarPermissions(mailboxID) {
			held[e.GranteeID] = api.CalendarPermissionSpec{Access: e.Access, Delegate: e.Delegate, SeePrivateItems: e.SeePrivateItems}
		}
		if !maps.Equal(held, want) {
			return fmt.Errorf("portal holds calendar entries %+v on mailbox %s, want exactly %+v", held, mailboxID, want)
		}
		return nil
	}
}

// CheckCalendarDefaultAccess checks the default access of the mailbox's calendar as the portal holds it.
func CheckCalendarDefaultAccess(ts *mockportal.TestServer, mailboxID, want string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		cal, ok := ts.Calendar(mailboxID)
		if !ok {
			return fmt.Errorf("mailbox %s has no calendar", mailboxID)
		}
		if cal.DefaultAccess != want {
			return fmt.Errorf("the calendar of mailbox %s has the default access %s, want %s", mailboxID, cal.DefaultAccess, want)
		}
		return nil
	}
}

// CheckCalendarPermissionsDestroyed is a CheckDestroy: the portal holds none of the entries of the
// portal_calendar_permission resources that were in state.
func CheckCalendarPermissionsDestroyed(ts *mockportal.TestServer) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		for name, rs := range s.RootModule().Resources {
			if rs.Type != "portal_calendar_permission" {
				continue
			}
			mailboxID, granteeID := rs.Primary.Attributes["mailbox_id"], rs.Primary.Attributes["user_id"]
			for _, e := range ts.CalendarPermissions(mailboxID) {
				if e.GranteeID == granteeID {
					return fmt.Errorf("%s: portal still holds the entry %+v", name, e)
				}
			}
		}
		return nil
	}
}

// CheckCalendarChangesWhileEnabled checks the mock's audit log: every change of the mailbox's calendar (its
// default access and its entries) happened while the mailbox's login was enabled, as R6 demands, and there
// were at least atLeast of them.
func CheckCalendarChangesWhileEnabled(ts *mockportal.TestServer, mailboxID string, atLeast int) resource.TestCheckFunc {
	return func(*terraform.State) error {
		var n int
		for _, op := range []string{mockportal.OpCalendarUpdate, mockportal.OpCalendarPermissionPut, mockportal.OpCalendarPermissionDelete} {
			for _, e := range Events(ts, op, mailboxID) {
				if e.MailboxLoginEnabled == nil || !*e.MailboxLoginEnabled {
					return fmt.Errorf("event %d (%s of %v) happened with the mailbox login disabled", e.Seq, op, e.TargetIDs)
				}
				n++
			}
		}
		if n < atLeast {
			return fmt.Errorf("the portal recorded %d calendar changes on %s, want at least %d", n, mailboxID, atLeast)
		}
		return nil
	}
}

// CalendarByHand gives (or, with an empty access, removes) a person's entry on the mailbox's calendar as an
// operator, behind Terraform's back, with the mailbox's login enabled for the change (R6).
func CalendarByHand(t *testing.T, ts *mockportal.TestServer, mailboxID, granteeID string, spec api.CalendarPermissionSpec) {
	t.Helper()
	AsOperator(t, ts, mailboxID, func() error {
		if spec.Access == "" {
			return ts.DeleteCalendarPermission(mailboxID, granteeID)
		}
		_, err := ts.PutCalendarPermission(mailboxID, granteeID, spec)
		return err
	})
}

// NewUserOf creates, as an operator, a regular user of the customer without a mailbox and returns its ID.
func NewUserOf(t *testing.T, ts *mockportal.TestServer, customerID, username string) string {
	t.Helper()
	u, err := ts.CreateUser(api.UserCreate{CustomerID: customerID, Username: username, FirstName: "Test", LastName: username,
		Password: testPassword})
	if err != nil {
		t.Fatalf("creating user %s of %s: %v", username, customerID, err)
	}
	return u.ID
}
