package provider

import (
	"context"
	"fmt"
	"regexp"
	"strings"

	"github.com/csportal/terraform-provider-portal/internal/api"
	"github.com/csportal/terraform-provider-portal/internal/client"
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
	_ resource.ResourceWithConfigure   = &SubmailboxResource{}
	_ resource.ResourceWithIdentity    = &SubmailboxResource{}
	_ resource.ResourceWithImportState = &SubmailboxResource{}
	_ resource.ResourceWithModifyPlan  = &SubmailboxResource{}
)

var (
	submailboxIDPattern   = regexp.MustCompile(`^smb_[0-9a-f]{16}$`)
	submailboxNamePattern = regexp.MustCompile(`^[^/]*$`)
)

const submailboxIDRule = "must be the ID of a submailbox, such as smb_0123456789abcdef (the id of a portal_submailbox)"

// submailboxIdentity is the submailbox's own ID, by which the portal reads it.
var submailboxIdentity = resourceIdentity{typeName: "portal_submailbox", attributes: []identityAttribute{{
	name: "id", description: "ID of the submailbox (smb_…).",
	pattern: submailboxIDPattern, rule: submailboxIDRule, example: "smb_0123456789abcdef",
}}}

// SubmailboxResource manages a submailbox (a folder) of a shared mailbox, at its top level or inside
// another submailbox. Its permissions are its own (R8): portal_mailbox_permission takes its ID.
type SubmailboxResource struct {
	data *providerData
}

// NewSubmailboxResource is the resource's constructor for the provider.
func NewSubmailboxResource() resource.Resource { return &SubmailboxResource{} }

type submailboxModel struct {
	ID                 types.String   `tfsdk:"id"`
	MailboxID          types.String   `tfsdk:"mailbox_id"`
	ParentID           types.String   `tfsdk:"parent_id"`
	Name               types.String   `tfsdk:"name"`
	Path               types.String   `tfsdk:"path"`
	DeletionProtection types.Bool     `tfsdk:"deletion_protection"`
	Timeouts           timeouts.Value `tfsdk:"timeouts"`
}

// fill takes the submailbox as the portal holds it. The portal answers "" for a top-level submailbox's
// parent; that is null in Terraform, as in a configuration that leaves parent_id out.
func (m *submailboxModel) fill(sm api.Submailbox) {
	m.ID = types.StringValue(sm.ID)
	m.MailboxID = types.StringValue(sm.MailboxID)
	m.ParentID = types.StringNull()
	if sm.ParentID != "" {
		m.ParentID = types.StringValue(sm.ParentID)
	}
	m.Name = types.StringValue(sm.Name)
	m.Path = types.StringValue(sm.Path)
}

func (r *SubmailboxResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_submailbox"
}

func (r *SubmailboxResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = submailboxIdentity.schema()
}

func (r *SubmailboxResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "A submailbox (folder) of a shared mailbox, such as `Invoices` or `Invoices/2026`, at the " +
			"mailbox's top level or inside another submailbox. Permissions on the mailbox do not carry over to its " +
			"submailboxes, nor from a submailbox to the ones inside it: grant them on each with " +
			"`portal_mailbox_permission`, whose `mailbox_id` takes this resource's `id`. A mailbox whose login is " +
			"disabled (as a shared mailbox's is) is enabled for each change and disabled again. A submailbox that " +
			"still holds other submailboxes cannot be deleted: Terraform deletes the ones inside first when their " +
			"`parent_id` refers to this resource.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "ID of the submailbox (`smb_…`), also the import ID. Use it as `mailbox_id` of " +
					"`portal_mailbox_permission` and of the `portal_mailbox_permissions` data source, and as `parent_id` " +
					"of the submailboxes inside this one.",
				Computed:      true,
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"mailbox_id": schema.StringAttribute{
				MarkdownDescription: "User ID of the shared mailbox (`usr_…`), typically the `id` of a " +
					"`portal_shared_mailbox`; its Hosted Exchange service must be provisioned. Changing it replaces the " +
					"submailbox.",
				Required:      true,
				Validators:    []validator.String{stringvalidator.RegexMatches(sharedMailboxIDPattern, sharedMailboxIDRule)},
				PlanModifiers: []planmodifier.String{protectedSubmailbox.replaceUnlessProtected()},
			},
			"parent_id": schema.StringAttribute{
				MarkdownDescription: "ID (`smb_…`) of the submailbox of the same mailbox to create this one inside, " +
					"typically `portal_submailbox.NAME.id`; leave it out for the mailbox's top level. A submailbox cannot " +
					"move: changing it replaces the submailbox (and with it the grants on it).",
				Optional:      true,
				Validators:    []validator.String{stringvalidator.RegexMatches(submailboxIDPattern, submailboxIDRule)},
				PlanModifiers: []planmodifier.String{protectedSubmailbox.replaceUnlessProtected()},
			},
			"name": schema.StringAttribute{
				MarkdownDescription: fmt.Sprintf("Name, 1–%d characters without `/`. Unique among the submailboxes with the "+
					"same parent, compared without regard to case; the portal keeps the case as written, so a change of "+
					"case is a rename. Renamed in place, which changes the `path` of this submailbox and of those inside it.",
					api.SubmailboxNameMaxLength),
				Required: true,
				Validators: []validator.String{
					stringvalidator.UTF8LengthBetween(1, api.SubmailboxNameMaxLength),
					stringvalidator.RegexMatches(submailboxNamePattern, "must not contain /, which separates the names of a path"),
				},
			},
			"path": schema.StringAttribute{
				MarkdownDescription: "The names from the mailbox's top level down to this submailbox, joined by `/`, such as " +
					"`Invoices/2026`. It changes when this submailbox or one it is inside is renamed (after a rename of an outer " +
					"submailbox, the state of the inner ones shows the new path from the next refresh on).",
				Computed:      true,
				PlanModifiers: []planmodifier.String{plannedPath{}},
			},
			"deletion_protection": deletionProtectionAttribute("the submailbox", "`mailbox_id` or `parent_id`"),
			"timeouts":            timeoutsAttribute(ctx, lockedChangeWaits),
		},
	}
}

