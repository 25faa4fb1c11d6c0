package provider_test

import (
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/csportal/terraform-provider-portal/internal/api"
	"github.com/csportal/terraform-provider-portal/internal/client"
	"github.com/csportal/terraform-provider-portal/internal/mockportal"
	"github.com/csportal/terraform-provider-portal/internal/tfharness"
)

// TestAccSettings_warningsAndCost runs the settings as a pipeline does — the CLI, the built provider, a
// portal-mock process — because the test framework shows no warnings. The plan warns, at the attribute
// that says it, of a grantee with both send_as and send_on_behalf, and of send rights on a mailbox hidden
// from the address lists: the mailbox's own line when both are in one configuration; the grant's line in
// another state, where the provider asks the portal; an access list's grantee line. It also counts what the
// apply of a change of every setting of a disabled mailbox costs the portal.
func TestAccSettings_warningsAndCost(t *testing.T) {
	t.Parallel()
	bin, terraform, mock := startCLIMock(t)
	alice, bob := mockportal.DemoIDs.Alice, mockportal.DemoIDs.Bob
	config := func(settings string, grantLines ...string) string {
		return terraformBlock + fmt.Sprintf(`
resource "portal_shared_mailbox" "info" {
  customer_id         = %q
  username            = "info"
  first_name          = "Info"
  last_name           = "Desk"
  email_address       = "info@acme.example"
  deletion_protection = false
  %s
}

resource "portal_mailbox_permission" "alice" {
  mailbox_id  = portal_shared_mailbox.info.id
  user_id     = %q
  permissions = ["full_access", "send_as", "send_on_behalf"]
  %s
}
`, mockportal.DemoIDs.Acme, settings, alice, strings.Join(grantLines, "\n  "))
	}
	ws, out := newTestWorkspace(t, terraform, bin, mock, config(""))
	expect := func(output, what string, pattern string) {
		t.Helper()
		if !regexp.MustCompile(pattern).MatchString(output) {
			t.Errorf("%s: no match for %s in the output:\n%s", what, pattern, output)
		}
	}

	runTerraform(t, ws, out, 0, "apply", "-auto-approve")
	output := readLog(t, out)
	expect(output, "both send rights", `(?s)Warning: Both send_as and send_on_behalf.*with portal_mailbox_permission\.alice,.*`+
		`permissions = \["full_access", "send_as", "send_on_behalf"\].*usr_a11ce00000000001 is given both send_as and\s+send_on_behalf`)

	// Every setting changed: the plan warns once, at hidden_from_address_lists, naming alice's rights.
	const allSettings = `forwarding_address        = "bob@acme.example"
  forwarding_keep_copy      = false
  keep_sent_as_copy         = false
  keep_sent_on_behalf_copy  = false
  hidden_from_address_lists = true`
	if err := ws.WriteFile("main.tf", config(allSettings)); err != nil {
		t.Fatal(err)
	}
	start := len(readLog(t, out))
	runTerraform(t, ws, out, 0, "plan", "-out=settings.tfplan")
	output = readLog(t, out)[start:]
	expect(output, "hidden mailbox", `(?s)Warning: Send rights on a mailbox hidden from the address lists.*with portal_shared_mailbox\.info,.*`+
		`hidden_from_address_lists = true.*is hidden from the address lists, and\s+usr_a11ce00000000001 \(send_as,\s+send_on_behalf\) may\s+send\s+from\s+it`)
	if n := strings.Count(output, "Warning: Send rights on a mailbox hidden"); n != 1 {
		t.Errorf("the plan warns %d times of send rights on the hidden mailbox, want once:\n%s", n, output)
	}

	// What one update of every setting of a disabled mailbox costs the portal: the apply of the saved plan.
	stats := applyCounted(t, ws, out, mock, "settings.tfplan", "the apply of one change of every setting of a disabled mailbox")
	want := map[string]int64{
		"GET " + api.BasePath + "/users/{id}":                             2, // the dance reads the login; the state read after
		"PATCH " + api.BasePath + "/users/{id}":                           2, // enable, disable (R6)
		"PATCH " + api.BasePath + "/users/{id}/hosted-exchange":           1, // every setting at once, no job
		"GET " + api.BasePath + "/users/{id}/hosted-exchange":             1, // the state read after
		"GET " + api.BasePath + "/customers/{id}":                         1, // the forwarding rule and the customer's domains, checked again as the apply plans
		"GET " + api.BasePath + "/users/{id}/hosted-exchange/permissions": 1, // the senders on the mailbox being hidden
	}
	if !maps.Equal(stats.Requests, want) {
		t.Errorf("the apply made %v, want %v", stats.Requests, want)
	}
	runTerraform(t, ws, out, 0, "plan", "-detailed-exitcode")

	// And what a change of automapping on the grant costs: full_access removed and granted again.
	if err := ws.WriteFile("main.tf", config(allSettings, "automapping = false")); err != nil {
		t.Fatal(err)
	}
	runTerraform(t, ws, out, 0, "plan", "-out=automapping.tfplan")
	stats = applyCounted(t, ws, out, mock, "automapping.tfplan", "the apply of a change of automapping on a disabled mailbox")
	for route, n := range map[string]int64{routePutGrant: 2, routePatchLogin: 2, routeDeleteGrant: 0} {
		if stats.Requests[route] != n {
			t.Errorf("%s: %d requests, want %d", route, stats.Requests[route], n)
		}
	}
	runTerraform(t, ws, out, 0, "plan", "-detailed-exitcode")

	// Another state's grant on the hidden mailbox: the provider asks the portal, and warns at the grant.
	portal, err := mock.Client()
	if err != nil {
		t.Fatal(err)
	}
	users, err := portal.ListUsers(t.Context(), client.UserFilter{CustomerID: mockportal.DemoIDs.Acme, Username: "info"})
	if err != nil || len(users) != 1 {
		t.Fatalf("finding the mailbox: %v %v", users, err)
	}
	info := users[0].ID
	other, otherOut := newTestWorkspace(t, terraform, bin, mock, terraformBlock+fmt.Sprintf(`
resource "portal_mailbox_permission" "bob" {
  mailbox_id  = %q
  user_id     = %q
  permissions = ["view", "send_as"]
}
`, info, bob))
	runTerraform(t, other, otherOut, 0, "plan")
	expect(readLog(t, otherOut), "grant in another state", `(?s)Warning: Send rights on a mailbox hidden from the address lists.*`+
		`with portal_mailbox_permission\.bob,.*permissions = \["view", "send_as"\].*usr_b0b0000000000002 is given send_as on mailbox\s+`+info)

	// An access list of the hidden mailbox: both warnings at bob's line.
	list, listOut := newTestWorkspace(t, terraform, bin, mock, terraformBlock+fmt.Sprintf(`
resource "portal_mailbox_access" "info" {
  mailbox_id = %q
  grants = {
    %q = ["full_access", "send_as", "send_on_behalf"]
  }
}
`, info, bob))
	runTerraform(t, list, listOut, 0, "plan")
	output = readLog(t, listOut)
	expect(output, "access list, hidden", `(?s)Warning: Send rights on a mailbox hidden from the address lists.*with portal_mailbox_access\.info,.*usr_b0b0000000000002 is given send_as and send_on_behalf`)
	expect(output, "access list, both", `(?s)Warning: Both send_as and send_on_behalf.*with portal_mailbox_access\.info,.*usr_b0b0000000000002 is given both`)

	runTerraform(t, ws, out, 0, "destroy", "-auto-approve")
}

