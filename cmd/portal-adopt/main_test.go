package main

import (
	"bytes"
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/csportal/terraform-provider-portal/internal/tfharness"
)

// TestAdopt runs make adopt's harness with the CLI of the test run: on Terraform 1.14 or later the query
// path (terraform query -generate-config-out: every kind generated, imported with no change), on older
// Terraform and OpenTofu the for_each recipe. Either way the apply imports every object and changes
// nothing, in the state or in the portal, and the next plan is empty; run fails otherwise, naming what
// differed.
func TestAdopt(t *testing.T) {
	binDir, terraform := tfharness.BuildForTest(t)
	var out bytes.Buffer
	if err := run(context.Background(), &out, binDir, "../../examples/adopt"); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	t.Log("\n" + out.String())
	imported := regexp.MustCompile(`Apply complete! Resources: (\d+) imported, 0 added, 0 changed, 0 destroyed\.`).FindStringSubmatch(out.String())
	want := "86" // the for_each recipe: 26 shared mailboxes and 60 grants
	if tfharness.SupportsQuery(context.Background(), terraform) {
		want = "134" // and 18 submailboxes, 10 application users and 20 calendar entries
	}
	if imported == nil || imported[1] != want {
		t.Errorf("imported %v, want %s", imported, want)
	}
	if where, found := tfharness.EscapeCode(out.Bytes()); found {
		t.Errorf("the output holds an escape code: %s", where)
	}
	for _, line := range []string{"the portal saw", "and no write", "exit code 0: No changes."} {
		if !strings.Contains(out.String(), line) {
			t.Errorf("the output lacks %q", line)
		}
	}
}
