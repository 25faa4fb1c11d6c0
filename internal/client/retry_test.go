package client

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hashicorp/go-cleanhttp"

	"github.com/csportal/terraform-provider-portal/internal/api"
)

// statusReset stands for "the connection is reset before any answer" in the retry matrix.
const statusReset = -1

// TestRetryMatrix sends every kind of call against every kind of failure and counts the attempts: retried
// calls make 1+MaxRetries attempts, the others exactly one.
func TestRetryMatrix(t *testing.T) {
	type kind struct {
		method     string
		idempotent bool
	}
	kinds := []kind{
		{http.MethodGet, false}, {http.MethodPut, false}, {http.MethodPatch, false},
		{http.MethodDelete, false}, {http.MethodPost, true}, {http.MethodPost, false},
	}
	statuses := []int{200, 400, 404, 409, 429, 500, 501, 502, 503, statusReset}
	const maxRetries = 2

	for _, k := range kinds {
		for _, status := range statuses {
			name := fmt.Sprintf("%s/key=%v/%d", k.method, k.idempotent, status)
			t.Run(name, func(t *testing.T) {
				t.Parallel()
				rec := &recorder{answer: func(w http.ResponseWriter, r *http.Request, _ int) {
					switch status {
					case statusReset:
						resetConnection(t, w)
					case 200:
						writeJSON(w, 200, map[string]string{"id": "usr_1"})
					default:
						writeJSON(w, status, problem(status, "some_code", "refused"))
					}
				}}
				c := newTestClient(t, rec)

				var body any
				if k.method != http.MethodGet && k.method != http.MethodDelete {
					body = map[string]string{"name": "x"}
				}
				var out map[string]string
				err := c.do(context.Background(), request{method: k.method, segments: []string{"things", "x"}, body: body, idempotent: k.idempotent}, &out)

				retryable := status == 429 || status == statusReset || (status >= 500 && status != 501)
				wantAttempts := 1
				if retryable && (k.method != http.MethodPost || k.idempotent) {
					wantAttempts = 1 + maxRetries
					if status == 429 { // 429s have their own bound (TestRateLimitedRetriesOwnBound)
						wantAttempts = 1 + maxRateLimitedRetries
					}
				}
				if got := rec.count(); got != wantAttempts {
					t.Errorf("attempts: got %d, want %d (err: %v)", got, wantAttempts, err)
				}
				if status == 200 {
					if err != nil || out["id"] != "usr_1" {
						t.Fatalf("got %v, %v; want the object", out, err)
					}
					return
				}
				if err == nil {
					t.Fatal("want an error")
				}
				if status == statusReset {
					if _, ok := AsError(err); ok {
						t.Errorf("a network failure is not a portal refusal: %#v", err)
					}
					return
				}
				e, ok := AsError(err)
				if !ok {
					t.Fatalf("want *Error, got %T: %v", err, err)
				}
				if e.Status != status || e.Code != "some_code" || e.Detail != "refused" || e.Attempts != wantAttempts {
					t.Errorf("got %+v; want the last status, its problem and %d attempts", e, wantAttempts)
				}
			})
		}
	}
}

func TestRetryBoundedByMaxRetries(t *testing.T) {
	for _, tc := range []struct{ maxRetries, want int }{{-1, 1}, {1, 2}, {4, 5}} {
		t.Run(strconv.Itoa(tc.maxRetries), func(t *testing.T) {
			rec := &recorder{answer: func(w http.ResponseWriter, _ *http.Request, _ int) {
				writeJSON(w, 503, problem(503, api.CodeServiceUnavailable, "down"))
			}}
			c := newTestClient(t, rec, func(cfg *Config) { cfg.MaxRetries = tc.maxRetries })
			_, err := c.GetUser(context.Background(), "usr_1")
			if got := rec.count(); got != tc.want {
				t.Errorf("attempts: got %d, want %d", got, tc.want)
			}
			if e, ok := AsError(err); !ok || e.Attempts != tc.want || e.Status != 503 {
				t.Errorf("got %v; want 503 after %d attempts", err, tc.want)
			}
		})
	}
}

