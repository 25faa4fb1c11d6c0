package client

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/csportal/terraform-provider-portal/internal/api"
	"github.com/csportal/terraform-provider-portal/internal/ctxwait"
)

// maxRateLimitedRetries bounds the retries of a call that the portal keeps answering 429. They do not
// count against MaxRetries: a 429 with Retry-After is the portal saying when to come back, not a failure,
// and it is the normal state of a large apply (Terraform runs 10 operations at once) against a
// rate-limited portal. Counted as failures, they used up the retries of calls that then failed on one
// 503 or lost connection more.
const maxRateLimitedRetries = 20

// retryMax is the library's bound on retries, which checkRetry never lets it reach: the failures and the
// 429s of a call have their own bounds there. With retries off, nothing is retried, 429s included.
func retryMax(maxRetries int) int {
	if maxRetries <= 0 {
		return 0
	}
	return maxRetries + maxRateLimitedRetries
}

// checkRetry is the retry policy. A call is retried on network errors, 429 and 5xx except 501, unless it
// is a POST without an Idempotency-Key (a repeat could create twice), the failure cannot heal (a refused
// TLS certificate, an oversized body), the caller's context has ended, or its retries are used up:
// MaxRetries after failures, maxRateLimitedRetries after 429s.
func (c *Client) checkRetry(ctx context.Context, resp *http.Response, err error) (bool, error) {
	var again bool
	if err != nil {
		again = !isCertError(err) && !errors.Is(err, errResponseTooLarge)
	} else {
		again = retryableStatus(resp.StatusCode)
	}
	if !again {
		return false, nil
	}
	cl := callFrom(ctx)
	if cl == nil || !cl.retryable {
		return false, nil
	}
	if ctx.Err() != nil {
		return false, ctx.Err()
	}
	if resp != nil && resp.StatusCode == http.StatusTooManyRequests {
		return c.cfg.MaxRetries > 0 && cl.rateLimited.Add(1) <= maxRateLimitedRetries, nil
	}
	return int(cl.failures.Add(1)) <= c.cfg.MaxRetries, nil
}

// retryableStatus reports whether an answer with this status may succeed when asked again.
func retryableStatus(status int) bool {
	return status == http.StatusTooManyRequests ||
		(status >= 500 && status <= 599 && status != http.StatusNotImplemented)
}

// isCertError reports whether err is a TLS failure that retrying cannot fix: an untrusted or mismatched
// certificate, or a server that does not speak TLS at all.
func isCertError(err error) bool {
	var (
		verify    *tls.CertificateVerificationError
		authority x509.UnknownAuthorityError
		hostname  x509.HostnameError
		invalid   x509.CertificateInvalidError
		record    tls.RecordHeaderError
	)
	return errors.As(err, &verify) || errors.As(err, &authority) || errors.As(err, &hostname) ||
		errors.As(err, &invalid) || errors.As(err, &record)
}

// backoff is the wait before retry number attempt+1. On 429 and 503 a valid Retry-After is honoured,
// capped at RetryAfterCap and at least min; otherwise the wait grows exponentially from min to max with
// jitter.
func (c *Client) backoff(minWait, maxWait time.Duration, attempt int, resp *http.Response) time.Duration {
	if resp != nil && (resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode == http.StatusServiceUnavailable) {
		if d, ok := parseRetryAfter(resp.Header.Get(api.HeaderRetryAfter), c.now(), c.cfg.RetryAfterCap); ok {
			return max(d, minWait)
		}
	}
	return jitteredBackoff(minWait, maxWait, attempt)
}

// jitteredBackoff returns a wait in [min, max]: ctxwait.Backoff, never shorter than min.
func jitteredBackoff(minWait, maxWait time.Duration, attempt int) time.Duration {
	return max(ctxwait.Backoff(minWait, maxWait, attempt), minWait)
}

// parseRetryAfter reads a Retry-After value: delta-seconds or an HTTP-date. The wait it returns is within
// [0, capWait]: a longer one is capped, a negative one or a past date means "now". ok is false for an
// empty or malformed value, which the caller ignores in favour of its own backoff.
func parseRetryAfter(value string, now time.Time, capWait time.Duration) (wait time.Duration, ok bool) {
	value = strings.TrimSpace(value)
	if value == "" {
		return 0, false
	}
	if seconds, negative, isNumber := parseSeconds(value); isNumber {
		if negative {
			return 0, true
		}
		if seconds > int64(capWait/time.Second) {
			return max(capWait, 0), true
		}
		return min(time.Duration(seconds)*time.Second, max(capWait, 0)), true
	}
	at, err := http.ParseTime(value)
	if err != nil {
		return 0, false
	}
	return min(max(at.Sub(now), 0), max(capWait, 0)), true
}

// parseSeconds parses an optionally negative decimal integer. Overlong numbers saturate instead of
// failing: "99999999999999999999" is a (huge) wait, not a malformed header.
func parseSeconds(s string) (seconds int64, negative, ok bool) {
	if strings.HasPrefix(s, "-") {
		negative, s = true, s[1:]
	}
	if s == "" {
		return 0, false, false
	}
	const saturate = int64(1) << 40 // about 35,000 years: far beyond any cap, and no overflow below it
	for _, r := range s {
		if r < '0' || r > '9' {
			return 0, false, false
		}
		if seconds < saturate {
			seconds = seconds*10 + int64(r-'0')
		}
	}
	return min(seconds, saturate), negative, true
}
