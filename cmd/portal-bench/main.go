// Command portal-bench is `make bench`: in one run on one machine, it measures what the provider adds on
// top of Terraform for N objects (N/4 shared mailboxes, N/2 permissions, N/4 application users) against a
// portal-mock process, and prints a Markdown table against the targets of issue 8:
//
//  1. floor: `terraform plan` of the same graph of N terraform_data resources (built in, no provider);
//  2. refresh: `terraform plan` of the N applied portal objects, no latency, as a ratio to the floor;
//  3. portal requests (GET /_mock/stats): per refreshed object by type read one by one (batch_reads = false),
//     the refresh plan's total, and the plan-time lookups of a plan from empty;
//  4. the refresh with latency (20 ms) against the refresh without;
//  5. the apply from empty with the mock rate-limited (100 req/s): errors, and time against the requests
//     that did work / the rate;
//  6. the provider's peak RSS (VmHWM) during a refresh;
//  7. the batched refresh (batch_reads): at a real portal's latency (200 ms) with and without it, its
//     requests against the reads one by one, a refresh of one object of the large portal, and the same
//     refresh shape with a peer provider, hashicorp/random (from the matrix; skipped, saying so, without);
//  8. the adoption of N hand-made objects (portal-mock --legacy-portal) with `terraform query
//     -generate-config-out` and an apply of the imports, and the refresh of what was adopted (Terraform
//     1.14 or later: the run's own CLI, else the matrix's; skipped, saying so, without one);
//  9. the refresh across customers: N objects over N/10 customers of one reseller (a portal-mock of its
//     own, built from mockportal fixtures) at a real portal's latency against the same refresh without
//     latency, its requests, and the refresh of one object of one of those customers (-only customers
//     runs this section alone).
//
// Timed runs are repeated (-runs, default 3) and the median is reported with the range.
//
//	portal-bench [-bin-dir bin] [-n 1000] [-runs 3] [-grantees 10] [-latency 20ms] [-high-latency 200ms]
//	             [-rate-limit 100] [-work-dir DIR] [-keep] [-only customers]
//
// It exits 0 when it measured (missed targets are marked in the table), 2 when it could not.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime"
	"strings"
	"syscall"
	"time"

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
	exitMeasured = 0
	exitError    = 2
)

type config struct {
	opts options
	keep bool
}

