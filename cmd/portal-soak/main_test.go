package main

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/csportal/terraform-provider-portal/internal/tfharness"
)

// TestSoakSmall is the soak of `make soak` at about 20 resources — 5 shared mailboxes, 10 permissions, 5
// application users — with the default faults: it must pass the same bar (no duplicates, orphans or panics,
// an empty plan within 3 applies).
func TestSoakSmall(t *testing.T) {
	bin, _ := tfharness.BuildForTest(t)
	var stdout, stderr bytes.Buffer
	work := t.TempDir()
	code := run(t.Context(), []string{"-bin-dir", bin, "-work-dir", work,
		"-mailboxes", "5", "-permissions-per-mailbox", "2", "-application-users", "5", "-extra-users", "3", "-extra-agents", "2",
		"-kills", "0"}, // the kill harness has its own test (internal/soak, TestKills)
		&stdout, &stderr)
	t.Logf("portal-soak output:\n%s%s", stdout.String(), stderr.String())
	if code != exitPassed {
		t.Fatalf("portal-soak exited %d, want %d", code, exitPassed)
	}
	summary := regexp.MustCompile(`(?m)^soak: resources=20 applies_to_converge=[123] duplicates=0 orphans=0 final_plan_empty=true panics=0$`)
	if !summary.MatchString(stdout.String()) {
		t.Errorf("no passing summary line for 20 resources")
	}
	// The refreshes went through the listings (batch_reads is on by default), which the default faults make
	// lag behind the portal: the bar above held with fresh objects missing from them.
	if m := regexp.MustCompile(`(?m) listing_requests=(\d+) `).FindStringSubmatch(stdout.String()); m == nil || m[1] == "0" {
		t.Errorf("no listing served the refreshes: %v", m)
	}
	if !regexp.MustCompile(`(?m)^soak: seed=\d+ `).MatchString(stdout.String()) {
		t.Errorf("the seed is not printed")
	}
	// Neither what it prints nor the CLI's log holds a colour code.
	log, err := os.ReadFile(filepath.Join(work, "terraform.log"))
	if err != nil {
		t.Fatal(err)
	}
	for what, out := range map[string][]byte{"its output": stdout.Bytes(), "terraform.log": log} {
		if where, found := tfharness.EscapeCode(out); found {
			t.Errorf("%s holds an escape code: %s", what, where)
		}
	}
}

// TestFlags checks the defaults of the issue and the refusal of settings that cannot work.
func TestFlags(t *testing.T) {
	c, err := parseFlags(nil, &bytes.Buffer{})
	if err != nil {
		t.Fatal(err)
	}
	sz, f := c.opts.Sizes, c.opts.Faults
	if sz.Mailboxes != 60 || sz.Mailboxes*sz.PermissionsPerMailbox != 180 || sz.ApplicationUsers != 60 {
		t.Errorf("default sizes %+v, want 60 mailboxes, 180 permissions, 60 application users", sz)
	}
	if f.ErrorRate != 0.10 || f.ResetRate != 0.03 || f.LostResponseRate != 0.05 || f.RateLimit != 50 ||
		f.JobFailureRate != 0.02 || f.ConsistencyDelay.String() != "500ms" || f.ListingDelay.String() != "3s" {
		t.Errorf("default faults %+v", f)
	}
	if c.opts.Seed == 0 {
		t.Error("no seed drawn")
	}
	if c.kills.Kills != 20 || c.kills.JobDelay.String() != "1s" {
		t.Errorf("default kills %+v, want 20 with a 1s job delay", c.kills)
	}
	if c, err := parseFlags([]string{"-seed", "42", "-error-rate", "0.2"}, &bytes.Buffer{}); err != nil || c.opts.Seed != 42 || c.opts.Faults.ErrorRate != 0.2 {
		t.Errorf("-seed 42 -error-rate 0.2: got %+v, %v", c.opts, err)
	}
	for _, args := range [][]string{{"-error-rate", "2"}, {"-max-applies", "0"}, {"-mailboxes", "-1"}, {"-kills", "-1"}, {"-kills-only", "-kills", "0"}, {"extra"}} {
		if _, err := parseFlags(args, &bytes.Buffer{}); err == nil {
			t.Errorf("%s: accepted", strings.Join(args, " "))
		}
	}
	var stderr bytes.Buffer
	if code := run(t.Context(), []string{"-bin-dir", t.TempDir()}, &bytes.Buffer{}, &stderr); code != exitError ||
		!strings.Contains(stderr.String(), "run make build first") {
		t.Errorf("without binaries: exit %d, %q; want %d and advice", code, stderr.String(), exitError)
	}
}