func TestRetryThenSuccess(t *testing.T) {
	rec := &recorder{answer: func(w http.ResponseWriter, _ *http.Request, attempt int) {
		if attempt == 1 {
			writeJSON(w, 502, nil)
			return
		}
		writeJSON(w, 200, api.User{ID: "usr_1"})
	}}
	c := newTestClient(t, rec)
	u, err := c.GetUser(context.Background(), "usr_1")
	if err != nil || u.ID != "usr_1" || rec.count() != 2 {
		t.Fatalf("got %+v, %v after %d attempts; want the user after 2", u, err, rec.count())
	}
}

// TestPostRetriedWithSameKey checks that a create's retries carry the key of its first attempt, and that
// two creates carry different keys.
func TestPostRetriedWithSameKey(t *testing.T) {
	rec := &recorder{answer: func(w http.ResponseWriter, _ *http.Request, attempt int) {
		if attempt%3 != 0 {
			writeJSON(w, 503, problem(503, api.CodeServiceUnavailable, "busy"))
			return
		}
		writeJSON(w, 201, api.User{ID: "usr_1"})
	}}
	c := newTestClient(t, rec)
	for range 2 {
		if _, err := c.CreateUser(context.Background(), api.UserCreate{Username: "shared"}); err != nil {
			t.Fatal(err)
		}
	}
	reqs := rec.all()
	if len(reqs) != 6 {
		t.Fatalf("got %d requests, want 6", len(reqs))
	}
	first, second := reqs[0].Header.Get(api.HeaderIdempotencyKey), reqs[3].Header.Get(api.HeaderIdempotencyKey)
	if first == "" || first == second {
		t.Fatalf("keys %q and %q: want two different non-empty keys", first, second)
	}
	for i, r := range reqs {
		want := first
		if i >= 3 {
			want = second
		}
		if got := r.Header.Get(api.HeaderIdempotencyKey); got != want {
			t.Errorf("request %d: key %q, want %q", i, got, want)
		}
	}
}

// TestLostResponseAfterCommit: the portal creates the user and the connection drops before the answer.
// The retry carries the same key, the portal replays its first answer, and exactly one user exists.
func TestLostResponseAfterCommit(t *testing.T) {
	var (
		mu      sync.Mutex
		created = map[string]api.User{} // by idempotency key
		users   int
	)
	rec := &recorder{answer: func(w http.ResponseWriter, r *http.Request, attempt int) {
		key := r.Header.Get(api.HeaderIdempotencyKey)
		mu.Lock()
		u, replay := created[key]
		if !replay {
			users++
			u = api.User{ID: fmt.Sprintf("usr_%016x", users), Username: "shared"}
			created[key] = u
		}
		mu.Unlock()
		if attempt == 1 {
			// Committed, then the answer is lost.
			conn, _, _ := w.(http.Hijacker).Hijack()
			_ = conn.Close()
			return
		}
		writeJSON(w, 201, u)
	}}
	c := newTestClient(t, rec)
	u, err := c.CreateUser(context.Background(), api.UserCreate{Username: "shared", Password: canaryPassword})
	if err != nil {
		t.Fatal(err)
	}
	if users != 1 || u.ID != "usr_0000000000000001" || rec.count() != 2 {
		t.Fatalf("got user %q, %d users created in %d requests; want exactly one, found by the retry", u.ID, users, rec.count())
	}
}

func TestPostWithoutKeyNeverRetried(t *testing.T) {
	rec := &recorder{answer: func(w http.ResponseWriter, _ *http.Request, _ int) { resetConnection(t, w) }}
	c := newTestClient(t, rec)
	err := c.do(context.Background(), request{method: http.MethodPost, segments: []string{"users"}, body: map[string]string{}}, nil)
	if err == nil || rec.count() != 1 {
		t.Fatalf("got %v after %d attempts; want an error after one", err, rec.count())
	}
	if got := rec.all()[0].Header.Get(api.HeaderIdempotencyKey); got != "" {
		t.Errorf("sent key %q", got)
	}
	if !strings.Contains(err.Error(), "not retried") {
		t.Errorf("error %q should say why it was not retried", err)
	}
}

