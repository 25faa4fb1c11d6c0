package acctest

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/csportal/terraform-provider-portal/internal/api"
	"github.com/csportal/terraform-provider-portal/internal/mockportal"
)

// owningMailbox returns the user ID of the mailbox a mailbox key names or lies in: R6 is about that
// mailbox's login whether a change is to the mailbox or to one of its submailboxes.
func owningMailbox(ts *mockportal.TestServer, key string) string {
	if sm, ok := ts.Submailbox(key); ok {
		return sm.MailboxID
	}
	return key
}

// NewSubmailbox creates, as an operator, a submailbox of the mailbox (parentID "" for its top level) and
// returns its ID; AsOperator enables the mailbox's login for it, as R6 demands.
func NewSubmailbox(t *testing.T, ts *mockportal.TestServer, mailboxID, parentID, name string) string {
	t.Helper()
	var id string
	AsOperator(t, ts, mailboxID, func() error {
		sm, err := ts.CreateSubmailbox(mailboxID, api.SubmailboxCreate{Name: name, ParentID: parentID})
		id = sm.ID
		return err
	})
	return id
}

// CheckSubmailboxesDestroyed is a CheckDestroy that asks the mock whether every portal_submailbox the test
// managed is gone, with the grants on it.
func CheckSubmailboxesDestroyed(ts *mockportal.TestServer) func(*terraform.State) error {
	return func(s *terraform.State) error {
		for name, rs := range s.RootModule().Resources {
			if rs.Type != "portal_submailbox" {
				continue
			}
			if sm, ok := ts.Submailbox(rs.Primary.ID); ok {
				return fmt.Errorf("%s: submailbox %s (%q) still exists", name, sm.ID, sm.Path)
			}
			if g := ts.Permissions(rs.Primary.ID); len(g) > 0 {
				return fmt.Errorf("%s: grants are left on deleted submailbox %s: %+v", name, rs.Primary.ID, g)
			}
		}
		return nil
	}
}
