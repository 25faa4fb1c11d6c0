package provider_test

import (
	"encoding/pem"
	"fmt"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/csportal/terraform-provider-portal/internal/acctest"
	"github.com/csportal/terraform-provider-portal/internal/api"
	"github.com/csportal/terraform-provider-portal/internal/provider"
)

// tlsPortal serves the mock portal over HTTPS with httptest's self-signed certificate (valid for
// 127.0.0.1), and returns its API endpoint, admin token and the certificate as PEM.
func tlsPortal(t *testing.T) (endpoint, token, certPEM string) {
	t.Helper()
	ts := acctest.NewMock(t)
	srv := httptest.NewTLSServer(ts.Handler())
	t.Cleanup(srv.Close)
	certPEM = string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw}))
	return srv.URL + api.BasePath, ts.AdminToken, certPEM
}

// tlsProvider is a provider block for the portal with further settings written as they are.
func tlsProvider(endpoint, token string, settings ...string) string {
	return fmt.Sprintf(`
provider "portal" {
  endpoint    = %q
  api_token   = %q
  max_retries = 1
  %s
}
`, endpoint, token, strings.Join(settings, "\n  ")) + acmeLookup
}

// TestAccProviderTLS_selfSignedRefused: by default a portal whose certificate no trusted CA signed is
// refused at once (a certificate error is not retried), and the error says how to trust it.
func TestAccProviderTLS_selfSignedRefused(t *testing.T) {
	endpoint, token, _ := tlsPortal(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: tlsProvider(endpoint, token),
				ExpectError: regexp.MustCompile(`(?s)TLS\s+certificate\s+was\s+refused.*signed\s+by\s+unknown\s+authority` +
					`.*set\s+ca_cert_pem\s+to\s+the\s+CA.*insecure_skip_verify\s+=\s+true`),
			},
		},
	})
}

// TestAccProviderTLS_caCertPEM trusts the portal's certificate through ca_cert_pem.
func TestAccProviderTLS_caCertPEM(t *testing.T) {
	endpoint, token, certPEM := tlsPortal(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      tlsProvider(endpoint, token, `ca_cert_pem = "not a certificate"`),
				ExpectError: regexp.MustCompile(`ca_cert_pem holds no valid PEM-encoded certificate`),
			},
			{
				Config:            tlsProvider(endpoint, token, fmt.Sprintf("ca_cert_pem = %q", certPEM)),
				ConfigStateChecks: acmeFound,
			},
		},
	})
}

// TestAccProviderTLS_insecureSkipVerify reaches the self-signed portal without checking its certificate.
// TestProviderTLS_insecureSkipVerifyWarns proves the warning that comes with it.
func TestAccProviderTLS_insecureSkipVerify(t *testing.T) {
	endpoint, token, _ := tlsPortal(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:            tlsProvider(endpoint, token, "insecure_skip_verify = true"),
				ConfigStateChecks: acmeFound,
			},
		},
	})
}

// TestProviderTLS_insecureSkipVerifyWarns configures the provider as Terraform does (the ConfigureProvider
// call; the test framework does not show warnings) and expects a warning on insecure_skip_verify, and none
// without it. Configuring does not contact the portal.
func TestProviderTLS_insecureSkipVerifyWarns(t *testing.T) {
	const endpoint = "https://portal.example.com/api/v1"
	diags := configureProvider(t, map[string]tftypes.Value{
		"endpoint": tftypes.NewValue(tftypes.String, endpoint), "api_token": tftypes.NewValue(tftypes.String, "token"),
		"insecure_skip_verify": tftypes.NewValue(tftypes.Bool, true),
	})
	want := diagnostic{tfprotov6.DiagnosticSeverityWarning, "TLS certificate verification is off", "insecure_skip_verify"}
	if len(diags) != 1 || diags[0] != want {
		t.Errorf("got %v, want %v", diags, []diagnostic{want})
	}

	diags = configureProvider(t, map[string]tftypes.Value{
		"endpoint": tftypes.NewValue(tftypes.String, endpoint), "api_token": tftypes.NewValue(tftypes.String, "token"),
		"insecure_skip_verify": tftypes.NewValue(tftypes.Bool, false),
	})
	if len(diags) != 0 {
		t.Errorf("insecure_skip_verify = false: got %v, want no diagnostics", diags)
	}
}

// diagnostic is what a test checks of a diagnostic: its severity, summary and attribute.
type diagnostic struct {
	severity  tfprotov6.DiagnosticSeverity
	summary   string
	attribute string
}

// configureProvider calls ConfigureProvider with the provider block's attributes (absent ones null) and
// returns the diagnostics; detail text is left out, attribute paths give the top-level attribute.
func configureProvider(t *testing.T, attrs map[string]tftypes.Value) []diagnostic {
	t.Helper()
	ctx := t.Context()
	server, err := providerserver.NewProtocol6WithError(provider.New("test")())()
	if err != nil {
		t.Fatal(err)
	}
	schema, err := server.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	typ, ok := schema.Provider.ValueType().(tftypes.Object)
	if !ok {
		t.Fatalf("provider schema type %v", schema.Provider.ValueType())
	}
	values := map[string]tftypes.Value{}
	for name, at := range typ.AttributeTypes {
		values[name] = tftypes.NewValue(at, nil)
	}
	for name, v := range attrs {
		if _, ok := values[name]; !ok {
			t.Fatalf("the provider has no attribute %q", name)
		}
		values[name] = v
	}
	config, err := tfprotov6.NewDynamicValue(typ, tftypes.NewValue(typ, values))
	if err != nil {
		t.Fatal(err)
	}
	resp, err := server.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{TerraformVersion: "1.11.4", Config: &config})
	if err != nil {
		t.Fatal(err)
	}
	var out []diagnostic
	for _, d := range resp.Diagnostics {
		got := diagnostic{severity: d.Severity, summary: d.Summary}
		if d.Attribute != nil && len(d.Attribute.Steps()) > 0 {
			if name, ok := d.Attribute.Steps()[0].(tftypes.AttributeName); ok {
				got.attribute = string(name)
			}
		}
		out = append(out, got)
	}
	return out
}
