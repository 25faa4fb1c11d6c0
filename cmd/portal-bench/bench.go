package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/csportal/terraform-provider-portal/internal/mockportal"
	"github.com/csportal/terraform-provider-portal/internal/tfharness"
)

// options configure a benchmark.
type options struct {
	BinDir   string
	N        int
	Runs     int
	Grantees int
	Latency  time.Duration
	// HighLatency is a real portal's: the latency of the batched refresh's measure.
	HighLatency time.Duration
	RateLimit   float64
	// WorkDir receives the fixtures, portal-mock.log and terraform.log.
	WorkDir   string
	Terraform string
	// Log receives one line per Terraform run.
	Log io.Writer
	// Only, when set, runs one section alone: sectionCustomers.
	Only string
}

// terraformParallelism is Terraform's default -parallelism, which the benchmark keeps: it is what users get.
const terraformParallelism = 10

// rssInterval is how often the provider's VmHWM and CPU time are sampled during the untimed runs.
const rssInterval = 10 * time.Millisecond

// timed is one timed Terraform run.
type timed struct {
	Elapsed time.Duration
	// Load is the 1-minute load average just before the run.
	Load  string
	Stats mockportal.Stats
}

// applyRun is one rate-limited apply from empty.
type applyRun struct {
	timed
	ExitCode int
	// Errors counts the error diagnostics Terraform printed.
	Errors int
}

// results are everything a benchmark measured.
type results struct {
	Shape shape
	Runs  int
	// Floor and Refresh are the plans of the applied configurations without latency; Latency with it.
	Floor, Refresh, Latency []timed
	// Lookups is the plan of the portal configuration from empty (nothing applied), without faults.
	Lookups mockportal.Stats
	Applies []applyRun
	// FloorUsage and RefreshUsage are the CPU times of an untimed plan of each, and the provider's peak RSS.
	FloorUsage, RefreshUsage usage
	Latency20                time.Duration
	RateLimit                float64
	// Batch is what batch_reads changes: the refresh at a real portal's latency, with and without.
	Batch batchResults
	// Adopt is the adoption of N hand-made objects (a portal-mock of its own).
	Adopt adoptResults
	// Customers is the refresh of N objects spread over many customers (a portal-mock of its own).
	Customers customersResults
	// Only is the one section measured, "" for all.
	Only string
}

// usage is what one untimed plan used: CPU time by process, and the provider's memory.
type usage struct {
	// Terraform is the CPU time of terraform itself (its provider processes excluded).
	Terraform time.Duration
	Mock      time.Duration
	// Provider is what the provider processes used: CPU time, peak RSS, how many were started.
	Provider tfharness.ProcessUsage
}

// benchmark is a run in progress.
type benchmark struct {
	o     options
	sh    shape
	mock  *tfharness.Mock
	tfLog io.Writer
	res   results
}

