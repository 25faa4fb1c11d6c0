package provider

import (
	"context"
	"fmt"
	"net"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/csportal/terraform-provider-portal/internal/client"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// Defaults of the optional provider settings.
const (
	defaultMaxRetries     = 5
	defaultRequestTimeout = 30 * time.Second
)

type providerModel struct {
	Endpoint           types.String `tfsdk:"endpoint"`
	APIToken           types.String `tfsdk:"api_token"`
	InsecureSkipVerify types.Bool   `tfsdk:"insecure_skip_verify"`
	CACertPEM          types.String `tfsdk:"ca_cert_pem"`
	MaxRetries         types.Int64  `tfsdk:"max_retries"`
	RequestTimeout     types.String `tfsdk:"request_timeout"`
	BatchReads         types.Bool   `tfsdk:"batch_reads"`
	CustomerID         types.String `tfsdk:"customer_id"`
}

// Schema describes the provider block.
func (p *PortalProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Manages shared mailboxes, mailbox permissions and application users in the " +
			"hosting control panel (the portal) through its provisioning API.",
		Attributes: map[string]schema.Attribute{
			"endpoint": schema.StringAttribute{
				MarkdownDescription: "Base URL of the portal's provisioning API, including `/api/v1`, for example " +
					"`https://portal.example.com/api/v1`: a service that serves [the provisioning API](guides/provisioning-api.md), " +
					"not a control panel's own API (Atria's REST API and CPSM's CortexAPI are other APIs). May instead be set with " +
					"the `" + EnvEndpoint + "` environment variable.",
				Optional:   true,
				Validators: []validator.String{endpointValidator{}},
			},
			"api_token": schema.StringAttribute{
				MarkdownDescription: "API token of a portal administrator. Only administrators can assign or remove " +
					"mailbox permissions, so the token of a regular user or an application user can read but not " +
					"grant. May instead be set with the `" + EnvAPIToken + "` environment variable (recommended: keep " +
					"it out of configuration files).",
				Optional:  true,
				Sensitive: true,
			},
			"insecure_skip_verify": schema.BoolAttribute{
				MarkdownDescription: "Skip verification of the portal's TLS certificate. Defaults to `false`. " +
					"Only for test portals with self-signed certificates: prefer `ca_cert_pem`. The provider warns " +
					"on every run while this is set.",
				Optional: true,
			},
			"ca_cert_pem": schema.StringAttribute{
				MarkdownDescription: "PEM-encoded CA certificate(s) to trust in addition to the system roots, " +
					"for a portal whose certificate is issued by a private CA.",
				Optional: true,
			},
			"max_retries": schema.Int64Attribute{
				MarkdownDescription: fmt.Sprintf("How many times a failed request is retried (network errors, "+
					"HTTP 5xx other than 501), waiting with exponential backoff. Rate-limited requests (HTTP 429) are "+
					"retried besides, when `Retry-After` says, without counting against this limit. Creates are "+
					"retried safely with an idempotency key. `0` disables retries, of rate-limited requests too. "+
					"Defaults to `%d`.", defaultMaxRetries),
				Optional:   true,
				Validators: []validator.Int64{int64validator.Between(0, 20)},
			},
			"batch_reads": schema.BoolAttribute{
				MarkdownDescription: "Refresh many objects through the portal's paged listings instead of one read each: " +
					"a customer's mailboxes, grants and submailboxes and an application's users come 500 to a request, " +
					"which turns a refresh of 1,000 objects at 200 ms a request from minutes of waiting into seconds. " +
					"The listing of a scope starts at its second read and fetches no more pages than reads asked for, so " +
					"refreshing one object costs what it did; an object a listing does not show is read on its own before " +
					"anything leaves the state. Defaults to `true`; set `false` (or `" + EnvBatchReads + "=false`) for a " +
					"portal whose listings are slow or wrong.",
				Optional: true,
			},
			"customer_id": schema.StringAttribute{
				MarkdownDescription: "ID of the customer (`cus_…`) of every resource, data source and list block of this " +
					"provider that leaves its own `customer_id` out, as with the `project` of Google's provider: a " +
					"configuration (or a provider alias) per customer names it once. The state records the customer each " +
					"object was made in, so changing this, or moving a resource to an alias with another customer, " +
					"replaces only the objects whose customer really changes (and `deletion_protection` refuses that " +
					"for a mailbox). May instead be set with the `" + EnvCustomerID + "` environment variable.",
				Optional:   true,
				Validators: []validator.String{customerIDValidator()},
			},
			"request_timeout": schema.StringAttribute{
				MarkdownDescription: fmt.Sprintf("Time limit of each request attempt, as a Go duration such as "+
					"`30s` or `2m`. Defaults to `%s`. Resource operations as a whole are limited by their "+
					"`timeouts` block.", defaultRequestTimeout),
				Optional:   true,
				Validators: []validator.String{durationValidator{min: time.Second, max: 10 * time.Minute}},
			},
		},
	}
}