func TestNetworkFailureSaysAttempts(t *testing.T) {
	rec := &recorder{answer: func(w http.ResponseWriter, _ *http.Request, _ int) { resetConnection(t, w) }}
	c := newTestClient(t, rec)
	_, err := c.GetUser(context.Background(), "usr_1")
	if err == nil || !strings.Contains(err.Error(), "GET /users/usr_1: giving up after 3 attempt(s)") {
		t.Fatalf("got %v; want the call and the attempts named", err)
	}
}

func TestConnectionRefusedRetried(t *testing.T) {
	c, err := New(Config{Endpoint: "http://127.0.0.1:1/api/v1", Token: canaryToken, MaxRetries: 2, RetryWaitMin: time.Millisecond, RetryWaitMax: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Me(context.Background())
	if err == nil || !strings.Contains(err.Error(), "giving up after 3 attempt(s)") {
		t.Fatalf("got %v; want three attempts", err)
	}
}

func TestPerAttemptTimeout(t *testing.T) {
	rec := &recorder{answer: func(w http.ResponseWriter, r *http.Request, attempt int) {
		if attempt == 1 {
			select { // far longer than the attempt may take
			case <-r.Context().Done():
			case <-time.After(time.Minute):
			}
			return
		}
		writeJSON(w, 200, api.User{ID: "usr_1"})
	}}
	// The limit leaves the second attempt, which is answered at once, plenty of time on a loaded machine
	// running the race detector: with 100 ms it was cut short too now and then.
	c := newTestClient(t, rec, func(cfg *Config) { cfg.RequestTimeout = 2 * time.Second })
	start := time.Now()
	u, err := c.GetUser(context.Background(), "usr_1")
	if err != nil || u.ID != "usr_1" || rec.count() != 2 {
		t.Fatalf("got %+v, %v after %d attempts; want the user after a timed-out attempt", u, err, rec.count())
	}
	if d := time.Since(start); d > 30*time.Second {
		t.Errorf("took %s; the first attempt should have been cut at 2s, not waited out", d)
	}
}

func TestEveryAttemptTimesOut(t *testing.T) {
	rec := &recorder{answer: func(_ http.ResponseWriter, r *http.Request, _ int) { <-r.Context().Done() }}
	c := newTestClient(t, rec, func(cfg *Config) { cfg.RequestTimeout = 20 * time.Millisecond; cfg.MaxRetries = 1 })
	_, err := c.GetUser(context.Background(), "usr_1")
	if err == nil || !strings.Contains(err.Error(), "request timeout of 20ms, 2 attempt(s)") {
		t.Fatalf("got %v; want the timeout and the attempts named", err)
	}
}

// TestSlowBodyTimesOut: the per-attempt timeout covers the body, not just the headers.
func TestSlowBodyTimesOut(t *testing.T) {
	rec := &recorder{answer: func(w http.ResponseWriter, r *http.Request, _ int) {
		w.WriteHeader(200)
		_, _ = w.Write([]byte(`{"id":`))
		w.(http.Flusher).Flush()
		<-r.Context().Done()
	}}
	c := newTestClient(t, rec, func(cfg *Config) { cfg.RequestTimeout = 50 * time.Millisecond; cfg.MaxRetries = 1 })
	if _, err := c.GetUser(context.Background(), "usr_1"); err == nil || rec.count() != 2 {
		t.Fatalf("got %v after %d attempts; want a timeout on both", err, rec.count())
	}
}

func TestCancelDuringRetryAfterWait(t *testing.T) {
	for _, tc := range []struct {
		name string
		ctx  func() (context.Context, context.CancelFunc)
		want error
	}{
		{"cancel", func() (context.Context, context.CancelFunc) {
			ctx, cancel := context.WithCancel(context.Background())
			time.AfterFunc(50*time.Millisecond, cancel)
			return ctx, cancel
		}, context.Canceled},
		{"deadline", func() (context.Context, context.CancelFunc) {
			return context.WithTimeout(context.Background(), 50*time.Millisecond)
		}, context.DeadlineExceeded},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rec := &recorder{answer: func(w http.ResponseWriter, _ *http.Request, _ int) {
				w.Header().Set(api.HeaderRetryAfter, "60")
				writeJSON(w, 429, problem(429, api.CodeRateLimited, "slow down"))
			}}
			c := newTestClient(t, rec, func(cfg *Config) { cfg.RetryAfterCap = time.Minute })
			ctx, cancel := tc.ctx()
			defer cancel()
			start := time.Now()
			_, err := c.GetUser(ctx, "usr_1")
			if d := time.Since(start); d > 2*time.Second {
				t.Errorf("returned after %s; want promptly after the context ended", d)
			}
			if !errors.Is(err, tc.want) || rec.count() != 1 {
				t.Fatalf("got %v after %d attempts; want %v after one", err, rec.count(), tc.want)
			}
			if !strings.Contains(err.Error(), "the last answered 429 Too Many Requests") {
				t.Errorf("%q should say what the portal answered last", err)
			}
		})
	}
}