func measure(ctx context.Context, o options) (results, error) {
	sh, err := newShape(o.N, o.Grantees)
	if err != nil {
		return results{}, err
	}
	b := &benchmark{o: o, sh: sh, res: results{Shape: sh, Runs: o.Runs, Latency20: o.Latency, RateLimit: o.RateLimit, Only: o.Only}}
	logs, err := tfharness.CreateRunLogs(o.WorkDir)
	if err != nil {
		return b.res, err
	}
	defer logs.Close()
	b.tfLog = logs.Terraform
	if o.Only == sectionCustomers {
		if err := b.acrossCustomers(ctx); err != nil {
			return b.res, fmt.Errorf("refresh across customers: %w", err)
		}
		return b.res, nil
	}
	fixtures := filepath.Join(o.WorkDir, "fixtures.json")
	if err := writeFixtures(fixtures, sh.fixtures()); err != nil {
		return b.res, err
	}
	if b.mock, err = tfharness.StartMock(ctx, filepath.Join(o.BinDir, tfharness.MockBinary), logs.Mock, "--fixtures", fixtures); err != nil {
		return b.res, err
	}
	defer func() { _ = b.mock.Stop() }()
	b.logf("portal-mock at %s; %d objects: %d shared mailboxes, %d permissions, %d application users; %d distinct grantees; logs in %s",
		b.mock.URL, sh.objects(), sh.Mailboxes, sh.Permissions, sh.AppUsers, sh.distinctGrantees(), o.WorkDir)

	if err := b.floor(ctx); err != nil {
		return b.res, fmt.Errorf("floor: %w", err)
	}
	ws, err := b.workspace(ctx, o.Terraform, "", b.mock)
	if err != nil {
		return b.res, err
	}
	defer ws.Close()
	if err := ws.WriteFile(configFile, sh.portalConfig()); err != nil {
		return b.res, err
	}
	if err := b.lookups(ctx, ws); err != nil {
		return b.res, fmt.Errorf("plan from empty: %w", err)
	}
	if err := b.applies(ctx, ws); err != nil {
		return b.res, fmt.Errorf("rate-limited apply: %w", err)
	}
	if err := b.refreshes(ctx, ws); err != nil {
		return b.res, fmt.Errorf("refresh: %w", err)
	}
	if err := b.batching(ctx, ws); err != nil {
		return b.res, fmt.Errorf("batched refresh: %w", err)
	}
	if err := b.adoption(ctx); err != nil {
		return b.res, fmt.Errorf("adoption: %w", err)
	}
	if err := b.acrossCustomers(ctx); err != nil {
		return b.res, fmt.Errorf("refresh across customers: %w", err)
	}
	return b.res, nil
}

// principal is who the benchmark's Terraform runs act as: the demo reseller's administrator, as a reseller's
// pipeline would, not the mock's master token. Everything the benchmark makes is in Acme, below the reseller.
var principal = mockportal.DemoIDs.ResellerAdmin

// workspace is a Terraform working directory whose runs act as the principal against mock, with the
// configuration files of configDir ("" for none).
func (b *benchmark) workspace(ctx context.Context, terraform, configDir string, mock *tfharness.Mock) (*tfharness.Workspace, error) {
	ws, err := tfharness.NewWorkspace(terraform, b.o.BinDir, configDir, mock)
	if err != nil {
		return nil, err
	}
	if err := ws.ActAs(ctx, mock, principal); err != nil {
		ws.Close()
		return nil, err
	}
	return ws, nil
}

func (b *benchmark) logf(format string, args ...any) {
	_, _ = fmt.Fprintf(b.o.Log, "bench: "+format+"\n", args...)
}

// floor applies the terraform_data configuration once, then times its plan.
func (b *benchmark) floor(ctx context.Context) error {
	ws, err := b.workspace(ctx, b.o.Terraform, "", b.mock)
	if err != nil {
		return err
	}
	defer ws.Close()
	if err := ws.WriteFile(configFile, b.sh.floorConfig()); err != nil {
		return err
	}
	if err := b.terraform(ctx, ws, "floor: apply", 0, "apply", "-auto-approve"); err != nil {
		return err
	}
	for i := 1; i <= b.o.Runs; i++ {
		t, err := b.plan(ctx, ws, fmt.Sprintf("floor: plan %d/%d", i, b.o.Runs))
		if err != nil {
			return err
		}
		b.res.Floor = append(b.res.Floor, t)
	}
	b.res.FloorUsage, err = b.usage(ws, "floor")
	return err
}

// lookups plans the portal configuration with nothing applied: every grant to a regular user is checked
// at plan time, and the requests are those checks.
func (b *benchmark) lookups(ctx context.Context, ws *tfharness.Workspace) error {
	if err := b.mock.ResetStats(ctx); err != nil {
		return err
	}
	if err := b.terraform(ctx, ws, "plan from empty", 2, "plan", "-detailed-exitcode"); err != nil {
		return err
	}
	var err error
	b.res.Lookups, err = b.mock.Stats(ctx)
	return err
}

