package provider

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"

	"github.com/csportal/terraform-provider-portal/internal/api"
	"github.com/csportal/terraform-provider-portal/internal/client"
	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/mapvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/setdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var (
	_ resource.ResourceWithConfigure   = &MailboxAccessResource{}
	_ resource.ResourceWithImportState = &MailboxAccessResource{}
	_ resource.ResourceWithModifyPlan  = &MailboxAccessResource{}
	_ resource.ResourceWithIdentity    = &MailboxAccessResource{}
	// The calendar's entries and automapping (mailbox_access_calendar.go, mailbox_access.go).
	_ resource.ResourceWithValidateConfig = &MailboxAccessResource{}
)

// MailboxAccessResource manages the complete access list of one mailbox or submailbox: every grant on it,
// whoever made it. A grant it does not list is revoked; one it lists is made or put back. The per-grantee
// portal_mailbox_permission is the other way to manage grants; see grant_claims.go for the two together.
type MailboxAccessResource struct {
	data *providerData
}

// NewMailboxAccessResource is the resource's constructor for the provider.
func NewMailboxAccessResource() resource.Resource { return &MailboxAccessResource{} }

type mailboxAccessModel struct {
	ID        types.String   `tfsdk:"id"`
	MailboxID types.String   `tfsdk:"mailbox_id"`
	Grants    types.Map      `tfsdk:"grants"`
	Timeouts  timeouts.Value `tfsdk:"timeouts"`
	// Calendar is the entries on the mailbox's calendar, null when not managed (mailbox_access_calendar.go).
	Calendar types.Map `tfsdk:"calendar"`
	// FullAccessWithoutAutomapping are the grantees whose full_access does not map the mailbox.
	FullAccessWithoutAutomapping types.Set `tfsdk:"full_access_without_automapping"`
}

// mailboxAccessIdentity is the resource's identity: the mailbox key, as the portal's API addresses the list.
var mailboxAccessIdentity = resourceIdentity{typeName: "portal_mailbox_access", attributes: []identityAttribute{{
	name: "mailbox_id", description: "The mailbox's user ID (usr_…) or the submailbox's ID (smb_…).",
	pattern: mailboxIDPattern, rule: mailboxIDRule, example: "usr_0123456789abcdef",
}}}

// grantsType is the type of `grants`: grantee ID → set of permission values.
var grantsType = types.SetType{ElemType: types.StringType}

// grantsPath is where a grantee's set is written in the configuration, the attribute path of its errors.
func grantsPath(granteeID string) path.Path { return path.Root("grants").AtMapKey(granteeID) }

// fill takes the access list as the portal holds it.
func (m *mailboxAccessModel) fill(ctx context.Context, mailboxID string, held grantSets) diag.Diagnostics {
	sets, unmapped := splitAutomapping(held)
	grants, diags := types.MapValueFrom(ctx, grantsType, sets)
	without, d := types.SetValueFrom(ctx, types.StringType, unmapped)
	diags.Append(d...)
	m.ID = types.StringValue(mailboxID)
	m.MailboxID = types.StringValue(mailboxID)
	m.Grants = grants
	m.FullAccessWithoutAutomapping = without
	return diags
}

// splitAutomapping turns grantSets into the two attributes: the grantees' sets, and the grantees whose
// full_access is without automapping, sorted.
func splitAutomapping(held grantSets) (map[string][]string, []string) {
	sets := make(map[string][]string, len(held))
	unmapped := []string{}
	for id, perms := range held {
		if i := slices.Index(perms, fullAccessUnmapped); i >= 0 {
			perms = slices.Sorted(slices.Values(slices.Replace(slices.Clone(perms), i, i+1, api.PermissionFullAccess)))
			unmapped = append(unmapped, id)
		}
		sets[id] = perms
	}
	slices.Sort(unmapped)
	return sets, unmapped
}

// plannedGrants reads the planned access list, which is known by apply time: the grants, with the
// full_access of the grantees listed in full_access_without_automapping unmapped.
func (m mailboxAccessModel) plannedGrants(ctx context.Context) (grantSets, diag.Diagnostics) {
	want, diags := grantSetsOf(ctx, m.Grants)
	unmapped, d := stringsOf(ctx, m.FullAccessWithoutAutomapping)
	diags.Append(d...)
	for _, id := range unmapped {
		if perms, ok := want[id]; ok && slices.Contains(perms, api.PermissionFullAccess) {
			want[id] = unmapFullAccess(perms)
		}
	}
	return want, diags
}