func TestCancelDuringRequest(t *testing.T) {
	rec := &recorder{answer: func(_ http.ResponseWriter, r *http.Request, _ int) { <-r.Context().Done() }}
	c := newTestClient(t, rec)
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	_, err := c.GetUser(ctx, "usr_1")
	if !errors.Is(err, context.DeadlineExceeded) || rec.count() != 1 {
		t.Fatalf("got %v after %d attempts; want the deadline after one", err, rec.count())
	}
}

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	const capWait = 30 * time.Second
	for _, tc := range []struct {
		value  string
		want   time.Duration
		wantOK bool
	}{
		{"3", 3 * time.Second, true},
		{" 0 ", 0, true},
		{"30", 30 * time.Second, true},
		{"31", capWait, true},
		{"86400", capWait, true},
		{"99999999999999999999999", capWait, true},
		{"-5", 0, true},
		{now.Add(7 * time.Second).Format(http.TimeFormat), 7 * time.Second, true},
		{now.Add(time.Hour).Format(http.TimeFormat), capWait, true},
		{now.Add(-time.Hour).Format(http.TimeFormat), 0, true},
		{now.Add(7 * time.Second).Format(time.RFC850), 7 * time.Second, true},
		{"", 0, false},
		{"soon", 0, false},
		{"1.5", 0, false},
		{"+3", 0, false},
		{"-", 0, false},
		{"Fri, 32 Dec 1999 23:59:59 GMT", 0, false},
	} {
		got, ok := parseRetryAfter(tc.value, now, capWait)
		if got != tc.want || ok != tc.wantOK {
			t.Errorf("parseRetryAfter(%q) = %s, %v; want %s, %v", tc.value, got, ok, tc.want, tc.wantOK)
		}
	}
}

// TestBackoff checks the wait chosen before each retry, with a fixed clock instead of real sleeping.
func TestBackoff(t *testing.T) {
	now := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	c := &Client{cfg: Config{RetryAfterCap: 30 * time.Second}, now: func() time.Time { return now }}
	const minWait, maxWait = 200 * time.Millisecond, 10 * time.Second
	answer := func(status int, retryAfter string) *http.Response {
		h := http.Header{}
		if retryAfter != "" {
			h.Set(api.HeaderRetryAfter, retryAfter)
		}
		return &http.Response{StatusCode: status, Header: h}
	}
	exact := []struct {
		name string
		resp *http.Response
		want time.Duration
	}{
		{"429 seconds", answer(429, "3"), 3 * time.Second},
		{"503 seconds", answer(503, "12"), 12 * time.Second},
		{"429 date", answer(429, now.Add(20*time.Second).Format(http.TimeFormat)), 20 * time.Second},
		{"429 huge is capped", answer(429, "86400"), 30 * time.Second},
		{"429 huge date is capped", answer(429, now.Add(48*time.Hour).Format(http.TimeFormat)), 30 * time.Second},
		{"429 negative waits the minimum", answer(429, "-3"), minWait},
		{"429 past date waits the minimum", answer(429, now.Add(-time.Minute).Format(http.TimeFormat)), minWait},
		{"429 zero waits the minimum", answer(429, "0"), minWait},
	}
	for _, tc := range exact {
		if got := c.backoff(minWait, maxWait, 0, tc.resp); got != tc.want {
			t.Errorf("%s: waited %s, want %s", tc.name, got, tc.want)
		}
	}
	// Without a usable Retry-After (malformed, absent, or on a status that does not define it), the wait is
	// the exponential backoff: attempt 0 waits within [min, min], attempt 3 within [0.8s, 1.6s].
	for _, resp := range []*http.Response{answer(429, "soon"), answer(429, ""), answer(500, "3"), answer(502, "3"), nil} {
		for range 50 {
			if got := c.backoff(minWait, maxWait, 0, resp); got != minWait {
				t.Fatalf("attempt 0 after %v: waited %s, want %s", resp, got, minWait)
			}
			if got := c.backoff(minWait, maxWait, 3, resp); got < 800*time.Millisecond || got > 1600*time.Millisecond {
				t.Fatalf("attempt 3 after %v: waited %s, want within [0.8s, 1.6s]", resp, got)
			}
		}
	}
}

