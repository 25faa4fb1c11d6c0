package provider

import (
	"context"
	"fmt"
	"regexp"

	"github.com/csportal/terraform-provider-portal/internal/api"
	"github.com/csportal/terraform-provider-portal/internal/customtypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/datasourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

var (
	_ datasource.DataSourceWithConfigure        = &ApplicationUserDataSource{}
	_ datasource.DataSourceWithConfigValidators = &ApplicationUserDataSource{}
)

var applicationUserIDPattern = regexp.MustCompile(`^apu_[0-9a-f]{16}$`)

// ApplicationUserDataSource reads an application user managed elsewhere, typically the grantee of a
// mailbox permission.
type ApplicationUserDataSource struct {
	data *providerData
}

// NewApplicationUserDataSource is the data source's constructor for the provider.
func NewApplicationUserDataSource() datasource.DataSource { return &ApplicationUserDataSource{} }

func (d *ApplicationUserDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_application_user"
}

func (d *ApplicationUserDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads a user of an integration application by its ID, or by application and username — " +
			"for example the application user to grant `create_messages` on a shared mailbox with `portal_mailbox_permission`. " +
			"The same username in two applications, or for two customers, names two unrelated records, so a username needs " +
			"its application, and its customer when several customers the token reaches hold the name.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "Application user ID (`apu_…`). Set either `id` or `username` (with `application_id`). " +
					"Looking up by ID alone searches every application; add `application_id` to read it with one request.",
				Optional: true,
				Computed: true,
				Validators: []validator.String{stringvalidator.RegexMatches(applicationUserIDPattern,
					"must be an application user ID such as apu_0123456789abcdef")},
			},
			"application_id": schema.StringAttribute{
				MarkdownDescription: "Application ID (`app_…`); required with `username`, since usernames are unique per application (and customer) only.",
				Optional:            true,
				Computed:            true,
				Validators:          []validator.String{applicationIDValidator()},
			},
			"customer_id": schema.StringAttribute{
				MarkdownDescription: "Customer ID (`cus_…`) whose record to read, with `username`: needed when several customers " +
					"the token reaches have a user of that name in the application. Otherwise the record's customer.",
				Optional:   true,
				Computed:   true,
				Validators: []validator.String{customerIDValidator()},
			},
			"username": schema.StringAttribute{
				MarkdownDescription: "Username, matched without regard to case. Requires `application_id`.",
				CustomType:          customtypes.CaseInsensitiveStringType{},
				Optional:            true,
				Computed:            true,
				Validators: append(usernameValidators(),
					stringvalidator.AlsoRequires(path.MatchRoot("application_id"))),
			},
			"display_name": schema.StringAttribute{Computed: true, MarkdownDescription: "Name shown for the user."},
			"email": schema.StringAttribute{
				Computed: true, CustomType: customtypes.CaseInsensitiveStringType{},
				MarkdownDescription: "Contact email address; null when the user has none.",
			},
			"enabled": schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether the user can sign in."},
		},
	}
}

func (d *ApplicationUserDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return []datasource.ConfigValidator{datasourcevalidator.ExactlyOneOf(path.MatchRoot("id"), path.MatchRoot("username"))}
}

func (d *ApplicationUserDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *ApplicationUserDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m applicationUserState
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	var u api.ApplicationUser
	var err error
	if !m.ID.IsNull() {
		u, err = d.data.findApplicationUser(ctx, m.ApplicationID.ValueString(), m.ID.ValueString())
	} else {
		u, err = d.data.findApplicationUserByName(ctx, m.ApplicationID.ValueString(), m.CustomerID.ValueString(), m.Username.ValueString())
	}
	if err == nil && !m.CustomerID.IsNull() && u.CustomerID != m.CustomerID.ValueString() {
		err = fmt.Errorf("application user %s is a record of customer %s, not of customer %s", u.ID, u.CustomerID, m.CustomerID.ValueString())
	}
	if err != nil {
		addAPIError(&resp.Diagnostics, "Cannot find the application user", d.data.verifiedAbsence(ctx, err))
		return
	}
	configured := m.Username
	m.fill(u)
	if !configured.IsNull() {
		m.Username = configured // the lookup ignored case: Terraform wants the configured spelling back
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
}
