// Command portal-mock runs the mock portal (internal/mockportal) as an HTTP server, for pipelines that
// test against the portal's provisioning API without a real portal.
//
//	portal-mock --listen 127.0.0.1:8080 --admin-token TOKEN [--fixtures FILE] [--state FILE]
//	            [--legacy-portal default|SHARED_MAILBOXES,SUBMAILBOX_TREES,GRANTS,APPLICATION_USERS[,CALENDAR_ENTRIES]]
//	            [--seed N --latency D --error-rate F --rate-limit F --reset-rate F --lost-response-rate F
//	             --job-delay D --job-failure-rate F --consistency-delay D] [--validate-contract]
//
// The first line on standard output is "listening on http://HOST:PORT/api/v1" (--listen 127.0.0.1:0 picks
// a free port). The admin token may also come from PORTAL_MOCK_ADMIN_TOKEN. SIGINT or SIGTERM shuts the
// server down gracefully and writes the --state file. --fixtures takes a JSON file shaped like
// fixtures.example.json (the built-in demo set, a tree of customers; see mockportal.Fixtures).
//
// The admin token acts as the administrator of the root customer and reaches everything. A token of any
// other principal (a reseller's or a customer's administrator, a regular user, an application user) comes
// from the admin endpoint POST /_mock/tokens {"principal_id": "usr_…" or "apu_…"} → {"token": "…"}, with
// the admin token; it reaches what its principal reaches (see the README's mock section).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/csportal/terraform-provider-portal/internal/mockportal"
)

// adminTokenEnv is the environment variable read when --admin-token is absent.
const adminTokenEnv = "PORTAL_MOCK_ADMIN_TOKEN" //nolint:gosec // the name of a variable, not a credential

// shutdownGrace is how long in-flight requests get to finish on SIGINT/SIGTERM.
const shutdownGrace = 10 * time.Second

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr, os.Getenv); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return
		}
		fmt.Fprintln(os.Stderr, "portal-mock:", err)
		os.Exit(1)
	}
}

// config is the parsed command line.
type config struct {
	listen     string
	adminToken string
	fixtures   string
	state      string
	validate   bool
	legacy     *mockportal.LegacyPortal // nil: none
	faults     mockportal.Faults
}

func parseFlags(args []string, stderr io.Writer, getenv func(string) string) (config, error) {
	var c config
	fs := flag.NewFlagSet("portal-mock", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&c.listen, "listen", "127.0.0.1:8080", "address to listen on; port 0 picks a free port")
	fs.StringVar(&c.adminToken, "admin-token", "", "bearer token of the root customer's administrator and of /_mock, whose POST /_mock/tokens issues tokens of other principals (or $"+adminTokenEnv+")")
	fs.StringVar(&c.fixtures, "fixtures", "", "JSON fixtures file (default: the built-in demo set)")
	fs.StringVar(&c.state, "state", "", "JSON state file: loaded at start if it exists, written atomically at shutdown")
	fs.BoolVar(&c.validate, "validate-contract", false, "validate every API request and response against the OpenAPI contract and log violations")
	fs.Func("legacy-portal", "start as a portal full of hand-made objects (for adoption): \"default\" (26,9,60,10,20) or SHARED_MAILBOXES,SUBMAILBOX_TREES,GRANTS,APPLICATION_USERS[,CALENDAR_ENTRIES]; implies the legacy fixtures",
		func(v string) error {
			size, err := parseLegacySize(v)
			c.legacy = &size
			return err
		})
	f := &c.faults
	fs.Int64Var(&f.Seed, "seed", 0, "seed of the fault PRNG: the same seed and requests give the same faults")
	f.RegisterFlags(fs)
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	if fs.NArg() > 0 {
		return c, fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	if c.adminToken == "" {
		c.adminToken = getenv(adminTokenEnv)
	}
	if c.adminToken == "" {
		return c, fmt.Errorf("an admin token is required: pass --admin-token TOKEN or set %s", adminTokenEnv)
	}
	if c.legacy != nil && (c.fixtures != "" || c.state != "") {
		return c, errors.New("--legacy-portal makes its own content: it cannot be combined with --fixtures or --state")
	}
	return c, nil
}

// parseLegacySize reads --legacy-portal: "default" or four or five counts separated by commas (no calendar
// entries without the fifth).
func parseLegacySize(v string) (mockportal.LegacyPortal, error) {
	if v == "default" {
		return mockportal.DefaultLegacyPortal, nil
	}
	var size mockportal.LegacyPortal
	counts := []*int{&size.SharedMailboxes, &size.SubmailboxTrees, &size.Grants, &size.ApplicationUsers, &size.CalendarEntries}
	fields := strings.Split(v, ",")
	bad := len(fields) != len(counts) && len(fields) != len(counts)-1
	for i := 0; !bad && i < len(fields); i++ {
		n, err := strconv.Atoi(fields[i])
		*counts[i], bad = n, err != nil || n < 0
	}
	if bad {
		return size, fmt.Errorf("%q: want \"default\" or SHARED_MAILBOXES,SUBMAILBOX_TREES,GRANTS,APPLICATION_USERS[,CALENDAR_ENTRIES] such as 26,9,60,10,20", v)
	}
	return size, nil
}

// run serves until ctx is cancelled, then shuts down and writes the state file.
func run(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) error {
	c, err := parseFlags(args, stderr, getenv)
	if err != nil {
		return err
	}
	logger := slog.New(slog.NewTextHandler(stderr, nil))
	opts := mockportal.Options{AdminToken: c.adminToken, Faults: c.faults, StatePath: c.state, Logger: logger}
	if c.legacy != nil {
		// Built without faults: the operator's clicks of years past did not fail. The faults start after.
		opts.Fixtures, opts.Faults = mockportal.LegacyFixtures(), mockportal.Faults{}
	}
	if c.fixtures != "" {
		if opts.Fixtures, err = mockportal.LoadFixtures(c.fixtures); err != nil {
			return err
		}
	}
	if c.validate {
		// The portal logs every violation itself; setting the callback is what turns validation on.
		opts.OnContractViolation = func(error) {}
	}
	portal, err := mockportal.New(opts)
	if err != nil {
		return err
	}
	if c.legacy != nil {
		if _, err := portal.BuildLegacyPortal(*c.legacy); err != nil {
			return fmt.Errorf("building the legacy portal: %w", err)
		}
		if err := portal.SetFaults(c.faults); err != nil {
			return err
		}
	}
	ln, err := (&net.ListenConfig{}).Listen(ctx, "tcp", c.listen)
	if err != nil {
		return err
	}
	// Scripts wait for this exact first line; os.Stdout is unbuffered, so it is out at once.
	if _, err := fmt.Fprintf(stdout, "listening on http://%s%s\n", ln.Addr(), mockportal.BasePath); err != nil {
		return err
	}
	srv := &http.Server{Handler: portal.Handler(), ReadHeaderTimeout: 10 * time.Second,
		ErrorLog: slog.NewLogLogger(logger.Handler(), slog.LevelWarn)}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()

	select {
	case err = <-served: // the listener failed
	case <-ctx.Done():
		logger.Info("shutting down")
		shutdownCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), shutdownGrace)
		err = srv.Shutdown(shutdownCtx)
		cancel()
	}
	if closeErr := portal.Close(); closeErr != nil {
		err = errors.Join(err, fmt.Errorf("writing the state file: %w", closeErr))
	} else if c.state != "" {
		logger.Info("state written", "file", c.state)
	}
	if errors.Is(err, http.ErrServerClosed) {
		err = nil
	}
	return err
}
