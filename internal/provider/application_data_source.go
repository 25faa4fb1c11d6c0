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
	_ datasource.DataSourceWithConfigure        = &ApplicationDataSource{}
	_ datasource.DataSourceWithConfigValidators = &ApplicationDataSource{}
)

// ApplicationDataSource looks up an integration application by ID or name. Applications are set up by
// the portal's operators; Terraform only reads them.
type ApplicationDataSource struct {
	data *providerData
}

// NewApplicationDataSource is the data source's constructor for the provider.
func NewApplicationDataSource() datasource.DataSource { return &ApplicationDataSource{} }

type applicationModel struct {
	ID          types.String `tfsdk:"id"`
	Name        types.String `tfsdk:"name"`
	Description types.String `tfsdk:"description"`
}

func (d *ApplicationDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_application"
}

func (d *ApplicationDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Looks up an integration application by ID or by name, typically to get the " +
			"`application_id` of a `portal_application_user`.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "Application ID (`app_…`). Set either `id` or `name`.",
				Optional:            true,
				Computed:            true,
				Validators: []validator.String{stringvalidator.RegexMatches(applicationIDPattern,
					"must be an application ID such as app_0123456789abcdef")},
			},
			"name": schema.StringAttribute{
				MarkdownDescription: "Application name, such as `b2b-gateway`, matched without regard to case; it must name " +
					"exactly one application. Set either `id` or `name`.",
				Optional:   true,
				Computed:   true,
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"description": schema.StringAttribute{
				MarkdownDescription: "What the application is for.",
				Computed:            true,
			},
		},
	}
}

func (d *ApplicationDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return []datasource.ConfigValidator{datasourcevalidator.ExactlyOneOf(path.MatchRoot("id"), path.MatchRoot("name"))}
}

func (d *ApplicationDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *ApplicationDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg applicationModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	var app api.Application
	if !cfg.ID.IsNull() {
		a, err := d.data.client.GetApplication(ctx, cfg.ID.ValueString())
		if err != nil {
			addAPIError(&resp.Diagnostics, "Cannot read application "+cfg.ID.ValueString(), d.data.verifiedAbsence(ctx, err))
			return
		}
		app = a
	} else {
		a, ok := byName[api.Application]{
			kind: "application", plural: "applications", list: d.data.client.ListApplications,
			nameOf: func(a api.Application) string { return a.Name },
		}.find(ctx, cfg.Name.ValueString(), &resp.Diagnostics)
		if !ok {
			return
		}
		app = a
	}
	name := cfg.Name
	if name.IsNull() {
		name = types.StringValue(app.Name)
	} // else keep the configured spelling: the match ignored case
	resp.Diagnostics.Append(resp.State.Set(ctx, applicationModel{
		ID:          types.StringValue(app.ID),
		Name:        name,
		Description: types.StringValue(app.Description),
	})...)
}
