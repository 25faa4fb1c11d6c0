package acctest

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/csportal/terraform-provider-portal/internal/api"
	"github.com/csportal/terraform-provider-portal/internal/mockportal"
)

// UsersNamed returns the users of a customer with this username (compared without regard to case), as
// the mock holds them: one after a successful create, none after destroy, never two.
func UsersNamed(ts *mockportal.TestServer, customerID, username string) []api.User {
	var out []api.User
	for _, u := range ts.Users() {
		if u.CustomerID == customerID && strings.EqualFold(u.Username, username) {
			out = append(out, u)
		}
	}
	return out
}

// CheckSharedMailboxesDestroyed is a CheckDestroy that asks the mock whether every portal_shared_mailbox
// the test managed is gone: its generic user deleted, and no user of that username left in the customer
// (which a create that lost track of its user would leave behind).
func CheckSharedMailboxesDestroyed(ts *mockportal.TestServer) func(*terraform.State) error {
	return func(s *terraform.State) error {
		for name, rs := range s.RootModule().Resources {
			if rs.Type != "portal_shared_mailbox" || strings.HasPrefix(name, "data.") {
				continue
			}
			if u, ok := ts.User(rs.Primary.ID); ok {
				return fmt.Errorf("%s: user %s (%q) still exists", name, u.ID, u.Username)
			}
			customerID, username := rs.Primary.Attributes["customer_id"], rs.Primary.Attributes["username"]
			if left := UsersNamed(ts, customerID, username); len(left) > 0 {
				return fmt.Errorf("%s: customer %s still has a user named %q: %s", name, customerID, username, left[0].ID)
			}
		}
		return nil
	}
}

// Deprovision removes a mailbox's service by hand, as an operator must (R6): enable the login first. The
// login stays enabled, as the operator leaves it.
func Deprovision(t *testing.T, ts *mockportal.TestServer, userID string) {
	t.Helper()
	if err := ts.SetLoginEnabled(userID, true); err != nil {
		t.Fatalf("enabling the login of %s: %v", userID, err)
	}
	job, err := ts.Deprovision(userID)
	if err != nil || job.Status != api.JobProvisioned {
		t.Fatalf("deprovisioning %s: job %+v, %v", userID, job, err)
	}
}

// Events returns the mock's audit events of one operation on one object (the first target), oldest first.
func Events(ts *mockportal.TestServer, operation, targetID string) []mockportal.Event {
	var out []mockportal.Event
	for _, e := range ts.Events() {
		if e.Operation == operation && len(e.TargetIDs) > 0 && e.TargetIDs[0] == targetID {
			out = append(out, e)
		}
	}
	return out
}

// WithID runs check with the ID of a resource in the state, for checks that ask the mock about it.
func WithID(resourceAddress string, check func(id string) error) func(*terraform.State) error {
	return func(s *terraform.State) error {
		rs, ok := s.RootModule().Resources[resourceAddress]
		if !ok || rs.Primary == nil || rs.Primary.ID == "" {
			return fmt.Errorf("%s is not in the state", resourceAddress)
		}
		return check(rs.Primary.ID)
	}
}
