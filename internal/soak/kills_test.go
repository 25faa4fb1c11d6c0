package soak

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/csportal/terraform-provider-portal/internal/tfharness"
)

// TestKills is the kill harness of `make soak` with three kills, one each of a create, an update and a
// delete (make soak kills 20 times): after each, one rerun of apply must exit 0 and leave an empty plan, no
// orphan, no duplicate and no mailbox with its login enabled.
func TestKills(t *testing.T) {
	t.Parallel()
	bin, terraform := tfharness.BuildForTest(t)
	var log bytes.Buffer
	o := KillOptions{Kills: 3, Seed: time.Now().UnixNano()%1000 + 1, JobDelay: 300 * time.Millisecond, Latency: 5 * time.Millisecond,
		BinDir: bin, Terraform: terraform, WorkDir: t.TempDir(), Log: &log}
	res, err := RunKills(t.Context(), o)
	t.Logf("kill harness (seed %d):\n%s%s\n%s", o.Seed, log.String(), res.Summary(), res.Details())
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range res.Findings {
		t.Errorf("finding: %s", f)
	}
	if !res.Passed() || res.Kills != 3 || len(res.ByPhase) != 3 {
		t.Errorf("the kills did not pass: %s", res.Summary())
	}
}

// TestKillConfigs: the three shapes hold what the harness counts on — every kind of object in the full
// one, a change of each kind in the updated one, and the reduced one a subset.
func TestKillConfigs(t *testing.T) {
	full, updated, reduced := killConfig(killFull), killConfig(killUpdated), killConfig(killReduced)
	for _, typ := range []string{"portal_shared_mailbox", "portal_submailbox", "portal_mailbox_permission",
		"portal_mailbox_access", "portal_application_user", "parent_id", "password_wo"} {
		if !strings.Contains(full, typ) {
			t.Errorf("the full configuration has no %s", typ)
		}
	}
	if strings.Count(full, "\nresource ") != strings.Count(updated, "\nresource ") || full == updated {
		t.Error("the updated configuration must change the same resources in place")
	}
	if strings.Count(reduced, "\nresource ") >= strings.Count(full, "\nresource ")/2 || !strings.Contains(reduced, `"m1"`) {
		t.Errorf("the reduced configuration keeps too much:\n%s", reduced)
	}
}