// Configure builds the API client from the provider block and the environment.
func (p *PortalProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var cfg providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}

	unknown := map[string]bool{
		"endpoint": cfg.Endpoint.IsUnknown(), "api_token": cfg.APIToken.IsUnknown(),
		"insecure_skip_verify": cfg.InsecureSkipVerify.IsUnknown(), "ca_cert_pem": cfg.CACertPEM.IsUnknown(),
		"max_retries": cfg.MaxRetries.IsUnknown(), "request_timeout": cfg.RequestTimeout.IsUnknown(),
		"batch_reads": cfg.BatchReads.IsUnknown(),
	}
	customer := p.defaultCustomer(cfg.CustomerID, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	var pending []string
	for name, isUnknown := range unknown {
		if isUnknown {
			pending = append(pending, name)
		}
	}
	if len(pending) > 0 {
		// An endpoint from another resource, say: Terraform configures the provider again at apply time, with
		// the values known. Until then the provider plans without the portal: its reads keep the state as it
		// is, and nothing is concluded from the portal's silence.
		slices.Sort(pending)
		data := newProviderData(client.Unconfigured(fmt.Sprintf("the provider's %s depends on a value known only after "+
			"apply", strings.Join(pending, ", "))), newBatchReads(false))
		data.defaultCustomer = customer
		resp.ResourceData, resp.DataSourceData, resp.ListResourceData = data, data, data
		return
	}

	endpoint := stringOr(cfg.Endpoint, os.Getenv(EnvEndpoint))
	token := stringOr(cfg.APIToken, os.Getenv(EnvAPIToken))
	if endpoint == "" {
		resp.Diagnostics.AddAttributeError(path.Root("endpoint"), "Missing portal endpoint",
			"Set endpoint in the provider block or the "+EnvEndpoint+" environment variable to the base URL of the "+
				"portal's provisioning API, for example https://portal.example.com/api/v1.")
	}
	if token == "" {
		resp.Diagnostics.AddAttributeError(path.Root("api_token"), "Missing portal API token",
			"Set api_token in the provider block or the "+EnvAPIToken+" environment variable to the API token of a "+
				"portal administrator.")
	}
	if resp.Diagnostics.HasError() {
		return
	}
	if err := validateEndpoint(endpoint); err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("endpoint"), "Invalid portal endpoint", err.Error())
		return
	}
	if isPlainHTTPToRemoteHost(endpoint) {
		resp.Diagnostics.AddAttributeWarning(path.Root("endpoint"), "Portal API token sent without encryption",
			"The endpoint uses plain http:// to a host that is not this machine, so the API token and passwords "+
				"travel unencrypted. Use https:// unless this is a test portal on a trusted network.")
	}
	insecure := cfg.InsecureSkipVerify.ValueBool()
	if insecure {
		resp.Diagnostics.AddAttributeWarning(path.Root("insecure_skip_verify"), "TLS certificate verification is off",
			"insecure_skip_verify = true: the provider does not check who it sends the API token to. Use "+
				"ca_cert_pem to trust a private CA instead.")
	}

	maxRetries := int64(defaultMaxRetries)
	if !cfg.MaxRetries.IsNull() {
		maxRetries = cfg.MaxRetries.ValueInt64()
	}
	timeout := defaultRequestTimeout
	if !cfg.RequestTimeout.IsNull() {
		timeout, _ = time.ParseDuration(cfg.RequestTimeout.ValueString()) // validated by the schema
	}
	if maxRetries == 0 {
		maxRetries = -1 // the client reads 0 as "default"; the user asked for none
	}
	batch := true
	if !cfg.BatchReads.IsNull() {
		batch = cfg.BatchReads.ValueBool()
	} else if v := os.Getenv(EnvBatchReads); v != "" {
		var err error
		if batch, err = strconv.ParseBool(v); err != nil {
			resp.Diagnostics.AddAttributeError(path.Root("batch_reads"), "Invalid "+EnvBatchReads,
				fmt.Sprintf("%s=%q: set it to true or false.", EnvBatchReads, v))
			return
		}
	}
	reads := newBatchReads(batch).stoppedWith(p.stopped)

	c, err := client.New(client.Config{
		Endpoint:           endpoint,
		Token:              token,
		UserAgent:          "terraform-provider-portal/" + p.version,
		InsecureSkipVerify: insecure,
		CACertPEM:          cfg.CACertPEM.ValueString(),
		MaxRetries:         int(maxRetries),
		RequestTimeout:     timeout,
		AfterWrite:         reads.wrote,
	})
	if err != nil {
		resp.Diagnostics.AddError("Cannot configure the portal client", err.Error())
		return
	}

	tflog.Debug(ctx, "portal provider configured", map[string]any{
		"endpoint": endpoint, "max_retries": maxRetries, "request_timeout": timeout.String(), "insecure_skip_verify": insecure,
		"batch_reads": batch,
	})
	data := newProviderData(c, reads)
	data.defaultCustomer = customer
	resp.ResourceData = data
	resp.DataSourceData = data
	resp.ListResourceData = data
}

