package provider

import (
	"context"
	"maps"

	"github.com/csportal/terraform-provider-portal/internal/api"

	"github.com/csportal/terraform-provider-portal/internal/client"
	"github.com/csportal/terraform-provider-portal/internal/customtypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/datasourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var (
	_ datasource.DataSourceWithConfigure        = &SharedMailboxDataSource{}
	_ datasource.DataSourceWithConfigValidators = &SharedMailboxDataSource{}
)

// SharedMailboxDataSource reads a shared mailbox that is managed elsewhere, by ID or address.
type SharedMailboxDataSource struct {
	data *providerData
}

// NewSharedMailboxDataSource is the data source's constructor for the provider.
func NewSharedMailboxDataSource() datasource.DataSource { return &SharedMailboxDataSource{} }

func (d *SharedMailboxDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_shared_mailbox"
}

// sharedMailboxReport is a shared mailbox as the data sources show it: what the resource holds, and how
// much mail the mailbox holds, which changes by the minute and so is no part of the resource.
type sharedMailboxReport struct {
	sharedMailboxState
	StorageUsedMB types.Int64 `tfsdk:"storage_used_mb"`
}

func (m *sharedMailboxReport) fill(user api.User, service api.HostedExchange) diag.Diagnostics {
	m.StorageUsedMB = types.Int64Value(service.StorageUsedMB)
	return m.sharedMailboxState.fill(user, service)
}

func (d *SharedMailboxDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := sharedMailboxAttributes()
	attrs["id"] = schema.StringAttribute{
		MarkdownDescription: "User ID of the mailbox (`usr_…`). Set either `id` or `email_address`.",
		Optional:            true,
		Computed:            true,
	}
	attrs["email_address"] = schema.StringAttribute{
		MarkdownDescription: "An address of the mailbox, matched without regard to case. Set either `id` or `email_address`.",
		CustomType:          customtypes.CaseInsensitiveStringType{},
		Optional:            true,
		Computed:            true,
		Validators:          emailValidators(),
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads a shared mailbox — a generic user with the Hosted Exchange service — by its user ID " +
			"or by one of its email addresses, for configurations that grant permissions on a mailbox managed elsewhere.",
		Attributes: attrs,
	}
}

// sharedMailboxAttributes are the attributes of a shared mailbox as the data sources show it, every one
// computed: what sharedMailboxState holds.
func sharedMailboxAttributes() map[string]schema.Attribute {
	computed := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{Computed: true, MarkdownDescription: desc}
	}
	attrs := map[string]schema.Attribute{
		"id":          computed("User ID of the mailbox's generic user (`usr_…`)."),
		"customer_id": computed("Customer that owns the mailbox."),
		"username": schema.StringAttribute{
			Computed: true, CustomType: customtypes.CaseInsensitiveStringType{},
			MarkdownDescription: "Username of the generic user, as a configuration writes it: without the customer's code " +
				"where the portal appends it (see `login_name`).",
		},
		"login_name":   computed(loginNameDescription),
		"first_name":   computed("First name of the generic user."),
		"last_name":    computed("Last name of the generic user."),
		"display_name": computed("Display name."),
		"email_address": schema.StringAttribute{
			Computed: true, CustomType: customtypes.CaseInsensitiveStringType{},
			MarkdownDescription: "Primary email address of the mailbox.",
		},
		"email_aliases": schema.SetAttribute{
			Computed: true, ElementType: customtypes.CaseInsensitiveStringType{},
			MarkdownDescription: "Further addresses of the mailbox.",
		},
		"user_plan":           computed("Hosted Exchange user plan."),
		"login_enabled":       schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether the generic user can log in (normally `false`)."},
		"provisioning_status": computed("Status of the Hosted Exchange service."),
		"calendar": schema.SingleNestedAttribute{
			Computed:            true,
			MarkdownDescription: "The mailbox's shared calendar.",
			Attributes: map[string]schema.Attribute{
				"name":   schema.StringAttribute{Computed: true, MarkdownDescription: "Name of the calendar."},
				"shared": schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether the mailbox's users share it."},
				// Configured with calendar_default_access of portal_shared_mailbox.
				"default_access": schema.StringAttribute{Computed: true, MarkdownDescription: calendarDefaultAccessHeld},
			},
		},
	}
	maps.Copy(attrs, mailboxSettingsDataAttributes())
	return attrs
}

func (d *SharedMailboxDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return []datasource.ConfigValidator{datasourcevalidator.ExactlyOneOf(path.MatchRoot("id"), path.MatchRoot("email_address"))}
}

func (d *SharedMailboxDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *SharedMailboxDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m sharedMailboxReport
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	user, err := d.data.findUser(ctx, m.ID.ValueString(), client.UserFilter{Email: m.EmailAddress.ValueString()})
	if err != nil {
		addAPIError(&resp.Diagnostics, "Cannot find the shared mailbox", d.data.verifiedAbsence(ctx, err))
		return
	}
	_, service, err := d.data.readMailbox(ctx, user.ID)
	if err != nil {
		addAPIError(&resp.Diagnostics, "Cannot read shared mailbox "+user.ID, d.data.verifiedAbsence(ctx, err))
		return
	}
	lookedUp := m.EmailAddress
	resp.Diagnostics.Append(m.fill(user, service)...)
	d.data.settleUsername(ctx, &m.sharedMailboxState, user.CustomerID, customtypes.NewCaseInsensitiveStringNull())
	if !lookedUp.IsNull() {
		m.EmailAddress = lookedUp // may be an alias: Terraform wants the configured value back
	} else if m.EmailAddress.IsNull() && user.PrimaryEmail != "" {
		m.EmailAddress = customtypes.NewCaseInsensitiveStringValue(user.PrimaryEmail)
	}
	m.EmailAliases = nonNullSet(m.EmailAliases)
	resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
}

func nonNullSet(s types.Set) types.Set {
	if s.IsNull() {
		return types.SetValueMust(customtypes.CaseInsensitiveStringType{}, nil)
	}
	return s
}
