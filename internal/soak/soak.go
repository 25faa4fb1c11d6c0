// Package soak is the soak test of the provider (make soak, cmd/portal-soak): real Terraform and the
// built provider against a portal-mock process that injects faults, over a generated configuration of
// shared mailboxes, permissions and application users. It applies until the plan is empty, destroys, and
// then inspects the portal directly for duplicates and orphans, and every output for panics.
package soak

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/csportal/terraform-provider-portal/internal/mockportal"
	"github.com/csportal/terraform-provider-portal/internal/tfharness"
)

// Sizes is what the generated configuration holds.
type Sizes struct {
	Mailboxes             int
	PermissionsPerMailbox int
	ApplicationUsers      int
	// ExtraUsers and ExtraAgents are grantees the harness creates through the API before Terraform runs:
	// regular users of the customer and application users (R11 limits what they may be given).
	ExtraUsers  int
	ExtraAgents int
}

// DefaultSizes is the soak of the issue: 60 shared mailboxes, 180 permissions, 60 application users.
var DefaultSizes = Sizes{Mailboxes: 60, PermissionsPerMailbox: 3, ApplicationUsers: 60, ExtraUsers: 10, ExtraAgents: 5}

// DefaultFaults are the faults of the issue: 10% 5xx, 3% connection resets, 5% responses lost after the
// write committed, 50 requests per second, 2% failed provisioning jobs, a 500 ms consistency window; and
// listings that show a new object 3 s later still, so that the batched refresh (batch_reads, on by default)
// meets fresh objects its listings miss.
var DefaultFaults = mockportal.Faults{ErrorRate: 0.10, ResetRate: 0.03, LostResponseRate: 0.05, RateLimit: 50,
	JobFailureRate: 0.02, ConsistencyDelay: 500 * time.Millisecond, ListingDelay: 3 * time.Second}

// Options configure a run.
type Options struct {
	Sizes  Sizes
	Faults mockportal.Faults
	// Seed drives the faults (the mock's PRNG) and the configuration's random choices: the same seed
	// replays the same configuration and, as far as Terraform's parallel order allows, the same faults.
	Seed int64
	// MaxApplies bounds the applies (and the destroys) before the run gives up.
	MaxApplies int
	// BinDir holds terraform-provider-portal and portal-mock (make build).
	BinDir    string
	Terraform string
	// WorkDir receives the Terraform working directory, terraform.log and portal-mock.log.
	WorkDir string
	// Log receives one line per phase.
	Log io.Writer
}

// Result is what a run measured.
type Result struct {
	Seed int64
	// Principal is who the Terraform runs acted as: the reseller's administrator, not the master token.
	Principal string
	Resources int
	// Applies is the number of applies run; Converged says whether the plan after the last was empty.
	Applies   int
	Converged bool
	// Changed resources are updated in place in a second phase, which took UpdateApplies applies.
	Changed         int
	UpdateApplies   int
	UpdateConverged bool
	Destroys        int
	// Destroyed says whether the state was empty after the last destroy.
	Destroyed  bool
	Duplicates int
	Orphans    int
	Panics     int
	// ContractViolations are requests or answers that broke the API contract, as portal-mock logged them.
	ContractViolations int
	// Findings describe each duplicate, orphan and panic.
	Findings []string
	// Errors counts the error diagnostics of failed Terraform runs by summary (IDs elided).
	Errors   map[string]int
	Requests int64
	// ListingRequests are the requests among them for pages of the listings that serve the batched refresh.
	ListingRequests int64
	Elapsed         time.Duration
}

// Principal is who the soak's Terraform runs act as: the demo reseller's administrator.
var Principal = mockportal.DemoIDs.ResellerAdmin

// MaxAppliesToConverge is the bound of the issue on the applies needed until the plan is empty.
const MaxAppliesToConverge = 3

// UpdateSummary is the same for the phase of in-place updates.
func (r Result) UpdateSummary() string {
	return fmt.Sprintf("soak: update: resources_changed=%d applies_to_converge=%d final_plan_empty=%t",
		r.Changed, r.UpdateApplies, r.UpdateConverged)
}

// Summary is the line the issue asks for.
func (r Result) Summary() string {
	return fmt.Sprintf("soak: resources=%d applies_to_converge=%d duplicates=%d orphans=%d final_plan_empty=%t panics=%d",
		r.Resources, r.Applies, r.Duplicates, r.Orphans, r.Converged, r.Panics)
}

