package provider_test

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/csportal/terraform-provider-portal/internal/api"
	"github.com/csportal/terraform-provider-portal/internal/client"
	"github.com/csportal/terraform-provider-portal/internal/mockportal"
	"github.com/csportal/terraform-provider-portal/internal/tfharness"
)

// Three pipelines, one portal: the state that owns a shared mailbox changes its aliases while two team
// states, applied at the same moment, grant ten users each on it. Real Terraform processes, each with its
// own provider process and state, against one portal-mock process whose few milliseconds of latency make
// their R6 dances interleave.

// contentionRoundsEnv sets how many rounds TestAccConcurrentStates_oneMailbox runs (default
// defaultContentionRounds): each is a fresh mailbox and three applies at once.
// contentionBaselinesEnv=1 also runs the baselines that the worst-case extra time of contention is measured
// against (two more rounds); the test passes or fails the same without them.
const (
	contentionRoundsEnv     = "PORTAL_CONTENTION_ROUNDS"
	contentionBaselinesEnv  = "PORTAL_CONTENTION_BASELINES"
	defaultContentionRounds = 3
	grantsPerTeam           = 10
	contentionLatency       = "3ms"
)

// TestAccConcurrentStates_oneMailbox: in every round all three applies exit 0, the portal holds the 20
// grants and the new aliases, the mailbox's login ends disabled, and the three plans are empty afterwards.
// It logs (never asserts: the machine is shared) how much longer the applies took together than the same
// applies alone.
func TestAccConcurrentStates_oneMailbox(t *testing.T) {
	t.Parallel()
	rounds := defaultContentionRounds
	if v := os.Getenv(contentionRoundsEnv); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			t.Fatalf("%s=%q: want a positive number of rounds", contentionRoundsEnv, v)
		}
		rounds = n
	}
	bin, terraform := tfharness.BuildForTest(t)
	ctx := t.Context()
	mock, err := tfharness.StartMock(ctx, filepath.Join(bin, tfharness.MockBinary), nil, "--latency", contentionLatency)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = mock.Stop() })
	portal, err := mock.Client()
	if err != nil {
		t.Fatal(err)
	}
	grantees := make([]string, 2*grantsPerTeam)
	for i := range grantees {
		u, err := portal.CreateUser(ctx, api.UserCreate{CustomerID: mockportal.DemoIDs.Acme, Username: fmt.Sprintf("delegate%02d", i),
			FirstName: "Delegate", LastName: strconv.Itoa(i), Password: "correct-horse-battery-staple"})
		if err != nil {
			t.Fatal(err)
		}
		grantees[i] = u.ID
	}

	measure := os.Getenv(contentionBaselinesEnv) == "1"
	// What the same three applies cost without contention on a mailbox: one after the other (alone), and
	// at once but each on a mailbox of its own (apart: the same load on the machine, no mailbox shared).
	var alone, apart roundResult
	if measure {
		alone = contentionRound(t, terraform, bin, mock, portal, grantees, 0, roundAlone)
		apart = contentionRound(t, terraform, bin, mock, portal, grantees, 0, roundApart)
		t.Logf("alone: %s; apart: %s", alone.summary(), apart.summary())
	}
	var worstAlone, worstApart extraTime
	for round := 1; round <= rounds; round++ {
		together := contentionRound(t, terraform, bin, mock, portal, grantees, round, roundTogether)
		t.Logf("round %d together: %s; %d login writes and %d grant requests", round,
			together.summary(), together.loginWrites, together.grantPuts)
		if measure {
			worstAlone.update(together, alone, round)
			worstApart.update(together, apart, round)
		}
	}
	if measure {
		t.Logf("worst-case extra time of an apply on the shared mailbox, over %d rounds: %s more than alone (%s), "+
			"%s more than at once on separate mailboxes (%s)", rounds, worstAlone.extra.Round(time.Millisecond), worstAlone.at,
			worstApart.extra.Round(time.Millisecond), worstApart.at)
	}
}

