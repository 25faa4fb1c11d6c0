package acctest

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/csportal/terraform-provider-portal/internal/mockportal"
	"github.com/csportal/terraform-provider-portal/internal/provider"
)

// ProtoV6ProviderFactories serves the provider in-process to the Terraform CLI that the test runs: the same
// server that main serves.
var ProtoV6ProviderFactories = map[string]func() (tfprotov6.ProviderServer, error){
	"portal": provider.NewProtocol6Server("test"),
}

// NewMock starts an in-process mock portal with the demo fixtures for one test (IDs in
// mockportal.DemoIDs). Every request and response is checked against the OpenAPI contract, and the
// server stops when the test ends. Each test gets its own portal, so tests run in parallel.
func NewMock(t *testing.T, opts ...mockportal.Options) *mockportal.TestServer {
	t.Helper()
	PreCheck(t)
	return mockportal.NewTestServer(t, opts...)
}

// ProviderConfig is a provider block that points at ts with its administrator token.
func ProviderConfig(ts *mockportal.TestServer) string {
	return ProviderConfigWithToken(ts, ts.AdminToken)
}

// ProviderConfigWithToken is a provider block that points at ts with the given token: a regular user's or
// an application user's (ts.Token), for tests of what non-administrators may do.
func ProviderConfigWithToken(ts *mockportal.TestServer, token string) string {
	return fmt.Sprintf(`
provider "portal" {
  endpoint    = %q
  api_token   = %q
  max_retries = 2
}
`, ts.URL, token)
}

// Config joins the provider block for ts and the configuration parts under test.
func Config(ts *mockportal.TestServer, parts ...string) string {
	return ProviderConfig(ts) + strings.Join(parts, "\n")
}