// Passed reports whether the run met the bar: nothing duplicated, orphaned or crashed, no request or answer
// against the contract, the plan empty within MaxAppliesToConverge applies after the creates and again after
// the updates, and everything destroyed.
func (r Result) Passed() bool {
	return r.Duplicates == 0 && r.Orphans == 0 && r.Panics == 0 && r.ContractViolations == 0 && r.Converged &&
		r.Applies <= MaxAppliesToConverge && r.UpdateConverged && r.UpdateApplies <= MaxAppliesToConverge && r.Destroyed
}

// Run runs the soak. An error means the harness itself could not run; what the run found is in Result.
func Run(ctx context.Context, o Options) (Result, error) {
	start := time.Now()
	r := &runner{o: o, res: Result{Seed: o.Seed, Errors: map[string]int{}}}
	logs, err := tfharness.CreateRunLogs(o.WorkDir)
	if err != nil {
		return r.res, err
	}
	defer logs.Close()
	r.scan = newOutputScanner(logs.Terraform)

	// Contract validation makes the mock log any request of the provider that the API does not allow.
	if r.mock, err = tfharness.StartMock(ctx, filepath.Join(o.BinDir, tfharness.MockBinary), logs.Mock, "--validate-contract"); err != nil {
		return r.res, err
	}
	defer func() { _ = r.mock.Stop() }()
	r.logf("portal-mock at %s; logs in %s", r.mock.URL, o.WorkDir)
	if err := r.phases(ctx); err != nil {
		return r.res, err
	}
	if err := r.mock.Stop(); err != nil {
		return r.res, fmt.Errorf("stopping portal-mock: %w", err)
	}
	for _, f := range r.scan.panics {
		r.res.add(&r.res.Panics, f)
	}
	mockPanics, violations, err := scanMockLog(logs.Mock.Name())
	if err != nil {
		return r.res, err
	}
	for _, f := range mockPanics {
		r.res.add(&r.res.Panics, f)
	}
	for _, f := range violations {
		r.res.add(&r.res.ContractViolations, f)
	}
	r.res.Elapsed = time.Since(start)
	return r.res, nil
}

// runner is one run in progress.
type runner struct {
	o    Options
	res  Result
	mock *tfharness.Mock
	in   *inspector
	ws   *tfharness.Workspace
	scan *outputScanner
	// faults are the settings of the phase under way; each phase has its own seed.
	faults mockportal.Faults
}

func (r *runner) logf(format string, args ...any) {
	_, _ = fmt.Fprintf(r.o.Log, "soak: "+format+"\n", args...)
}

// phases creates the grantees, then runs the phases: create, update in place, destroy, each followed by
// an inspection of the portal.
func (r *runner) phases(ctx context.Context) error {
	var err error
	if r.in, err = newInspector(r.mock); err != nil {
		return err
	}
	users, agents, err := r.in.createGrantees(ctx, r.o.Sizes)
	if err != nil {
		return fmt.Errorf("creating the grantees: %w", err)
	}
	cfg, err := generate(r.o.Sizes, r.o.Seed, users, agents, false)
	if err != nil {
		return err
	}
	updated, err := generate(r.o.Sizes, r.o.Seed, users, agents, true)
	if err != nil {
		return err
	}
	r.res.Resources, r.res.Changed = cfg.resources(), updated.changedFrom(cfg)
	if r.ws, err = tfharness.NewWorkspace(r.o.Terraform, r.o.BinDir, "", r.mock); err != nil {
		return err
	}
	defer r.ws.Close()
	// As a pipeline of a reseller runs: with its administrator's token, which reaches Acme (below the
	// reseller) and nothing of the customers beside it.
	if err := r.ws.ActAs(ctx, r.mock, Principal); err != nil {
		return err
	}
	r.res.Principal = Principal

	r.faults = r.o.Faults
	r.faults.Seed = r.o.Seed
	if err := r.mock.SetFaults(ctx, r.faults); err != nil {
		return err
	}
	r.logf("%d resources (%d shared mailboxes, %d permissions, %d application users); faults %s",
		r.res.Resources, cfg.mailboxes, cfg.permissions, cfg.appUsers, describeFaults(r.faults))
	if r.res.Applies, r.res.Converged, err = r.converge(ctx, "create", cfg); err != nil {
		return err
	}
	r.logf("update: %d resources changed in place", r.res.Changed)
	if r.res.UpdateApplies, r.res.UpdateConverged, err = r.converge(ctx, "update", updated); err != nil {
		return err
	}

	for r.res.Destroys < r.o.MaxApplies && !r.res.Destroyed {
		r.res.Destroys++
		if _, err := r.terraform(ctx, fmt.Sprintf("destroy %d", r.res.Destroys), "destroy", "-auto-approve"); err != nil {
			return err
		}
		left, err := r.ws.ShowState(ctx)
		if err != nil {
			return err
		}
		r.res.Destroyed = len(left) == 0
	}
	if err := r.mock.SetFaults(ctx, mockportal.Faults{}); err != nil {
		return err
	}
	if err := r.in.checkDestroyed(ctx, &r.res); err != nil {
		return err
	}
	if stats, err := r.mock.Stats(ctx); err == nil {
		r.res.Requests = stats.Total
		for route := range mockportal.ListingRoutes {
			r.res.ListingRequests += stats.Requests[route]
		}
	}
	return nil
}