// TestAccConvertLeaverExample applies the guide's example, examples/convert-leaver, as a user would:
// bob's personal mailbox of the demo fixtures is imported and changed in place into a shared mailbox, and
// the portal still holds his mail, his address and the same user, on the shared plan with his login
// disabled, with alice's new grant without automapping. The next plan is empty.
func TestAccConvertLeaverExample(t *testing.T) {
	t.Parallel()
	bin, terraform, mock := startCLIMock(t)
	example, err := os.ReadFile("../../examples/convert-leaver/main.tf")
	if err != nil {
		t.Fatal(err)
	}
	ws, out := newTestWorkspace(t, terraform, bin, mock, string(example))
	portal, err := mock.Client()
	if err != nil {
		t.Fatal(err)
	}
	bob := mockportal.DemoIDs.Bob
	before, err := portal.GetHostedExchange(t.Context(), bob)
	if err != nil {
		t.Fatal(err)
	}

	runTerraform(t, ws, out, 0, "plan")
	if plan := readLog(t, out); !strings.Contains(plan, "Plan: 1 to import, 1 to add, 1 to change, 0 to destroy.") ||
		!strings.Contains(plan, "portal_shared_mailbox.bob will be updated in-place") {
		t.Fatalf("the plan is not an import and an update in place:\n%s", plan)
	}
	runTerraform(t, ws, out, 0, "apply", "-auto-approve")
	if applied := readLog(t, out); !strings.Contains(applied, "Resources: 1 imported, 1 added, 1 changed, 0 destroyed.") {
		t.Fatalf("the apply did not import bob's mailbox and change it in place:\n%s", applied)
	}
	user, err := portal.GetUser(t.Context(), bob)
	if err != nil {
		t.Fatal(err)
	}
	after, err := portal.GetHostedExchange(t.Context(), bob)
	if err != nil {
		t.Fatal(err)
	}
	if user.LoginEnabled || after.UserPlan != mockportal.PlanSharedMailbox || after.PrimaryEmail != mockportal.BobEmail ||
		after.ItemCount != before.ItemCount || after.StorageUsedMB != before.StorageUsedMB || after.Calendar == nil {
		t.Errorf("after the conversion: login_enabled %t, service %+v; before: %+v", user.LoginEnabled, after, before)
	}
	grant, err := portal.GetPermission(t.Context(), bob, mockportal.DemoIDs.Alice)
	if err != nil || grant.Automapping == nil || *grant.Automapping {
		t.Errorf("alice's grant: %+v %v, want full_access without automapping", grant, err)
	}
	runTerraform(t, ws, out, 0, "plan", "-detailed-exitcode")
}

// startCLIMock builds the provider and portal-mock, and starts the mock with the demo fixtures for the test.
func startCLIMock(t *testing.T) (binDir, terraform string, mock *tfharness.Mock) {
	t.Helper()
	binDir, terraform = tfharness.BuildForTest(t)
	mock, err := tfharness.StartMock(t.Context(), filepath.Join(binDir, tfharness.MockBinary), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = mock.Stop() })
	return binDir, terraform, mock
}

// applyCounted applies a saved plan and returns the portal requests it made, which it logs as what.
func applyCounted(t *testing.T, ws *tfharness.Workspace, out *os.File, mock *tfharness.Mock, plan, what string) mockportal.Stats {
	t.Helper()
	if err := mock.ResetStats(t.Context()); err != nil {
		t.Fatal(err)
	}
	runTerraform(t, ws, out, 0, "apply", plan)
	stats, err := mock.Stats(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	var total int64
	var lines []string
	for _, route := range slices.Sorted(maps.Keys(stats.Requests)) {
		total += stats.Requests[route]
		lines = append(lines, fmt.Sprintf("%3d  %s", stats.Requests[route], route))
	}
	t.Logf("%s: %d requests\n%s", what, total, strings.Join(lines, "\n"))
	return stats
}
