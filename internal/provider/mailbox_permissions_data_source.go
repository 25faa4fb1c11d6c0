package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var _ datasource.DataSourceWithConfigure = &MailboxPermissionsDataSource{}

// MailboxPermissionsDataSource lists every grant on a mailbox, for audits: who can do what with it,
// whether or not Terraform manages the grant.
type MailboxPermissionsDataSource struct {
	data *providerData
}

// NewMailboxPermissionsDataSource is the data source's constructor for the provider.
func NewMailboxPermissionsDataSource() datasource.DataSource { return &MailboxPermissionsDataSource{} }

type mailboxPermissionsModel struct {
	MailboxID types.String `tfsdk:"mailbox_id"`
	Grants    []grantModel `tfsdk:"grants"`
}

type grantModel struct {
	UserID      types.String `tfsdk:"user_id"`
	GranteeKind types.String `tfsdk:"grantee_kind"`
	Permissions types.Set    `tfsdk:"permissions"`
}

func (d *MailboxPermissionsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_mailbox_permissions"
}

func (d *MailboxPermissionsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists every grant on a mailbox — who can do what with it — including grants made by hand in " +
			"the portal. Administrators have all permissions without a grant and are never listed.",
		Attributes: map[string]schema.Attribute{
			"mailbox_id": schema.StringAttribute{
				MarkdownDescription: "User ID of the mailbox (`usr_…`), such as the `id` of a `portal_shared_mailbox`, which " +
					"must be provisioned; or the ID of a submailbox (`smb_…`), such as the `id` of a `portal_submailbox`. " +
					"Only the grants on that mailbox or submailbox itself are listed: none carry over between them.",
				Required:   true,
				Validators: []validator.String{stringvalidator.RegexMatches(mailboxIDPattern, mailboxIDRule)},
			},
			"grants": schema.ListNestedAttribute{
				MarkdownDescription: "The grants, ordered by `user_id`; empty when nobody has been given any permission.",
				Computed:            true,
				NestedObject: schema.NestedAttributeObject{
					Attributes: map[string]schema.Attribute{
						"user_id": schema.StringAttribute{Computed: true,
							MarkdownDescription: "The grantee: a portal user (`usr_…`) or an application user (`apu_…`)."},
						"grantee_kind": schema.StringAttribute{Computed: true,
							MarkdownDescription: "`user` or `application_user`."},
						"permissions": schema.SetAttribute{Computed: true, ElementType: types.StringType,
							MarkdownDescription: "The grantee's permissions on the mailbox."},
					},
				},
			},
		},
	}
}

func (d *MailboxPermissionsDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *MailboxPermissionsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg mailboxPermissionsModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	grants, err := d.data.client.ListPermissions(ctx, cfg.MailboxID.ValueString())
	if err != nil {
		addAPIError(&resp.Diagnostics, "Cannot list the permissions on mailbox "+cfg.MailboxID.ValueString(), err)
		return
	}
	cfg.Grants = make([]grantModel, 0, len(grants))
	for _, g := range grants {
		perms, diags := types.SetValueFrom(ctx, types.StringType, g.Permissions)
		resp.Diagnostics.Append(diags...)
		cfg.Grants = append(cfg.Grants, grantModel{
			UserID:      types.StringValue(g.GranteeID),
			GranteeKind: types.StringValue(g.GranteeKind),
			Permissions: perms,
		})
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, cfg)...)
}
