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
	ID                    types.String `tfsdk:"id"`
	Name                  types.String `tfsdk:"name"`
	HostedExchangeEnabled types.Bool   `tfsdk:"hosted_exchange_enabled"`
}

func (d *CustomerDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_customer"
}

func (d *CustomerDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Looks up a customer of the hosting provider by ID or by name, typically to get the " +
			"`customer_id` of a `portal_shared_mailbox`; with neither, the provider's `customer_id`.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "Customer ID (`cus_…`). Set at most one of `id` and `name`; with neither, the provider's `customer_id` is looked up.",
				Optional:            true,
				Computed:            true,
				Validators:          []validator.String{customerIDValidator()},
			},
			"name": schema.StringAttribute{
				MarkdownDescription: "Customer name, matched without regard to case; it must name exactly one customer. Set at most one of `id` and `name`.",
				Optional:            true,
				Computed:            true,
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"hosted_exchange_enabled": schema.BoolAttribute{
				MarkdownDescription: "Whether the customer has the Hosted Exchange service, without which it cannot have mailboxes.",
				Computed:            true,
			},
		},
	}
}

func (d *CustomerDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return []datasource.ConfigValidator{datasourcevalidator.Conflicting(path.MatchRoot("id"), path.MatchRoot("name"))}
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
	if cfg.Name.IsNull() {
		id, ok := d.data.requireCustomer(cfg.ID, path.Root("id"), "portal_customer without id or name", &resp.Diagnostics)
		if !ok {
			return
		}
		c, err := d.data.client.GetCustomer(ctx, id)
		if err != nil {
			addAPIError(&resp.Diagnostics, "Cannot read customer "+id, d.data.verifiedAbsence(ctx, err))
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
	resp.Diagnostics.Append(resp.State.Set(ctx, customerModel{
		ID:                    types.StringValue(customer.ID),
		Name:                  types.StringValue(customer.Name),
		HostedExchangeEnabled: types.BoolValue(customer.HostedExchangeEnabled),
	})...)
}
