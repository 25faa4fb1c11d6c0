package provider_test

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/csportal/terraform-provider-portal/internal/acctest"
	"github.com/csportal/terraform-provider-portal/internal/api"
	"github.com/csportal/terraform-provider-portal/internal/mockportal"
	"github.com/csportal/terraform-provider-portal/internal/provider"
)

// acmeLookup is the smallest configuration that makes Terraform configure the provider.
var acmeLookup = fmt.Sprintf(`
data "portal_customer" "test" {
  id = %q
}
`, mockportal.DemoIDs.Acme)

var acmeFound = []statecheck.StateCheck{
	statecheck.ExpectKnownValue("data.portal_customer.test", tfjsonpath.New("name"), knownvalue.StringExact("Acme")),
}

// TestProvider_missingSettings names the setting and the environment variable to set when the endpoint
// or the token is missing. Not parallel: it clears the environment variables.
func TestProvider_missingSettings(t *testing.T) {
	acctest.PreCheck(t)
	t.Setenv(provider.EnvEndpoint, "")
	t.Setenv(provider.EnvAPIToken, "")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: `provider "portal" {}` + acmeLookup,
				ExpectError: regexp.MustCompile(`(?s)Missing portal endpoint.*PORTAL_ENDPOINT\s+environment\s+variable` +
					`.*Missing portal API token.*PORTAL_API_TOKEN\s+environment\s+variable`),
			},
			{
				Config:      `provider "portal" { endpoint = "http://127.0.0.1:1/api/v1" }` + acmeLookup,
				ExpectError: regexp.MustCompile(`(?s)Missing portal API token.*Set api_token in the provider block or the\s+PORTAL_API_TOKEN`),
			},
		},
	})
}

// TestProvider_environment configures the provider from PORTAL_ENDPOINT and PORTAL_API_TOKEN, and lets the
// provider block override them. Not parallel: it sets the environment variables.
func TestProvider_environment(t *testing.T) {
	ts := acctest.NewMock(t)
	t.Setenv(provider.EnvEndpoint, ts.URL)
	t.Setenv(provider.EnvAPIToken, ts.AdminToken)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      `provider "portal" { api_token = "not-the-token" }` + acmeLookup,
				ExpectError: regexp.MustCompile(`401 ` + api.CodeUnauthorized),
			},
			{
				Config:            `provider "portal" {}` + acmeLookup,
				ConfigStateChecks: acmeFound,
			},
		},
	})
}

// TestAccProvider_badSettings refuses a malformed endpoint, settings only known after apply, an endpoint
// nothing listens on and a token the portal does not accept, each with advice.
func TestAccProvider_badSettings(t *testing.T) {
	ts := acctest.NewMock(t)
	withProvider := func(settings string) string {
		return fmt.Sprintf(`
provider "portal" {
  %s
}
`, settings) + acmeLookup
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: withProvider(`
  endpoint  = "portal.example.com/api/v1"
  api_token = "x"`),
				ExpectError: regexp.MustCompile(`(?s)Invalid portal endpoint.*"portal.example.com/api/v1" is not an absolute\s+http\(s\) URL`),
			},
			{
				Config: withProvider(`
  endpoint  = "https://portal.example.com/api/v1?tenant=1"
  api_token = "x"`),
				ExpectError: regexp.MustCompile(`must not carry a query or\s+fragment`),
			},
			{
				Config: withProvider(`
  endpoint  = "https://portal.example.com/api/v1"
  api_token = "x"
  request_timeout = "forever"`),
				ExpectError: regexp.MustCompile(`"forever" must be a duration such as 30s or 2m`),
			},
			{
				Config: `
resource "terraform_data" "endpoint" {}
` + withProvider(`
  endpoint  = "https://${terraform_data.endpoint.id}.example.com/api/v1"
  api_token = "x"`),
				// The provider plans without the portal (TestAccFailClosed_unknownEndpoint), but a data source must
				// read now: it says why it cannot.
				ExpectError: regexp.MustCompile(`(?s)Cannot read customer.*not contacted: the provider's endpoint depends on a\s+value\s+known\s+only\s+after\s+apply`),
			},
			{
				Config: withProvider(`
  endpoint    = "http://127.0.0.1:1/api/v1"
  api_token   = "x"
  max_retries = 0`),
				ExpectError: regexp.MustCompile(`Cannot read customer cus_ac3e000000000001[\s\S]*connection refused`),
			},
			{
				Config:      acctest.ProviderConfigWithToken(ts, "not-the-token") + acmeLookup,
				ExpectError: regexp.MustCompile(`(?s)401 ` + api.CodeUnauthorized + `.*Check the provider's api_token \(or PORTAL_API_TOKEN\): the portal does not\s+accept it`),
			},
			{
				Config:            acctest.Config(ts, acmeLookup),
				ConfigStateChecks: acmeFound,
			},
		},
	})
}