// terraform runs one Terraform command, logs how it went and counts its error diagnostics. Only a failure
// to run at all is an error; the exit code is returned.
func (r *runner) terraform(ctx context.Context, phase string, args ...string) (int, error) {
	r.scan.begin(phase)
	start := time.Now()
	code, err := r.ws.Run(ctx, r.scan, append(args, "-input=false", tfharness.NoColor)...)
	if err == nil && ctx.Err() != nil {
		err = ctx.Err()
	}
	if err != nil {
		return code, err
	}
	errs := r.scan.end()
	r.logf("%s: exit %d in %s%s", phase, code, time.Since(start).Round(100*time.Millisecond), describeErrors(errs))
	for kind, n := range errs {
		if r.res.Errors[kind] == 0 {
			r.logf("  first %q, as Terraform showed it:\n    %s", kind, strings.Join(r.scan.example(kind), "\n    "))
		}
		r.res.Errors[kind] += n
	}
	return code, nil
}

// converge writes the phase's configuration, applies it until the plan is empty (at most MaxApplies
// times), then inspects the portal.
func (r *runner) converge(ctx context.Context, phase string, c configuration) (applies int, converged bool, err error) {
	if err := r.ws.WriteFile(configFile, c.text); err != nil {
		return 0, false, err
	}
	for applies < r.o.MaxApplies && !converged {
		applies++
		if _, err := r.terraform(ctx, fmt.Sprintf("%s: apply %d", phase, applies), "apply", "-auto-approve"); err != nil {
			return applies, false, err
		}
		code, err := r.terraform(ctx, fmt.Sprintf("%s: plan after apply %d", phase, applies), "plan", "-detailed-exitcode")
		if err != nil {
			return applies, false, err
		}
		converged = code == 0
		if code == 2 {
			r.logf("  still to change: %s", describeChanges(r.scan.changes()))
		}
	}
	return applies, converged, r.inspectConverged(ctx, c, converged)
}

// inspectConverged compares the portal with the state with the faults off (the inspection is not what is
// under test), then sets the faults again with the next seed: each phase has its own replayable sequence.
func (r *runner) inspectConverged(ctx context.Context, c configuration, converged bool) error {
	if err := r.mock.SetFaults(ctx, mockportal.Faults{}); err != nil {
		return err
	}
	state, err := r.ws.ShowState(ctx)
	if err != nil {
		return err
	}
	if err := r.in.checkConverged(ctx, c, state, converged, &r.res); err != nil {
		return err
	}
	r.faults.Seed++
	return r.mock.SetFaults(ctx, r.faults)
}

// add counts a finding, once however many inspections make it.
func (r *Result) add(counter *int, finding string) {
	if slices.Contains(r.Findings, finding) {
		return
	}
	*counter++
	r.Findings = append(r.Findings, finding)
}

// describeChanges counts planned changes by action and names the first few.
func describeChanges(changes []string) string {
	const named = 6
	byAction := map[string]int{}
	for _, c := range changes {
		byAction[c[strings.Index(c, " (")+2:len(c)-1]]++
	}
	parts := make([]string, 0, len(byAction))
	for action, n := range byAction {
		parts = append(parts, fmt.Sprintf("%d %s", n, action))
	}
	slices.Sort(parts)
	first := changes[:min(named, len(changes))]
	more := ""
	if len(changes) > named {
		more = ", …"
	}
	return fmt.Sprintf("%s: %s%s", strings.Join(parts, "; "), strings.Join(first, ", "), more)
}

func describeFaults(f mockportal.Faults) string {
	return fmt.Sprintf("seed=%d error_rate=%g reset_rate=%g lost_response_rate=%g rate_limit=%g/s job_failure_rate=%g "+
		"job_delay=%s consistency_delay=%s listing_delay=%s latency=%s", f.Seed, f.ErrorRate, f.ResetRate, f.LostResponseRate,
		f.RateLimit, f.JobFailureRate, f.JobDelay, f.ConsistencyDelay, f.ListingDelay, f.Latency)
}

// isRunObject reports whether a username is of an object the run created.
func isRunObject(username string) bool {
	for _, p := range []string{mailboxPrefix, appUserPrefix, granteePrefix, appGranteePrefix} {
		if strings.HasPrefix(username, p) {
			return true
		}
	}
	return false
}
