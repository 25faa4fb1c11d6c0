package mockportal

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/csportal/terraform-provider-portal/internal/api"
)

// Options configure a Portal.
type Options struct {
	// AdminToken is the bearer token of the administrator (the first user with role admin of the root
	// customer, the service provider: it reaches every customer). It also guards /_mock. Required.
	AdminToken string
	// Fixtures is the initial content; nil means the built-in demo set (DemoFixtures, DemoIDs). Reset
	// returns to it.
	Fixtures *Fixtures
	// Faults are the initial fault settings (zero: none).
	Faults Faults
	// StatePath, when set, persists the state as JSON: loaded by New if the file exists, written
	// atomically by Close and SaveState.
	StatePath string
	// OnContractViolation, when set, turns on contract validation of every API request and response
	// against api.OpenAPI, and receives each violation (and each panic of the mock).
	OnContractViolation func(error)
	// Logger receives panics and state-file errors; nil means slog.Default().
	Logger *slog.Logger
	// Hooks, when set, are called around the handling of every API request (see Hooks): for Go tests only.
	Hooks *Hooks
}

// Portal is a mock portal. Serve it with Handler; change and inspect it from Go with the operator and
// inspection methods. It is safe for concurrent use.
type Portal struct {
	adminToken []byte
	fixtures   *Fixtures
	statePath  string
	logger     *slog.Logger
	onViolate  func(error)
	hooks      *Hooks

	store  *store
	faults *injector
	stats  *statsCounter
	idem   *idempotency

	apiMux  *http.ServeMux
	handler http.Handler

	closeOnce sync.Once
	closeErr  error
}

// New builds a portal from the options: from the state file when StatePath names an existing one, else
// from the fixtures.
func New(opts Options) (*Portal, error) {
	if opts.AdminToken == "" {
		return nil, errors.New("mockportal: an admin token is required")
	}
	if err := opts.Faults.Validate(); err != nil {
		return nil, fmt.Errorf("mockportal: faults: %w", err)
	}
	p := &Portal{
		adminToken: []byte(opts.AdminToken),
		fixtures:   opts.Fixtures,
		statePath:  opts.StatePath,
		logger:     opts.Logger,
		onViolate:  opts.OnContractViolation,
		hooks:      opts.Hooks,
		faults:     newInjector(opts.Faults),
		stats:      newStatsCounter(),
		idem:       newIdempotency(),
	}
	if p.fixtures == nil {
		p.fixtures = DemoFixtures()
	}
	if p.logger == nil {
		p.logger = slog.Default()
	}
	st, err := p.initialState()
	if err != nil {
		return nil, err
	}
	p.store = newStore(st, p.faults.settings)
	p.store.resumeJobs()
	if err := p.buildHandler(); err != nil {
		return nil, err
	}
	return p, nil
}

func (p *Portal) initialState() (*state, error) {
	if p.statePath != "" {
		st, err := loadState(p.statePath)
		if err != nil || st != nil {
			return st, err
		}
	}
	return buildState(p.fixtures, time.Now().UTC())
}

// BasePath is where the API is mounted ("/api/v1"): a server's API base URL is its root URL + BasePath.
const BasePath = api.BasePath

// apiPrefix is the path prefix of every API route.
const apiPrefix = BasePath + "/"

// Handler serves the API under /api/v1 and the admin endpoints under /_mock.
func (p *Portal) Handler() http.Handler { return p.handler }

func (p *Portal) buildHandler() error {
	p.apiMux = http.NewServeMux()
	for _, rt := range p.routes() {
		p.apiMux.Handle(rt.pattern, p.withHooks(rt.pattern, p.adapt(rt.handle)))
	}
	// Built inside out. A request passes route resolution, stats, contract validation, faults, auth,
	// idempotency, then dispatch to its route's handler, which the tests' hooks wrap: so stats count faulted
	// requests and the validator sees 429s and 503s, and a hook sees only requests the portal handles (a
	// replayed create is not handled again).
	h := p.withIdempotency(http.HandlerFunc(p.dispatch))
	h = p.withAuth(h)
	h = p.withFaults(h)
	if p.onViolate != nil {
		v, err := newContractValidator(p.report)
		if err != nil {
			return err
		}
		h = v.wrap(h)
	}
	h = p.withStats(h)
	h = p.withRequestInfo(h)

	admin := p.adminHandler()
	// Routing by prefix rather than with a ServeMux: a ServeMux would redirect non-canonical paths
	// ("//", "/../"), and the API has no redirects.
	root := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case strings.HasPrefix(r.URL.Path, apiPrefix):
			h.ServeHTTP(w, r)
		case strings.HasPrefix(r.URL.Path, "/_mock/"):
			admin.ServeHTTP(w, r)
		default:
			writeError(w, errNotFound("nothing here: the API is under %s", apiPrefix))
		}
	})
	p.handler = p.withRecover(root)
	return nil
}

// report passes a contract violation or a mock bug to OnContractViolation, and logs it.
func (p *Portal) report(err error) {
	p.logger.Error("mock portal", "error", err)
	if p.onViolate != nil {
		p.onViolate(err)
	}
}

// SaveState writes the state file now (no-op without StatePath).
func (p *Portal) SaveState() error {
	if p.statePath == "" {
		return nil
	}
	return p.store.save(p.statePath)
}

// Close stops the running jobs from advancing and writes the state file. The handler keeps serving the
// state as it is; Close is meant for the end of a server's life. Calling it again does nothing.
func (p *Portal) Close() error {
	p.closeOnce.Do(func() {
		p.store.retire()
		p.closeErr = p.SaveState()
	})
	return p.closeErr
}