// applyNames name the three applies of a round, in the order of roundResult.durations.
var applyNames = [3]string{"owner's aliases", "team A's grants", "team B's grants"}

type roundMode int

const (
	roundAlone    roundMode = iota // one mailbox, the applies one after the other
	roundApart                     // at once, each on a mailbox of its own
	roundTogether                  // at once, on one mailbox
)

type roundResult struct {
	durations              [3]time.Duration
	loginWrites, grantPuts int64
}

func (r roundResult) summary() string {
	parts := make([]string, len(r.durations))
	for i, d := range r.durations {
		parts[i] = fmt.Sprintf("%s %s", applyNames[i], d.Round(time.Millisecond))
	}
	return strings.Join(parts, ", ")
}

// extraTime is the largest difference between an apply's duration in a contended round and in a baseline.
type extraTime struct {
	extra time.Duration
	at    string
}

func (e *extraTime) update(contended, baseline roundResult, round int) {
	for i, d := range contended.durations {
		if extra := d - baseline.durations[i]; e.at == "" || extra > e.extra {
			e.extra, e.at = extra, fmt.Sprintf("%s, round %d", applyNames[i], round)
		}
	}
}

// contentionRound makes the mailboxes (the owner's state; the teams' own in roundApart), then applies the
// owner's change of its aliases and the two teams' grants as the mode says, and checks the outcome.
func contentionRound(t *testing.T, terraform, bin string, mock *tfharness.Mock, portal *client.Client, grantees []string,
	round int, mode roundMode) roundResult {
	t.Helper()
	ctx := t.Context()
	name := fmt.Sprintf("ops%d%s", round, [...]string{"alone", "apart", ""}[mode])
	newMailbox := func(username string) (*tfharness.Workspace, *os.File, string) {
		ws, out := newTestWorkspace(t, terraform, bin, mock, terraformBlock+opsMailbox(username, nil))
		runTerraform(t, ws, out, 0, "apply", "-auto-approve")
		id, err := ws.Output(ctx, "id")
		if err != nil {
			t.Fatal(err)
		}
		if u, err := portal.GetUser(ctx, id); err != nil || u.LoginEnabled {
			t.Fatalf("mailbox %s before the applies: %+v, %v; want its login disabled", id, u, err)
		}
		return ws, out, id
	}
	owner, ownerOut, id := newMailbox(name)
	teamMailboxes := [2]string{id, id}
	if mode == roundApart {
		_, _, teamMailboxes[0] = newMailbox(name + "a")
		_, _, teamMailboxes[1] = newMailbox(name + "b")
	}
	aliases := []string{name + "-team@acme.example"}
	if err := owner.WriteFile("main.tf", terraformBlock+opsMailbox(name, aliases)); err != nil {
		t.Fatal(err)
	}
	teams := [2][]string{grantees[:grantsPerTeam], grantees[grantsPerTeam:]}
	teamA, outA := newTestWorkspace(t, terraform, bin, mock, terraformBlock+teamGrants(teamMailboxes[0], teams[0]))
	teamB, outB := newTestWorkspace(t, terraform, bin, mock, terraformBlock+teamGrants(teamMailboxes[1], teams[1]))
	workspaces := [3]*tfharness.Workspace{owner, teamA, teamB}
	outs := [3]*os.File{ownerOut, outA, outB}

	if err := mock.ResetStats(ctx); err != nil {
		t.Fatal(err)
	}
	var res roundResult
	codes := [3]int{}
	apply := func(i int) {
		_, _ = fmt.Fprintf(outs[i], "\n$ terraform apply -auto-approve (%s)\n", name)
		start := time.Now()
		code, err := workspaces[i].Run(ctx, outs[i], "apply", "-auto-approve", "-input=false", tfharness.NoColor)
		res.durations[i], codes[i] = time.Since(start), code
		if err != nil {
			codes[i] = -1
			_, _ = fmt.Fprintf(outs[i], "running terraform: %v\n", err)
		}
	}
	if mode == roundAlone {
		for i := range workspaces {
			apply(i)
		}
	} else {
		var wg sync.WaitGroup
		for i := range workspaces {
			wg.Go(func() { apply(i) })
		}
		wg.Wait()
	}
	stats, err := mock.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	res.loginWrites = stats.Requests["PATCH /api/v1/users/{id}"]
	res.grantPuts = stats.Requests["PUT /api/v1/users/{id}/hosted-exchange/permissions/{grantee_id}"]
	for i, code := range codes {
		if code != 0 {
			t.Fatalf("%s: the %s apply exited %d; its output:\n%s", name, applyNames[i], code, readLog(t, outs[i]))
		}
	}

	want := map[string][]string{} // grantees by mailbox
	for i, mailbox := range teamMailboxes {
		want[mailbox] = append(want[mailbox], teams[i]...)
	}
	for mailbox, grantees := range want {
		checkGrantsAndLogin(t, portal, name, mailbox, grantees)
	}
	service, err := portal.GetHostedExchange(ctx, id)
	if err != nil || !slices.Equal(service.EmailAliases, aliases) || service.ProvisioningStatus != api.ServiceProvisioned {
		t.Errorf("%s: mailbox %s's service after the applies: %+v, %v; want aliases %v, provisioned", name, id, service, err, aliases)
	}
	for i, ws := range workspaces {
		runTerraform(t, ws, outs[i], 0, "plan", "-detailed-exitcode")
	}
	return res
}