// applies creates everything from empty with the mock rate-limited, Runs times: between runs the mock
// goes back to its fixtures and the state is removed. The last run's objects stay for the refresh.
func (b *benchmark) applies(ctx context.Context, ws *tfharness.Workspace) error {
	for i := 1; i <= b.o.Runs; i++ {
		if i > 1 {
			if err := b.mock.Reset(ctx); err != nil {
				return err
			}
			for _, f := range []string{"terraform.tfstate", "terraform.tfstate.backup"} {
				if err := os.Remove(filepath.Join(ws.Dir, f)); err != nil && !os.IsNotExist(err) {
					return err
				}
			}
		}
		if err := b.mock.SetFaults(ctx, mockportal.Faults{RateLimit: b.o.RateLimit}); err != nil {
			return err
		}
		if err := b.mock.ResetStats(ctx); err != nil {
			return err
		}
		load := loadAverage()
		start := time.Now()
		code, out, err := b.run(ctx, ws, fmt.Sprintf("apply %d/%d", i, b.o.Runs), "apply", "-auto-approve")
		elapsed := time.Since(start)
		if err != nil {
			return err
		}
		stats, err := b.mock.Stats(ctx)
		if err != nil {
			return err
		}
		run := applyRun{timed: timed{Elapsed: elapsed, Load: load, Stats: stats}, ExitCode: code, Errors: countErrors(out)}
		b.res.Applies = append(b.res.Applies, run)
		b.logf("apply %d/%d (rate limit %g/s): exit %d, %d errors, %d requests of which %d answered 429, in %s (load %s)",
			i, b.o.Runs, b.o.RateLimit, code, run.Errors, stats.Total, stats.RateLimited, elapsed.Round(10*time.Millisecond), load)
	}
	return b.mock.SetFaults(ctx, mockportal.Faults{})
}

// refreshes times the plan of the applied objects without latency and with it, then runs it once more
// untimed while sampling the provider's memory.
func (b *benchmark) refreshes(ctx context.Context, ws *tfharness.Workspace) error {
	for i := 1; i <= b.o.Runs; i++ {
		t, err := b.plan(ctx, ws, fmt.Sprintf("refresh: plan %d/%d", i, b.o.Runs))
		if err != nil {
			return err
		}
		b.res.Refresh = append(b.res.Refresh, t)
	}
	var err error
	if b.res.RefreshUsage, err = b.usage(ws, "refresh"); err != nil {
		return err
	}
	if err := b.mock.SetFaults(ctx, mockportal.Faults{Latency: b.o.Latency}); err != nil {
		return err
	}
	for i := 1; i <= b.o.Runs; i++ {
		t, err := b.plan(ctx, ws, fmt.Sprintf("refresh with %s latency: plan %d/%d", b.o.Latency, i, b.o.Runs))
		if err != nil {
			return err
		}
		b.res.Latency = append(b.res.Latency, t)
	}
	return b.mock.SetFaults(ctx, mockportal.Faults{})
}

// plan times one `terraform plan` of applied objects, which must find nothing to change, and counts the
// portal requests it made.
func (b *benchmark) plan(ctx context.Context, ws *tfharness.Workspace, phase string) (timed, error) {
	t, _, err := b.timedRun(ctx, b.mock, ws, phase, "plan", "-detailed-exitcode")
	return t, err
}

// timedRun times one Terraform command, which must succeed (a plan -detailed-exitcode: find nothing to
// change), and counts the requests mock saw meanwhile. It returns the command's output too.
func (b *benchmark) timedRun(ctx context.Context, mock *tfharness.Mock, ws *tfharness.Workspace, phase string, args ...string) (timed, string, error) {
	if err := mock.ResetStats(ctx); err != nil {
		return timed{}, "", err
	}
	load := loadAverage()
	start := time.Now()
	out, err := b.runWant(ctx, ws, phase, 0, args...)
	if err != nil {
		return timed{}, out, err
	}
	t := timed{Elapsed: time.Since(start), Load: load}
	t.Stats, err = mock.Stats(ctx)
	b.logf("%s: %s, %d requests (load %s)", phase, t.Elapsed.Round(10*time.Millisecond), t.Stats.Total, load)
	return t, out, err
}

