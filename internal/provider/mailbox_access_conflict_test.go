package provider_test

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/csportal/terraform-provider-portal/internal/mockportal"
	"github.com/csportal/terraform-provider-portal/internal/tfharness"
)

// TestAccMailboxAccess_warnsOfPermissionOnSameMailbox: a mailbox managed by a portal_mailbox_access and a
// portal_mailbox_permission at once is a plan that never settles. The provider sees both in one plan, and
// `terraform plan` (run as a pipeline runs it: the CLI, the built provider, a portal-mock process; the test
// framework shows no warnings) warns naming both. A permission on another mailbox is no conflict.
func TestAccMailboxAccess_warnsOfPermissionOnSameMailbox(t *testing.T) {
	t.Parallel()
	bin, terraform := tfharness.BuildForTest(t)
	mock, err := tfharness.StartMock(t.Context(), filepath.Join(bin, tfharness.MockBinary), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = mock.Stop() })
	alice, bob := mockportal.DemoIDs.Alice, mockportal.DemoIDs.Bob // each has a mailbox in the demo fixtures
	config := terraformBlock + fmt.Sprintf(`
resource "portal_mailbox_access" "alice" {
  mailbox_id = %[1]q
  grants     = {}
}

resource "portal_mailbox_permission" "bob_on_alice" {
  mailbox_id  = %[1]q
  user_id     = %[2]q
  permissions = ["view", "send_as"]
}

resource "portal_mailbox_permission" "alice_on_bob" {
  mailbox_id  = %[2]q
  user_id     = %[1]q
  permissions = ["view"]
}
`, alice, bob)
	ws, out := newTestWorkspace(t, terraform, bin, mock, config)

	runTerraform(t, ws, out, 0, "plan")
	output := readLog(t, out)
	want := permissionError("Warning: Mailbox "+alice+" is managed by both portal_mailbox_access and portal_mailbox_permission "+alice+"/"+bob,
		"The portal_mailbox_access of mailbox "+alice+" holds the mailbox's complete access list, and portal_mailbox_permission "+
			alice+"/"+bob+" holds the grant of "+bob+" on it. The access list does not list "+bob+", so it revokes the grant "+
			"that the permission gives ([send_as, view]).",
		"replace its resource block with a removed block whose lifecycle says destroy = false")
	if !want.MatchString(output) {
		t.Errorf("the plan does not warn of the two resources on mailbox %s; output:\n%s", alice, output)
	}
	if n := strings.Count(output, "is managed by both"); n != 1 {
		t.Errorf("the plan warns %d times, want once (only mailbox %s has both); output:\n%s", n, alice, output)
	}
	if strings.Contains(output, "portal_mailbox_permission "+bob+"/") {
		t.Errorf("the plan warns of the permission on mailbox %s, which no access list manages; output:\n%s", bob, output)
	}
}