func (r *MailboxAccessResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_mailbox_access"
}

func (r *MailboxAccessResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The complete access list of one mailbox or submailbox: every grant on it, and nothing else. " +
			"A grant made by hand in the portal shows in the next plan as one to revoke, and one removed or changed by hand " +
			"as one to restore. Destroying the resource revokes every grant on the mailbox. Administrators have all " +
			"permissions without a grant and are never listed. The provider must be configured with an administrator's API " +
			"token. A mailbox whose login is disabled (as a shared mailbox's is) is enabled once for all of an apply's " +
			"changes to the list, and disabled again.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "The `mailbox_id`, also the import ID.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"mailbox_id": schema.StringAttribute{
				MarkdownDescription: "The mailbox: its user ID (`usr_…`), typically the `id` of a `portal_shared_mailbox`, or " +
					"a submailbox's ID (`smb_…`), the `id` of a `portal_submailbox`. A submailbox has an access list of its " +
					"own: grants on a mailbox do not carry over to its submailboxes, nor those on a submailbox to the ones " +
					"inside it. Changing it replaces the resource, which revokes every grant on the old mailbox.",
				Required:      true,
				Validators:    []validator.String{stringvalidator.RegexMatches(mailboxIDPattern, mailboxIDRule)},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"grants": schema.MapAttribute{
				MarkdownDescription: "Every grant on the mailbox: a map from grantee ID — a portal user (`usr_…`, see the " +
					"`portal_user` data source) or an application user (`apu_…`), never an administrator — to that " +
					"grantee's set of permissions, each one of `" + strings.Join(api.AllPermissions, "`, `") + "`. " +
					"Application users may only hold `" + strings.Join(api.ApplicationPermissions, "` and `") + "`. " +
					"Anyone not in the map has no grant: `{}` means nobody but administrators. To take every permission " +
					"away from a grantee, remove it from the map (an empty set is refused).",
				ElementType: grantsType,
				Required:    true,
				Validators: []validator.Map{
					mapvalidator.KeysAre(stringvalidator.RegexMatches(granteeIDPattern, granteeIDRule)),
					mapvalidator.NoNullValues(),
					mapvalidator.ValueSetsAre(permissionSetValidators()...),
				},
			},
			"timeouts": timeoutsAttribute(ctx, lockedChangeWaits),
			"calendar": mailboxAccessCalendarAttribute(),
			"full_access_without_automapping": schema.SetAttribute{
				MarkdownDescription: "Grantees of `grants` whose `full_access` does not map the mailbox into their Outlook " +
					"(Exchange's AutoMapping off), which users of large shared mailboxes often want: Outlook then opens the " +
					"mailbox only when it is added by hand. Every other `full_access` maps it. Each must be a key of " +
					"`grants` holding `full_access`. Defaults to none. Authoritative like `grants`: an automapping changed " +
					"by hand in the portal shows in the next plan. Exchange cannot change automapping on an existing " +
					"grant, so a change removes the grantee's `full_access` and grants it again, in the same R6 dance as " +
					"the list's other changes; the grantee keeps its other permissions meanwhile, and should granting it " +
					"again fail, full_access is given back as it was.",
				ElementType: types.StringType,
				Optional:    true,
				Computed:    true,
				Default:     setdefault.StaticValue(types.SetValueMust(types.StringType, []attr.Value{})),
				Validators:  []validator.Set{setvalidator.ValueStringsAre(stringvalidator.RegexMatches(granteeIDPattern, granteeIDRule))},
			},
		},
	}
}

