package mockportal

import (
	"context"
	"net/http"
	"path"
)

// requestInfo is what the API middlewares learn about a request and pass inwards (one per request).
type requestInfo struct {
	// pattern is the matched route, e.g. "GET /api/v1/users/{id}"; "" when no route matches.
	pattern string
	// allowed lists the methods the path has routes for when pattern is "" (405 vs 404).
	allowed   []string
	principal principal
	rolls     rolls
	// aborted is set when a fault closed the connection: there is no response to validate.
	aborted bool
}

type requestInfoKey struct{}

func infoOf(r *http.Request) *requestInfo {
	if info, ok := r.Context().Value(requestInfoKey{}).(*requestInfo); ok {
		return info
	}
	return &requestInfo{}
}

// withRequestInfo resolves the route of an API request once, for stats, auth and dispatch.
func (p *Portal) withRequestInfo(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		info := &requestInfo{pattern: p.routeOf(r)}
		if info.pattern == "" {
			info.allowed = p.allowedMethods(r)
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), requestInfoKey{}, info)))
	})
}

// routeOf returns the API route pattern serving r, or "". Paths that are not canonical ("//", "/../",
// a trailing slash) match nothing: the API has no redirects.
func (p *Portal) routeOf(r *http.Request) string {
	if path.Clean(r.URL.Path) != r.URL.Path {
		return ""
	}
	_, pattern := p.apiMux.Handler(r)
	return pattern
}

// allowedMethods lists the methods that have a route for r's path.
func (p *Portal) allowedMethods(r *http.Request) []string {
	var allowed []string
	for _, m := range []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete} {
		probe := r.Clone(r.Context())
		probe.Method = m
		if p.routeOf(probe) != "" {
			allowed = append(allowed, m)
		}
	}
	return allowed
}

func isWrite(method string) bool {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodOptions:
		return false
	}
	return true
}