// protectedSubmailbox is what deletion protection says about a submailbox.
var protectedSubmailbox = protectedObject{resourceType: "portal_submailbox", describe: func(ctx context.Context, state tfsdk.State) string {
	var m submailboxModel
	state.Get(ctx, &m) // a description from what can be read
	return fmt.Sprintf("submailbox %s (%s in mailbox %s)", m.ID.ValueString(), m.Path.ValueString(), m.MailboxID.ValueString())
}}

// ModifyPlan refuses to delete a protected submailbox, and to plan anything for one that another resource
// took over (creation_marks.go).
func (r *SubmailboxResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if !req.State.Raw.IsNull() {
		var id types.String
		resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("id"), &id)...)
		refuseTakenOver(ctx, req.Private, "portal_submailbox", "submailbox", id.ValueString(), &resp.Diagnostics)
	}
	if req.Plan.Raw.IsNull() {
		protectedSubmailbox.refuseDestroy(ctx, req.State, &resp.Diagnostics, privateContainers(ctx, req.Private)...)
	}
}

func (r *SubmailboxResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

func (r *SubmailboxResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan submailboxModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	defer submailboxIdentity.setIdentity(ctx, &resp.State, resp.Identity, &resp.Diagnostics)
	ctx, done, ok := withTimeLimit(ctx, &resp.Diagnostics, plan.Timeouts, "create")
	if !ok {
		return
	}
	defer done()
	mailboxID, name := plan.MailboxID.ValueString(), plan.Name.ValueString()
	mark := newCreationMark(submailboxFingerprint(plan))
	summary := fmt.Sprintf("Cannot create submailbox %q in mailbox %s", name, mailboxID)
	if !r.data.claimCreate("smb:"+mailboxID+"/"+plan.ParentID.ValueString()+"/"+strings.ToLower(name), summary,
		fmt.Sprintf("a submailbox %q in the same place of mailbox %s", name, mailboxID), &resp.Diagnostics) {
		return
	}
	// One request: the client's idempotency key makes a retried create return the first submailbox. The
	// name taken by this configuration's own remains (creation_marks.go): they are claimed instead, under
	// the same R6 moment.
	var adopted bool
	refusal := ownRemains // what the submailbox that holds the name is, when it was not adopted
	var deleting string   // the submailbox that holds the name, which this process is deleting
	create := func(ctx context.Context) (api.Submailbox, error) {
		createCtx, cancelCreate := uninterruptible(ctx)
		defer cancelCreate()
		sm, err := r.data.client.CreateSubmailbox(createCtx, mailboxID, api.SubmailboxCreate{Name: name,
			ParentID: plan.ParentID.ValueString(), CreationMark: mark.String()})
		if err == nil {
			r.data.hold(sm.ID)
		}
		apiErr, ok := client.AsError(err)
		if !ok || apiErr.Code != api.CodeAlreadyExists || apiErr.ExistingID == "" {
			return sm, err
		}
		if _, under := r.data.deletions.under.Load(apiErr.ExistingID); under {
			deleting = apiErr.ExistingID // waited for outside the mailbox's lock, which the delete needs
			return sm, err
		}
		found, getErr := r.data.client.GetSubmailbox(ctx, apiErr.ExistingID)
		if getErr != nil {
			return sm, err
		}
		if refusal = r.data.remainsOfSubmailbox(found, plan, mark); refusal != ownRemains {
			return sm, err
		}
		adopted = true
		return r.data.client.UpdateSubmailbox(ctx, found.ID, api.SubmailboxPatch{CreationMark: ptr(mark.String())})
	}
	err := r.apply(ctx, plan, &resp.State, &resp.Diagnostics, create)
	if err != nil && deleting != "" && r.data.awaitDeletion(ctx, deleting) {
		deleting = ""
		err = r.apply(ctx, plan, &resp.State, &resp.Diagnostics, create)
	}
	switch {
	case err != nil && refusal != ownRemains:
		refuseExisting(&resp.Diagnostics, "portal_submailbox", summary, err, "submailbox", refusal)
	case err != nil:
		addCreateError(&resp.Diagnostics, "portal_submailbox", summary, err)
	}
	if resp.State.Raw.IsNull() {
		return
	}
	var made submailboxModel
	resp.Diagnostics.Append(resp.State.Get(ctx, &made)...)
	r.data.hold(made.ID.ValueString())
	recordCreationMark(ctx, resp.Private, mark.String(), &resp.Diagnostics)
	r.data.recordSubmailboxContainers(ctx, resp.State, nil, resp.Private, &resp.Diagnostics)
	if adopted && err == nil {
		addAdoptedWarning(&resp.Diagnostics, fmt.Sprintf("submailbox %s (%s)", made.ID.ValueString(), made.Path.ValueString()), "")
	}
}

// submailboxFingerprint is the fingerprint of a submailbox's configuration: where it is, and its name.
func submailboxFingerprint(plan submailboxModel) string {
	return newConfiguration("portal_submailbox").
		set("mailbox_id", plan.MailboxID.ValueString()).
		set("parent_id", plan.ParentID.ValueString()).
		set("name", plan.Name.ValueString()).
		fingerprint()
}

// remainsOfSubmailbox judges the submailbox that holds the name a create of plan meant to take.
func (d *providerData) remainsOfSubmailbox(found api.Submailbox, plan submailboxModel, mark creationMark) remains {
	if found.MailboxID != plan.MailboxID.ValueString() || found.ParentID != plan.ParentID.ValueString() {
		return unmarked
	}
	return d.judge(found.ID, found.CreationMark, mark.fingerprint)
}

// Read is one GET, the whole of a refresh. A submailbox that is gone — deleted by hand, or with its
// mailbox's service — leaves the state, so the next plan creates it again.
func (r *SubmailboxResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state submailboxModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	// From the state Terraform holds: also when the submailbox is gone, and for a CLI that keeps no identity.
	submailboxIdentity.setIdentity(ctx, &req.State, resp.Identity, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	sm, err := r.data.refreshSubmailbox(ctx, privateCustomer(ctx, req.Private), state.MailboxID.ValueString(), state.ID.ValueString())
	if !settleRead(ctx, resp, "Cannot read submailbox "+state.ID.ValueString(), err) {
		return
	}
	recordCustomer(ctx, resp.Private, sm.CustomerID, &resp.Diagnostics)
	noteCreationMark(ctx, req.Private, resp.Private, sm.CreationMark, &resp.Diagnostics)
	state.fill(sm)
	state.DeletionProtection = defaultProtection(state.DeletionProtection)
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
	r.data.recordSubmailboxContainers(ctx, resp.State, req.Private, resp.Private, &resp.Diagnostics)
}

// Update renames the submailbox, the only change made in the portal.
func (r *SubmailboxResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state submailboxModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	defer submailboxIdentity.setIdentity(ctx, &resp.State, resp.Identity, &resp.Diagnostics)
	defer func() {
		r.data.recordSubmailboxContainers(ctx, resp.State, req.Private, resp.Private, &resp.Diagnostics)
	}()
	ctx, done, ok := withTimeLimit(ctx, &resp.Diagnostics, plan.Timeouts, "update")
	if !ok {
		return
	}
	defer done()
	if plan.Name.Equal(state.Name) {
		// Nothing for the portal (deletion_protection or timeouts): the plan is the new state.
		resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
		return
	}
	id := state.ID.ValueString()
	err := r.apply(ctx, plan, &resp.State, &resp.Diagnostics, func(ctx context.Context) (api.Submailbox, error) {
		return r.data.client.UpdateSubmailbox(ctx, id, api.SubmailboxPatch{Name: plan.Name.ValueStringPointer()})
	})
	if err != nil {
		addAPIError(&resp.Diagnostics, fmt.Sprintf("Cannot rename submailbox %s (%s) to %q", id, state.Path.ValueString(), plan.Name.ValueString()), err)
	}
}

// apply makes a change that answers with the submailbox, under its mailbox's lock with the login enabled
// as R6 demands, and stores what the portal answered even when restoring the login failed afterwards.
func (r *SubmailboxResource) apply(ctx context.Context, m submailboxModel, state *tfsdk.State, diags *diag.Diagnostics,
	call func(context.Context) (api.Submailbox, error)) error {
	done, err := changeOnMailboxFor(ctx, r.data, m.MailboxID.ValueString(), call)
	if done != nil {
		m.fill(*done)
		diags.Append(state.Set(ctx, m)...)
	}
	return err
}

// hasChildrenAdvice explains a refused delete (409 has_children): what Terraform orders for the user, and
// what it cannot.
const hasChildrenAdvice = "The portal deletes a submailbox only when no other submailbox is inside it. Terraform " +
	"deletes the submailboxes it manages inside this one first when their parent_id refers to this resource " +
	"(parent_id = portal_submailbox.NAME.id). The ones named above are not being deleted in this run: they were " +
	"created outside this configuration (by hand in the portal, or by another configuration), their parent_id is a " +
	"literal ID, or the run was limited with -target. Delete them (or import them with `terraform import " +
	"portal_submailbox.NAME smb_…` and remove them from the configuration), then apply again."

// Delete removes the submailbox and the grants on it. A submailbox, or mailbox, that is already gone is
// success.
func (r *SubmailboxResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state submailboxModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, done, ok := withTimeLimit(ctx, &resp.Diagnostics, state.Timeouts, "delete")
	if !ok {
		return
	}
	defer done()
	id := state.ID.ValueString()
	if !r.data.deletableWithinReach(ctx, &resp.Diagnostics, "submailbox "+id,
		r.data.mailboxOwner(ctx, state.MailboxID.ValueString(), privateCustomer(ctx, req.Private))) {
		return
	}
	defer r.data.deleting(id)()
	err := r.data.removeFromMailbox(ctx, state.MailboxID.ValueString(), func(ctx context.Context) error {
		return r.data.client.DeleteSubmailbox(ctx, id)
	})
	if err == nil {
		return
	}
	summary := fmt.Sprintf("Cannot delete submailbox %s (%s)", id, state.Path.ValueString())
	if client.HasCode(err, api.CodeHasChildren) {
		resp.Diagnostics.AddError(summary, explain(err)+"\n\n"+hasChildrenAdvice)
		return
	}
	addAPIError(&resp.Diagnostics, summary, err)
}

// ImportState accepts an identity {id} or the submailbox's ID; Read fills in the rest.
func (r *SubmailboxResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	submailboxIdentity.importObject(ctx, req, resp,
		func(_ context.Context, id string) (objectKey, error) {
			if !submailboxIDPattern.MatchString(id) {
				return nil, fmt.Errorf("import ID %q must be the ID of a submailbox, for "+
					"example `terraform import portal_submailbox.NAME smb_0123456789abcdef`", id)
			}
			return objectKey{"id": id}, nil
		},
		func(ctx context.Context, key objectKey) error {
			_, err := r.data.client.GetSubmailbox(ctx, key["id"])
			return r.data.verifiedAbsence(ctx, err)
		})
	if !resp.Diagnostics.HasError() {
		// An imported submailbox holds mail that Terraform did not make: it starts protected.
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, deletionProtectionPath, true)...)
	}
}