// checkGrantsAndLogin checks that the mailbox holds exactly view and send_as for each of the grantees, and
// that its login is disabled.
func checkGrantsAndLogin(t *testing.T, portal *client.Client, round, mailbox string, grantees []string) {
	t.Helper()
	ctx := t.Context()
	grants, err := portal.ListPermissions(ctx, mailbox)
	if err != nil {
		t.Fatal(err)
	}
	var granted []string
	for _, g := range grants {
		if slices.Equal(g.Permissions, []string{api.PermissionSendAs, api.PermissionView}) {
			granted = append(granted, g.GranteeID)
		}
	}
	if !slices.Equal(granted, slices.Sorted(slices.Values(grantees))) || len(grants) != len(grantees) {
		t.Errorf("%s: the portal holds %d grants of view and send_as on %s, want the %d of the teams: %+v",
			round, len(granted), mailbox, len(grantees), grants)
	}
	user, err := portal.GetUser(ctx, mailbox)
	if err != nil || user.LoginEnabled {
		t.Errorf("%s: mailbox %s after the applies: %+v, %v; want its login disabled", round, mailbox, user, err)
	}
}

// opsMailbox is the owner's configuration: a shared mailbox, protected from deletion as by default.
func opsMailbox(username string, aliases []string) string {
	quoted := make([]string, len(aliases))
	for i, a := range aliases {
		quoted[i] = strconv.Quote(a)
	}
	return fmt.Sprintf(`
resource "portal_shared_mailbox" "ops" {
  customer_id   = %q
  username      = %q
  first_name    = "Ops"
  last_name     = "Team"
  email_address = "%s@acme.example"
  email_aliases = [%s]
}

output "id" {
  value = portal_shared_mailbox.ops.id
}
`, mockportal.DemoIDs.Acme, username, username, strings.Join(quoted, ", "))
}

// teamGrants is a team state's configuration: view and send_as for each of its users on the mailbox.
func teamGrants(mailboxID string, users []string) string {
	var b strings.Builder
	for i, u := range users {
		b.WriteString(permissionConfig(fmt.Sprintf("delegate%02d", i), strconv.Quote(mailboxID), strconv.Quote(u),
			api.PermissionView, api.PermissionSendAs))
	}
	return b.String()
}
