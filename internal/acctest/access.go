package acctest

import (
	"fmt"
	"maps"
	"slices"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/csportal/terraform-provider-portal/internal/api"
	"github.com/csportal/terraform-provider-portal/internal/mockportal"
)

// CheckGrants checks that the portal holds exactly these grants on the mailbox or submailbox (grantee ID →
// permissions), and no others.
func CheckGrants(ts *mockportal.TestServer, mailboxID string, want map[string][]string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		held := map[string][]string{}
		for _, g := range ts.Permissions(mailboxID) {
			held[g.GranteeID] = g.Permissions
		}
		if !maps.EqualFunc(held, want, func(a, b []string) bool {
			return slices.Equal(a, slices.Sorted(slices.Values(b)))
		}) {
			return fmt.Errorf("portal holds %v on mailbox %s, want exactly %v", held, mailboxID, want)
		}
		return nil
	}
}

// CheckAccessListsDestroyed is a CheckDestroy: the mailbox of every portal_mailbox_access that was in state
// holds no grant any more.
func CheckAccessListsDestroyed(ts *mockportal.TestServer) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		for name, rs := range s.RootModule().Resources {
			if rs.Type != "portal_mailbox_access" {
				continue
			}
			mailboxID := rs.Primary.Attributes["mailbox_id"]
			if left := ts.Permissions(mailboxID); len(left) > 0 {
				return fmt.Errorf("%s: the portal still holds %d grants on mailbox %s: %+v", name, len(left), mailboxID, left)
			}
		}
		return nil
	}
}

// CheckLoginChanges checks, from the mock's request counts since the last ResetStats, that users were
// patched exactly want times: in a test where nothing else patches users, 2 is one R6 dance (enable, then
// disable), 0 none. With CheckChangesWhileEnabled and CheckLoginEnabled it proves that all of an apply's
// changes were made in one dance.
func CheckLoginChanges(ts *mockportal.TestServer, want int64) resource.TestCheckFunc {
	return func(*terraform.State) error {
		stats := ts.Stats()
		if n := stats.Requests["PATCH "+api.BasePath+"/users/{id}"]; n != want {
			return fmt.Errorf("users were patched %d times, want %d (one enable and one disable per dance): %v", n, want, stats.Requests)
		}
		return nil
	}
}

// CheckChangesWhileEnabled checks the mock's audit log: every permission change on the mailbox key (a
// mailbox or a submailbox) happened while the mailbox's login was enabled, as R6 demands, and there were at
// least atLeast of them.
func CheckChangesWhileEnabled(ts *mockportal.TestServer, key string, atLeast int) resource.TestCheckFunc {
	return func(*terraform.State) error {
		var n int
		for _, op := range []string{mockportal.OpPermissionPut, mockportal.OpPermissionDelete} {
			for _, e := range Events(ts, op, key) {
				if e.MailboxLoginEnabled == nil || !*e.MailboxLoginEnabled {
					return fmt.Errorf("event %d (%s of %v) happened with the mailbox login disabled", e.Seq, op, e.TargetIDs)
				}
				n++
			}
		}
		if n < atLeast {
			return fmt.Errorf("the portal recorded %d permission changes on %s, want at least %d", n, key, atLeast)
		}
		return nil
	}
}
