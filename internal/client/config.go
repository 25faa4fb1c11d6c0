package client

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/hashicorp/go-cleanhttp"
)

// Config says where the portal is and how patiently to talk to it. Zero values take the defaults below.
type Config struct {
	// Endpoint is the API's base URL including /api/v1, e.g. https://portal.example.com/api/v1.
	Endpoint string
	// Token is the bearer token. It is sensitive: it never appears in logs or error text.
	Token string
	// UserAgent is sent on every request; default "terraform-provider-portal/dev".
	UserAgent string

	InsecureSkipVerify bool
	// CACertPEM holds extra trusted CA certificates (PEM), added to the system roots.
	CACertPEM string

	// MaxRetries is the number of retries after failed attempts (network errors, 5xx): 0 means the default
	// (5), negative none. Answers 429 are retried besides, as Retry-After says, up to maxRateLimitedRetries
	// times; with no retries they are not retried either.
	MaxRetries int
	// RequestTimeout bounds each attempt, including reading the response body; default 30s.
	RequestTimeout time.Duration
	// RetryWaitMin and RetryWaitMax bound the exponential backoff between attempts; defaults 200ms and 10s.
	RetryWaitMin time.Duration
	RetryWaitMax time.Duration
	// RetryAfterCap caps the wait a Retry-After header can ask for; default 30s.
	RetryAfterCap time.Duration
	// JobPollInterval is the first wait between job polls; it doubles up to maxJobPollInterval. Default 100ms.
	JobPollInterval time.Duration

	// Transport replaces the pooled transport built from the TLS settings (which are then ignored). For tests.
	Transport http.RoundTripper

	// AfterWrite, when set, is called after every call that writes (POST, PUT, PATCH, DELETE) has ended,
	// whatever its outcome: what was read before it may be out of date (a failed write may have committed).
	AfterWrite func()
}

const (
	defaultUserAgent       = "terraform-provider-portal/dev"
	defaultMaxRetries      = 5
	defaultRequestTimeout  = 30 * time.Second
	defaultRetryWaitMin    = 200 * time.Millisecond
	defaultRetryWaitMax    = 10 * time.Second
	defaultRetryAfterCap   = 30 * time.Second
	defaultJobPollInterval = 100 * time.Millisecond
	maxJobPollInterval     = 2 * time.Second

	// maxIdleConnsPerHost keeps connections to the portal alive across Terraform's parallel operations (10 by
	// default) and large applies; the library default (GOMAXPROCS+1) would close and redial them constantly.
	maxIdleConnsPerHost = 64
)

// withDefaults returns cfg with every zero setting replaced by its default, or an error naming the first
// setting that cannot work.
func (cfg Config) withDefaults() (Config, error) {
	u, err := url.Parse(cfg.Endpoint)
	switch {
	case err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "":
		return cfg, fmt.Errorf("portal: endpoint %q is not an absolute http(s) URL such as https://portal.example.com/api/v1", cfg.Endpoint)
	case u.User != nil:
		// Credentials in the URL would be sent and logged where the token is carefully kept out.
		return cfg, errors.New("portal: endpoint must not contain credentials; the API token authenticates")
	case u.RawQuery != "" || u.Fragment != "":
		return cfg, fmt.Errorf("portal: endpoint %q must not have a query or fragment", u.Redacted())
	}
	cfg.Endpoint = strings.TrimRight(cfg.Endpoint, "/")
	if cfg.Token == "" {
		return cfg, errors.New("portal: the API token is empty")
	}

	setDefault(&cfg.UserAgent, defaultUserAgent)
	setDefault(&cfg.RequestTimeout, defaultRequestTimeout)
	setDefault(&cfg.RetryWaitMin, defaultRetryWaitMin)
	setDefault(&cfg.RetryWaitMax, defaultRetryWaitMax)
	setDefault(&cfg.RetryAfterCap, defaultRetryAfterCap)
	setDefault(&cfg.JobPollInterval, defaultJobPollInterval)
	switch {
	case cfg.MaxRetries == 0:
		cfg.MaxRetries = defaultMaxRetries
	case cfg.MaxRetries < 0:
		cfg.MaxRetries = 0
	}
	cfg.RetryWaitMax = max(cfg.RetryWaitMax, cfg.RetryWaitMin)
	return cfg, nil
}

// setDefault replaces a zero or negative setting with def.
func setDefault[T ~string | ~int64](v *T, def T) {
	var zero T
	if *v <= zero {
		*v = def
	}
}

// transport returns cfg.Transport, or a pooled transport with the configured TLS trust.
func (cfg Config) transport() (http.RoundTripper, error) {
	if cfg.Transport != nil {
		return cfg.Transport, nil
	}
	t := cleanhttp.DefaultPooledTransport()
	t.MaxIdleConnsPerHost = maxIdleConnsPerHost
	t.TLSClientConfig = &tls.Config{
		MinVersion:         tls.VersionTLS12,
		InsecureSkipVerify: cfg.InsecureSkipVerify, //nolint:gosec // the user's explicit choice, warned about by the provider
	}
	if strings.TrimSpace(cfg.CACertPEM) != "" {
		pool, err := x509.SystemCertPool()
		if err != nil {
			// Without system roots (some minimal containers) the given CA alone is still useful.
			pool = x509.NewCertPool()
		}
		if !pool.AppendCertsFromPEM([]byte(cfg.CACertPEM)) {
			return nil, errors.New("portal: ca_cert_pem holds no valid PEM-encoded certificate")
		}
		t.TLSClientConfig.RootCAs = pool
	}
	return t, nil
}