// ValidateConfig checks the calendar's entries as portal_calendar_permission checks its own, refuses a
// grantee in full_access_without_automapping without full_access in grants (the portal refuses automapping
// without full_access), and warns of grantees given both send_as and send_on_behalf.
func (r *MailboxAccessResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var cfg mailboxAccessModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	validateCalendarConfig(ctx, cfg.MailboxID, cfg.Calendar, &resp.Diagnostics)
	if cfg.Grants.IsUnknown() || cfg.Grants.IsNull() {
		return
	}
	grants := map[string][]string{}
	for granteeID, v := range cfg.Grants.Elements() {
		set, _ := v.(types.Set)
		if perms, known := knownStrings(ctx, set); known {
			grants[granteeID] = perms
			warnOfBothSendRights(granteeID, perms, grantsPath(granteeID), &resp.Diagnostics)
		}
	}
	unmapped, known := knownStrings(ctx, cfg.FullAccessWithoutAutomapping)
	if !known {
		return
	}
	for _, id := range unmapped {
		perms, listed := grants[id]
		if listed && slices.Contains(perms, api.PermissionFullAccess) || !listed && !allKnown(ctx, cfg.Grants) {
			continue
		}
		resp.Diagnostics.AddAttributeError(path.Root("full_access_without_automapping"), "Automapping of a grantee without full_access",
			fmt.Sprintf("%s is listed in full_access_without_automapping, but grants does not give it full_access. "+
				"Automapping is a property of full_access: give %s full_access in grants, or remove it from "+
				"full_access_without_automapping.", id, id))
	}
}

// allKnown reports whether a map of grants is known with every key and set.
func allKnown(ctx context.Context, grants types.Map) bool {
	for _, v := range grants.Elements() {
		set, _ := v.(types.Set)
		if _, known := knownStrings(ctx, set); !known {
			return false
		}
	}
	return !grants.IsUnknown()
}

func (r *MailboxAccessResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = mailboxAccessIdentity.schema()
}

func (r *MailboxAccessResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

// ModifyPlan predicts the ID, tells when a portal_mailbox_permission of the same configuration manages the
// same mailbox, and checks the portal's rules (R10–R12) for every grantee whose grant is planned to
// change, with the grantee's map key as the attribute path. A plan that changes no grant asks the portal
// nothing beyond the refresh.
func (r *MailboxAccessResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if r.data == nil {
		return
	}
	if req.Plan.Raw.IsNull() {
		r.data.checkMayManagePermissions(ctx, &resp.Diagnostics) // destroying revokes every grant
		return
	}
	var plan, state mailboxAccessModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	creating := req.State.Raw.IsNull()
	if !creating {
		resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	}
	if resp.Diagnostics.HasError() {
		return
	}
	if !plan.MailboxID.IsUnknown() {
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("id"), plan.MailboxID)...)
		if !plan.Grants.IsUnknown() {
			r.warnOfOtherManagers(ctx, plan, &resp.Diagnostics)
			r.warnOfSendRightsOnHidden(ctx, plan, state, creating, &resp.Diagnostics)
		}
		r.warnOfOtherCalendarManagers(ctx, plan, &resp.Diagnostics)
	}
	calendarChanges := !plan.Calendar.Equal(state.Calendar) || creating && !plan.Calendar.IsNull()
	if !creating && plan.Grants.Equal(state.Grants) && plan.MailboxID.Equal(state.MailboxID) && !calendarChanges &&
		plan.FullAccessWithoutAutomapping.Equal(state.FullAccessWithoutAutomapping) {
		return
	}
	r.data.checkMayManagePermissions(ctx, &resp.Diagnostics)
	r.checkCalendar(ctx, plan, state, creating, &resp.Diagnostics)
	if plan.Grants.IsUnknown() {
		return // a grantee ID known only after apply: Terraform plans again then, and the checks run
	}
	var before map[string]attr.Value
	if !creating && plan.MailboxID.Equal(state.MailboxID) && !state.Grants.IsUnknown() {
		before = state.Grants.Elements()
	}
	changed := map[string]types.Set{}
	for granteeID, v := range plan.Grants.Elements() {
		if old, ok := before[granteeID]; ok && old.Equal(v) {
			continue
		}
		if set, ok := v.(types.Set); ok {
			changed[granteeID] = set
		}
	}
	mailbox := grantPaths{customerHint: privateCustomer(ctx, req.Private)}
	if !plan.MailboxID.IsUnknown() {
		mailbox.mailboxID = plan.MailboxID.ValueString()
	}
	r.checkGrants(ctx, mailbox, changed, &resp.Diagnostics)
}

// maxConcurrentChecks bounds the grantee lookups of one plan: a new list of 200 grantees looks up each
// portal user once (memoised for the run), a few at a time.
const maxConcurrentChecks = 8

