package mockportal

import (
	"bytes"
	"io"
	"net/http"

	"github.com/csportal/terraform-provider-portal/internal/api"
)

// Hooks are called around the handling of API requests, for Go tests that must act at an exact point
// between a client's requests — as another Terraform run or an operator would at the worst moment:
// disable a login right after the client enabled it, start a job just before the client's own. They run
// in the request's goroutine, outside the store's lock, so they may call the operator functions. They are
// set only through Options: nothing reaches them over HTTP.
type Hooks struct {
	// Before is called before the request is handled (after faults and authentication).
	Before func(HookRequest)
	// After is called after the request was handled and before the client receives the response, with
	// the response's status.
	After func(HookRequest, int)
}

// HookRequest is what a hook learns about a request.
type HookRequest struct {
	// Method is the HTTP method, Route the matched route pattern ("PATCH /api/v1/users/{id}"), Path the path.
	Method, Route, Path string
	// Body is the request's body.
	Body []byte
	r    *http.Request
}

// PathValue returns a wildcard of the route, such as "id" or "grantee_id"; "" when it has none of that name.
func (h HookRequest) PathValue(name string) string { return h.r.PathValue(name) }

// withHooks calls the hooks around the handler of one route, where the router has matched the request and
// knows its wildcards.
func (p *Portal) withHooks(route string, next http.Handler) http.Handler {
	hooks := p.hooks
	if hooks == nil || (hooks.Before == nil && hooks.After == nil) {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(io.LimitReader(r.Body, api.MaxBodyBytes+1))
		r.Body = io.NopCloser(io.MultiReader(bytes.NewReader(body), r.Body))
		if err != nil {
			next.ServeHTTP(w, r)
			return
		}
		req := HookRequest{Method: r.Method, Route: route, Path: r.URL.Path, Body: body, r: r}
		if hooks.Before != nil {
			hooks.Before(req)
		}
		if hooks.After == nil {
			next.ServeHTTP(w, r)
			return
		}
		buf := newResponseBuffer()
		next.ServeHTTP(buf, r)
		hooks.After(req, buf.code())
		buf.replay(w)
	})
}
