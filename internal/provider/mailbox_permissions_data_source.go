package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/datasourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var (
	_ datasource.DataSourceWithConfigure        = &MailboxPermissionsDataSource{}
	_ datasource.DataSourceWithConfigValidators = &MailboxPermissionsDataSource{}
)

// MailboxPermissionsDataSource lists every grant on a mailbox, or on a customer's shared mailboxes, for
// audits and adoption: who can do what with them, whether or not Terraform manages the grant.
type MailboxPermissionsDataSource struct {
	data *providerData
}

// NewMailboxPermissionsDataSource is the data source's constructor for the provider.
func NewMailboxPermissionsDataSource() datasource.DataSource { return &MailboxPermissionsDataSource{} }

type mailboxPermissionsModel struct {
	MailboxID  types.String `tfsdk:"mailbox_id"`
	CustomerID types.String `tfsdk:"customer_id"`
	Grants     []grantModel `tfsdk:"grants"`
}

type grantModel struct {
	MailboxID   types.String `tfsdk:"mailbox_id"`
	UserID      types.String `tfsdk:"user_id"`
	GranteeKind types.String `tfsdk:"grantee_kind"`
	Permissions types.Set    `tfsdk:"permissions"`
	Automapping types.Bool   `tfsdk:"automapping"`
}

func (d *MailboxPermissionsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_mailbox_permissions"
}

func (d *MailboxPermissionsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists every grant on a mailbox — who can do what with it — including grants made by hand in " +
			"the portal; or, with `customer_id`, every grant on a customer's shared mailboxes and their submailboxes, " +
			"for audits and for adopting grants made by hand with `import` blocks and `for_each`. Administrators have " +
			"all permissions without a grant and are never listed. The portal answers a page of up to 500 grants per request.",
		Attributes: map[string]schema.Attribute{
			"mailbox_id": schema.StringAttribute{
				MarkdownDescription: "User ID of the mailbox (`usr_…`), such as the `id` of a `portal_shared_mailbox`, which " +
					"must be provisioned; or the ID of a submailbox (`smb_…`), such as the `id` of a `portal_submailbox`. " +
					"Only the grants on that mailbox or submailbox itself are listed: none carry over between them. Set " +
					"at most one of `mailbox_id` and `customer_id`.",
				Optional:   true,
				Validators: []validator.String{stringvalidator.RegexMatches(mailboxIDPattern, mailboxIDRule)},
			},
			"customer_id": schema.StringAttribute{
				MarkdownDescription: "ID of a customer (`cus_…`): list the grants on every shared mailbox of the customer " +
					"and on their submailboxes, in one paged listing. Set at most one of `mailbox_id` and `customer_id`; " +
					"with neither, the provider's `customer_id` is the customer.",
				Optional:   true,
				Computed:   true,
				Validators: []validator.String{customerIDValidator()},
			},
			"grants": schema.ListNestedAttribute{
				MarkdownDescription: "The grants, ordered by `mailbox_id`, then `user_id`; empty when nobody has been given any permission.",
				Computed:            true,
				NestedObject: schema.NestedAttributeObject{
					Attributes: map[string]schema.Attribute{
						"mailbox_id": schema.StringAttribute{Computed: true,
							MarkdownDescription: "The mailbox (`usr_…`) or submailbox (`smb_…`) the grant is on."},
						"user_id": schema.StringAttribute{Computed: true,
							MarkdownDescription: "The grantee: a portal user (`usr_…`) or an application user (`apu_…`)."},
						"grantee_kind": schema.StringAttribute{Computed: true,
							MarkdownDescription: "`user` or `application_user`."},
						"permissions": schema.SetAttribute{Computed: true, ElementType: types.StringType,
							MarkdownDescription: "The grantee's permissions on the mailbox."},
						"automapping": schema.BoolAttribute{Computed: true,
							MarkdownDescription: "With `full_access`: whether the mailbox appears by itself in the grantee's " +
								"Outlook (Exchange's AutoMapping); null without `full_access`."},
					},
				},
			},
		},
	}
}

func (d *MailboxPermissionsDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return []datasource.ConfigValidator{datasourcevalidator.Conflicting(path.MatchRoot("mailbox_id"), path.MatchRoot("customer_id"))}
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
	grants, where := d.data.client.EachPermission(ctx, cfg.MailboxID.ValueString(), 0), "mailbox "+cfg.MailboxID.ValueString()
	if cfg.MailboxID.IsNull() {
		customerID, ok := d.data.requireCustomer(cfg.CustomerID, customerIDPath, "portal_mailbox_permissions without mailbox_id", &resp.Diagnostics)
		if !ok {
			return
		}
		cfg.CustomerID = types.StringValue(customerID)
		grants = d.data.client.EachCustomerPermission(ctx, customerID, true, 0)
		where = "the shared mailboxes of customer " + customerID
	}
	cfg.Grants = []grantModel{}
	for g, err := range grants {
		if err != nil {
			addAPIError(&resp.Diagnostics, "Cannot list the permissions on "+where, d.data.verifiedAbsence(ctx, err))
			return
		}
		perms, diags := types.SetValueFrom(ctx, types.StringType, g.Permissions)
		resp.Diagnostics.Append(diags...)
		cfg.Grants = append(cfg.Grants, grantModel{
			MailboxID:   types.StringValue(g.MailboxID),
			UserID:      types.StringValue(g.GranteeID),
			GranteeKind: types.StringValue(g.GranteeKind),
			Permissions: perms,
			Automapping: types.BoolPointerValue(g.Automapping),
		})
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, cfg)...)
}
