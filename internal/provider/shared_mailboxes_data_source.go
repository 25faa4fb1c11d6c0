package provider

import (
	"context"

	"github.com/csportal/terraform-provider-portal/internal/api"
	"github.com/csportal/terraform-provider-portal/internal/customtypes"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var _ datasource.DataSourceWithConfigure = &SharedMailboxesDataSource{}

// SharedMailboxesDataSource lists a customer's shared mailboxes with every attribute of the resource: with
// `import` blocks and for_each it adopts a whole customer on Terraform 1.7 and later and on OpenTofu, where
// `terraform query` is not available.
type SharedMailboxesDataSource struct {
	data *providerData
}

// NewSharedMailboxesDataSource is the data source's constructor for the provider.
func NewSharedMailboxesDataSource() datasource.DataSource { return &SharedMailboxesDataSource{} }

type sharedMailboxesModel struct {
	CustomerID types.String          `tfsdk:"customer_id"`
	Mailboxes  []sharedMailboxReport `tfsdk:"mailboxes"`
}

func (d *SharedMailboxesDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_shared_mailboxes"
}

func (d *SharedMailboxesDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists a customer's shared mailboxes — its users whose Hosted Exchange service is on a " +
			"shared-mailbox plan — with every attribute of `portal_shared_mailbox`, for audits and for adopting " +
			"mailboxes made by hand with `import` blocks and `for_each` (see the example). Regular users' mailboxes, " +
			"administrators and users without the service are not listed, nor mailboxes whose provisioning failed " +
			"(a warning names them). The portal answers a page of up to 500 mailboxes per request.",
		Attributes: map[string]schema.Attribute{
			"customer_id": schema.StringAttribute{
				MarkdownDescription: "ID of the customer (`cus_…`); see the `portal_customer` data source. Defaults to the provider's `customer_id`.",
				Optional:            true,
				Computed:            true,
				Validators:          []validator.String{customerIDValidator()},
			},
			"mailboxes": schema.ListNestedAttribute{
				MarkdownDescription: "The shared mailboxes, sorted by `id`.",
				Computed:            true,
				NestedObject:        schema.NestedAttributeObject{Attributes: sharedMailboxAttributes()},
			},
		},
	}
}

func (d *SharedMailboxesDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *SharedMailboxesDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m sharedMailboxesModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	customerID, ok := d.data.requireCustomer(m.CustomerID, customerIDPath, "portal_shared_mailboxes", &resp.Diagnostics)
	if !ok {
		return
	}
	m.CustomerID = types.StringValue(customerID)
	var skipped []api.Mailbox
	m.Mailboxes = []sharedMailboxReport{}
	for mb, err := range d.data.eachAdoptableMailbox(ctx, customerID, 0, func(s api.Mailbox) { skipped = append(skipped, s) }) {
		if err != nil {
			addAPIError(&resp.Diagnostics, "Cannot list the shared mailboxes of customer "+customerID, d.data.verifiedAbsence(ctx, err))
			return
		}
		var state sharedMailboxReport
		resp.Diagnostics.Append(state.fill(mb.User, mb.HostedExchange)...)
		d.data.settleUsername(ctx, &state.sharedMailboxState, customerID, customtypes.NewCaseInsensitiveStringNull())
		m.Mailboxes = append(m.Mailboxes, state)
	}
	if len(skipped) > 0 {
		resp.Diagnostics.AddWarning(skippedMailboxesWarning(customerID, skipped))
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
}
