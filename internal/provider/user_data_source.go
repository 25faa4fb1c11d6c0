package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/csportal/terraform-provider-portal/internal/api"
	"github.com/csportal/terraform-provider-portal/internal/client"
	"github.com/csportal/terraform-provider-portal/internal/customtypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/datasourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var (
	_ datasource.DataSourceWithConfigure        = &UserDataSource{}
	_ datasource.DataSourceWithConfigValidators = &UserDataSource{}
)

// UserDataSource looks up a portal user, typically the grantee of a mailbox permission.
type UserDataSource struct {
	data *providerData
}

// NewUserDataSource is the data source's constructor for the provider.
func NewUserDataSource() datasource.DataSource { return &UserDataSource{} }

type userModel struct {
	ID           types.String                      `tfsdk:"id"`
	CustomerID   types.String                      `tfsdk:"customer_id"`
	Username     customtypes.CaseInsensitiveString `tfsdk:"username"`
	LoginName    types.String                      `tfsdk:"login_name"`
	Email        customtypes.CaseInsensitiveString `tfsdk:"email"`
	FirstName    types.String                      `tfsdk:"first_name"`
	LastName     types.String                      `tfsdk:"last_name"`
	DisplayName  types.String                      `tfsdk:"display_name"`
	Role         types.String                      `tfsdk:"role"`
	LoginEnabled types.Bool                        `tfsdk:"login_enabled"`
}

func (d *UserDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_user"
}

func (d *UserDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Looks up a portal user by ID, by customer and username, or by email address — for example " +
			"the user to grant permissions on a shared mailbox with `portal_mailbox_permission`.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "User ID (`usr_…`). Set exactly one of `id`, `username` (in `customer_id`, or the provider's) or `email`.",
				Optional:            true,
				Computed:            true,
			},
			"customer_id": schema.StringAttribute{
				MarkdownDescription: "Customer ID (`cus_…`) of a lookup by `username`, since usernames are unique per customer " +
					"only; defaults to the provider's `customer_id`. Read back as the user's customer.",
				Optional:   true,
				Computed:   true,
				Validators: []validator.String{customerIDValidator()},
			},
			"username": schema.StringAttribute{
				MarkdownDescription: "Username, matched without regard to case, in `customer_id` (or the provider's `customer_id`). " +
					"Where the customer's portal appends its code to usernames, with or without the code (see `login_name`).",
				CustomType: customtypes.CaseInsensitiveStringType{},
				Optional:   true,
				Computed:   true,
				Validators: usernameValidators(),
			},
			"email": schema.StringAttribute{
				MarkdownDescription: "An email address of the user's mailbox (primary or alias), matched without regard to case. " +
					"Read back as the primary address.",
				CustomType: customtypes.CaseInsensitiveStringType{},
				Optional:   true,
				Computed:   true,
				Validators: emailValidators(),
			},
			"login_name":    schema.StringAttribute{Computed: true, MarkdownDescription: loginNameDescription},
			"first_name":    schema.StringAttribute{Computed: true, MarkdownDescription: "First name."},
			"last_name":     schema.StringAttribute{Computed: true, MarkdownDescription: "Last name."},
			"display_name":  schema.StringAttribute{Computed: true, MarkdownDescription: "Display name."},
			"role":          schema.StringAttribute{Computed: true, MarkdownDescription: "`admin` or `user`. Administrators have all mailbox permissions and cannot be granted any."},
			"login_enabled": schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether the user can log in."},
		},
	}
}

func (d *UserDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return []datasource.ConfigValidator{
		datasourcevalidator.ExactlyOneOf(path.MatchRoot("id"), path.MatchRoot("username"), path.MatchRoot("email")),
	}
}

func (d *UserDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *UserDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg userModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	customerID := cfg.CustomerID.ValueString()
	if !cfg.Username.IsNull() {
		var ok bool
		if customerID, ok = d.data.requireCustomer(cfg.CustomerID, customerIDPath, "A lookup of portal_user by username", &resp.Diagnostics); !ok {
			return
		}
	}
	username := cfg.Username.ValueString()
	if username != "" {
		// The portal matches the stored name (R17): the customer says what that is.
		if c, err := d.data.customer(ctx, customerID); err == nil {
			username = loginNameOf(username, c)
		}
	}
	user, err := d.data.findUser(ctx, cfg.ID.ValueString(), client.UserFilter{
		CustomerID: customerID,
		Username:   username,
		Email:      cfg.Email.ValueString(),
	})
	if err != nil {
		addAPIError(&resp.Diagnostics, "Cannot find the portal user", d.data.verifiedAbsence(ctx, err))
		return
	}
	// Keep the configured spelling of username and email: the lookup matched them without regard to case.
	written, email := cfg.Username, cfg.Email
	if written.IsNull() || !strings.EqualFold(username, user.Username) {
		written = customtypes.NewCaseInsensitiveStringValue(d.data.shortNameIn(ctx, user.CustomerID, user.Username))
	}
	if email.IsNull() && user.PrimaryEmail != "" {
		email = customtypes.NewCaseInsensitiveStringValue(user.PrimaryEmail)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, userModel{
		ID:           types.StringValue(user.ID),
		CustomerID:   types.StringValue(user.CustomerID),
		Username:     written,
		LoginName:    types.StringValue(user.Username),
		Email:        email,
		FirstName:    types.StringValue(user.FirstName),
		LastName:     types.StringValue(user.LastName),
		DisplayName:  types.StringValue(user.DisplayName),
		Role:         types.StringValue(user.Role),
		LoginEnabled: types.BoolValue(user.LoginEnabled),
	})...)
}

// findUser gets a user by ID, or the single user matching the filter.
func (d *providerData) findUser(ctx context.Context, id string, filter client.UserFilter) (api.User, error) {
	if id != "" {
		return d.client.GetUser(ctx, id)
	}
	users, err := d.client.ListUsers(ctx, filter)
	if err != nil {
		return api.User{}, err
	}
	if len(users) != 1 {
		return api.User{}, fmt.Errorf("%d users match %s; the lookup must match exactly one", len(users), describeFilter(filter))
	}
	return users[0], nil
}

func describeFilter(f client.UserFilter) string {
	var parts []string
	if f.CustomerID != "" {
		parts = append(parts, "customer "+f.CustomerID)
	}
	if f.Username != "" {
		parts = append(parts, "username "+f.Username)
	}
	if f.Email != "" {
		parts = append(parts, "email "+f.Email)
	}
	return strings.Join(parts, ", ")
}
