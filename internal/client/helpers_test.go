package client

import (
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/csportal/terraform-provider-portal/internal/api"
)

// canaryToken and canaryPassword must never appear in logs or error text.
const (
	canaryToken    = "tok-CANARY-3b9f1c2e7d"
	canaryPassword = "pw-CANARY-8e1d4a6c0f"
)

// newTestClient starts handler on a test server and returns a client for it with waits small enough for
// unit tests. opts adjust the configuration.
func newTestClient(t *testing.T, handler http.Handler, opts ...func(*Config)) *Client {
	t.Helper()
	srv := httptest.NewServer(handler)
	t.Cleanup(srv.Close)
	cfg := Config{
		Endpoint:        srv.URL + api.BasePath,
		Token:           canaryToken,
		UserAgent:       "terraform-provider-portal/test",
		MaxRetries:      2,
		RequestTimeout:  5 * time.Second,
		RetryWaitMin:    time.Millisecond,
		RetryWaitMax:    5 * time.Millisecond,
		RetryAfterCap:   50 * time.Millisecond,
		JobPollInterval: time.Millisecond,
	}
	for _, o := range opts {
		o(&cfg)
	}
	c, err := New(cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return c
}

// recorder is a handler that remembers what it was asked and answers with a function of the attempt.
type recorder struct {
	mu       sync.Mutex
	requests []recorded
	answer   func(w http.ResponseWriter, r *http.Request, attempt int)
}

type recorded struct {
	Method, URI string
	Header      http.Header
	Body        string
}

func (rec *recorder) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	rec.mu.Lock()
	rec.requests = append(rec.requests, recorded{Method: r.Method, URI: r.RequestURI, Header: r.Header.Clone(), Body: string(body)})
	attempt := len(rec.requests)
	rec.mu.Unlock()
	rec.answer(w, r, attempt)
}

func (rec *recorder) all() []recorded {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	return append([]recorded(nil), rec.requests...)
}

func (rec *recorder) count() int { return len(rec.all()) }

// writeJSON answers with status and v as JSON (or a problem when the status is an error).
func writeJSON(w http.ResponseWriter, status int, v any) {
	ct := api.ContentTypeJSON
	if status >= 400 {
		ct = api.ContentTypeProblem
	}
	w.Header().Set("Content-Type", ct)
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// problem is a problem+json body for status with code.
func problem(status int, code, detail string) api.Problem {
	return api.Problem{Type: api.ProblemTypeBase + code, Title: http.StatusText(status), Status: status, Code: code, Detail: detail}
}

// resetConnection makes the client see "connection reset by peer": it closes the connection with an RST
// before anything is written back.
func resetConnection(t *testing.T, w http.ResponseWriter) {
	conn, _, err := w.(http.Hijacker).Hijack()
	if err != nil {
		t.Errorf("hijack: %v", err)
		return
	}
	if tcp, ok := conn.(*net.TCPConn); ok {
		_ = tcp.SetLinger(0)
	}
	_ = conn.Close()
}
