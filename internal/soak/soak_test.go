package soak

import (
	"io"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/csportal/terraform-provider-portal/internal/api"
)

func TestGenerate(t *testing.T) {
	sz := Sizes{Mailboxes: 4, PermissionsPerMailbox: 3, ApplicationUsers: 3}
	users := []string{"usr_0000000000000011", "usr_0000000000000012"}
	agents := []string{"apu_0000000000000021"}
	cfg, err := generate(sz, 7, users, agents, false)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.mailboxes != 4 || cfg.permissions != 12 || cfg.appUsers != 3 || cfg.resources() != 19 {
		t.Errorf("counts %+v", cfg)
	}
	again, _ := generate(sz, 7, users, agents, false)
	if again.text != cfg.text {
		t.Error("the same seed gave another configuration")
	}
	updated, _ := generate(sz, 7, users, agents, true)
	if n := updated.changedFrom(cfg); n == 0 || n > cfg.resources()/2 || updated.resources() != cfg.resources() {
		t.Errorf("the update changes %d of %d resources", n, cfg.resources())
	}

	// Each grant: a distinct grantee per mailbox, and only the application permissions for application users (R11).
	grant := regexp.MustCompile(`resource "portal_mailbox_permission" "(m\d+)_\d+" \{\n  mailbox_id  = \S+\n  user_id     = (\S+)\n  permissions = \[(.*)\]`)
	seen := map[string]bool{}
	for _, m := range grant.FindAllStringSubmatch(cfg.text, -1) {
		mailbox, grantee, perms := m[1], m[2], strings.Split(strings.ReplaceAll(m[3], `"`, ""), ", ")
		if seen[mailbox+grantee] {
			t.Errorf("%s: grantee %s twice", mailbox, grantee)
		}
		seen[mailbox+grantee] = true
		allowed := api.AllPermissions
		if strings.Contains(grantee, "apu_") || strings.Contains(grantee, "portal_application_user.") {
			allowed = api.ApplicationPermissions
		}
		for _, p := range perms {
			if !slices.Contains(allowed, p) {
				t.Errorf("%s: %s may not hold %q", mailbox, grantee, p)
			}
		}
	}
	if len(seen) != 12 {
		t.Errorf("found %d grants in the configuration, want 12", len(seen))
	}

	if _, err := generate(Sizes{Mailboxes: 1, PermissionsPerMailbox: 4}, 1, nil, nil, false); err == nil {
		t.Error("4 grants per mailbox with 2 possible grantees: no error")
	}
}

func TestOutputScanner(t *testing.T) {
	s := newOutputScanner(io.Discard)
	s.begin("apply 1")
	output := `portal_application_user.a001: Creating...

Warning: Shared mailbox usr_0123456789abcdef is tainted

Its generic user was created before provisioning failed.

Error: Cannot provision the shared mailbox usr_0123456789abcdef

  with portal_shared_mailbox.m001,
  on main.tf line 12, in resource "portal_shared_mailbox" "m001":
  12: resource "portal_shared_mailbox" "m001" {

The portal's provisioning job job_0123456789abcdef failed.

Error: Cannot provision the shared mailbox usr_fedcba9876543210

The portal's provisioning job job_fedcba9876543210 failed.
`
	// Written in odd pieces, as a pipe delivers it.
	for len(output) > 0 {
		n := min(7, len(output))
		if _, err := s.Write([]byte(output[:n])); err != nil {
			t.Fatal(err)
		}
		output = output[n:]
	}
	errs := s.end()
	if len(errs) != 1 || errs["Cannot provision the shared mailbox usr_…"] != 2 {
		t.Errorf("errors %v, want 2 of one kind", errs)
	}
	if ex := s.example("Cannot provision the shared mailbox usr_…"); len(ex) != 7 || !strings.Contains(ex[6], "job_0123456789abcdef") {
		t.Errorf("example %q, want the first diagnostic whole", ex)
	}

	s.begin("plan")
	_, _ = s.Write([]byte("  # portal_shared_mailbox.m001 is tainted, so must be replaced\n" +
		"  # portal_mailbox_permission.m001_1 will be created\n" +
		"Stack trace from the terraform-provider-portal plugin:\n\npanic: runtime error: invalid memory address\n"))
	if errs := s.end(); len(errs) != 0 {
		t.Errorf("errors %v, want none", errs)
	}
	want := []string{"portal_shared_mailbox.m001 (is tainted, so must be replaced)", "portal_mailbox_permission.m001_1 (will be created)"}
	if got := s.changes(); !slices.Equal(got, want) {
		t.Errorf("changes %q, want %q", got, want)
	}
	if got := describeChanges(want); got != "1 is tainted, so must be replaced; 1 will be created: "+strings.Join(want, ", ") {
		t.Errorf("describeChanges: %q", got)
	}
	if len(s.panics) != 1 || !strings.Contains(s.panics[0], "plan: terraform output: panic: runtime error") {
		t.Errorf("panics %q, want the provider's", s.panics)
	}
}
