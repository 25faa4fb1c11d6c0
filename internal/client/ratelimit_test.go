package client

import (
	"context"
	"net/http"
	"testing"

	"github.com/csportal/terraform-provider-portal/internal/api"
)

// TestRateLimitedRetriesOwnBound: answers 429 do not use up MaxRetries. The soak test (make soak) found
// calls that failed with "giving up after 6 attempts" on a rate-limited portal, most attempts having been
// 429s; here a call meets more 429s than MaxRetries allows attempts, then as many 503s as MaxRetries
// allows retries, and still succeeds.
func TestRateLimitedRetriesOwnBound(t *testing.T) {
	const maxRetries = 2
	rec := &recorder{answer: func(w http.ResponseWriter, _ *http.Request, attempt int) {
		switch {
		case attempt <= 2*maxRetries:
			w.Header().Set(api.HeaderRetryAfter, "0")
			writeJSON(w, 429, problem(429, api.CodeRateLimited, "slow down"))
		case attempt <= 3*maxRetries:
			writeJSON(w, 503, problem(503, api.CodeServiceUnavailable, "down"))
		default:
			writeJSON(w, 200, api.Me{ID: "usr_1"})
		}
	}}
	c := newTestClient(t, rec, func(cfg *Config) { cfg.MaxRetries = maxRetries })
	if _, err := c.Me(context.Background()); err != nil {
		t.Fatalf("got %v after %d attempts; want success after %d", err, rec.count(), 3*maxRetries+1)
	}

	// One failure more than MaxRetries allows still ends the call, whatever 429s came before.
	rec = &recorder{answer: func(w http.ResponseWriter, _ *http.Request, attempt int) {
		if attempt%2 == 1 {
			writeJSON(w, 429, problem(429, api.CodeRateLimited, "slow down"))
			return
		}
		writeJSON(w, 503, problem(503, api.CodeServiceUnavailable, "down"))
	}}
	c = newTestClient(t, rec, func(cfg *Config) { cfg.MaxRetries = maxRetries })
	_, err := c.Me(context.Background())
	if e, ok := AsError(err); !ok || e.Status != 503 || e.Attempts != 2*(maxRetries+1) {
		t.Errorf("got %v; want 503 after %d attempts", err, 2*(maxRetries+1))
	}

	// With retries off, a 429 is not retried either.
	rec = &recorder{answer: func(w http.ResponseWriter, _ *http.Request, _ int) {
		writeJSON(w, 429, problem(429, api.CodeRateLimited, "slow down"))
	}}
	c = newTestClient(t, rec, func(cfg *Config) { cfg.MaxRetries = -1 })
	if _, err := c.Me(context.Background()); rec.count() != 1 || !HasCode(err, api.CodeRateLimited) {
		t.Errorf("retries off: got %v after %d attempts; want 429 after one", err, rec.count())
	}
}
