package acctest

import (
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/csportal/terraform-provider-portal/internal/api"
	"github.com/csportal/terraform-provider-portal/internal/mockportal"
)

// ApplicationUser returns the mock's record of an application user, whatever the API would show.
func ApplicationUser(ts *mockportal.TestServer, appID, id string) (api.ApplicationUser, bool) {
	for _, u := range ts.ApplicationUsers(appID) {
		if u.ID == id {
			return u, true
		}
	}
	return api.ApplicationUser{}, false
}

// CheckApplicationUsersDestroyed is a CheckDestroy that asks the mock whether every portal_application_user
// the test managed is gone from its application.
func CheckApplicationUsersDestroyed(ts *mockportal.TestServer) func(*terraform.State) error {
	return func(s *terraform.State) error {
		for name, rs := range s.RootModule().Resources {
			if rs.Type != "portal_application_user" || strings.HasPrefix(name, "data.") {
				continue // a data source reads a record that something else manages
			}
			appID := rs.Primary.Attributes["application_id"]
			if u, ok := ApplicationUser(ts, appID, rs.Primary.ID); ok {
				return fmt.Errorf("%s: application user %s (%q) still exists in application %s", name, u.ID, u.Username, appID)
			}
		}
		return nil
	}
}
