package soak

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/csportal/terraform-provider-portal/internal/api"
	"github.com/csportal/terraform-provider-portal/internal/tfharness"
)

// The kill harness: what a CI runner that dies mid-apply does to a pipeline — a pre-empted VM, an
// out-of-memory kill, a job timeout's SIGKILL. It kills Terraform and its provider (the whole process
// group) at a seeded random moment of an apply that creates, updates or deletes every kind of object,
// then reruns `terraform apply` once, as the pipeline's retry would, and counts what the rerun left:
//
//   - stuck runs: a rerun that did not exit 0;
//   - orphans: objects of the configuration in the portal that the state does not hold;
//   - duplicates: a value that must be unique held twice, or two objects for one resource;
//   - logins left enabled: mailboxes of the configuration (all of which rest disabled) whose login is on;
//   - the plan after the rerun: empty or not.
//
// The bar is 0, 0, 0, 0 and empty after every kill.

// KillOptions configure a kill run.
type KillOptions struct {
	// Kills is how many applies are killed; they cycle through creates, updates and deletes.
	Kills int
	// Seed drives the kill moments: the same seed kills at the same moments (the apply's own progress
	// still varies from run to run).
	Seed int64
	// JobDelay is the portal's provisioning time (portal-mock --job-delay), Latency its answer time.
	JobDelay, Latency time.Duration
	// BinDir holds terraform-provider-portal and portal-mock (make build).
	BinDir    string
	Terraform string
	// WorkDir receives the Terraform working directory, terraform.log and portal-mock.log.
	WorkDir string
	// Log receives one line per kill.
	Log io.Writer
}

// DefaultKillOptions are the soak's: 20 kills, provisioning taking 1 s.
var DefaultKillOptions = KillOptions{Kills: 20, JobDelay: time.Second, Latency: 10 * time.Millisecond}

// KillResult is what a kill run measured.
type KillResult struct {
	Seed int64
	// Kills counts the applies killed, by phase in ByPhase; Missed the applies that ended before their
	// kill moment (undone and killed again earlier).
	Kills   int
	ByPhase map[string]int
	Missed  int
	// OpenAfterKill counts the kills that left a mailbox's login enabled (before the rerun).
	OpenAfterKill int
	// The counts of the bar, over all kills.
	Stuck, Orphans, Duplicates, LoginsEnabled, PlansNotEmpty int
	// Adopted counts the adoptions of an interrupted create's remains that the reruns reported.
	Adopted int
	// Destroyed says whether the final destroy left the portal without any object of the run.
	Destroyed bool
	Panics    int
	Findings  []string
	Elapsed   time.Duration
}

// Summary is the line the issue asks for.
func (r KillResult) Summary() string {
	return fmt.Sprintf("kills: kills=%d stuck=%d orphans=%d duplicates=%d logins_enabled=%d plans_not_empty=%d",
		r.Kills, r.Stuck, r.Orphans, r.Duplicates, r.LoginsEnabled, r.PlansNotEmpty)
}

// Details is the rest of what the run saw.
func (r KillResult) Details() string {
	phases := make([]string, 0, len(r.ByPhase))
	for _, p := range slices.Sorted(func(yield func(string) bool) {
		for k := range r.ByPhase {
			if !yield(k) {
				return
			}
		}
	}) {
		phases = append(phases, fmt.Sprintf("%s=%d", p, r.ByPhase[p]))
	}
	return fmt.Sprintf("kills: by_phase=[%s] missed=%d open_logins_after_kill=%d adopted=%d destroyed=%t panics=%d seed=%d elapsed=%s",
		strings.Join(phases, " "), r.Missed, r.OpenAfterKill, r.Adopted, r.Destroyed, r.Panics, r.Seed, r.Elapsed.Round(time.Second))
}

// Passed reports whether every kill met the bar and the run cleaned up after itself.
func (r KillResult) Passed() bool {
	return r.Stuck == 0 && r.Orphans == 0 && r.Duplicates == 0 && r.LoginsEnabled == 0 && r.PlansNotEmpty == 0 &&
		r.Panics == 0 && r.Destroyed
}

// killCycle is the order of the shapes: each apply moves to the next.
var killCycle = []killShape{killFull, killUpdated, killReduced}

// maxMisses bounds the applies in a row that end before their kill moment.
const maxMisses = 5

