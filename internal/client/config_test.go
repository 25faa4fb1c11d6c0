package client

import (
	"context"
	"encoding/pem"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/csportal/terraform-provider-portal/internal/api"
)

func TestNewValidates(t *testing.T) {
	for _, tc := range []struct {
		cfg  Config
		want string
	}{
		{Config{Endpoint: "", Token: "t"}, "not an absolute http(s) URL"},
		{Config{Endpoint: "portal.example.com/api/v1", Token: "t"}, "not an absolute http(s) URL"},
		{Config{Endpoint: "ftp://portal.example.com/api/v1", Token: "t"}, "not an absolute http(s) URL"},
		{Config{Endpoint: "https://user:secret@portal.example.com/api/v1", Token: "t"}, "must not contain credentials"},
		{Config{Endpoint: "https://portal.example.com/api/v1?x=1", Token: "t"}, "query or fragment"},
		{Config{Endpoint: "https://portal.example.com/api/v1"}, "token is empty"},
		{Config{Endpoint: "https://portal.example.com/api/v1", Token: "t", CACertPEM: "not a certificate"}, "ca_cert_pem"},
	} {
		_, err := New(tc.cfg)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("New(%+v): got %v; want an error containing %q", tc.cfg, err, tc.want)
		}
		if err != nil && strings.Contains(err.Error(), "secret") {
			t.Errorf("error %q repeats the credentials", err)
		}
	}
}

func TestDefaults(t *testing.T) {
	c, err := New(Config{Endpoint: "https://portal.example.com/api/v1/", Token: "t"})
	if err != nil {
		t.Fatal(err)
	}
	got := c.cfg
	want := Config{
		Endpoint: "https://portal.example.com/api/v1", Token: "t", UserAgent: defaultUserAgent,
		MaxRetries: 5, RequestTimeout: 30 * time.Second, RetryWaitMin: 200 * time.Millisecond,
		RetryWaitMax: 10 * time.Second, RetryAfterCap: 30 * time.Second, JobPollInterval: 100 * time.Millisecond,
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %+v\nwant %+v", got, want)
	}
	if c.http.RetryMax != 5+maxRateLimitedRetries || c.http.HTTPClient.Timeout != 30*time.Second {
		t.Errorf("retryablehttp not configured: RetryMax %d, Timeout %s", c.http.RetryMax, c.http.HTTPClient.Timeout)
	}
	if c, _ := New(Config{Endpoint: "https://p.example.com", Token: "t", MaxRetries: -1}); c.http.RetryMax != 0 {
		t.Errorf("negative MaxRetries: RetryMax %d, want 0", c.http.RetryMax)
	}
}

func TestPooledTransport(t *testing.T) {
	c, err := New(Config{Endpoint: "https://portal.example.com/api/v1", Token: "t", InsecureSkipVerify: true})
	if err != nil {
		t.Fatal(err)
	}
	tr := c.http.HTTPClient.Transport.(*loggingTransport).base.(*http.Transport)
	if tr.MaxIdleConnsPerHost < 32 {
		t.Errorf("MaxIdleConnsPerHost %d; want at least 32 for parallel operations", tr.MaxIdleConnsPerHost)
	}
	if !tr.TLSClientConfig.InsecureSkipVerify || tr.TLSClientConfig.RootCAs != nil || tr.Proxy == nil {
		t.Errorf("TLS config %+v", tr.TLSClientConfig)
	}
}

// TestCACertPEM: a portal whose certificate is signed by a private CA is reachable once that CA is given.
func TestCACertPEM(t *testing.T) {
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, 200, api.Me{ID: "usr_1"})
	}))
	t.Cleanup(srv.Close)
	caPEM := string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw}))
	c, err := New(Config{Endpoint: srv.URL + api.BasePath, Token: canaryToken, CACertPEM: caPEM})
	if err != nil {
		t.Fatal(err)
	}
	if me, err := c.Me(context.Background()); err != nil || me.ID != "usr_1" {
		t.Fatalf("got %+v, %v", me, err)
	}
}
