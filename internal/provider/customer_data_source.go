package provider

import (
	"context"

	"github.com/csportal/terraform-provider-portal/internal/api"
	"github.com/hashicorp/terraform-plugin-framework-validators/datasourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var (
	_ datasource.DataSourceWithConfigure        = &CustomerDataSource{}
	_ datasource.DataSourceWithConfigValidators = &CustomerDataSource{}
)

// CustomerDataSource looks up a customer by ID or name.
type CustomerDataSource struct {
	data *providerData
}

// NewCustomerDataSource is the data source's constructor for the provider.
func NewCustomerDataSource() datasource.DataSource { return &CustomerDataSource{} }

type customerModel struct {
	ID                      types.String `tfsdk:"id"`
	Name                    types.String `tfsdk:"name"`
	HostedExchangeEnabled   types.Bool   `tfsdk:"hosted_exchange_enabled"`
	AllowExternalForwarding types.Bool   `tfsdk:"allow_external_forwarding"`
	Code                    types.String `tfsdk:"code"`
	ParentID                types.String `tfsdk:"parent_id"`
	Domains                 types.List   `tfsdk:"domains"`
	UsernameSuffix          types.Bool   `tfsdk:"username_suffix"`
}

func (d *CustomerDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_customer"
}

func (d *CustomerDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Looks up a customer of the hosting provider by ID or by name, typically to get the " +
			"`customer_id` of a `portal_shared_mailbox`.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "Customer ID (`cus_…`). Set either `id` or `name`.",
				Optional:            true,
				Computed:            true,
				Validators:          []validator.String{customerIDValidator()},
			},
			"name": schema.StringAttribute{
				MarkdownDescription: "Customer name, matched without regard to case; it must name exactly one customer. Set either `id` or `name`.",
				Optional:            true,
				Computed:            true,
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"hosted_exchange_enabled": schema.BoolAttribute{
				MarkdownDescription: "Whether the customer has the Hosted Exchange service, without which it cannot have mailboxes.",
				Computed:            true,
			},
			"allow_external_forwarding": schema.BoolAttribute{
				MarkdownDescription: "Whether the customer's mailboxes may forward mail to addresses outside its accepted " +
					"domains (`forwarding_address` of `portal_shared_mailbox`): mail leaving the tenant, which the hosting " +
					"provider decides. When `false`, the portal refuses such forwarding, and the provider says so at plan time.",
				Computed: true,
			},
			"code": schema.StringAttribute{
				MarkdownDescription: "The customer's short name, unique in the portal and never changed (`ACME`).",
				Computed:            true,
			},
			"parent_id": schema.StringAttribute{
				MarkdownDescription: "The customer directly above: its reseller, or the service provider. Empty for the service " +
					"provider itself, the root of the portal.",
				Computed: true,
			},
			"domains": schema.ListAttribute{
				MarkdownDescription: "The customer's accepted domains, lowercased and sorted. Every address of its mailboxes " +
					"(`email_address`, `email_aliases`) must be in one of them, and so must a `forwarding_address` unless " +
					"`allow_external_forwarding` is true. A domain belongs to one customer in the whole portal.",
				ElementType: types.StringType,
				Computed:    true,
			},
			"username_suffix": schema.BoolAttribute{
				MarkdownDescription: "Whether the portal stores the customer's usernames with `_` and its code appended, " +
					"lowercased (`User1` is stored as `user1_acme`).",
				Computed: true,
			},
		},
	}
}

func (d *CustomerDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return []datasource.ConfigValidator{datasourcevalidator.ExactlyOneOf(path.MatchRoot("id"), path.MatchRoot("name"))}
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
	if !cfg.ID.IsNull() {
		c, err := d.data.client.GetCustomer(ctx, cfg.ID.ValueString())
		if err != nil {
			addAPIError(&resp.Diagnostics, "Cannot read customer "+cfg.ID.ValueString(), err)
			return
		}
		customer = c
	} else {
		c, ok := byName[api.Customer]{
			kind: "customer", plural: "customers", list: d.data.client.ListCustomers,
			nameOf: func(c api.Customer) string { return c.Name },
		}.find(ctx, cfg.Name.ValueString(), &resp.Diagnostics)
		if !ok {
			return
		}
		customer = c
	}
	domains, diags := types.ListValueFrom(ctx, types.StringType, append([]string{}, customer.Domains...))
	resp.Diagnostics.Append(diags...)
	resp.Diagnostics.Append(resp.State.Set(ctx, customerModel{
		ID:                      types.StringValue(customer.ID),
		Name:                    types.StringValue(customer.Name),
		HostedExchangeEnabled:   types.BoolValue(customer.HostedExchangeEnabled),
		AllowExternalForwarding: types.BoolValue(customer.AllowExternalForwarding),
		Code:                    types.StringValue(customer.Code),
		ParentID:                types.StringValue(customer.ParentID),
		Domains:                 domains,
		UsernameSuffix:          types.BoolValue(customer.UsernameSuffix),
	})...)
}