// RunKills runs the kill harness. An error means the harness itself could not run (or could not bring the
// portal back to a known state between kills); what it found is in the result.
func RunKills(ctx context.Context, o KillOptions) (KillResult, error) {
	start := time.Now()
	res := KillResult{Seed: o.Seed, ByPhase: map[string]int{}}
	logs, err := tfharness.CreateRunLogs(o.WorkDir)
	if err != nil {
		return res, err
	}
	defer logs.Close()
	k := &killer{o: o, res: &res, rng: rand.New(rand.NewPCG(uint64(o.Seed), 0x6b696c6c)), //nolint:gosec // reproducible on purpose
		scan: newOutputScanner(logs.Terraform), estimates: map[killShape]time.Duration{}}
	args := []string{"--validate-contract", "--job-delay", o.JobDelay.String(), "--latency", o.Latency.String()}
	if k.mock, err = tfharness.StartMock(ctx, filepath.Join(o.BinDir, tfharness.MockBinary), logs.Mock, args...); err != nil {
		return res, err
	}
	defer func() { _ = k.mock.Stop() }()
	if k.in, err = newInspector(k.mock); err != nil {
		return res, err
	}
	if k.ws, err = tfharness.NewWorkspace(o.Terraform, o.BinDir, "", k.mock); err != nil {
		return res, err
	}
	defer k.ws.Close()
	// As the soak: a reseller's pipeline, with its administrator's token (the inspector keeps the master token).
	if err := k.ws.ActAs(ctx, k.mock, Principal); err != nil {
		return res, err
	}
	k.logf("portal-mock at %s (job delay %s, latency %s, as %s); logs in %s", k.mock.URL, o.JobDelay, o.Latency, Principal, o.WorkDir)

	if err := k.killAll(ctx); err != nil {
		return res, err
	}
	if err := k.destroy(ctx); err != nil {
		return res, err
	}
	if err := k.mock.Stop(); err != nil {
		return res, fmt.Errorf("stopping portal-mock: %w", err)
	}
	res.Panics += len(k.scan.panics)
	res.Findings = append(res.Findings, k.scan.panics...)
	mockPanics, violations, err := scanMockLog(logs.Mock.Name())
	if err != nil {
		return res, err
	}
	res.Panics += len(mockPanics)
	res.Findings = append(append(res.Findings, mockPanics...), violations...)
	res.Elapsed = time.Since(start)
	return res, nil
}

// killer is a kill run in progress.
type killer struct {
	o    KillOptions
	res  *KillResult
	rng  *rand.Rand
	mock *tfharness.Mock
	in   *inspector
	ws   *tfharness.Workspace
	scan *outputScanner
	// estimates are how long an apply to each shape took when it ran to its end: the kill moments are
	// drawn within them.
	estimates map[killShape]time.Duration
	// shape is where the state and the portal are between kills; -1 before the first apply.
	shape killShape
}

func (k *killer) logf(format string, args ...any) {
	_, _ = fmt.Fprintf(k.o.Log, "kills: "+format+"\n", args...)
}

// killAll kills o.Kills applies, each followed by one rerun and the count.
func (k *killer) killAll(ctx context.Context) error {
	k.shape = -1
	for i := range k.o.Kills {
		target := killCycle[i%len(killCycle)]
		if err := k.killOne(ctx, i+1, target); err != nil {
			return err
		}
	}
	return nil
}

// killOne kills an apply to target at a random moment, reruns apply once and counts. An apply that ends
// before its moment is undone (the shape before applied again) and killed again, earlier.
func (k *killer) killOne(ctx context.Context, n int, target killShape) error {
	from := k.shape
	var at time.Duration
	for misses := 0; ; misses++ {
		if err := k.ws.WriteFile(configFile, killConfig(target)); err != nil {
			return err
		}
		at = k.drawMoment(target)
		k.scan.begin(fmt.Sprintf("kill %d: %s apply, killed at %s", n, target.phase(), at))
		killed, took, err := k.applyAndKill(ctx, at)
		k.scan.end()
		if err != nil {
			return err
		}
		if killed {
			break
		}
		k.res.Missed++
		k.estimates[target] = took
		k.logf("kill %d: the %s apply ended after %s, before its kill moment; undoing it", n, target.phase(), took.Round(time.Millisecond))
		if misses == maxMisses {
			return fmt.Errorf("kill %d: %d applies in a row ended before their kill moment", n, maxMisses+1)
		}
		if err := k.converge(ctx, fmt.Sprintf("kill %d: undo", n), from); err != nil {
			return err
		}
	}
	k.res.Kills++
	k.res.ByPhase[target.phase()]++
	k.shape = target
	return k.rerunAndCount(ctx, n, target, at)
}

// drawMoment draws the kill moment of an apply to target: uniform within the time such an apply took
// when it last ran to its end, or a first guess from the portal's job delay.
func (k *killer) drawMoment(target killShape) time.Duration {
	span, ok := k.estimates[target]
	if !ok {
		span = 2*time.Second + 4*k.o.JobDelay
	}
	return time.Duration(k.rng.Int64N(int64(span)))
}

