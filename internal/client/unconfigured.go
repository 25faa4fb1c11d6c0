package client

import (
	"errors"
	"fmt"
)

// A provider whose endpoint or token is known only after apply (taken from another resource) cannot reach
// the portal while Terraform plans, yet must still plan. It gets an unconfigured client: one that sends
// nothing and answers every call with a *NotConfiguredError, so that no code path can mistake the silence
// for an answer of the portal.

// NotConfiguredError is the answer of an unconfigured client to every call.
type NotConfiguredError struct {
	// Reason says why the client has no portal to talk to, for the user.
	Reason string
}

func (e *NotConfiguredError) Error() string {
	return "portal: not contacted: " + e.Reason
}

// Unconfigured returns a client that makes no request: every call fails with a *NotConfiguredError that
// gives reason.
func Unconfigured(reason string) *Client {
	return &Client{unconfigured: reason}
}

// IsNotConfigured reports whether err comes from an unconfigured client.
func IsNotConfigured(err error) bool {
	var e *NotConfiguredError
	return errors.As(err, &e)
}

// BodyError is a 2xx answer whose body is not the JSON the call expects: a web page, a proxy's answer, or
// another API behind the endpoint. Excerpt is the start of the body, secrets scrubbed.
type BodyError struct {
	Method, Path string
	Status       int
	Excerpt      string
	Err          error
}

func (e *BodyError) Error() string {
	return fmt.Sprintf("portal: %s %s: the %d response is not the expected JSON (%s): %v", e.Method, e.Path, e.Status, e.Excerpt, e.Err)
}

func (e *BodyError) Unwrap() error { return e.Err }

// Endpoint is the API's base URL the client calls, without a trailing slash ("" when unconfigured).
func (c *Client) Endpoint() string { return c.cfg.Endpoint }
