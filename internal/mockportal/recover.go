package mockportal

import (
	"errors"
	"fmt"
	"net/http"
	"runtime/debug"

	"github.com/csportal/terraform-provider-portal/internal/api"
)

// withRecover turns a panic into a 500 problem and reports it (a test server fails the test): a mock bug
// must never pass silently, nor take the server down. http.ErrAbortHandler (a deliberate abort) is let
// through to net/http.
func (p *Portal) withRecover(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		tw := &writeTracker{ResponseWriter: w}
		defer func() {
			v := recover()
			if v == nil {
				return
			}
			if err, ok := v.(error); ok && errors.Is(err, http.ErrAbortHandler) {
				panic(v)
			}
			p.report(fmt.Errorf("%s %s: panic: %v\n%s", r.Method, r.URL.Path, v, debug.Stack()))
			if !tw.wrote {
				writeError(w, &Error{Status: http.StatusInternalServerError, Code: api.CodeInternalError,
					Detail: fmt.Sprintf("the mock portal failed: %v", v)})
			}
		}()
		next.ServeHTTP(tw, r)
	})
}

// writeTracker notes whether a response has started, so a late panic does not write a second header.
type writeTracker struct {
	http.ResponseWriter
	wrote bool
}

func (t *writeTracker) WriteHeader(status int) {
	t.wrote = true
	t.ResponseWriter.WriteHeader(status)
}

func (t *writeTracker) Write(p []byte) (int, error) {
	t.wrote = true
	return t.ResponseWriter.Write(p)
}

func (t *writeTracker) Unwrap() http.ResponseWriter { return t.ResponseWriter }