// applyAndKill starts `terraform apply` and kills its process group at the moment; killed is false when
// the apply ended first, and took is then how long it ran.
func (k *killer) applyAndKill(ctx context.Context, at time.Duration) (killed bool, took time.Duration, err error) {
	cmd, err := k.ws.Start(k.scan, append([]string{"apply", "-auto-approve"}, tfharness.Unattended("apply")...)...)
	if err != nil {
		return false, 0, err
	}
	started := time.Now()
	exited := make(chan struct{})
	go func() {
		_ = cmd.Wait() // killed or not, the exit code tells nothing here: the rerun and the inspection do
		close(exited)
	}()
	select {
	case <-exited:
		return false, time.Since(started), nil
	case <-ctx.Done():
		_ = tfharness.KillGroup(cmd)
		<-exited
		return false, 0, ctx.Err()
	case <-time.After(at):
	}
	if err := tfharness.KillGroup(cmd); err != nil {
		return false, 0, err
	}
	<-exited
	took = time.Since(started)
	if !tfharness.GroupGone(cmd.Process.Pid, 5*time.Second) {
		return false, took, fmt.Errorf("processes of terraform's group %d still run 5 s after SIGKILL", cmd.Process.Pid)
	}
	return true, took, nil
}

// rerunAndCount is the pipeline's retry after the kill: one plain apply. Then the plan, and the portal
// compared with the state.
func (k *killer) rerunAndCount(ctx context.Context, n int, target killShape, at time.Duration) error {
	open, err := k.in.openLogins(ctx)
	if err != nil {
		return err
	}
	if len(open) > 0 {
		k.res.OpenAfterKill++
	}
	code, err := k.terraform(ctx, fmt.Sprintf("kill %d: rerun apply", n), "apply", "-auto-approve")
	if err != nil {
		return err
	}
	var line []string
	if code != 0 {
		k.res.Stuck++
		k.res.Findings = append(k.res.Findings, fmt.Sprintf("kill %d (%s): the rerun apply exited %d", n, target.phase(), code))
		line = append(line, fmt.Sprintf("STUCK (exit %d)", code))
	}
	adopted := k.scan.takeAdoptions()
	k.res.Adopted += adopted
	plan, err := k.terraform(ctx, fmt.Sprintf("kill %d: plan after the rerun", n), "plan", "-detailed-exitcode")
	if err != nil {
		return err
	}
	if plan != 0 {
		k.res.PlansNotEmpty++
		changes := "no change listed"
		if c := k.scan.changes(); len(c) > 0 {
			changes = describeChanges(c)
		}
		k.res.Findings = append(k.res.Findings, fmt.Sprintf("kill %d (%s): the plan after the rerun exited %d: %s", n,
			target.phase(), plan, changes))
		line = append(line, fmt.Sprintf("plan exit %d", plan))
	}
	state, err := k.ws.ShowState(ctx)
	if err != nil {
		return err
	}
	found, err := k.in.checkAfterKill(ctx, state)
	if err != nil {
		return err
	}
	for _, f := range found {
		k.res.Findings = append(k.res.Findings, fmt.Sprintf("kill %d (%s): %s", n, target.phase(), f.text))
		switch f.kind {
		case findingOrphan:
			k.res.Orphans++
		case findingDuplicate:
			k.res.Duplicates++
		case findingOpenLogin:
			k.res.LoginsEnabled++
		}
		line = append(line, f.text)
	}
	if len(line) == 0 {
		line = []string{"ok"}
	}
	k.logf("kill %d: %s, killed %s in; logins open after the kill: %d; rerun adopted %d; %s", n, target.phase(),
		at.Round(time.Millisecond), len(open), adopted, strings.Join(line, "; "))
	if code != 0 || plan != 0 {
		// The next kill needs a known starting point.
		return k.converge(ctx, fmt.Sprintf("kill %d: repair", n), target)
	}
	return nil
}

// converge applies shape until the plan is empty (three tries), uninterrupted.
func (k *killer) converge(ctx context.Context, phase string, shape killShape) error {
	if shape < 0 {
		_, err := k.terraform(ctx, phase+" (destroy)", "destroy", "-auto-approve")
		return err
	}
	if err := k.ws.WriteFile(configFile, killConfig(shape)); err != nil {
		return err
	}
	for try := 1; try <= 3; try++ {
		if _, err := k.terraform(ctx, fmt.Sprintf("%s: apply %d", phase, try), "apply", "-auto-approve"); err != nil {
			return err
		}
		code, err := k.terraform(ctx, fmt.Sprintf("%s: plan %d", phase, try), "plan", "-detailed-exitcode")
		if err != nil || code == 0 {
			return err
		}
	}
	return fmt.Errorf("%s: the plan is still not empty after three applies", phase)
}

