package acctest

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"testing"

	"github.com/csportal/terraform-provider-portal/internal/api"
	"github.com/csportal/terraform-provider-portal/internal/mockportal"
)

// OutOfReach serves ts's API as the portal answers a token whose reach leaves out one customer (R14): every
// request about the customer, or about a user, mailbox, submailbox or grant of it, answers 404 not_found
// exactly as for an object that does not exist; everything else is ts's own answer. It returns the API's
// base URL, for a provider block's endpoint: a token rotated to a narrower scope after apply, without
// the portal's scoped principals. The server stops when the test ends.
func OutOfReach(t *testing.T, ts *mockportal.TestServer, customerID string) string {
	t.Helper()
	target, err := url.Parse(ts.Server.URL)
	if err != nil {
		t.Fatalf("acctest.OutOfReach: %v", err)
	}
	proxy := httputil.NewSingleHostReverseProxy(target)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if hidden(ts, customerID, strings.TrimPrefix(r.URL.Path, api.BasePath)) {
			notFound(w)
			return
		}
		proxy.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv.URL + api.BasePath
}

// hidden reports whether a request path (below the base path) is about customerID or one of its objects.
func hidden(ts *mockportal.TestServer, customerID, path string) bool {
	segments := strings.Split(strings.Trim(path, "/"), "/")
	if len(segments) < 2 {
		return false
	}
	switch id := segments[1]; segments[0] {
	case "customers":
		return id == customerID
	case "users":
		u, ok := ts.User(id)
		return ok && u.CustomerID == customerID
	case "submailboxes":
		sm, ok := ts.Submailbox(id)
		return ok && sm.CustomerID == customerID
	}
	return false
}

// notFound answers as the portal does for what does not exist.
func notFound(w http.ResponseWriter) {
	w.Header().Set("Content-Type", api.ContentTypeProblem)
	w.WriteHeader(http.StatusNotFound)
	_ = json.NewEncoder(w).Encode(api.Problem{
		Type: api.ProblemTypeBase + api.CodeNotFound, Title: "Not Found", Status: http.StatusNotFound,
		Code: api.CodeNotFound, Detail: "no such object",
	})
}
