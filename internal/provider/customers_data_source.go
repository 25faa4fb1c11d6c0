package provider

import (
	"context"
	"slices"
	"strings"

	"github.com/csportal/terraform-provider-portal/internal/api"
	"github.com/csportal/terraform-provider-portal/internal/client"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var _ datasource.DataSourceWithConfigure = &CustomersDataSource{}

// CustomersDataSource lists the customers the API token reaches (R14).
type CustomersDataSource struct {
	data *providerData
}

// NewCustomersDataSource is the data source's constructor for the provider.
func NewCustomersDataSource() datasource.DataSource { return &CustomersDataSource{} }

type customersModel struct {
	ParentID  types.String    `tfsdk:"parent_id"`
	Customers []customerModel `tfsdk:"customers"`
}

func (d *CustomersDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_customers"
}

func (d *CustomersDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := computedCustomerAttributes()
	attrs["id"] = schema.StringAttribute{Computed: true, MarkdownDescription: "Customer ID (`cus_…`)."}
	attrs["code"] = schema.StringAttribute{Computed: true, MarkdownDescription: "Customer code, unique in the portal and never changed."}
	attrs["name"] = schema.StringAttribute{Computed: true, MarkdownDescription: "Customer name."}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the customers the API token reaches: its own customer and, for an administrator, " +
			"every customer below it (a reseller's administrator sees the reseller and its customers). For a " +
			"configuration that manages many customers with one token, such as a `for_each` over them.",
		Attributes: map[string]schema.Attribute{
			"parent_id": schema.StringAttribute{
				MarkdownDescription: "When set, only the customers directly below this one (`cus_…`): a reseller's customers.",
				Optional:            true,
				Validators:          []validator.String{customerIDValidator()},
			},
			"customers": schema.ListNestedAttribute{
				MarkdownDescription: "The customers, sorted by `code`.",
				Computed:            true,
				NestedObject:        schema.NestedAttributeObject{Attributes: attrs},
			},
		},
	}
}

func (d *CustomersDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *CustomersDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m customersModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	all, err := d.data.client.FindCustomers(ctx, client.CustomerFilter{})
	if err == nil && len(all) == 0 {
		// The token's own customer is always listed: an empty list is not the portal's answer.
		_, err = d.data.verifyPortal(ctx)
	}
	if err != nil {
		addAPIError(&resp.Diagnostics, "Cannot list the customers", d.data.verifiedAbsence(ctx, err))
		return
	}
	slices.SortFunc(all, func(a, b api.Customer) int { return strings.Compare(a.Code, b.Code) })
	m.Customers = []customerModel{}
	for _, c := range all {
		if !m.ParentID.IsNull() && c.ParentID != m.ParentID.ValueString() {
			continue
		}
		var cm customerModel
		cm.fill(c)
		m.Customers = append(m.Customers, cm)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
}
