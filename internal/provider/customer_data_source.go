package provider

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/csportal/terraform-provider-portal/internal/api"
	"github.com/csportal/terraform-provider-portal/internal/client"
	"github.com/hashicorp/terraform-plugin-framework-validators/datasourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var (
	_ datasource.DataSourceWithConfigure        = &CustomerDataSource{}
	_ datasource.DataSourceWithConfigValidators = &CustomerDataSource{}
)

// CustomerDataSource looks up a customer by ID, code or name.
type CustomerDataSource struct {
	data *providerData
}

// NewCustomerDataSource is the data source's constructor for the provider.
func NewCustomerDataSource() datasource.DataSource { return &CustomerDataSource{} }

// customerModel is a customer as the data sources show it.
type customerModel struct {
	ID                      types.String `tfsdk:"id"`
	Code                    types.String `tfsdk:"code"`
	Name                    types.String `tfsdk:"name"`
	ParentID                types.String `tfsdk:"parent_id"`
	Domains                 types.List   `tfsdk:"domains"`
	UsernameSuffix          types.Bool   `tfsdk:"username_suffix"`
	HostedExchangeEnabled   types.Bool   `tfsdk:"hosted_exchange_enabled"`
	AllowExternalForwarding types.Bool   `tfsdk:"allow_external_forwarding"`
}

// fill sets every attribute from the portal's customer.
func (m *customerModel) fill(c api.Customer) {
	domains := make([]attr.Value, 0, len(c.Domains))
	for _, d := range c.Domains {
		domains = append(domains, types.StringValue(d))
	}
	m.ID, m.Code, m.Name = types.StringValue(c.ID), types.StringValue(c.Code), types.StringValue(c.Name)
	m.ParentID = types.StringNull()
	if c.ParentID != "" {
		m.ParentID = types.StringValue(c.ParentID)
	}
	m.Domains = types.ListValueMust(types.StringType, domains)
	m.UsernameSuffix = types.BoolValue(c.UsernameSuffix)
	m.HostedExchangeEnabled = types.BoolValue(c.HostedExchangeEnabled)
	m.AllowExternalForwarding = types.BoolValue(c.AllowExternalForwarding)
}

// customerDescriptions describe the attributes of a customer that the lookups do not take.
var customerDescriptions = map[string]string{
	"parent_id": "ID of the customer directly above (a reseller, or the service provider); null for the service provider, " +
		"the root of the customer tree.",
	"domains": "The customer's accepted domains, lowercased and sorted: every address of its mailboxes must be in one of " +
		"them.",
	"username_suffix": "Whether the portal stores the customer's usernames with its code appended (`User1` as " +
		"`user1_tc`); see `login_name` of `portal_shared_mailbox`.",
	"hosted_exchange_enabled": "Whether the customer has the Hosted Exchange service, without which it cannot have mailboxes.",
	"allow_external_forwarding": "Whether the customer's mailboxes may forward mail to addresses outside its accepted " +
		"domains (`forwarding_address` of `portal_shared_mailbox`): mail leaving the tenant, which the hosting " +
		"provider decides. When `false`, the portal refuses such forwarding, and the provider says so at plan time.",
}

// computedCustomerAttributes are the attributes of customerDescriptions, computed.
func computedCustomerAttributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"parent_id":                 schema.StringAttribute{Computed: true, MarkdownDescription: customerDescriptions["parent_id"]},
		"domains":                   schema.ListAttribute{Computed: true, ElementType: types.StringType, MarkdownDescription: customerDescriptions["domains"]},
		"username_suffix":           schema.BoolAttribute{Computed: true, MarkdownDescription: customerDescriptions["username_suffix"]},
		"hosted_exchange_enabled":   schema.BoolAttribute{Computed: true, MarkdownDescription: customerDescriptions["hosted_exchange_enabled"]},
		"allow_external_forwarding": schema.BoolAttribute{Computed: true, MarkdownDescription: customerDescriptions["allow_external_forwarding"]},
	}
}

func (d *CustomerDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_customer"
}

