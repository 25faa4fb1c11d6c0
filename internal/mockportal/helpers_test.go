package mockportal

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/csportal/terraform-provider-portal/internal/api"
)

// caller makes API requests to a test server as one principal.
type caller struct {
	t     testing.TB
	ts    *TestServer
	token string
	hc    *http.Client
}

func adminOf(t testing.TB, ts *TestServer) *caller {
	return &caller{t: t, ts: ts, token: ts.AdminToken, hc: ts.Server.Client()}
}

func callerAs(t testing.TB, ts *TestServer, principalID string) *caller {
	return &caller{t: t, ts: ts, token: ts.Token(t, principalID), hc: ts.Server.Client()}
}

// response is a finished API response.
type response struct {
	Status int
	Header http.Header
	Body   []byte
}

// header is one request header for caller.do.
type header struct{ name, value string }

// do sends a request; body may be nil, a string or []byte (sent as is) or a value (sent as JSON).
func (c *caller) do(method, path string, body any, headers ...header) response {
	c.t.Helper()
	r, err := c.try(method, path, body, headers...)
	if err != nil {
		c.t.Fatalf("%s %s: %v", method, path, err)
	}
	return r
}

// try is do that returns transport errors (connection closed by a fault) instead of failing.
func (c *caller) try(method, path string, body any, headers ...header) (response, error) {
	c.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	case []byte:
		rd = bytes.NewReader(b)
	default:
		data, err := json.Marshal(b)
		if err != nil {
			c.t.Fatal(err)
		}
		rd = bytes.NewReader(data)
	}
	req, err := http.NewRequest(method, c.ts.URL+path, rd)
	if err != nil {
		c.t.Fatal(err)
	}
	if rd != nil {
		req.Header.Set("Content-Type", api.ContentTypeJSON)
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	for _, h := range headers {
		if h.value == "" {
			req.Header.Del(h.name)
		} else {
			req.Header.Set(h.name, h.value)
		}
	}
	res, err := c.hc.Do(req)
	if err != nil {
		return response{}, err
	}
	defer func() { _ = res.Body.Close() }()
	data, err := io.ReadAll(res.Body)
	if err != nil {
		return response{}, err
	}
	return response{Status: res.StatusCode, Header: res.Header, Body: data}, nil
}

// must fails the test unless the response has the status.
func (r response) must(t testing.TB, status int) response {
	t.Helper()
	if r.Status != status {
		t.Fatalf("status %d, want %d; body %s", r.Status, status, r.Body)
	}
	return r
}

// problem asserts a problem+json response with the status and code, and returns it.
func (r response) problem(t testing.TB, status int, code string) api.Problem {
	t.Helper()
	r.must(t, status)
	if ct := r.Header.Get("Content-Type"); ct != api.ContentTypeProblem {
		t.Fatalf("Content-Type %q, want %q", ct, api.ContentTypeProblem)
	}
	var p api.Problem
	if err := json.Unmarshal(r.Body, &p); err != nil {
		t.Fatalf("problem body: %v: %s", err, r.Body)
	}
	if p.Code != code || p.Status != status || p.Type != api.ProblemTypeBase+code || p.Title == "" || p.Detail == "" {
		t.Fatalf("problem %+v, want status %d code %s with type, title and detail", p, status, code)
	}
	return p
}

// hasField reports whether the problem names the field.
func hasField(p api.Problem, field string) bool {
	for _, f := range p.Errors {
		if f.Field == field {
			return true
		}
	}
	return false
}

func decode[T any](t testing.TB, r response) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(r.Body, &v); err != nil {
		t.Fatalf("decoding %T: %v: %s", v, err, r.Body)
	}
	return v
}

// newUser creates a user of Acme over the API.
func (c *caller) newUser(username string) api.User {
	c.t.Helper()
	return decode[api.User](c.t, c.do("POST", "/users", api.UserCreate{CustomerID: DemoIDs.Acme, Username: username,
		FirstName: "Test", LastName: username, Password: "correct-horse-battery"}).must(c.t, http.StatusCreated))
}

// provision puts a mailbox on the user over the API and waits for its job to end.
func (c *caller) provision(userID string, spec api.HostedExchangeSpec) api.Job {
	c.t.Helper()
	job := decode[api.Job](c.t, c.do("PUT", "/users/"+userID+"/hosted-exchange", spec).must(c.t, http.StatusAccepted))
	return c.waitJob(job.ID)
}

func (c *caller) waitJob(id string) api.Job {
	c.t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		job := decode[api.Job](c.t, c.do("GET", "/jobs/"+id, nil).must(c.t, http.StatusOK))
		if job.Done() {
			return job
		}
		if time.Now().After(deadline) {
			c.t.Fatalf("job %s still %s", id, job.Status)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// sharedMailbox creates a user with a provisioned shared mailbox at address.
func (c *caller) sharedMailbox(username, address string) api.User {
	c.t.Helper()
	u := c.newUser(username)
	if job := c.provision(u.ID, api.HostedExchangeSpec{UserPlan: PlanSharedMailbox, PrimaryEmail: address}); job.Status != api.JobProvisioned {
		c.t.Fatalf("provisioning %s: %+v", username, job)
	}
	return u
}

func ifMatch(etag string) header { return header{api.HeaderIfMatch, etag} }

func idemKey(k string) header { return header{api.HeaderIdempotencyKey, k} }

var testNow = time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)

// demoUsers is how many users the demo fixtures hold, for tests that count what a request created.
var demoUsers = len(DemoFixtures().Users)
