package tfharness

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/csportal/terraform-provider-portal/internal/client"
	"github.com/csportal/terraform-provider-portal/internal/mockportal"
)

// The mock's own test surface (/_mock, never faulted) and an API client for a running portal-mock, for
// harnesses that change its faults between phases and inspect what a run left behind.

// Client returns an API client of the mock acting as its administrator. It retries like the provider's
// (faults may be on) but waits less, so that an inspection does not crawl.
func (m *Mock) Client() (*client.Client, error) {
	return client.New(client.Config{Endpoint: m.URL, Token: m.AdminToken, UserAgent: "portal-tfharness",
		MaxRetries: 10, RetryWaitMin: 50 * time.Millisecond, RetryWaitMax: time.Second})
}

// SetFaults replaces the mock's fault settings (PUT /_mock/faults), which re-seeds its PRNG.
func (m *Mock) SetFaults(ctx context.Context, f mockportal.Faults) error {
	body, err := json.Marshal(f)
	if err != nil {
		return err
	}
	return m.admin(ctx, http.MethodPut, "faults", body, nil)
}

// IssueToken returns a bearer token of another principal of the mock (POST /_mock/tokens), such as a
// reseller's administrator, for a run that must not use the master token.
func (m *Mock) IssueToken(ctx context.Context, principalID string) (string, error) {
	body, err := json.Marshal(map[string]string{"principal_id": principalID})
	if err != nil {
		return "", err
	}
	var out struct {
		Token string `json:"token"`
	}
	err = m.admin(ctx, http.MethodPost, "tokens", body, &out)
	return out.Token, err
}

// Stats returns the mock's request counts (GET /_mock/stats).
func (m *Mock) Stats(ctx context.Context) (mockportal.Stats, error) {
	var s mockportal.Stats
	err := m.admin(ctx, http.MethodGet, "stats", nil, &s)
	return s, err
}

// admin calls /_mock/{endpoint} and decodes a JSON answer into out (when not nil).
func (m *Mock) admin(ctx context.Context, method, endpoint string, body []byte, out any) error {
	root := strings.TrimSuffix(m.URL, mockportal.BasePath)
	req, err := http.NewRequestWithContext(ctx, method, root+"/_mock/"+endpoint, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+m.AdminToken)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("%s /_mock/%s: %w", method, endpoint, err)
	}
	defer func() { _ = resp.Body.Close() }()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return fmt.Errorf("%s /_mock/%s: %w", method, endpoint, err)
	}
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("%s /_mock/%s: %s: %s", method, endpoint, resp.Status, bytes.TrimSpace(data))
	}
	if out == nil {
		return nil
	}
	return json.Unmarshal(data, out)
}