// defaultCustomer is the provider's customer_id, else PORTAL_CUSTOMER_ID, else null; unknown while the
// configured one is.
func (p *PortalProvider) defaultCustomer(configured types.String, diags *diag.Diagnostics) types.String {
	if !configured.IsNull() {
		return configured // validated by the schema when known
	}
	env := os.Getenv(EnvCustomerID)
	if env == "" {
		return types.StringNull()
	}
	if !customerIDPattern.MatchString(env) {
		diags.AddAttributeError(path.Root("customer_id"), "Invalid "+EnvCustomerID,
			fmt.Sprintf("%s=%q must be a customer ID such as cus_0123456789abcdef (the portal_customer data source looks "+
				"one up by name).", EnvCustomerID, env))
		return types.StringNull()
	}
	return types.StringValue(env)
}

// stringOr returns the configured value, or fallback when the attribute is null or empty.
func stringOr(v types.String, fallback string) string {
	if s := v.ValueString(); s != "" {
		return s
	}
	return fallback
}

func validateEndpoint(endpoint string) error {
	u, err := url.Parse(endpoint)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return fmt.Errorf("%q is not an absolute http(s) URL; expected something like https://portal.example.com/api/v1", endpoint)
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return fmt.Errorf("%q must not carry a query or fragment: give the API's base URL, such as https://portal.example.com/api/v1", endpoint)
	}
	return nil
}

// isPlainHTTPToRemoteHost reports an http:// endpoint whose host is not loopback: a token sent there can be
// read on the wire. Loopback stays quiet because that is how the mock portal and local tests run.
func isPlainHTTPToRemoteHost(endpoint string) bool {
	u, err := url.Parse(endpoint)
	if err != nil || u.Scheme != "http" {
		return false
	}
	host := u.Hostname()
	if host == "localhost" {
		return false
	}
	ip := net.ParseIP(host)
	return ip == nil || !ip.IsLoopback()
}
