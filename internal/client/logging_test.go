package client

import (
	"bytes"
	"context"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-log/tflogtest"

	"github.com/csportal/terraform-provider-portal/internal/api"
)

// TestSecretsNeverLogged runs calls that carry the token and a password — including a portal that echoes
// both back in its answers — with TRACE logging, and looks for them in every log line and error.
func TestSecretsNeverLogged(t *testing.T) {
	echo := "token " + canaryToken + " and password " + canaryPassword
	rec := &recorder{answer: func(w http.ResponseWriter, r *http.Request, attempt int) {
		switch {
		case attempt == 1:
			resetConnection(t, w) // a network error is logged too
		case r.Method == http.MethodPost && attempt == 2:
			w.Header().Set(api.HeaderRetryAfter, "0")
			writeJSON(w, 503, problem(503, api.CodeServiceUnavailable, echo))
		case r.Method == http.MethodPost:
			writeJSON(w, 201, map[string]any{"id": "usr_1", "password": canaryPassword, "note": echo})
		case r.Method == http.MethodPatch:
			p := problem(400, api.CodeInvalidRequest, echo)
			p.Errors = []api.FieldError{{Field: "password", Message: "too weak: " + canaryPassword}}
			writeJSON(w, 400, p)
		default: // a GET carries no password, so only the token can come back
			w.WriteHeader(500)
			_, _ = w.Write([]byte("bad token " + canaryToken))
		}
	}}
	c := newTestClient(t, rec, func(cfg *Config) { cfg.MaxRetries = 3 })

	var logs bytes.Buffer
	ctx := tflogtest.RootLogger(context.Background(), &logs)
	_, createErr := c.CreateUser(ctx, api.UserCreate{Username: "shared", Password: canaryPassword})
	pw := canaryPassword
	_, patchErr := c.UpdateUser(ctx, "usr_1", api.UserPatch{Password: &pw})
	_, getErr := c.GetUser(ctx, "usr_1")

	if createErr != nil {
		t.Fatalf("create: %v", createErr)
	}
	if patchErr == nil || getErr == nil {
		t.Fatalf("want errors from the patch and the get, got %v and %v", patchErr, getErr)
	}
	for _, text := range []string{logs.String(), patchErr.Error(), getErr.Error(), rec.all()[0].URI} {
		if strings.Contains(text, canaryToken) || strings.Contains(text, canaryPassword) {
			t.Errorf("a secret leaked into:\n%s", text)
		}
	}
	if e, _ := AsError(patchErr); e == nil || e.Errors[0].Message != "too weak: ***" {
		t.Errorf("field errors should be scrubbed too: %#v", patchErr)
	}
	// The secrets did reach the portal, where they belong.
	if got := rec.all()[1].Header.Get("Authorization"); got != "Bearer "+canaryToken {
		t.Errorf("Authorization %q", got)
	}
	if !strings.Contains(rec.all()[1].Body, canaryPassword) {
		t.Error("the password should be in the request body")
	}
	// And the bodies were logged, redacted.
	for _, want := range []string{`\"password\":\"***\"`, "portal API request body", "portal API response body", "***"} {
		if !strings.Contains(logs.String(), want) {
			t.Errorf("logs lack %q", want)
		}
	}
}

// TestDebugLogFields checks that each attempt is logged with its method, path, status, attempt number and
// duration.
func TestDebugLogFields(t *testing.T) {
	rec := &recorder{answer: func(w http.ResponseWriter, _ *http.Request, attempt int) {
		if attempt == 1 {
			writeJSON(w, 502, problem(502, "", "bad gateway"))
			return
		}
		writeJSON(w, 200, api.User{ID: "usr_1"})
	}}
	c := newTestClient(t, rec)
	var logs bytes.Buffer
	ctx := tflogtest.RootLogger(context.Background(), &logs)
	if _, err := c.GetUser(ctx, "usr_1"); err != nil {
		t.Fatal(err)
	}
	entries, err := tflogtest.MultilineJSONDecode(&logs)
	if err != nil {
		t.Fatal(err)
	}
	var responses []map[string]any
	for _, e := range entries {
		if e["@message"] == "portal API response" {
			responses = append(responses, e)
		}
	}
	if len(responses) != 2 {
		t.Fatalf("got %d response lines, want 2: %v", len(responses), entries)
	}
	for i, e := range responses {
		wantStatus := []float64{502, 200}[i]
		if e["@level"] != "debug" || e["method"] != "GET" || e["path"] != "/users/usr_1" ||
			e["status"] != wantStatus || e["attempt"] != float64(i+1) || e["duration_ms"] == nil {
			t.Errorf("line %d: %v", i, e)
		}
	}
}

func TestNoLibraryLogger(t *testing.T) {
	c := newTestClient(t, http.NotFoundHandler())
	if c.http.Logger != nil {
		t.Errorf("the retryablehttp logger writes to stderr; want nil, got %T", c.http.Logger)
	}
}

func TestRedactJSON(t *testing.T) {
	in := `{"username":"a","password":"p1","nested":{"new_password":"p2","list":[{"api_token":"t"}]},"next_page_token":"n","n":12345678901234567890}`
	got := string(redactJSON([]byte(in)))
	for _, secret := range []string{"p1", "p2", `"t"`} {
		if strings.Contains(got, secret) {
			t.Errorf("%s still in %s", secret, got)
		}
	}
	for _, kept := range []string{`"next_page_token":"n"`, `"username":"a"`, "12345678901234567890"} {
		if !strings.Contains(got, kept) {
			t.Errorf("%s lost from %s", kept, got)
		}
	}
	if got := string(redactJSON([]byte("not json password=x"))); got != "not json password=x" {
		t.Errorf("non-JSON changed: %s", got)
	}
	secrets := secretValues([]byte(in))
	slices.Sort(secrets)
	if strings.Join(secrets, ",") != "p1,p2,t" {
		t.Errorf("secretValues = %v", secrets)
	}
}

func TestScrubSkipsEmptySecret(t *testing.T) {
	if got := scrub("abc", []string{"", "b"}); got != "a***c" {
		t.Errorf("got %q", got)
	}
}
