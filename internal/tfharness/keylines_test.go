package tfharness

import (
	"slices"
	"strings"
	"testing"
)

func TestKeyLines(t *testing.T) {
	const destroy = `data.portal_customer.acme: Reading...
portal_shared_mailbox.support: Refreshing state... [id=usr_1]

Terraform will perform the following actions:

  # data.portal_mailbox_permissions.support will be read during apply

  # portal_submailbox.orders_2026 will be destroyed
  - resource "portal_submailbox" "orders_2026" {
      - name = "2026" -> null
    }

Plan: 0 to add, 0 to change, 3 to destroy.

Changes to Outputs:
  - orders_folder = "Orders/2026" -> null

Error: Deletion protection: the plan would delete submailbox smb_2 (Orders/2026 in mailbox usr_1)

  with portal_submailbox.orders_2026,
  on main.tf line 93, in resource "portal_submailbox" "orders_2026":
  93: resource "portal_submailbox" "orders_2026" {

This plan deletes submailbox smb_2.
  - submailbox smb_3 (Orders in mailbox usr_1)
  - shared mailbox usr_1 (support@acme.example)

  removed {
    from = portal_submailbox.NAME
  }

Warning: Something else

  - not this
`
	want := []string{
		"# portal_submailbox.orders_2026 will be destroyed",
		"Plan: 0 to add, 0 to change, 3 to destroy.",
		"Error: Deletion protection: the plan would delete submailbox smb_2 (Orders/2026 in mailbox usr_1)",
		"  with portal_submailbox.orders_2026",
		"  - submailbox smb_3 (Orders in mailbox usr_1)",
		"  - shared mailbox usr_1 (support@acme.example)",
	}
	if got := KeyLines(destroy); !slices.Equal(got, want) {
		t.Errorf("KeyLines:\n%q\nwant\n%q", got, want)
	}
	// An apply's or a destroy's lines without the resources.
	if got := CountLines(destroy); !slices.Equal(got, append([]string{want[1]}, want[2:]...)) {
		t.Errorf("CountLines:\n%q", got)
	}
	errs := Errors(destroy)
	if !strings.HasPrefix(errs, "Error: Deletion protection") || !strings.Contains(errs, "smb_3") ||
		strings.Contains(errs, "Warning") || strings.Contains(errs, "will be destroyed") {
		t.Errorf("Errors:\n%s", errs)
	}
	for _, tc := range []struct{ out, want string }{
		{"\nNo changes. Your infrastructure matches the configuration.\n", "No changes. Your infrastructure matches the configuration."},
		{"Apply complete! Resources: 13 added, 0 changed, 0 destroyed.\n", "Apply complete! Resources: 13 added, 0 changed, 0 destroyed."},
		{"  # portal_shared_mailbox.support has changed\n", "# portal_shared_mailbox.support has changed"},
		{"OpenTofu will perform the following actions:\n  # portal_mailbox_permission.delegate[\"bob\"] will be created\n", `# portal_mailbox_permission.delegate["bob"] will be created`},
	} {
		if got := KeyLines(tc.out); !slices.Equal(got, []string{tc.want}) {
			t.Errorf("KeyLines(%q) = %q, want %q", tc.out, got, tc.want)
		}
	}
}

func TestColourWanted(t *testing.T) {
	env := func(vars map[string]string) func(string) string { return func(k string) string { return vars[k] } }
	for _, tc := range []struct {
		terminal bool
		vars     map[string]string
		want     bool
	}{
		{true, nil, true},
		{false, nil, false}, // a file or a pipe
		{true, map[string]string{NoColorVariable: "1"}, false},
		{true, map[string]string{"TERM": "dumb"}, false},
		{false, map[string]string{"TERM": "xterm-256color"}, false},
	} {
		if got := ColourWanted(tc.terminal, env(tc.vars)); got != tc.want {
			t.Errorf("terminal %v, env %v: colour %v, want %v", tc.terminal, tc.vars, got, tc.want)
		}
	}
}
