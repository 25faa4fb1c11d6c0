package mockportal

import (
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"net/http/httptest"
	"testing"

	"github.com/csportal/terraform-provider-portal/internal/api"
)

// TestServer is a Portal served by an httptest.Server with contract validation of every request and
// response: a violation (or a panic of the mock) fails the test with the method, the path and the
// validator's message. The embedded *Portal gives the operator and inspection methods.
type TestServer struct {
	*Portal
	// Server is the underlying httptest server (Server.URL is the root, without /api/v1).
	Server *httptest.Server
	// URL is the API base URL, e.g. "http://127.0.0.1:40123/api/v1".
	URL string
	// AdminToken is the bearer token of the root's administrator (DemoIDs.RootAdmin with the demo fixtures).
	AdminToken string
}

// NewTestServer starts a mock portal for a test and stops it when the test ends. Pass at most one Options
// to change the fixtures, faults or state file; the admin token is random unless given, and
// OnContractViolation, if given, is called besides failing the test.
//
//	ts := mockportal.NewTestServer(t)
//	client := myclient.New(ts.URL, ts.AdminToken)
//	ts.SetLoginEnabled(mockportal.DemoIDs.Alice, false) // an out-of-band change
func NewTestServer(t testing.TB, opts ...Options) *TestServer {
	t.Helper()
	var o Options
	if len(opts) > 1 {
		t.Fatalf("mockportal.NewTestServer: at most one Options, got %d", len(opts))
	}
	if len(opts) == 1 {
		o = opts[0]
	}
	if o.AdminToken == "" {
		o.AdminToken = randomToken()
	}
	also := o.OnContractViolation
	o.OnContractViolation = func(err error) {
		t.Errorf("mock portal: %v", err)
		if also != nil {
			also(err)
		}
	}
	if o.Logger == nil {
		// Violations and panics already fail the test with their message; logging them again is noise.
		o.Logger = slog.New(slog.DiscardHandler)
	}
	p, err := New(o)
	if err != nil {
		t.Fatalf("mockportal.NewTestServer: %v", err)
	}
	srv := httptest.NewServer(p.Handler())
	t.Cleanup(func() {
		srv.Close()
		if err := p.Close(); err != nil {
			t.Errorf("mockportal: closing: %v", err)
		}
	})
	return &TestServer{Portal: p, Server: srv, URL: srv.URL + api.BasePath, AdminToken: o.AdminToken}
}

// Token issues a bearer token acting as the principal, failing the test if it does not exist.
func (ts *TestServer) Token(t testing.TB, principalID string) string {
	t.Helper()
	tok, err := ts.IssueToken(principalID)
	if err != nil {
		t.Fatalf("mockportal: issuing a token for %s: %v", principalID, err)
	}
	return tok
}

func randomToken() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return "admin_" + hex.EncodeToString(b[:])
}
