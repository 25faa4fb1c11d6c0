package main

import (
	"bytes"
	"regexp"
	"strings"
	"testing"

	"github.com/csportal/terraform-provider-portal/internal/tfharness"
)

// TestBenchSmall is `make bench` at N=8 (2 shared mailboxes, 4 permissions, 2 application users), one run
// of each measure. It asserts what does not depend on the machine: the table is produced with a row for
// every measure, the portal requests per refreshed object and the plan-time lookups are within the
// targets, and the rate-limited apply made no errors. Times are printed, never asserted.
func TestBenchSmall(t *testing.T) {
	bin, _ := tfharness.BuildForTest(t)
	var stdout, stderr bytes.Buffer
	code := run(t.Context(), []string{"-bin-dir", bin, "-work-dir", t.TempDir(), "-n", "8", "-runs", "1"}, &stdout, &stderr)
	t.Logf("portal-bench output:\n%s%s", stdout.String(), stderr.String())
	if code != exitMeasured {
		t.Fatalf("portal-bench exited %d, want %d", code, exitMeasured)
	}
	out := stdout.String()
	for _, want := range []string{
		`| 1 | Floor: ` + "`terraform plan`" + ` of 8 ` + "`terraform_data`",
		`| 2 | Refresh: `,
		"| 3 | Refresh requests per shared mailbox, `batch_reads = false` | **2.00** (GET user 1.00, GET hosted-exchange 1.00) | ≤ 2 | met |",
		"| 3 | Refresh requests per permission, `batch_reads = false` | **1.00** | ≤ 1 | met |",
		"| 3 | Refresh requests per application user, `batch_reads = false` | **1.00** | ≤ 1 | met |",
		"| 3 | Requests of the refresh plan, all, `batch_reads = false` | **10** (0 besides the reads above) | ≤ objects 8 + distinct grantees 4 = 12 | met |",
		// Batched, never more than the reads one by one; one object of the portal costs what it did.
		"| 7 | Refresh requests, batched (the default) | ",
		"| 7 | Refresh of one shared mailbox in the portal of 2: requests | **2** (GET user 1, GET hosted-exchange 1) | ≤ 2, what it cost before batching | met |",
		"| 7 | Refresh with 200ms latency, `batch_reads = false` | ",
		// 2 regular grantees, GET /me, the customer (its domains and reach) and its user plans, each once however
		// many grants; each mailbox's one address, once.
		`| **7** (GET customer 1, GET user-plans 1, GET /me 1, GET users by address 2, GET user 2) | ≤ 7: `,
		`| 4 | Refresh with 20ms latency | `,
		`| 5 | Rate-limited apply from empty (100 req/s): errors | **0** (exit codes 0) | 0 | met |`,
		`| 5 | Rate-limited apply: time | `,
		`- Machine: `,
		// Measured with Terraform 1.14 or later (the matrix's, where the test run's CLI is older), else a row that says why not.
		`| 8 | Adoption`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the output lacks %q", want)
		}
	}
	if !regexp.MustCompile(`\| 6 \| Provider peak RSS during the refresh \| \*\*[0-9.]+ MB\*\* `).MatchString(out) {
		t.Error("no peak RSS of the provider measured")
	}
	if where, found := tfharness.EscapeCode(stdout.Bytes()); found {
		t.Errorf("the output holds an escape code: %s", where)
	}
}

// TestShape checks the split of N and the refusal of sizes that cannot be split.
func TestShape(t *testing.T) {
	sh, err := newShape(1000, 10)
	if err != nil {
		t.Fatal(err)
	}
	if sh.Mailboxes != 250 || sh.Permissions != 500 || sh.AppUsers != 250 || sh.objects() != 1000 ||
		sh.distinctGrantees() != 260 {
		t.Errorf("N=1000: %+v", sh)
	}
	cfg := sh.portalConfig()
	for typ, n := range map[string]int{"portal_shared_mailbox": 250, "portal_mailbox_permission": 500, "portal_application_user": 250} {
		if got := strings.Count(cfg, `resource "`+typ+`"`); got != n {
			t.Errorf("%d %s in the configuration, want %d", got, typ, n)
		}
	}
	if got := strings.Count(sh.floorConfig(), `resource "terraform_data"`); got != 1000 {
		t.Errorf("%d terraform_data in the floor, want 1000", got)
	}
	for _, args := range [][]string{{"-n", "10"}, {"-n", "0"}, {"-runs", "0"}, {"-grantees", "0"}, {"extra"}} {
		if _, err := parseFlags(args, &bytes.Buffer{}); err == nil {
			t.Errorf("%s: accepted", strings.Join(args, " "))
		}
	}
}
