package client

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"sync/atomic"

	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// call is the state of one logical API call across its attempts. It travels in the request's context
// because the retry policy and the transport see only the context, never the call that made the request.
type call struct {
	method, path string
	body         []byte
	// retryable is false for a POST without an Idempotency-Key: repeating it could create twice.
	retryable bool
	// secrets are the token and every password of the request body: they are masked in logs and scrubbed
	// from error text, even where the portal echoes them back.
	secrets []string
	// attempts counts the requests sent so far and lastStatus is the status of the last answer (0 for none);
	// the transport keeps both.
	attempts   atomic.Int32
	lastStatus atomic.Int32
	// failures and rateLimited count the retries so far after failures and after 429s, which checkRetry
	// bounds separately.
	failures, rateLimited atomic.Int32
}

type callKey struct{}

// attach returns ctx carrying the call, with the root tflog logger told to mask the call's secrets.
func (cl *call) attach(ctx context.Context) context.Context {
	ctx = context.WithValue(ctx, callKey{}, cl)
	ctx = tflog.MaskFieldValuesWithFieldKeys(ctx, "password", "authorization", "token")
	return tflog.MaskLogStrings(ctx, cl.secrets...)
}

// callFrom returns the call in ctx, or nil for a request this package did not make.
func callFrom(ctx context.Context) *call {
	cl, _ := ctx.Value(callKey{}).(*call)
	return cl
}

// scrub replaces every secret in s with "***".
func scrub(s string, secrets []string) string {
	for _, secret := range secrets {
		if secret != "" {
			s = strings.ReplaceAll(s, secret, "***")
		}
	}
	return s
}

// isSecretKey reports whether a JSON object key holds a secret. Page tokens are not secrets and stay
// readable in logs.
func isSecretKey(k string) bool {
	k = strings.ToLower(k)
	switch k {
	case "token", "api_token", "access_token":
		return true
	}
	return strings.Contains(k, "password") || strings.Contains(k, "secret")
}

// secretValues returns the string values of every secret key in a JSON document, at any depth.
func secretValues(doc []byte) []string {
	var secrets []string
	walkSecrets(doc, func(v any) any {
		if s, ok := v.(string); ok && s != "" {
			secrets = append(secrets, s)
		}
		return v
	})
	return secrets
}

// redactJSON returns doc with the value of every secret key replaced by "***". A body that is not JSON is
// returned unchanged; the log masks still cover the known secrets in it.
func redactJSON(doc []byte) []byte {
	out, ok := walkSecrets(doc, func(any) any { return "***" })
	if !ok {
		return doc
	}
	return out
}

// walkSecrets decodes doc, replaces the value of each secret key with f(value) and encodes the result.
// ok is false when doc is not JSON.
func walkSecrets(doc []byte, f func(any) any) (out []byte, ok bool) {
	if len(doc) == 0 {
		return doc, false
	}
	dec := json.NewDecoder(bytes.NewReader(doc))
	dec.UseNumber() // keep large integers exact in the re-encoded copy
	var v any
	if err := dec.Decode(&v); err != nil || dec.More() {
		return doc, false
	}
	var walk func(any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			for k, child := range v {
				if isSecretKey(k) {
					v[k] = f(child)
					continue
				}
				walk(child)
			}
		case []any:
			for _, child := range v {
				walk(child)
			}
		}
	}
	walk(v)
	out, err := json.Marshal(v)
	return out, err == nil
}
