package mockportal

import (
	"net/http"
	"strings"

	"github.com/csportal/terraform-provider-portal/internal/api"
)

// withAuth authenticates every API request (401), then refuses writes by non-administrators (403, R10)
// before any other check of the request. Unmatched paths get their 404/405 only after authentication, so
// an anonymous caller learns nothing about the routes.
func (p *Portal) withAuth(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		info := infoOf(r)
		tok, ok := bearerToken(r)
		if !ok {
			w.Header().Set("WWW-Authenticate", `Bearer realm="portal"`)
			writeError(w, errUnauthorized("an Authorization: Bearer <token> header is required"))
			return
		}
		pr, err := p.store.authenticate(tok, p.adminToken)
		if err != nil {
			w.Header().Set("WWW-Authenticate", `Bearer realm="portal", error="invalid_token"`)
			writeError(w, err)
			return
		}
		info.principal = pr
		if info.pattern != "" && isWrite(r.Method) && !pr.admin() {
			writeError(w, errForbidden())
			return
		}
		next.ServeHTTP(w, r)
	})
}

// dispatch serves a request with its route, or answers 404/405 as problems (the mux's own answers are
// plain text).
func (p *Portal) dispatch(w http.ResponseWriter, r *http.Request) {
	info := infoOf(r)
	switch {
	case info.pattern != "":
		p.apiMux.ServeHTTP(w, r)
	case len(info.allowed) > 0:
		w.Header().Set("Allow", strings.Join(info.allowed, ", "))
		writeError(w, &Error{Status: http.StatusMethodNotAllowed, Code: api.CodeMethodNotAllowed,
			Detail: r.Method + " is not allowed here; allowed: " + strings.Join(info.allowed, ", ")})
	default:
		writeError(w, errNotFound("no API route matches %s %s", r.Method, r.URL.Path))
	}
}