func parseFlags(args []string, stderr io.Writer) (config, error) {
	c := config{}
	o := &c.opts
	fs := flag.NewFlagSet("portal-bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&o.BinDir, "bin-dir", "bin", "directory holding terraform-provider-portal and portal-mock (make build)")
	fs.IntVar(&o.N, "n", 1000, "objects: N/4 shared mailboxes, N/2 permissions, N/4 application users (a multiple of 4)")
	fs.IntVar(&o.Runs, "runs", 3, "runs of each timed measure; the median is reported")
	fs.IntVar(&o.Grantees, "grantees", 10, "regular users the first grant of each mailbox goes to, in turn")
	fs.DurationVar(&o.Latency, "latency", 20*time.Millisecond, "mock latency of the latency-bound refresh")
	fs.DurationVar(&o.HighLatency, "high-latency", 200*time.Millisecond, "mock latency of a real portal, for the refresh with and without batch_reads")
	fs.Float64Var(&o.RateLimit, "rate-limit", 100, "mock rate limit of the apply, requests per second")
	fs.StringVar(&o.WorkDir, "work-dir", "", "directory for the fixtures, terraform.log and portal-mock.log (default: a new temporary one)")
	fs.BoolVar(&c.keep, "keep", false, "keep the work directory (it is kept anyway when the benchmark fails)")
	fs.StringVar(&o.Only, "only", "", "run one section alone: \""+sectionCustomers+"\" (9, the refresh across customers)")
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	switch {
	case fs.NArg() > 0:
		return c, fmt.Errorf("unexpected arguments %q", fs.Args())
	case o.Runs < 1:
		return c, errors.New("-runs must be at least 1")
	case o.Latency <= 0 || o.HighLatency <= 0 || o.RateLimit <= 0:
		return c, errors.New("-latency, -high-latency and -rate-limit must be positive")
	case o.Only != "" && o.Only != sectionCustomers:
		return c, fmt.Errorf("-only %q: the one section that runs alone is %q", o.Only, sectionCustomers)
	}
	_, err := newShape(o.N, o.Grantees)
	return c, err
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	c, err := parseFlags(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return exitMeasured
	}
	if err != nil {
		_, _ = fmt.Fprintln(stderr, "portal-bench:", err)
		return exitError
	}
	o := c.opts
	var created bool
	if o.Terraform, o.WorkDir, created, err = tfharness.PrepareRun(o.BinDir, o.WorkDir, "portal-bench"); err != nil {
		_, _ = fmt.Fprintln(stderr, "portal-bench:", err)
		return exitError
	}
	o.Log = stdout
	started := time.Now()
	res, err := measure(ctx, o)
	if err != nil {
		_, _ = fmt.Fprintf(stderr, "portal-bench: %v (logs in %s)\n", err, o.WorkDir)
		return exitError
	}
	_, _ = fmt.Fprintln(stdout)
	writeHeader(ctx, stdout, o, started)
	missed := res.writeTable(stdout)
	if len(missed) == 0 {
		_, _ = fmt.Fprintln(stdout, "\nbench: every target met")
	} else {
		_, _ = fmt.Fprintf(stdout, "\nbench: targets missed: %s\n", strings.Join(missed, "; "))
	}
	if created && !c.keep {
		_ = os.RemoveAll(o.WorkDir)
	}
	return exitMeasured
}

// writeHeader says where and when the table was measured, and with what.
func writeHeader(ctx context.Context, w io.Writer, o options, started time.Time) {
	_, _ = fmt.Fprintf(w, "- Date: %s (took %s)\n", started.Format(time.RFC1123), time.Since(started).Round(time.Second))
	_, _ = fmt.Fprintf(w, "- Machine: %d cores (%s), %s memory (/proc)\n", runtime.NumCPU(), cpuModel(), memTotal())
	_, _ = fmt.Fprintf(w, "- %s, %s, %s/%s; parallelism %d (Terraform's default)\n",
		terraformVersion(ctx, o.Terraform), runtime.Version(), runtime.GOOS, runtime.GOARCH, terraformParallelism)
	only := ""
	if o.Only != "" {
		only = " -only " + o.Only
	}
	_, _ = fmt.Fprintf(w, "- Command: `make bench N=%d` (portal-bench -n %d -runs %d -grantees %d -latency %s -high-latency %s -rate-limit %g%s)\n\n",
		o.N, o.N, o.Runs, o.Grantees, o.Latency, o.HighLatency, o.RateLimit, only)
}

// terraformVersion names the CLI and its version, "Terraform 1.11.4" or "OpenTofu 1.12.6".
func terraformVersion(ctx context.Context, terraform string) string {
	cli, err := tfharness.IdentifyCLI(ctx, terraform)
	if err != nil {
		return "Terraform ?"
	}
	return cli.String()
}

// procField returns the value of the first "key: value" line of a /proc file, "?" when there is none.
func procField(file, key string) string {
	b, err := os.ReadFile(file) //nolint:gosec // /proc/cpuinfo or /proc/meminfo
	if err != nil {
		return "?"
	}
	for _, line := range strings.Split(string(b), "\n") {
		k, v, ok := strings.Cut(line, ":")
		if ok && strings.TrimSpace(k) == key {
			return strings.TrimSpace(v)
		}
	}
	return "?"
}

func cpuModel() string { return procField("/proc/cpuinfo", "model name") }

func memTotal() string {
	v := procField("/proc/meminfo", "MemTotal")
	var kb int64
	if _, err := fmt.Sscanf(v, "%d kB", &kb); err != nil {
		return v
	}
	return fmt.Sprintf("%.1f GiB", float64(kb)/(1<<20))
}