// destroy ends the run: everything destroyed, and nothing of the run left in the portal.
func (k *killer) destroy(ctx context.Context) error {
	for try := 1; try <= 3 && !k.res.Destroyed; try++ {
		if _, err := k.terraform(ctx, fmt.Sprintf("destroy %d", try), "destroy", "-auto-approve"); err != nil {
			return err
		}
		left, err := k.ws.ShowState(ctx)
		if err != nil {
			return err
		}
		k.res.Destroyed = len(left) == 0
	}
	remaining, err := k.in.checkAfterKill(ctx, nil)
	if err != nil {
		return err
	}
	for _, f := range remaining {
		k.res.Destroyed = false
		k.res.Findings = append(k.res.Findings, "after destroy: "+f.text)
	}
	return nil
}

// terraform runs one Terraform command to its end and returns its exit code.
func (k *killer) terraform(ctx context.Context, phase string, args ...string) (int, error) {
	k.scan.begin(phase)
	code, err := k.ws.Run(ctx, k.scan, append(args, tfharness.Unattended(args[0])...)...)
	k.scan.end()
	if err == nil && ctx.Err() != nil {
		err = ctx.Err()
	}
	return code, err
}

// A finding of the inspection after a kill's rerun.
type killFinding struct {
	kind string
	text string
}

const (
	findingOrphan    = "orphan"
	findingDuplicate = "duplicate"
	findingOpenLogin = "login enabled"
)

// openLogins lists the run's mailboxes whose login is enabled.
func (in *inspector) openLogins(ctx context.Context) ([]string, error) {
	s, err := in.snapshot(ctx)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, u := range s.users {
		if strings.HasPrefix(u.Username, killMailboxPrefix) && u.LoginEnabled {
			out = append(out, u.ID)
		}
	}
	return out, nil
}

// checkAfterKill compares the portal with the state: every object of the run must be in the state, once,
// and no mailbox of the run may have its login enabled. A nil state finds everything of the run.
func (in *inspector) checkAfterKill(ctx context.Context, state []tfharness.StateResource) ([]killFinding, error) {
	s, err := in.snapshot(ctx)
	if err != nil {
		return nil, fmt.Errorf("inspecting the portal: %w", err)
	}
	var out []killFinding
	add := func(kind, format string, args ...any) {
		out = append(out, killFinding{kind, fmt.Sprintf(format, args...)})
	}
	for _, d := range s.duplicates() {
		add(findingDuplicate, "%s", d)
	}
	tracked := map[string]int{}      // object IDs (and mailbox/grantee keys of grants) in the state
	accessLists := map[string]bool{} // mailboxes whose whole access list is in the state
	instances := map[string]int{}    // resource type and ID
	for _, r := range state {
		tracked[r.ID()]++
		instances[r.Type+" "+r.ID()]++
		switch r.Type {
		case "portal_mailbox_permission":
			mailbox, _ := r.Values["mailbox_id"].(string)
			grantee, _ := r.Values["user_id"].(string)
			tracked[mailbox+"/"+grantee]++
		case "portal_mailbox_access":
			mailbox, _ := r.Values["mailbox_id"].(string)
			accessLists[mailbox] = true
		}
	}
	for instance, n := range instances {
		if n > 1 {
			add(findingDuplicate, "%s is in the state %d times", instance, n)
		}
	}
	var mailboxKeys []string // the run's mailboxes and their submailboxes
	for _, u := range s.users {
		if !strings.HasPrefix(u.Username, killMailboxPrefix) {
			continue
		}
		if tracked[u.ID] == 0 {
			add(findingOrphan, "mailbox %s (%s) is not in the state", u.ID, u.Username)
		}
		if u.LoginEnabled {
			add(findingOpenLogin, "mailbox %s (%s) has its login enabled", u.ID, u.Username)
		}
		if svc, ok := s.services[u.ID]; !ok || svc.ProvisioningStatus != api.ServiceProvisioned {
			continue
		}
		mailboxKeys = append(mailboxKeys, u.ID)
		subs, err := in.c.ListSubmailboxes(ctx, u.ID)
		if err != nil {
			return nil, err
		}
		for _, sm := range subs {
			mailboxKeys = append(mailboxKeys, sm.ID)
			if tracked[sm.ID] == 0 {
				add(findingOrphan, "submailbox %s (%s of %s) is not in the state", sm.ID, sm.Path, u.Username)
			}
		}
	}
	for _, a := range s.appUsers {
		if strings.HasPrefix(a.Username, killAppUserPrefix) && tracked[a.ID] == 0 {
			add(findingOrphan, "application user %s (%s) is not in the state", a.ID, a.Username)
		}
	}
	for _, key := range mailboxKeys {
		grants, err := in.c.ListPermissions(ctx, key)
		if err != nil {
			return nil, err
		}
		for _, g := range grants {
			if !accessLists[key] && tracked[key+"/"+g.GranteeID] == 0 {
				add(findingOrphan, "grant %s/%s %v is not in the state", key, g.GranteeID, g.Permissions)
			}
		}
	}
	return out, nil
}
