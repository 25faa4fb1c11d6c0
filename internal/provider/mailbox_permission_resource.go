package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/csportal/terraform-provider-portal/internal/api"
	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var (
	_ resource.ResourceWithConfigure   = &MailboxPermissionResource{}
	_ resource.ResourceWithIdentity    = &MailboxPermissionResource{}
	_ resource.ResourceWithImportState = &MailboxPermissionResource{}
	_ resource.ResourceWithModifyPlan  = &MailboxPermissionResource{}

	_ resource.ResourceWithValidateConfig = &MailboxPermissionResource{}
)

// MailboxPermissionResource manages what one user or application user may do with one mailbox (R4, R8):
// the grantee's whole set of permissions on it.
type MailboxPermissionResource struct {
	data *providerData
}

// NewMailboxPermissionResource is the resource's constructor for the provider.
func NewMailboxPermissionResource() resource.Resource { return &MailboxPermissionResource{} }

type mailboxPermissionModel struct {
	ID          types.String   `tfsdk:"id"`
	MailboxID   types.String   `tfsdk:"mailbox_id"`
	UserID      types.String   `tfsdk:"user_id"`
	Permissions types.Set      `tfsdk:"permissions"`
	Timeouts    timeouts.Value `tfsdk:"timeouts"`
	Automapping types.Bool     `tfsdk:"automapping"`
}

func permissionID(mailboxID, granteeID string) string { return mailboxID + "/" + granteeID }

// mailboxPermissionIdentity is the mailbox and the grantee: the portal reads a grant by both.
var mailboxPermissionIdentity = resourceIdentity{typeName: "portal_mailbox_permission", attributes: []identityAttribute{
	{
		name: "mailbox_id", description: "The mailbox (usr_…) or submailbox (smb_…) the grant is on.",
		pattern: mailboxIDPattern, rule: mailboxIDRule, example: "usr_0123456789abcdef",
	},
	{
		name: "user_id", description: "The grantee: a portal user (usr_…) or an application user (apu_…).",
		pattern: granteeIDPattern, rule: granteeIDRule, example: "apu_0123456789abcdef",
	},
}}

// fill takes the grant as the portal holds it.
func (m *mailboxPermissionModel) fill(ctx context.Context, p api.Permission) diag.Diagnostics {
	perms, diags := types.SetValueFrom(ctx, types.StringType, p.Permissions)
	m.ID = types.StringValue(permissionID(p.MailboxID, p.GranteeID))
	m.MailboxID = types.StringValue(p.MailboxID)
	m.UserID = types.StringValue(p.GranteeID)
	m.Permissions = perms
	m.Automapping = types.BoolPointerValue(p.Automapping)
	return diags
}

func (r *MailboxPermissionResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_mailbox_permission"
}

func (r *MailboxPermissionResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = mailboxPermissionIdentity.schema()
}

func (r *MailboxPermissionResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "What one portal user or application user may do with one mailbox: the grantee's whole set " +
			"of permissions on it. Permissions are set per mailbox per user and nobody has any until granted. Only " +
			"administrators can assign or remove permissions, so the provider must be configured with an " +
			"administrator's API token; administrators themselves have all permissions and cannot be granted any. " +
			"A mailbox whose login is disabled (as a shared mailbox's is) is enabled for the change and disabled again.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "`mailbox_id/user_id`, also the import ID.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"mailbox_id": schema.StringAttribute{
				MarkdownDescription: "The mailbox: its user ID (`usr_…`), typically the `id` of a `portal_shared_mailbox`, or " +
					"a submailbox's ID (`smb_…`), the `id` of a `portal_submailbox`. A grant on a mailbox does not carry " +
					"over to its submailboxes, nor one on a submailbox to the submailboxes inside it. Changing it replaces " +
					"the grant.",
				Required:      true,
				Validators:    []validator.String{stringvalidator.RegexMatches(mailboxIDPattern, mailboxIDRule)},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"user_id": schema.StringAttribute{
				MarkdownDescription: "The grantee: a portal user (`usr_…`, see the `portal_user` data source) or an application " +
					"user (`apu_…`). Must not be an administrator. Changing it replaces the grant.",
				Required:      true,
				Validators:    []validator.String{stringvalidator.RegexMatches(granteeIDPattern, granteeIDRule)},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"permissions": schema.SetAttribute{
				MarkdownDescription: "At least one of `" + strings.Join(api.AllPermissions, "`, `") + "`. Each is an " +
					"independent flag; none implies another. Application users may only hold `" +
					strings.Join(api.ApplicationPermissions, "` and `") + "`. Changes are made in place; to remove every " +
					"permission, remove the resource.",
				ElementType: types.StringType,
				Required:    true,
				Validators:  permissionSetValidators(),
			},
			"timeouts":    timeoutsAttribute(ctx, lockedChangeWaits),
			"automapping": automappingAttribute(),
		},
	}
}

func (r *MailboxPermissionResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

// ModifyPlan predicts the ID and checks the portal's rules (R10–R12) wherever a change is planned and the
// values are known. A plan that changes no grant asks the portal nothing beyond the refresh.
func (r *MailboxPermissionResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if r.data == nil {
		return
	}
	if req.Plan.Raw.IsNull() {
		r.data.checkMayManagePermissions(ctx, &resp.Diagnostics) // removing a grant needs an administrator too
		return
	}
	var plan, state mailboxPermissionModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	creating := req.State.Raw.IsNull()
	if !creating {
		resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	}
	if resp.Diagnostics.HasError() {
		return
	}
	var configured types.Bool
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("automapping"), &configured)...)
	plan.Automapping = plannedAutomapping(ctx, configured, plan.Permissions)
	resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("automapping"), plan.Automapping)...)
	changing := creating || !plan.Permissions.Equal(state.Permissions) || !plan.Automapping.Equal(state.Automapping) ||
		!plan.MailboxID.Equal(state.MailboxID) || !plan.UserID.Equal(state.UserID)
	if !plan.MailboxID.IsUnknown() && !plan.UserID.IsUnknown() {
		mailboxID, granteeID := plan.MailboxID.ValueString(), plan.UserID.ValueString()
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("id"), permissionID(mailboxID, granteeID))...)
		for _, c := range r.data.claims.claimGrant(mailboxID, granteeID, claimedSet(ctx, plan.Permissions)) {
			resp.Diagnostics.AddAttributeWarning(path.Root("mailbox_id"), c.summary(), c.detail())
		}
		r.data.warnOfSendOnHidden(ctx, mailboxID, granteeID, claimedSet(ctx, plan.Permissions), changing,
			path.Root("permissions"), &resp.Diagnostics)
	}
	if !changing {
		return
	}
	if !r.data.checkMayManagePermissions(ctx, &resp.Diagnostics) {
		return
	}
	at := grantPaths{grantee: path.Root("user_id"), permissions: path.Root("permissions"), customerHint: privateCustomer(ctx, req.Private)}
	if !plan.MailboxID.IsUnknown() {
		at.mailboxID = plan.MailboxID.ValueString()
	}
	r.data.checkGrant(ctx, plan.UserID, plan.Permissions, at, &resp.Diagnostics)
}

// ValidateConfig refuses automapping without full_access, which the portal would refuse at apply time, and
// warns of send_as and send_on_behalf together.
func (r *MailboxPermissionResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var cfg mailboxPermissionModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	perms, known := knownStrings(ctx, cfg.Permissions)
	if !known {
		return
	}
	validateAutomapping(cfg.Automapping, perms, path.Root("automapping"), &resp.Diagnostics)
	warnOfBothSendRights(cfg.UserID.ValueString(), perms, path.Root("permissions"), &resp.Diagnostics)
}

func (r *MailboxPermissionResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	r.put(ctx, req.Plan, nil, &resp.State, &resp.Diagnostics, "Cannot grant permissions", "create")
	mailboxPermissionIdentity.setIdentity(ctx, &resp.State, resp.Identity, &resp.Diagnostics)
}

func (r *MailboxPermissionResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var prior mailboxPermissionModel
	resp.Diagnostics.Append(req.State.Get(ctx, &prior)...)
	r.put(ctx, req.Plan, &prior, &resp.State, &resp.Diagnostics, "Cannot change permissions", "update")
	mailboxPermissionIdentity.setIdentity(ctx, &resp.State, resp.Identity, &resp.Diagnostics)
}

