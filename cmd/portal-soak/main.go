// Command portal-soak is `make soak`: real Terraform with the built provider against a portal-mock that
// injects faults, over a generated configuration (by default 60 shared mailboxes, 180 permissions and 60
// application users). It applies until the plan is empty, changes a fifth of the resources in place and
// applies until the plan is empty again, destroys, inspects the portal after each phase and prints
//
//	soak: resources=N applies_to_converge=K duplicates=D orphans=O final_plan_empty=true|false panics=P
//
// Then the kill harness (internal/soak, kills.go) kills Terraform and its provider (SIGKILL to the process
// group) at seeded random moments of -kills applies that create, update and delete every kind of object,
// reruns apply once after each, and prints
//
//	kills: kills=N stuck=S orphans=O duplicates=D logins_enabled=L plans_not_empty=E
//
// It exits 1 unless D=0, O=0, P=0, the final plan is empty and K ≤ 3 (for the updates too), and every kill
// count is 0; 2 when it could not run. The seed is printed: -seed replays the configuration, the fault
// sequences and the kill moments.
//
//	portal-soak [-bin-dir bin] [-seed N] [-mailboxes 60 -permissions-per-mailbox 3 -application-users 60
//	            -extra-users 10 -extra-agents 5] [-error-rate 0.1 -reset-rate 0.03 -lost-response-rate 0.05
//	            -rate-limit 50 -job-failure-rate 0.02 -job-delay 0s -consistency-delay 500ms -listing-delay 3s -latency 0s]
//	            [-max-applies 5] [-kills 20 -kill-job-delay 1s [-kills-only]] [-work-dir DIR] [-keep]
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"math/rand/v2"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"syscall"
	"time"

	"github.com/csportal/terraform-provider-portal/internal/soak"
	"github.com/csportal/terraform-provider-portal/internal/tfharness"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// Exit codes.
const (
	exitPassed = 0
	exitFailed = 1 // the soak ran and found something
	exitError  = 2 // the soak could not run
)

type config struct {
	opts      soak.Options
	kills     soak.KillOptions
	killsOnly bool
	keep      bool
}