func (d *CustomerDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := computedCustomerAttributes()
	attrs["id"] = schema.StringAttribute{
		MarkdownDescription: "Customer ID (`cus_…`). Set at most one of `id`, `code` and `name`; with none, the provider's `customer_id` is looked up.",
		Optional:            true,
		Computed:            true,
		Validators:          []validator.String{customerIDValidator()},
	}
	attrs["code"] = schema.StringAttribute{
		MarkdownDescription: "Customer code, the short name unique in the portal that never changes (`ACME`), matched without " +
			"regard to case. Set at most one of `id`, `code` and `name`.",
		Optional:   true,
		Computed:   true,
		Validators: []validator.String{stringvalidator.LengthBetween(1, 16)},
	}
	attrs["name"] = schema.StringAttribute{
		MarkdownDescription: "Customer name, matched without regard to case; it must name exactly one customer. Set at most one of `id`, `code` and `name`.",
		Optional:            true,
		Computed:            true,
		Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Looks up a customer of the hosting provider that the API token reaches by ID, code or name, " +
			"typically to get the `customer_id` of a `portal_shared_mailbox`; with none of them, the provider's `customer_id`. " +
			"A customer outside the token's reach is not found, as the portal answers alike for it and for one that does " +
			"not exist.",
		Attributes: attrs,
	}
}

func (d *CustomerDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return []datasource.ConfigValidator{datasourcevalidator.Conflicting(path.MatchRoot("id"), path.MatchRoot("code"), path.MatchRoot("name"))}
}

func (d *CustomerDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *CustomerDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg customerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	var customer api.Customer
	var ok bool
	switch {
	case !cfg.Name.IsNull():
		customer, ok = byName[api.Customer]{
			kind: "customer", plural: "customers", list: d.data.client.ListCustomers,
			nameOf: func(c api.Customer) string { return c.Name },
		}.find(ctx, cfg.Name.ValueString(), &resp.Diagnostics)
	case !cfg.Code.IsNull():
		customer, ok = d.data.customerByCode(ctx, cfg.Code.ValueString(), &resp.Diagnostics)
	default:
		var id string
		if id, ok = d.data.requireCustomer(cfg.ID, path.Root("id"), "portal_customer without id, code or name", &resp.Diagnostics); !ok {
			return
		}
		c, err := d.data.client.GetCustomer(ctx, id)
		if err != nil {
			addAPIError(&resp.Diagnostics, "Cannot read customer "+id, d.data.verifiedAbsence(ctx, err))
			return
		}
		customer = c
	}
	if !ok {
		return
	}
	cfg.fill(customer)
	resp.Diagnostics.Append(resp.State.Set(ctx, cfg)...)
}

// customerByCode finds the customer of a code among those the token reaches. Codes are unique, so none
// is the only way to miss: the error lists the codes there are.
func (d *providerData) customerByCode(ctx context.Context, code string, diags *diag.Diagnostics) (api.Customer, bool) {
	found, err := d.client.FindCustomers(ctx, client.CustomerFilter{Code: code})
	if err != nil {
		addAPIError(diags, fmt.Sprintf("Cannot look up customer code %q", code), d.verifiedAbsence(ctx, err))
		return api.Customer{}, false
	}
	for _, c := range found {
		if strings.EqualFold(c.Code, code) {
			return c, true
		}
	}
	known := "the list of customers could not be read"
	if all, err := d.client.FindCustomers(ctx, client.CustomerFilter{}); err == nil {
		codes := make([]string, 0, len(all))
		for _, c := range all {
			codes = append(codes, fmt.Sprintf("%s (%s)", c.Code, c.Name))
		}
		slices.Sort(codes)
		known = "the customers within its reach are " + strings.Join(codes, ", ")
	}
	diags.AddAttributeError(path.Root("code"), fmt.Sprintf("No customer with code %q", code),
		fmt.Sprintf("No customer within the API token's reach has the code %q; %s. A customer outside the token's "+
			"reach is not shown: use a token that reaches it.", code, known))
	return api.Customer{}, false
}