// usage runs the plan once more, untimed, measuring the CPU time of terraform, of the provider processes
// it starts and of the mock, and the provider's peak RSS: sampling /proc every few milliseconds costs CPU
// that the timed runs should not pay. Terraform's own time is the total of its process (which includes
// the children it waited for) less the provider's.
func (b *benchmark) usage(ws *tfharness.Workspace, phase string) (usage, error) {
	var u usage
	exe, err := filepath.Abs(filepath.Join(b.o.BinDir, tfharness.ProviderBinary))
	if err != nil {
		return u, err
	}
	if exe, err = filepath.EvalSymlinks(exe); err != nil {
		return u, err
	}
	mockBefore, _ := tfharness.ProcessCPU(b.mock.PID())
	var out strings.Builder
	cmd, err := ws.Start(io.MultiWriter(b.tfLog, &out), "plan", "-detailed-exitcode", "-input=false", tfharness.NoColor)
	if err != nil {
		return u, err
	}
	watch := tfharness.WatchProcesses(cmd.Process.Pid, exe, rssInterval)
	_ = cmd.Wait() // its exit code is judged below
	u.Provider = watch.Stop()
	mockAfter, _ := tfharness.ProcessCPU(b.mock.PID())
	if code := cmd.ProcessState.ExitCode(); code != 0 {
		return u, fmt.Errorf("%s: untimed plan exited %d, want 0 (no changes):\n%s", phase, code, tfharness.Tail(out.String(), 30))
	}
	u.Terraform = cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime() - u.Provider.CPU
	u.Mock = mockAfter - mockBefore
	b.logf("%s: untimed plan: CPU terraform %s, provider %s (%d processes, peak RSS %.1f MiB), portal-mock %s", phase,
		u.Terraform.Round(10*time.Millisecond), u.Provider.CPU.Round(10*time.Millisecond), u.Provider.Processes,
		mib(u.Provider.PeakRSS), u.Mock.Round(10*time.Millisecond))
	return u, nil
}

// terraform runs one Terraform command (see run) and fails unless it exits with want.
func (b *benchmark) terraform(ctx context.Context, ws *tfharness.Workspace, phase string, want int, args ...string) error {
	_, err := b.runWant(ctx, ws, phase, want, args...)
	return err
}

// runWant is run that fails, with the end of the output, unless terraform exits with want.
func (b *benchmark) runWant(ctx context.Context, ws *tfharness.Workspace, phase string, want int, args ...string) (string, error) {
	code, out, err := b.run(ctx, ws, phase, args...)
	if err == nil && code != want {
		err = fmt.Errorf("%s: terraform %s exited %d, want %d:\n%s", phase, args[0], code, want, tfharness.Tail(out, 30))
	}
	return out, err
}

// run runs one Terraform command without input or colour, logging its output to terraform.log under the
// phase's name, and returns its exit code and output.
func (b *benchmark) run(ctx context.Context, ws *tfharness.Workspace, phase string, args ...string) (int, string, error) {
	_, _ = fmt.Fprintf(b.tfLog, "\n=== %s: terraform %s\n", phase, strings.Join(args, " "))
	var out strings.Builder
	code, err := ws.Run(ctx, io.MultiWriter(b.tfLog, &out), append(args, tfharness.Unattended(args[0])...)...)
	return code, out.String(), err
}

// errorLine is the first line of an error diagnostic as Terraform prints it without colour.
var errorLine = regexp.MustCompile(`(?m)^(│ )?Error: `)

func countErrors(out string) int { return len(errorLine.FindAllStringIndex(out, -1)) }

// loadAverage returns the 1-minute load average of the machine ("?" where /proc/loadavg is missing).
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	if f := strings.Fields(string(b)); len(f) > 0 {
		return f[0]
	}
	return "?"
}

// median returns the run of median duration (the lower one of an even count).
func median[T any](runs []T, elapsed func(T) time.Duration) T {
	sorted := slices.Clone(runs)
	slices.SortStableFunc(sorted, func(a, b T) int { return int(elapsed(a) - elapsed(b)) })
	return sorted[(len(sorted)-1)/2]
}

func mib(bytes int64) float64 { return float64(bytes) / (1 << 20) }