// checkGrants runs the plan-time checks of each grantee's grant on the mailbox, a few at once, and reports in
// the order of the grantee IDs so that a plan's errors read the same every time.
func (r *MailboxAccessResource) checkGrants(ctx context.Context, mailbox grantPaths, grants map[string]types.Set, diags *diag.Diagnostics) {
	ids := slices.Sorted(maps.Keys(grants))
	found := make([]diag.Diagnostics, len(ids))
	slots := make(chan struct{}, maxConcurrentChecks)
	var wg sync.WaitGroup
	for i, id := range ids {
		wg.Go(func() {
			slots <- struct{}{}
			defer func() { <-slots }()
			at := mailbox
			at.grantee, at.permissions = grantsPath(id), grantsPath(id)
			r.data.checkGrant(ctx, types.StringValue(id), grants[id], at, &found[i])
		})
	}
	wg.Wait()
	for _, d := range found {
		diags.Append(d...)
	}
}

// warnOfOtherManagers records the planned list and warns of every other resource that manages the same
// mailbox in this configuration.
func (r *MailboxAccessResource) warnOfOtherManagers(ctx context.Context, plan mailboxAccessModel, diags *diag.Diagnostics) {
	claim := accessClaim{}
	for granteeID, v := range plan.Grants.Elements() {
		set, _ := v.(types.Set)
		claim[granteeID] = claimedSet(ctx, set)
	}
	for _, c := range r.data.claims.claimList(plan.MailboxID.ValueString(), claim) {
		at := path.Root("grants")
		if _, listed := claim[c.granteeID]; listed {
			at = grantsPath(c.granteeID)
		}
		diags.AddAttributeWarning(at, c.summary(), c.detail())
	}
}

// warnOfSendRightsOnHidden warns, at each grantee's line, of send rights on a mailbox hidden from the address
// lists (send_rights_warnings.go); the portal is asked only about grants the plan makes or changes.
func (r *MailboxAccessResource) warnOfSendRightsOnHidden(ctx context.Context, plan, state mailboxAccessModel, creating bool, diags *diag.Diagnostics) {
	mailboxID := plan.MailboxID.ValueString()
	before := map[string]attr.Value{}
	if !creating && plan.MailboxID.Equal(state.MailboxID) {
		before = state.Grants.Elements()
	}
	for _, granteeID := range slices.Sorted(maps.Keys(plan.Grants.Elements())) {
		v := plan.Grants.Elements()[granteeID]
		set, _ := v.(types.Set)
		old, held := before[granteeID]
		changing := !held || !old.Equal(v)
		r.data.warnOfSendOnHidden(ctx, mailboxID, granteeID, claimedSet(ctx, set), changing, grantsPath(granteeID), diags)
	}
}

func (r *MailboxAccessResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	r.write(ctx, req.Plan, &resp.State, resp.Identity, &resp.Diagnostics, "create")
}

func (r *MailboxAccessResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	r.write(ctx, req.Plan, &resp.State, resp.Identity, &resp.Diagnostics, "update")
}

// write makes the portal hold exactly the planned grants. A create that fails stores nothing: there is no
// object to lose track of (every mailbox has an access list), and the next apply's create makes whatever
// is left, where a tainted list would be replaced — every grant revoked, then made again. An update that
// fails stores the grants the portal holds as far as the provider knows, so the next plan shows the rest.
func (r *MailboxAccessResource) write(ctx context.Context, planned tfsdk.Plan, state *tfsdk.State, identity *tfsdk.ResourceIdentity,
	diags *diag.Diagnostics, operation string) {
	var plan mailboxAccessModel
	diags.Append(planned.Get(ctx, &plan)...)
	if diags.HasError() {
		return
	}
	want, d := plan.plannedGrants(ctx)
	if diags.Append(d...); diags.HasError() {
		return
	}
	wantCalendar, d := calendarSetsOf(ctx, plan.Calendar)
	if diags.Append(d...); diags.HasError() {
		return
	}
	ctx, done, ok := withTimeLimit(ctx, diags, plan.Timeouts, operation)
	if !ok {
		return
	}
	defer done()
	mailboxID := plan.MailboxID.ValueString()

	calendar := r.data.calendarPartOf(mailboxID, wantCalendar)
	held, err := r.data.makeAccessList(ctx, mailboxID, want, calendar.parts()...)
	if err == nil {
		held = want
	}
	if err == nil || operation == "update" && held != nil {
		diags.Append(plan.fill(ctx, mailboxID, held)...)
		diags.Append(calendar.fill(ctx, &plan.Calendar, err == nil)...)
		diags.Append(state.Set(ctx, plan)...)
		mailboxAccessIdentity.setIdentity(ctx, state, identity, diags)
	}
	if err != nil {
		r.data.addAccessListError(ctx, diags, "Cannot make the access list of mailbox "+mailboxID+" match the configuration", err)
	}
}