func parseFlags(args []string, stderr io.Writer) (config, error) {
	c := config{opts: soak.Options{Sizes: soak.DefaultSizes, Faults: soak.DefaultFaults}, kills: soak.DefaultKillOptions}
	o := &c.opts
	fs := flag.NewFlagSet("portal-soak", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&o.BinDir, "bin-dir", "bin", "directory holding terraform-provider-portal and portal-mock (make build)")
	fs.Int64Var(&o.Seed, "seed", 0, "seed of the faults and of the configuration's random choices (0: a random one, printed)")
	fs.IntVar(&o.MaxApplies, "max-applies", 5, "applies (and destroys) to try before giving up; the soak passes only within 3")
	fs.StringVar(&o.WorkDir, "work-dir", "", "directory for terraform.log, portal-mock.log and the findings (default: a new temporary one)")
	fs.BoolVar(&c.keep, "keep", false, "keep the work directory even when the soak passes")
	sz := &o.Sizes
	fs.IntVar(&sz.Mailboxes, "mailboxes", sz.Mailboxes, "portal_shared_mailbox resources")
	fs.IntVar(&sz.PermissionsPerMailbox, "permissions-per-mailbox", sz.PermissionsPerMailbox, "portal_mailbox_permission resources per mailbox, each for another grantee")
	fs.IntVar(&sz.ApplicationUsers, "application-users", sz.ApplicationUsers, "portal_application_user resources (also grantees)")
	fs.IntVar(&sz.ExtraUsers, "extra-users", sz.ExtraUsers, "regular users created through the API first, as grantees")
	fs.IntVar(&sz.ExtraAgents, "extra-agents", sz.ExtraAgents, "application users created through the API first, as grantees")
	fs.IntVar(&c.kills.Kills, "kills", c.kills.Kills, "applies the kill harness kills (SIGKILL of Terraform and its provider), each followed by one rerun; 0: none")
	fs.DurationVar(&c.kills.JobDelay, "kill-job-delay", c.kills.JobDelay, "the portal's provisioning time while the kill harness runs")
	fs.BoolVar(&c.killsOnly, "kills-only", false, "run the kill harness alone, without the soak before it")
	f := &o.Faults
	f.RegisterFlags(fs)
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	if fs.NArg() > 0 {
		return c, fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	if sz.Mailboxes < 0 || sz.PermissionsPerMailbox < 0 || sz.ApplicationUsers < 0 || sz.ExtraUsers < 0 || sz.ExtraAgents < 0 {
		return c, errors.New("sizes must not be negative")
	}
	if o.MaxApplies < 1 {
		return c, errors.New("-max-applies must be at least 1")
	}
	if c.kills.Kills < 0 || c.kills.JobDelay < 0 {
		return c, errors.New("-kills and -kill-job-delay must not be negative")
	}
	if c.killsOnly && c.kills.Kills == 0 {
		return c, errors.New("-kills-only needs -kills above 0")
	}
	if err := f.Validate(); err != nil {
		return c, fmt.Errorf("fault settings: %w", err)
	}
	if o.Seed == 0 {
		o.Seed = rand.Int64N(1<<31) + 1 //nolint:gosec // a seed to replay, not a secret
	}
	return c, nil
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	c, err := parseFlags(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return exitPassed
	}
	if err != nil {
		_, _ = fmt.Fprintln(stderr, "portal-soak:", err)
		return exitError
	}
	passed := true
	if !c.killsOnly {
		res, workDir, err := soakOnce(ctx, c, stdout)
		if err != nil {
			_, _ = fmt.Fprintf(stderr, "portal-soak: %v (seed %d; logs in %s)\n", err, c.opts.Seed, workDir)
			return exitError
		}
		report(stdout, c.opts.BinDir, workDir, res)
		passed = res.Passed()
	}
	if c.kills.Kills > 0 {
		kills, killDir, err := killsOnce(ctx, c, stdout)
		if err != nil {
			_, _ = fmt.Fprintf(stderr, "portal-soak: kill harness: %v (seed %d; logs in %s)\n", err, c.opts.Seed, killDir)
			return exitError
		}
		reportKills(stdout, c.opts.BinDir, killDir, kills)
		passed = passed && kills.Passed()
	}
	if !passed {
		return exitFailed
	}
	return exitPassed
}

// killsOnce prepares the kill harness's work directory and runs it, with the soak's seed; the directory
// is removed when the kills pass, unless asked to keep it.
func killsOnce(ctx context.Context, c config, stdout io.Writer) (res soak.KillResult, workDir string, err error) {
	o := c.kills
	o.Seed, o.BinDir, o.Log = c.opts.Seed, c.opts.BinDir, stdout
	var created bool
	if o.Terraform, o.WorkDir, created, err = tfharness.PrepareRun(o.BinDir, killWorkDir(c.opts.WorkDir), "portal-kills"); err != nil {
		return res, o.WorkDir, err
	}
	res, err = soak.RunKills(ctx, o)
	if err == nil && res.Passed() && created && !c.keep {
		_ = os.RemoveAll(o.WorkDir)
		return res, "(removed)", nil
	}
	return res, o.WorkDir, err
}

// killWorkDir is the kill harness's directory inside the soak's, when one was given.
func killWorkDir(soakDir string) string {
	if soakDir == "" {
		return ""
	}
	return filepath.Join(soakDir, "kills")
}

// reportKills prints the kill harness's findings and its two summary lines.
func reportKills(w io.Writer, binDir, workDir string, r soak.KillResult) {
	for _, f := range r.Findings {
		_, _ = fmt.Fprintln(w, "kills: finding:", f)
	}
	_, _ = fmt.Fprintln(w, r.Details())
	_, _ = fmt.Fprintln(w, r.Summary())
	if !r.Passed() {
		_, _ = fmt.Fprintf(w, "kills: FAILED; replay with -bin-dir %s -seed %d (logs in %s)\n", binDir, r.Seed, workDir)
	}
}

// soakOnce prepares the work directory and runs the soak. The work directory is removed when the soak
// passes, unless asked to keep it.
func soakOnce(ctx context.Context, c config, stdout io.Writer) (res soak.Result, workDir string, err error) {
	o := c.opts
	var created bool
	if o.Terraform, o.WorkDir, created, err = tfharness.PrepareRun(o.BinDir, o.WorkDir, "portal-soak"); err != nil {
		return res, o.WorkDir, err
	}
	o.Log = stdout
	_, _ = fmt.Fprintf(stdout, "soak: seed=%d (replay with -seed %d); work dir %s\n", o.Seed, o.Seed, o.WorkDir)
	res, err = soak.Run(ctx, o)
	if err == nil && res.Passed() && created && !c.keep {
		_ = os.RemoveAll(o.WorkDir)
		return res, "(removed)", nil
	}
	return res, o.WorkDir, err
}

// report prints the findings, the error diagnostics Terraform showed, the summary line and the seed.
func report(w io.Writer, binDir, workDir string, r soak.Result) {
	for _, f := range r.Findings {
		_, _ = fmt.Fprintln(w, "soak: finding:", f)
	}
	for _, k := range slices.Sorted(maps.Keys(r.Errors)) {
		_, _ = fmt.Fprintf(w, "soak: error diagnostics: %d× %s\n", r.Errors[k], k)
	}
	_, _ = fmt.Fprintf(w, "soak: as=%s destroys=%d destroyed=%t contract_violations=%d requests=%d listing_requests=%d elapsed=%s\n",
		r.Principal, r.Destroys, r.Destroyed, r.ContractViolations, r.Requests, r.ListingRequests, r.Elapsed.Round(time.Second))
	_, _ = fmt.Fprintln(w, r.UpdateSummary())
	_, _ = fmt.Fprintln(w, r.Summary())
	_, _ = fmt.Fprintf(w, "soak: seed=%d (configuration: seed %d; faults of the creates: seed %d, of the updates: seed %d, of the destroys: seed %d)\n",
		r.Seed, r.Seed, r.Seed, r.Seed+1, r.Seed+2)
	if !r.Passed() {
		_, _ = fmt.Fprintf(w, "soak: FAILED; replay with the same flags and -bin-dir %s -seed %d (logs in %s)\n", binDir, r.Seed, workDir)
	}
}
