package client

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"mime"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/csportal/terraform-provider-portal/internal/api"
)

// Error is a refusal from the portal: a non-2xx answer, problem+json or not, including the last answer
// when retries ran out. Network failures and cancellation are plain wrapped errors, not *Error.
type Error struct {
	// Method and Path say which call failed; Path is relative to the endpoint and never holds the token.
	Method, Path string
	Status       int
	// Code is one of the api.Code… values, "" when the body was not problem+json.
	Code          string
	Title, Detail string
	Errors        []api.FieldError
	// ExistingID names the object that already holds a unique value (409 already_exists).
	ExistingID string
	// Attempts is how many requests were sent, retries included.
	Attempts int
}

// Error reads like `portal: PUT /users/usr_1/hosted-exchange: 409 user_disabled: user usr_1 has login
// disabled`, followed by any field errors and the number of attempts when there was more than one.
func (e *Error) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "portal: %s %s: %d", e.Method, e.Path, e.Status)
	if e.Code != "" {
		b.WriteString(" " + e.Code)
	} else if text := http.StatusText(e.Status); text != "" {
		b.WriteString(" " + text)
	}
	if msg := cmp.Or(e.Detail, e.Title); msg != "" {
		b.WriteString(": " + msg)
	}
	for _, fe := range e.Errors {
		fmt.Fprintf(&b, "; %s: %s", fe.Field, fe.Message)
	}
	if e.Attempts > 1 {
		fmt.Fprintf(&b, " (after %d attempts)", e.Attempts)
	}
	return b.String()
}

// AsError returns the *Error in err's chain.
func AsError(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}

// IsNotFound reports whether the portal answered 404. DELETE reports it too: whether a missing object
// means "already gone" is the caller's decision.
func IsNotFound(err error) bool {
	e, ok := AsError(err)
	return ok && e.Status == http.StatusNotFound
}

// HasCode reports whether the portal refused with the given problem code (api.Code…).
func HasCode(err error, code string) bool {
	e, ok := AsError(err)
	return ok && e.Code == code
}

// JobFailedError is returned by WaitJob when the job ends "failed".
type JobFailedError struct{ Job api.Job }

func (e *JobFailedError) Error() string {
	reason := cmp.Or(e.Job.Error, "no reason given")
	return fmt.Sprintf("portal: job %s (%s of user %s) failed: %s", e.Job.ID, e.Job.Operation, e.Job.UserID, reason)
}

// maxExcerpt bounds how much of a non-problem error body goes into Error.Detail: enough to recognise a
// proxy's error page, not so much that it drowns the message.
const maxExcerpt = 200

// decodeProblem turns a non-2xx answer into an *Error. It never fails: a body that is not problem+json
// becomes a short excerpt in Detail. Secrets are scrubbed from all text the portal sent.
func decodeProblem(method, path string, status int, contentType string, body []byte, secrets []string) *Error {
	e := &Error{Method: method, Path: path, Status: status}
	var p api.Problem
	if isJSON(contentType) && json.Unmarshal(body, &p) == nil && (p.Code != "" || p.Title != "" || p.Detail != "") {
		e.Code = scrub(p.Code, secrets)
		e.Title = scrub(p.Title, secrets)
		e.Detail = scrub(p.Detail, secrets)
		e.ExistingID = scrub(p.ExistingID, secrets)
		for _, fe := range p.Errors {
			e.Errors = append(e.Errors, api.FieldError{Field: scrub(fe.Field, secrets), Message: scrub(fe.Message, secrets)})
		}
		return e
	}
	e.Detail = excerpt(body, secrets)
	return e
}

// isJSON reports whether a Content-Type is JSON or a JSON-based type such as application/problem+json.
func isJSON(contentType string) bool {
	mt, _, err := mime.ParseMediaType(contentType)
	return err == nil && (mt == api.ContentTypeJSON || strings.HasSuffix(mt, "+json"))
}

// excerpt returns the start of body as one line of valid UTF-8, secrets scrubbed.
func excerpt(body []byte, secrets []string) string {
	s := strings.Join(strings.Fields(strings.ToValidUTF8(string(body), "\uFFFD")), " ")
	s = scrub(s, secrets)
	if utf8.RuneCountInString(s) <= maxExcerpt {
		return s
	}
	return string([]rune(s)[:maxExcerpt]) + "…"
}

// refusal is the error for a non-2xx answer to the call.
func (cl *call) refusal(resp *http.Response, body []byte) *Error {
	e := decodeProblem(cl.method, cl.path, resp.StatusCode, resp.Header.Get("Content-Type"), body, cl.secrets)
	e.Attempts = int(cl.attempts.Load())
	if resp.StatusCode >= 300 && resp.StatusCode < 400 {
		// We never follow redirects (see New); a redirect almost always means a wrong endpoint.
		e.Detail = fmt.Sprintf("the portal redirected to %q; set the endpoint to the API's base URL", resp.Header.Get("Location"))
	}
	return e
}

// failure is the error for a call that got no usable answer: the context ended, the TLS certificate was
// refused, or the network failed on every attempt.
func (cl *call) failure(ctx context.Context, err error, timeout time.Duration) error {
	attempts := cl.attempts.Load()
	// url.Error repeats the method and the full URL, which our prefix already says better.
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	prefix := fmt.Sprintf("portal: %s %s", cl.method, cl.path)
	var ne net.Error
	switch {
	case ctx.Err() != nil:
		if status := cl.lastStatus.Load(); status != 0 {
			// Typically a Retry-After wait that outlasted the context: say what the portal last answered.
			return fmt.Errorf("%s: stopped after %d attempt(s), the last answered %d %s: %w",
				prefix, attempts, status, http.StatusText(int(status)), ctx.Err())
		}
		return fmt.Errorf("%s: stopped after %d attempt(s): %w", prefix, attempts, ctx.Err())
	case isCertError(err):
		return fmt.Errorf("%s: the portal's TLS certificate was refused: %w; set ca_cert_pem to the CA that "+
			"signed it (or, for tests only, insecure_skip_verify = true)", prefix, err)
	case errors.As(err, &ne) && ne.Timeout():
		return fmt.Errorf("%s: no answer within the request timeout of %s, %d attempt(s) made: %w", prefix, timeout, attempts, err)
	case !cl.retryable:
		return fmt.Errorf("%s: %w (not retried: without an idempotency key a retry could create twice)", prefix, err)
	default:
		return fmt.Errorf("%s: giving up after %d attempt(s): %w", prefix, attempts, err)
	}
}