// plannedPath plans the path where it is known: unchanged while the submailbox keeps its name (an update
// of deletion_protection or timeouts alone), and the name itself for a top-level submailbox, so that a
// rename shows the new path in the plan. A nested submailbox's path also depends on the names of the
// submailboxes it is inside, which may change in the same apply: on a create or a rename it stays unknown
// until then (and a rename of an outer submailbox reaches the state of the inner ones with the next refresh).
type plannedPath struct{}

var _ planmodifier.String = plannedPath{}

func (plannedPath) Description(context.Context) string {
	return "The path stays while the name does; a top-level submailbox's path is its name."
}

func (m plannedPath) MarkdownDescription(ctx context.Context) string { return m.Description(ctx) }

func (plannedPath) PlanModifyString(ctx context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	if !req.PlanValue.IsUnknown() || req.Plan.Raw.IsNull() {
		return
	}
	var planned, prior submailboxModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &planned)...)
	if !req.State.Raw.IsNull() {
		resp.Diagnostics.Append(req.State.Get(ctx, &prior)...)
		// The same name in the same place (a change of either replaces the submailbox): the same path.
		if planned.Name.Equal(prior.Name) && planned.ParentID.Equal(prior.ParentID) && planned.MailboxID.Equal(prior.MailboxID) {
			resp.PlanValue = req.StateValue
			return
		}
	}
	if planned.ParentID.IsNull() && !planned.Name.IsUnknown() {
		resp.PlanValue = planned.Name
	}
}
