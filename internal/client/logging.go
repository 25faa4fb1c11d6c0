package client

import (
	"bytes"
	"fmt"
	"io"
	"maps"
	"net/http"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/csportal/terraform-provider-portal/internal/api"
)

// maxResponseBytes bounds how much of a response the client reads. The largest legitimate answer, a page
// of 500 users, is a few hundred KiB.
const maxResponseBytes = 16 << 20

// maxLoggedBody bounds a body in a TRACE line.
const maxLoggedBody = 64 << 10

// errResponseTooLarge is not retried: the same request would get the same answer.
var errResponseTooLarge = fmt.Errorf("response body larger than %d bytes", maxResponseBytes)

// loggingTransport logs every attempt through tflog, from the request's context so that the lines carry
// Terraform's fields and masks. It also reads the whole response body within the attempt: a connection
// that breaks mid-body then fails the attempt (and is retried) instead of surfacing later while decoding,
// and the per-attempt timeout covers the body too.
type loggingTransport struct {
	base http.RoundTripper
}

func (t *loggingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	fields := map[string]any{"method": req.Method, "path": req.URL.Path}
	cl := callFrom(ctx)
	if cl != nil {
		fields["path"] = cl.path
		fields["attempt"] = cl.attempts.Add(1)
	}
	if req.URL.RawQuery != "" {
		fields["query"] = req.URL.RawQuery
	}
	if key := req.Header.Get(api.HeaderIdempotencyKey); key != "" {
		fields["idempotency_key"] = key // to find the call in the portal's logs
	}
	if cl != nil && cl.body != nil && tflog.IsTrace(ctx) {
		tflog.Trace(ctx, "portal API request body", merge(fields, map[string]any{"body": loggable(cl.body)}))
	}

	start := time.Now()
	resp, err := t.base.RoundTrip(req)
	var body []byte
	if err == nil {
		body, err = bufferBody(resp)
	}
	fields["duration_ms"] = time.Since(start).Milliseconds()
	if err != nil {
		tflog.Debug(ctx, "portal API request failed", merge(fields, map[string]any{"error": err.Error()}))
		return nil, err
	}

	fields["status"] = resp.StatusCode
	if cl != nil {
		cl.lastStatus.Store(int32(resp.StatusCode)) //nolint:gosec // HTTP status codes are three digits
	}
	tflog.Debug(ctx, "portal API response", fields)
	if tflog.IsTrace(ctx) {
		tflog.Trace(ctx, "portal API response body", merge(fields, map[string]any{"body": loggable(body)}))
	}
	return resp, nil
}

// bufferBody replaces resp.Body with an in-memory copy and returns the bytes. On failure the original body
// is closed and resp must not be used.
func bufferBody(resp *http.Response) ([]byte, error) {
	defer func() { _ = resp.Body.Close() }()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxResponseBytes+1))
	if err != nil {
		return nil, fmt.Errorf("reading the response body: %w", err)
	}
	if len(body) > maxResponseBytes {
		return nil, errResponseTooLarge
	}
	resp.Body = io.NopCloser(bytes.NewReader(body))
	resp.ContentLength = int64(len(body))
	return body, nil
}

// loggable returns a body for a TRACE line: secret JSON values replaced, truncated. The masks attached to
// the context catch the token and passwords a second time, wherever they appear.
func loggable(body []byte) string {
	body = redactJSON(body)
	if len(body) > maxLoggedBody {
		return string(body[:maxLoggedBody]) + fmt.Sprintf("… (%d bytes in all)", len(body))
	}
	return string(body)
}

// merge returns a new map with the entries of both; b wins.
func merge(a, b map[string]any) map[string]any {
	m := maps.Clone(a)
	maps.Copy(m, b)
	return m
}