// Read is one paged listing of the mailbox's grants, the whole of a refresh however many grantees it has.
// A mailbox that is gone — its user, its service, or the submailbox — leaves the state, so that the next
// plan creates the list again; a grantee deleted in the portal loses its grants with it and drops out of
// the list.
func (r *MailboxAccessResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state mailboxAccessModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	// From the state Terraform holds: also when the mailbox is gone, and for a CLI that keeps no identity.
	mailboxAccessIdentity.setIdentity(ctx, &req.State, resp.Identity, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	mailboxID := state.MailboxID.ValueString()
	grants, customerID, err := r.data.refreshAccessList(ctx, privateCustomer(ctx, req.Private), mailboxID)
	if !settleRead(ctx, resp, "Cannot read the access list of mailbox "+mailboxID, err) {
		return
	}
	recordCustomer(ctx, resp.Private, customerID, &resp.Diagnostics)
	resp.Diagnostics.Append(state.fill(ctx, mailboxID, heldGrants(grants))...)
	calendar, diags, err := r.data.readCalendar(ctx, mailboxID, customerID, state.Calendar)
	if !settleRead(ctx, resp, "Cannot read the calendar entries of mailbox "+mailboxID, err) {
		return
	}
	state.Calendar = calendar
	resp.Diagnostics.Append(diags...)
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
}

// Delete revokes every grant on the mailbox: the list it leaves is "nobody but administrators". A mailbox
// that is already gone has no grants left.
func (r *MailboxAccessResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state mailboxAccessModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, done, ok := withTimeLimit(ctx, &resp.Diagnostics, state.Timeouts, "delete")
	if !ok {
		return
	}
	defer done()
	mailboxID := state.MailboxID.ValueString()
	if !r.data.deletableWithinReach(ctx, &resp.Diagnostics, "the access list of mailbox "+mailboxID,
		r.data.mailboxOwner(ctx, mailboxID, privateCustomer(ctx, req.Private))) {
		return
	}
	var noEntries calendarSets
	if !state.Calendar.IsNull() {
		noEntries = calendarSets{} // a managed calendar is emptied with the grants
	}
	_, err := r.data.makeAccessList(ctx, mailboxID, grantSets{}, r.data.calendarPartOf(mailboxID, noEntries).parts()...)
	if err != nil && (!mailboxGone(err) || errors.Is(err, errRestoreFailed)) {
		r.data.addAccessListError(ctx, &resp.Diagnostics, "Cannot revoke the grants on mailbox "+mailboxID, err)
	}
}

// ImportState accepts an identity {mailbox_id} or the mailbox key as the ID; Read fills in the grants.
func (r *MailboxAccessResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	mailboxAccessIdentity.importObject(ctx, req, resp,
		func(_ context.Context, id string) (objectKey, error) {
			id = strings.TrimSpace(id)
			if !mailboxIDPattern.MatchString(id) {
				return nil, fmt.Errorf("import ID %q %s, for example `terraform import portal_mailbox_access.NAME usr_0123456789abcdef`",
					id, mailboxIDRule)
			}
			return objectKey{"mailbox_id": id}, nil
		},
		func(ctx context.Context, key objectKey) error {
			_, err := r.data.client.ListPermissions(ctx, key["mailbox_id"])
			return r.data.verifiedAbsence(ctx, err)
		})
	var mailboxID types.String
	if resp.Diagnostics.Append(resp.State.GetAttribute(ctx, path.Root("mailbox_id"), &mailboxID)...); !resp.Diagnostics.HasError() {
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), mailboxID)...)
	}
}

// mailboxGone reports a refusal that means the mailbox, its service or the submailbox no longer exists.
func mailboxGone(err error) bool {
	return client.IsNotFound(err) || client.HasCode(err, api.CodeServiceNotProvisioned)
}
