// Package client is the typed client of the portal provisioning API and the only code that speaks HTTP to
// the portal. It is built on go-retryablehttp with our own policies where the library's defaults are unsafe
// for Terraform: POST is retried only with an Idempotency-Key, Retry-After is capped, the final error keeps
// the portal's status and problem detail, and logging goes only through tflog with secrets masked.
package client

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/hashicorp/go-retryablehttp"

	"github.com/csportal/terraform-provider-portal/internal/api"
)

// Client calls the portal API. It is safe for concurrent use.
type Client struct {
	cfg  Config
	http *retryablehttp.Client
	// now is the clock used for Retry-After dates; tests replace it.
	now func() time.Time
	// unconfigured, when set, is why the client makes no request (see Unconfigured).
	unconfigured string
}

// New checks cfg and returns a client for it. It does not contact the portal.
func New(cfg Config) (*Client, error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	base, err := cfg.transport()
	if err != nil {
		return nil, err
	}
	c := &Client{cfg: cfg, now: time.Now}
	c.http = &retryablehttp.Client{
		HTTPClient: &http.Client{
			Transport: &loggingTransport{base: base},
			Timeout:   cfg.RequestTimeout,
			// The API never redirects; following one could send the token to another place or turn a
			// POST into a GET. The 3xx comes back as an error that names where it pointed.
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		},
		Logger:       nil, // never the library's stderr logger: logging is done by loggingTransport via tflog
		RetryWaitMin: cfg.RetryWaitMin,
		RetryWaitMax: cfg.RetryWaitMax,
		RetryMax:     retryMax(cfg.MaxRetries),
		CheckRetry:   c.checkRetry,
		Backoff:      c.backoff,
		// Hand the last response or error back unchanged: do turns it into an error that keeps the status,
		// the problem detail and the attempt count, which the library's default handler would drop.
		ErrorHandler: retryablehttp.PassthroughErrorHandler,
	}
	return c, nil
}

// request is one logical API call, which may take several attempts.
type request struct {
	method string
	// segments of the path below the endpoint; each is escaped, so IDs from users cannot change the path.
	segments []string
	query    url.Values
	// body is encoded as JSON when not nil.
	body any
	// idempotent marks a POST (or PATCH) that may be retried: it is sent with a fresh Idempotency-Key that
	// every attempt of this call reuses, so the portal makes the change at most once.
	idempotent bool
}

// do sends r and decodes a 2xx response body into out (when out is not nil). Any other outcome is an error:
// *Error when the portal answered, a wrapped network or context error when it did not.
func (c *Client) do(ctx context.Context, r request, out any) error {
	if c.unconfigured != "" {
		return &NotConfiguredError{Reason: c.unconfigured}
	}
	if r.method != http.MethodGet && c.cfg.AfterWrite != nil {
		defer c.cfg.AfterWrite()
	}
	path, err := r.path()
	if err != nil {
		return fmt.Errorf("portal: %s %s: %w", r.method, path, err)
	}
	var body []byte
	if r.body != nil {
		if body, err = json.Marshal(r.body); err != nil {
			return fmt.Errorf("portal: %s %s: encoding the request: %w", r.method, path, err)
		}
	}
	call := &call{
		method:    r.method,
		path:      path,
		body:      body,
		retryable: r.method != http.MethodPost || r.idempotent,
		secrets:   append(secretValues(body), c.cfg.Token),
	}
	ctx = call.attach(ctx)

	u := c.cfg.Endpoint + path
	if len(r.query) > 0 {
		u += "?" + r.query.Encode()
	}
	var raw any // a nil []byte would be sent as an empty body rather than none
	if body != nil {
		raw = body
	}
	req, err := retryablehttp.NewRequestWithContext(ctx, r.method, u, raw)
	if err != nil {
		return fmt.Errorf("portal: %s %s: %w", r.method, path, err)
	}
	req.Header.Set("Authorization", "Bearer "+c.cfg.Token)
	req.Header.Set("User-Agent", c.cfg.UserAgent)
	req.Header.Set("Accept", api.ContentTypeJSON)
	if body != nil {
		req.Header.Set("Content-Type", api.ContentTypeJSON)
	}
	if r.idempotent {
		req.Header.Set(api.HeaderIdempotencyKey, rand.Text())
	}

	resp, err := c.http.Do(req)
	if err != nil {
		if resp != nil {
			_ = resp.Body.Close()
		}
		return call.failure(ctx, err, c.cfg.RequestTimeout)
	}
	defer func() { _ = resp.Body.Close() }()
	// loggingTransport has already read the whole body, so this cannot block or fail on the network.
	respBody, _ := io.ReadAll(resp.Body)

	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return call.refusal(resp, respBody)
	}
	if out == nil {
		return nil
	}
	if err := json.Unmarshal(respBody, out); err != nil {
		return &BodyError{Method: r.method, Path: path, Status: resp.StatusCode, Excerpt: excerpt(respBody, call.secrets), Err: err}
	}
	return nil
}

// path joins the escaped segments. Empty and dot segments are refused: an empty ID would turn
// GET /users/{id} into GET /users, a ".." would climb out of the resource.
func (r request) path() (string, error) {
	var b strings.Builder
	for _, s := range r.segments {
		b.WriteByte('/')
		b.WriteString(url.PathEscape(s))
	}
	for _, s := range r.segments {
		if s == "" || s == "." || s == ".." {
			return b.String(), fmt.Errorf("invalid ID %q in the path", s)
		}
	}
	return b.String(), nil
}

// get fetches one object.
func get[T any](ctx context.Context, c *Client, segments ...string) (T, error) {
	var out T
	err := c.do(ctx, request{method: http.MethodGet, segments: segments}, &out)
	return out, err
}

// send writes body with method and decodes the object the portal answers with.
func send[T any](ctx context.Context, c *Client, method string, body any, segments ...string) (T, error) {
	var out T
	err := c.do(ctx, request{method: method, segments: segments, body: body}, &out)
	return out, err
}

// create POSTs body with an Idempotency-Key, so that a retry after a lost response cannot create twice.
func create[T any](ctx context.Context, c *Client, body any, segments ...string) (T, error) {
	var out T
	err := c.do(ctx, request{method: http.MethodPost, segments: segments, body: body, idempotent: true}, &out)
	return out, err
}

// remove DELETEs an object that answers without a body.
func remove(ctx context.Context, c *Client, segments ...string) error {
	return c.do(ctx, request{method: http.MethodDelete, segments: segments}, nil)
}