func TestJitteredBackoffBounds(t *testing.T) {
	const minWait, maxWait = 200 * time.Millisecond, 10 * time.Second
	for attempt := range 70 {
		step := maxWait
		if attempt < 6 {
			step = minWait << attempt
		}
		spread := map[time.Duration]bool{}
		for range 100 {
			got := jitteredBackoff(minWait, maxWait, attempt)
			if got < max(step/2, minWait) || got > step {
				t.Fatalf("attempt %d: %s outside [%s, %s]", attempt, got, max(step/2, minWait), step)
			}
			spread[got] = true
		}
		if attempt > 0 && len(spread) < 10 {
			t.Errorf("attempt %d: only %d distinct waits in 100; want jitter", attempt, len(spread))
		}
	}
}

// TestRetryAfterHonouredAndCapped measures real waits loosely: the cap (50ms) is honoured rather than the
// hour the portal asks for, and is waited rather than the 1–5ms backoff.
func TestRetryAfterHonouredAndCapped(t *testing.T) {
	for _, value := range []string{"3600", time.Now().Add(time.Hour).UTC().Format(http.TimeFormat)} {
		var (
			mu    sync.Mutex
			times []time.Time
		)
		rec := &recorder{answer: func(w http.ResponseWriter, _ *http.Request, attempt int) {
			mu.Lock()
			times = append(times, time.Now())
			mu.Unlock()
			if attempt == 1 {
				w.Header().Set(api.HeaderRetryAfter, value)
				writeJSON(w, 429, problem(429, api.CodeRateLimited, "slow down"))
				return
			}
			writeJSON(w, 200, api.Me{ID: "usr_1"})
		}}
		c := newTestClient(t, rec)
		if _, err := c.Me(context.Background()); err != nil {
			t.Fatal(err)
		}
		if gap := times[1].Sub(times[0]); gap < 50*time.Millisecond || gap > 3*time.Second {
			t.Errorf("Retry-After %q: waited %s; want the 50ms cap", value, gap)
		}
	}
}

func TestCertificateErrorNotRetried(t *testing.T) {
	rec := &recorder{answer: func(w http.ResponseWriter, _ *http.Request, _ int) { writeJSON(w, 200, api.Me{}) }}
	srv := httptest.NewUnstartedServer(rec)
	srv.Config.ErrorLog = log.New(io.Discard, "", 0) // the refused handshake is expected
	srv.StartTLS()
	t.Cleanup(srv.Close)
	var attempts atomic.Int32
	base := cleanhttp.DefaultPooledTransport() // trusts the system roots only, not the test server's CA
	c, err := New(Config{Endpoint: srv.URL + api.BasePath, Token: canaryToken, RetryWaitMin: time.Millisecond,
		Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
			attempts.Add(1)
			return base.RoundTrip(r)
		})})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Me(context.Background())
	if err == nil || !strings.Contains(err.Error(), "TLS certificate was refused") || !strings.Contains(err.Error(), "ca_cert_pem") {
		t.Fatalf("got %v; want a certificate error that says what to set", err)
	}
	if attempts.Load() != 1 || rec.count() != 0 {
		t.Errorf("%d attempts, %d reached the server; want 1 and 0", attempts.Load(), rec.count())
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }
