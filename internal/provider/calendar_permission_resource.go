package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/csportal/terraform-provider-portal/internal/api"
	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var (
	_ resource.ResourceWithConfigure      = &CalendarPermissionResource{}
	_ resource.ResourceWithIdentity       = &CalendarPermissionResource{}
	_ resource.ResourceWithImportState    = &CalendarPermissionResource{}
	_ resource.ResourceWithModifyPlan     = &CalendarPermissionResource{}
	_ resource.ResourceWithValidateConfig = &CalendarPermissionResource{}
)

// CalendarPermissionResource manages one person's entry on a shared mailbox's calendar (R7): the access
// level, and for an editor whether it is a delegate who also sees private items.
type CalendarPermissionResource struct {
	data *providerData
}

// NewCalendarPermissionResource is the resource's constructor for the provider.
func NewCalendarPermissionResource() resource.Resource { return &CalendarPermissionResource{} }

type calendarPermissionModel struct {
	ID              types.String   `tfsdk:"id"`
	MailboxID       types.String   `tfsdk:"mailbox_id"`
	UserID          types.String   `tfsdk:"user_id"`
	Access          types.String   `tfsdk:"access"`
	Delegate        types.Bool     `tfsdk:"delegate"`
	SeePrivateItems types.Bool     `tfsdk:"see_private_items"`
	Timeouts        timeouts.Value `tfsdk:"timeouts"`
}

// calendarPermissionIdentity is the mailbox and the person: the portal reads an entry by both.
var calendarPermissionIdentity = resourceIdentity{typeName: "portal_calendar_permission", attributes: []identityAttribute{
	{
		name: "mailbox_id", description: "The mailbox (usr_…) whose calendar the entry is on.",
		pattern: sharedMailboxIDPattern, rule: calendarMailboxRule, example: "usr_0123456789abcdef",
	},
	{
		name: "user_id", description: "The person: a portal user (usr_…).",
		pattern: sharedMailboxIDPattern, rule: "must be a portal user ID (usr_…); application users have no calendar entries",
		example: "usr_fedcba9876543210",
	},
}}

// fill takes the entry as the portal holds it.
func (m *calendarPermissionModel) fill(e api.CalendarPermission) {
	m.ID = types.StringValue(permissionID(e.MailboxID, e.GranteeID))
	m.MailboxID = types.StringValue(e.MailboxID)
	m.UserID = types.StringValue(e.GranteeID)
	m.Access = types.StringValue(e.Access)
	m.Delegate = types.BoolValue(e.Delegate)
	m.SeePrivateItems = types.BoolValue(e.SeePrivateItems)
}

func (m calendarPermissionModel) entry() calendarEntry {
	return calendarEntry{Access: m.Access.ValueString(), Delegate: m.Delegate.ValueBool(), SeePrivateItems: m.SeePrivateItems.ValueBool()}
}

func (r *CalendarPermissionResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_calendar_permission"
}

func (r *CalendarPermissionResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = calendarPermissionIdentity.schema()
}

func (r *CalendarPermissionResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "One person's entry on a shared mailbox's calendar: what they may see and do with it — from " +
			"free/busy times only to owning it — and, for an editor, whether they are a delegate who also receives the " +
			"mailbox's meeting requests and may see its private items. Calendar entries are independent of the mailbox's " +
			"permissions (`portal_mailbox_permission`): nobody has any until given one. Everyone without an entry sees " +
			"what the calendar's default access allows (`calendar_default_access` of `portal_shared_mailbox`). Entries are " +
			"for people: application users and administrators cannot be given any, and the person must be a user of the " +
			"mailbox's customer. A mailbox whose login is disabled (as a shared mailbox's is) is enabled for the change and " +
			"disabled again.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "`mailbox_id/user_id`, also the import ID.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"mailbox_id": schema.StringAttribute{
				MarkdownDescription: "The mailbox whose calendar it is: its user ID (`usr_…`), typically the `id` of a " +
					"`portal_shared_mailbox`. Only a mailbox on a shared-mailbox plan has a calendar; submailboxes have none. " +
					"Changing it replaces the entry.",
				Required:      true,
				Validators:    []validator.String{calendarMailboxValidator()},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"user_id": schema.StringAttribute{
				MarkdownDescription: "The person: a portal user (`usr_…`, see the `portal_user` data source) of the mailbox's " +
					"customer, not an administrator. Application users cannot be given calendar access. Changing it replaces the entry.",
				Required:      true,
				Validators:    []validator.String{calendarGranteeValidator{}},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"access": schema.StringAttribute{
				MarkdownDescription: "What the person may do with the calendar, one of `" + strings.Join(api.CalendarEntryAccesses, "`, `") +
					"` (least first; the provider's documentation has a table). Changed in place.",
				Required:   true,
				Validators: calendarAccessValidators(),
			},
			"delegate": schema.BoolAttribute{
				MarkdownDescription: "An `editor` who also receives the meeting requests sent to the mailbox and answers them on " +
					"its behalf. Only with `access = \"editor\"`. Defaults to `false`. Changed in place.",
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(false),
			},
			"see_private_items": schema.BoolAttribute{
				MarkdownDescription: "A delegate who also sees the items marked private. Only with `delegate = true`. Defaults " +
					"to `false`. Changed in place.",
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(false),
			},
			"timeouts": timeoutsAttribute(ctx, lockedChangeWaits),
		},
	}
}

func (r *CalendarPermissionResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

// ValidateConfig refuses what the portal refuses of any calendar entry: a delegate who is no editor,
// private items for someone who is no delegate.
func (r *CalendarPermissionResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var cfg calendarPermissionModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	validateCalendarEntry(cfg.Access, cfg.Delegate, cfg.SeePrivateItems, calendarEntryPaths{grantee: path.Root("user_id"),
		access: path.Root("access"), delegate: path.Root("delegate"), seePrivateItems: path.Root("see_private_items")}, &resp.Diagnostics)
}

// ModifyPlan predicts the ID, tells when the access list of the same mailbox manages its calendar too, and
// checks the portal's rules wherever a change is planned: an administrator's token (R10), and a grantee the
// portal accepts (R12, R16). A plan that changes no entry asks the portal nothing beyond the refresh.
func (r *CalendarPermissionResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if r.data == nil {
		return
	}
	if req.Plan.Raw.IsNull() {
		r.data.checkMayManagePermissions(ctx, &resp.Diagnostics) // removing an entry needs an administrator too
		return
	}
	var plan, state calendarPermissionModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	creating := req.State.Raw.IsNull()
	if !creating {
		resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	}
	if resp.Diagnostics.HasError() {
		return
	}
	if !plan.MailboxID.IsUnknown() && !plan.UserID.IsUnknown() {
		mailboxID, granteeID := plan.MailboxID.ValueString(), plan.UserID.ValueString()
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("id"), permissionID(mailboxID, granteeID))...)
		var planned *calendarEntry
		if !plan.Access.IsUnknown() && !plan.Delegate.IsUnknown() && !plan.SeePrivateItems.IsUnknown() {
			e := plan.entry()
			planned = &e
		}
		for _, c := range r.data.calendarClaims.claimCalendarEntry(mailboxID, granteeID, planned) {
			resp.Diagnostics.AddAttributeWarning(path.Root("mailbox_id"), c.summary(), c.detail())
		}
	}
	changing := creating || !plan.Access.Equal(state.Access) || !plan.Delegate.Equal(state.Delegate) ||
		!plan.SeePrivateItems.Equal(state.SeePrivateItems) || !plan.MailboxID.Equal(state.MailboxID) || !plan.UserID.Equal(state.UserID)
	if !changing {
		return
	}
	r.data.checkMayManagePermissions(ctx, &resp.Diagnostics)
	r.data.checkCalendarGrantee(ctx, plan.MailboxID, plan.UserID, path.Root("user_id"), &resp.Diagnostics)
}

func (r *CalendarPermissionResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	if made := r.put(ctx, req.Plan, &resp.State, &resp.Diagnostics, "Cannot give a calendar entry", "create"); made != nil {
		recordCustomer(ctx, resp.Private, made.CustomerID, &resp.Diagnostics)
	}
	calendarPermissionIdentity.setIdentity(ctx, &resp.State, resp.Identity, &resp.Diagnostics)
}

func (r *CalendarPermissionResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	if made := r.put(ctx, req.Plan, &resp.State, &resp.Diagnostics, "Cannot change the calendar entry", "update"); made != nil {
		recordCustomer(ctx, resp.Private, made.CustomerID, &resp.Diagnostics)
	}
	calendarPermissionIdentity.setIdentity(ctx, &resp.State, resp.Identity, &resp.Diagnostics)
}

// put replaces the person's entry with the planned one (PUT is idempotent, so create and update are the same
// call), under the mailbox's lock with its login enabled as R6 demands. An entry that was made is stored
// even when restoring the login failed afterwards: it exists, and the error says what is left to do. It
// returns the entry made, whose customer the next refresh reads it through (nil when none was made).
func (r *CalendarPermissionResource) put(ctx context.Context, planned tfsdk.Plan, state *tfsdk.State, diags *diag.Diagnostics,
	summary, operation string) *api.CalendarPermission {
	var plan calendarPermissionModel
	diags.Append(planned.Get(ctx, &plan)...)
	if diags.HasError() {
		return nil
	}
	ctx, done, ok := withTimeLimit(ctx, diags, plan.Timeouts, operation)
	if !ok {
		return nil
	}
	defer done()
	mailboxID, granteeID := plan.MailboxID.ValueString(), plan.UserID.ValueString()

	made, err := changeOnMailboxFor(ctx, r.data, mailboxID, func(ctx context.Context) (api.CalendarPermission, error) {
		return r.data.client.PutCalendarPermission(ctx, mailboxID, granteeID, plan.entry().spec())
	})
	if err == nil {
		// A new entry may not be readable yet, and the next refresh must find it (see awaitVisible).
		err = awaitVisible(ctx, "the calendar entry "+permissionID(mailboxID, granteeID), func(ctx context.Context) error {
			_, err := r.data.client.GetCalendarPermission(ctx, mailboxID, granteeID)
			return err
		})
	}
	if made != nil {
		plan.fill(*made)
		diags.Append(state.Set(ctx, plan)...)
	}
	if err != nil {
		r.data.addPermissionError(ctx, diags, fmt.Sprintf("%s on the calendar of mailbox %s to %s", summary, mailboxID, granteeID), err)
	}
	return made
}

// Read is the entry as the portal holds it, through the customer's listing of calendar entries when a
// refresh reads many. An entry that is gone — removed by hand, or with its grantee, the calendar or the
// mailbox — leaves the state, so the next plan gives it again.
func (r *CalendarPermissionResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state calendarPermissionModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	// From the state Terraform holds: also when the entry is gone, and for a CLI that keeps no identity.
	calendarPermissionIdentity.setIdentity(ctx, &req.State, resp.Identity, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	e, err := r.data.refreshCalendarEntry(ctx, privateCustomer(ctx, req.Private), state.MailboxID.ValueString(), state.UserID.ValueString())
	if !settleRead(ctx, resp, "Cannot read calendar entry "+permissionID(state.MailboxID.ValueString(), state.UserID.ValueString()), err) {
		return
	}
	recordCustomer(ctx, resp.Private, e.CustomerID, &resp.Diagnostics)
	state.fill(e)
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
}

// Delete removes the entry. An entry, calendar, mailbox or person that is already gone is success.
func (r *CalendarPermissionResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state calendarPermissionModel
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
	err := r.data.removeFromMailbox(ctx, mailboxID, func(ctx context.Context) error {
		return r.data.client.DeleteCalendarPermission(ctx, mailboxID, granteeID)
	})
	if err != nil {
		r.data.addPermissionError(ctx, &resp.Diagnostics,
			fmt.Sprintf("Cannot remove the calendar entry of %s on mailbox %s", granteeID, mailboxID), err)
	}
}

// ImportState accepts an identity {mailbox_id, user_id} or the import ID `mailbox_id/user_id`; Read fills
// in the rest, the composite id included.
func (r *CalendarPermissionResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	calendarPermissionIdentity.importObject(ctx, req, resp, calendarPermissionIdentity.parseJoinedID,
		func(ctx context.Context, key objectKey) error {
			_, err := r.data.client.GetCalendarPermission(ctx, key["mailbox_id"], key["user_id"])
			return err
		})
}
