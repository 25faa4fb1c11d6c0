package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var _ datasource.DataSourceWithConfigure = &UserPlansDataSource{}

// UserPlansDataSource lists the Hosted Exchange user plans a customer is offered (R2).
type UserPlansDataSource struct {
	data *providerData
}

// NewUserPlansDataSource is the data source's constructor for the provider.
func NewUserPlansDataSource() datasource.DataSource { return &UserPlansDataSource{} }

type userPlansModel struct {
	CustomerID types.String    `tfsdk:"customer_id"`
	Plans      []userPlanModel `tfsdk:"plans"`
}

type userPlanModel struct {
	Name          types.String `tfsdk:"name"`
	Description   types.String `tfsdk:"description"`
	MailboxSizeMB types.Int64  `tfsdk:"mailbox_size_mb"`
	SharedMailbox types.Bool   `tfsdk:"shared_mailbox"`
}

func (d *UserPlansDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_user_plans"
}

func (d *UserPlansDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the Hosted Exchange user plans made available to a customer. A shared mailbox can only " +
			"use a plan from this list; an empty list means the customer has no Hosted Exchange service.",
		Attributes: map[string]schema.Attribute{
			"customer_id": schema.StringAttribute{
				MarkdownDescription: "Customer ID (`cus_…`). Defaults to the provider's `customer_id`.",
				Optional:            true,
				Computed:            true,
				Validators:          []validator.String{customerIDValidator()},
			},
			"plans": schema.ListNestedAttribute{
				MarkdownDescription: "The plans, in the portal's order.",
				Computed:            true,
				NestedObject: schema.NestedAttributeObject{
					Attributes: map[string]schema.Attribute{
						"name":            schema.StringAttribute{Computed: true, MarkdownDescription: "Plan name, the value of `user_plan`."},
						"description":     schema.StringAttribute{Computed: true, MarkdownDescription: "What the plan is for."},
						"mailbox_size_mb": schema.Int64Attribute{Computed: true, MarkdownDescription: "Mailbox quota in MB."},
						"shared_mailbox":  schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether the plan is a shared-mailbox plan, with a shared calendar."},
					},
				},
			},
		},
	}
}

func (d *UserPlansDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *UserPlansDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg userPlansModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	customerID, ok := d.data.requireCustomer(cfg.CustomerID, customerIDPath, "portal_user_plans", &resp.Diagnostics)
	if !ok {
		return
	}
	cfg.CustomerID = types.StringValue(customerID)
	plans, err := d.data.client.ListUserPlans(ctx, customerID)
	if err != nil {
		addAPIError(&resp.Diagnostics, "Cannot list the user plans of customer "+customerID, d.data.verifiedAbsence(ctx, err))
		return
	}
	cfg.Plans = make([]userPlanModel, 0, len(plans))
	for _, p := range plans {
		cfg.Plans = append(cfg.Plans, userPlanModel{
			Name:          types.StringValue(p.Name),
			Description:   types.StringValue(p.Description),
			MailboxSizeMB: types.Int64Value(int64(p.MailboxSizeMB)),
			SharedMailbox: types.BoolValue(p.SharedMailbox),
		})
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, cfg)...)
}