// put replaces the grantee's set with the planned one (PUT is idempotent, so create and update are the
// same call), under the lock of the mailbox (a submailbox's own mailbox) with its login enabled as R6
// demands; a change of automapping regrants full_access in the same dance (automapping.go). prior is the
// state of an update, nil for a create. A grant that was made is stored even when restoring the login
// failed afterwards: it exists, and the error says what is left to do; so is a grant a regrant left
// without full_access, so that the next plan shows it.
func (r *MailboxPermissionResource) put(ctx context.Context, planned tfsdk.Plan, prior *mailboxPermissionModel, state *tfsdk.State,
	diags *diag.Diagnostics, summary, operation string) {
	var plan mailboxPermissionModel
	diags.Append(planned.Get(ctx, &plan)...)
	perms, _ := stringsOf(ctx, plan.Permissions) // known at apply time
	if diags.HasError() {
		return
	}
	spec := api.PermissionSpec{Permissions: perms, Automapping: plan.Automapping.ValueBoolPointer()}
	remap := false
	if prior != nil {
		held, _ := stringsOf(ctx, prior.Permissions)
		remap = needsRegrant(held, prior.Automapping.ValueBoolPointer(), spec)
	}
	ctx, done, ok := withTimeLimit(ctx, diags, plan.Timeouts, operation)
	if !ok {
		return
	}
	defer done()
	mailboxID, granteeID := plan.MailboxID.ValueString(), plan.UserID.ValueString()

	var after grantAfter
	granted, err := changeOnMailboxFor(ctx, r.data, mailboxID, func(ctx context.Context) (api.Permission, error) {
		return r.data.putGrant(ctx, mailboxID, granteeID, spec, remap, &after)
	})
	if err == nil {
		// A new grant may not be readable yet, and the next refresh must find it (see awaitVisible).
		err = awaitVisible(ctx, "the grant "+permissionID(mailboxID, granteeID), func(ctx context.Context) error {
			_, err := r.data.client.GetPermission(ctx, mailboxID, granteeID)
			return err
		})
	}
	if granted == nil && after.changed {
		granted = after.grant // nil: no grant left, and the next refresh removes it from the state
	}
	if granted != nil {
		diags.Append(plan.fill(ctx, *granted)...)
		diags.Append(state.Set(ctx, plan)...)
	}
	if err != nil && !r.data.granteeRefusal(ctx, path.Root("user_id"), mailboxID, "", granteeID, err).addTo(diags) {
		r.data.addPermissionError(ctx, diags, fmt.Sprintf("%s on mailbox %s to %s", summary, mailboxID, granteeID), err)
	}
}

// Read is one GET of the grant, the whole of a refresh. A grant that is gone — removed by hand, or with
// its grantee, its submailbox, or the mailbox's service or user — leaves the state, so the next plan creates it again.
func (r *MailboxPermissionResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state mailboxPermissionModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	// From the state Terraform holds: also when the grant is gone, and for a CLI that keeps no identity.
	mailboxPermissionIdentity.setIdentity(ctx, &req.State, resp.Identity, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	p, err := r.data.refreshGrant(ctx, privateCustomer(ctx, req.Private), state.MailboxID.ValueString(), state.UserID.ValueString())
	if !settleRead(ctx, resp, "Cannot read permissions "+permissionID(state.MailboxID.ValueString(), state.UserID.ValueString()), err) {
		return
	}
	recordCustomer(ctx, resp.Private, p.CustomerID, &resp.Diagnostics)
	resp.Diagnostics.Append(state.fill(ctx, p)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
}

// Delete removes the grant. A grant, (sub)mailbox or grantee that is already gone is success.
func (r *MailboxPermissionResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state mailboxPermissionModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, done, ok := withTimeLimit(ctx, &resp.Diagnostics, state.Timeouts, "delete")
	if !ok {
		return
	}
	defer done()
	mailboxID, granteeID := state.MailboxID.ValueString(), state.UserID.ValueString()
	if !r.data.deletableWithinReach(ctx, &resp.Diagnostics, "the grant "+permissionID(mailboxID, granteeID),
		r.data.mailboxOwner(ctx, mailboxID, privateCustomer(ctx, req.Private))) {
		return
	}
	err := r.data.removeFromMailbox(ctx, mailboxID, func(ctx context.Context) error {
		return r.data.client.DeletePermission(ctx, mailboxID, granteeID)
	})
	if err != nil {
		r.data.addPermissionError(ctx, &resp.Diagnostics,
			fmt.Sprintf("Cannot remove the permissions of %s on mailbox %s", granteeID, mailboxID), err)
	}
}

// ImportState accepts an identity {mailbox_id, user_id} or the import ID `mailbox_id/user_id`; Read
// fills in the rest, the composite id included.
func (r *MailboxPermissionResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	mailboxPermissionIdentity.importObject(ctx, req, resp, mailboxPermissionIdentity.parseJoinedID,
		func(ctx context.Context, key objectKey) error {
			_, err := r.data.client.GetPermission(ctx, key["mailbox_id"], key["user_id"])
			return r.data.verifiedAbsence(ctx, err)
		})
}
