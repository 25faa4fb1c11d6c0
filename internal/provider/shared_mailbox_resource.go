package provider

import (
	"context"
	"fmt"
	"maps"
	"regexp"
	"strings"

	"github.com/csportal/terraform-provider-portal/internal/api"
	"github.com/csportal/terraform-provider-portal/internal/customtypes"
	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/setdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var (
	_ resource.ResourceWithConfigure      = &SharedMailboxResource{}
	_ resource.ResourceWithIdentity       = &SharedMailboxResource{}
	_ resource.ResourceWithImportState    = &SharedMailboxResource{}
	_ resource.ResourceWithModifyPlan     = &SharedMailboxResource{}
	_ resource.ResourceWithValidateConfig = &SharedMailboxResource{}
)

// DefaultUserPlan is the Hosted Exchange user plan of a shared mailbox unless the configuration names
// another (seed 000: "select Shared Mailbox as User Plan").
const DefaultUserPlan = "Shared Mailbox"

var customerIDPattern = regexp.MustCompile(`^cus_[0-9a-f]{16}$`)

// sharedMailboxIdentity is the mailbox's generic user: the portal reads a mailbox by its user's ID.
var sharedMailboxIdentity = resourceIdentity{typeName: "portal_shared_mailbox", attributes: []identityAttribute{{
	name: "id", description: "ID of the mailbox's generic user in the portal (usr_…).",
	pattern: sharedMailboxIDPattern, rule: sharedMailboxIDRule, example: "usr_0123456789abcdef",
}}}

// SharedMailboxResource manages a shared mailbox: a generic user of a customer with the Hosted Exchange
// service on a shared-mailbox plan, its addresses, and its login disabled (R1, R3, R5).
type SharedMailboxResource struct {
	data *providerData
}

// NewSharedMailboxResource is the resource's constructor for the provider.
func NewSharedMailboxResource() resource.Resource { return &SharedMailboxResource{} }

type sharedMailboxModel struct {
	sharedMailboxState
	PasswordWO         types.String   `tfsdk:"password_wo"`
	PasswordWOVersion  types.Int64    `tfsdk:"password_wo_version"`
	DeletionProtection types.Bool     `tfsdk:"deletion_protection"`
	Timeouts           timeouts.Value `tfsdk:"timeouts"`
	// CalendarDefaultAccess is configuration: the portal's value is calendar.default_access.
	CalendarDefaultAccess types.String `tfsdk:"calendar_default_access"`
}

func (r *SharedMailboxResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_shared_mailbox"
}

func (r *SharedMailboxResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = sharedMailboxIdentity.schema()
}

func (r *SharedMailboxResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "A shared mailbox, such as `info@example.com`, that a group of users monitors and sends " +
			"from. The portal has no shared-mailbox object: this resource performs the whole manual process of " +
			"the portal in one step — it creates a generic user, provisions Hosted Exchange on it with the " +
			"`Shared Mailbox` user plan and the chosen addresses, and disables the user's login. Later changes " +
			"to addresses or plan re-enable the login for the change and disable it again, as the portal requires.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "ID of the mailbox's generic user in the portal (`usr_…`). Use it as `mailbox_id` of `portal_mailbox_permission`.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"customer_id": schema.StringAttribute{
				MarkdownDescription: "ID of the customer (`cus_…`) that owns the mailbox; see the `portal_customer` data source. " +
					"Defaults to the provider's `customer_id`; one of the two must be set. The state records the customer the " +
					"mailbox is in: a change of customer — of this attribute, of the provider's default while this is left " +
					"out, or by moving the resource to a provider alias with another default — replaces the mailbox.",
				Optional:   true,
				Computed:   true,
				Validators: []validator.String{customerIDValidator()},
				// ModifyPlan plans it (planCustomer): the provider's default is not known to a plan modifier.
			},
			"username": schema.StringAttribute{
				MarkdownDescription: "Username of the generic user, unique within the customer; compared without regard to case " +
					"(the portal stores it lowercased). 1–64 letters, digits, `.`, `_` or `-`. Where the customer's portal " +
					"appends the customer's code to usernames, write it with or without the code: both name the same user " +
					"(`login_name` shows what the portal stores). Changing it to another user's name replaces the mailbox.",
				CustomType: customtypes.CaseInsensitiveStringType{},
				Required:   true,
				Validators: usernameValidators(),
				// ModifyPlan plans a change of name (planLoginName): whether two names are one depends on the customer.
				PlanModifiers: []planmodifier.String{ignoreCaseOnlyChange{}},
			},
			"login_name": schema.StringAttribute{
				MarkdownDescription: loginNameDescription,
				Computed:            true,
			},
			"first_name": schema.StringAttribute{
				MarkdownDescription: "First name of the generic user, for example `Info`. Updated in place.",
				Required:            true,
				Validators:          []validator.String{stringvalidator.LengthBetween(1, 64)},
			},
			"last_name": schema.StringAttribute{
				MarkdownDescription: "Last name of the generic user, for example `Mailbox`. Updated in place.",
				Required:            true,
				Validators:          []validator.String{stringvalidator.LengthBetween(1, 64)},
			},
			"display_name": schema.StringAttribute{
				MarkdownDescription: "Name shown in address books. Defaults to the portal's choice at creation, \"first_name last_name\". " +
					"Updated in place. Left out of the configuration, it follows the portal: a display name changed there is taken into the " +
					"state without a diff; set it here to hold it.",
				Optional:      true,
				Computed:      true,
				Validators:    []validator.String{stringvalidator.LengthBetween(1, 256)},
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"email_address": schema.StringAttribute{
				MarkdownDescription: "Primary email address of the mailbox, unique across the portal and compared without regard to case. Updated in place.",
				CustomType:          customtypes.CaseInsensitiveStringType{},
				Required:            true,
				Validators:          emailValidators(),
				PlanModifiers:       []planmodifier.String{ignoreCaseOnlyChange{}},
			},
			"email_aliases": schema.SetAttribute{
				MarkdownDescription: "Further addresses that deliver to the mailbox, each unique across the portal. At most 100. Must not repeat `email_address`. Defaults to none. Updated in place.",
				ElementType:         customtypes.CaseInsensitiveStringType{},
				Optional:            true,
				Computed:            true,
				Default:             setdefault.StaticValue(types.SetValueMust(customtypes.CaseInsensitiveStringType{}, []attr.Value{})),
				PlanModifiers:       []planmodifier.Set{ignoreCaseOnlyChange{}},
				Validators: []validator.Set{
					setvalidator.SizeAtMost(100),
					setvalidator.ValueStringsAre(emailValidators()...),
				},
			},
			"user_plan": schema.StringAttribute{
				MarkdownDescription: "Hosted Exchange user plan. Defaults to `" + DefaultUserPlan + "`, which must be made available to the customer's Hosted " +
					"Exchange service in the portal first; the `portal_user_plans` data source lists what a customer is offered. Updated in place.",
				Optional:   true,
				Computed:   true,
				Default:    stringdefault.StaticString(DefaultUserPlan),
				Validators: []validator.String{stringvalidator.LengthBetween(1, 128)},
			},
			"login_enabled": schema.BoolAttribute{
				MarkdownDescription: "Whether the generic user can log in. Defaults to `false`, the last step of the portal's " +
					"shared-mailbox process: nobody logs in to a shared mailbox, its users are given permissions on it instead.",
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(false),
			},
			"password_wo": schema.StringAttribute{
				MarkdownDescription: "Password of the generic user, 12–128 characters. Write-only: never stored in state or plan " +
					"(Terraform 1.11 or later). When absent, a random password is generated and forgotten, which suits a user " +
					"nobody logs in as. Change `password_wo_version` to set a new one.",
				Optional:   true,
				Sensitive:  true,
				WriteOnly:  true,
				Validators: passwordValidators(),
			},
			"password_wo_version": schema.Int64Attribute{
				MarkdownDescription: "Any number; change it to send `password_wo` to the portal again (password rotation). Requires `password_wo`.",
				Optional:            true,
				Validators:          []validator.Int64{int64validator.AlsoRequires(path.MatchRoot("password_wo"))},
			},
			"provisioning_status": schema.StringAttribute{
				MarkdownDescription: "Status of the Hosted Exchange service: `provisioned` once ready; `failed` or `not_provisioned` " +
					"when it was lost or removed in the portal, in which case the next apply provisions it again.",
				Computed: true,
			},
			"calendar": schema.SingleNestedAttribute{
				MarkdownDescription: "The shared calendar that comes with a shared mailbox, null for plans without one.",
				Computed:            true,
				Attributes: map[string]schema.Attribute{
					"name":   schema.StringAttribute{Computed: true, MarkdownDescription: "Name of the calendar."},
					"shared": schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether the mailbox's users share it."},
					// Configured with calendar_default_access of portal_shared_mailbox.
					"default_access": schema.StringAttribute{Computed: true, MarkdownDescription: calendarDefaultAccessHeld},
				},
			},
			"deletion_protection": deletionProtectionAttribute("the mailbox", "`customer_id` or `username`"),
			"timeouts":            timeoutsAttribute(ctx, "waiting for the portal's provisioning jobs"),
			// The calendar's default access (shared_mailbox_calendar.go).
			"calendar_default_access": calendarDefaultAccessAttribute(),
		},
	}
	maps.Copy(resp.Schema.Attributes, mailboxSettingsAttributes())
}

func (r *SharedMailboxResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

// ValidateConfig refuses an alias that repeats the primary address or another alias, ignoring case as the
// portal does: the portal would refuse it at apply time, after the user had already been created.
func (r *SharedMailboxResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var cfg sharedMailboxModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	aliases, _ := knownStrings(ctx, cfg.EmailAliases)
	seen := map[string]string{}
	if !cfg.EmailAddress.IsUnknown() && !cfg.EmailAddress.IsNull() {
		seen[strings.ToLower(cfg.EmailAddress.ValueString())] = "the mailbox's email_address"
	}
	for _, alias := range aliases {
		key := strings.ToLower(alias)
		if first, dup := seen[key]; dup {
			resp.Diagnostics.AddAttributeError(path.Root("email_aliases"), "Alias repeats another address",
				fmt.Sprintf("%q is already %s (addresses are compared without regard to case); list each further "+
					"address once, and not the primary address.", alias, first))
			continue
		}
		seen[key] = fmt.Sprintf("the alias %q", alias)
	}
	validateForwarding(cfg, append([]string{cfg.EmailAddress.ValueString()}, aliases...), &resp.Diagnostics)
}

// protectedMailbox is what deletion protection says about a shared mailbox.
var protectedMailbox = protectedObject{resourceType: "portal_shared_mailbox", describe: func(ctx context.Context, state tfsdk.State) string {
	var m sharedMailboxModel
	state.Get(ctx, &m) // a description from what can be read
	return fmt.Sprintf("shared mailbox %s (%s)", m.ID.ValueString(), m.EmailAddress.ValueString())
}}

// ModifyPlan refuses to delete a protected mailbox, predicts the computed service attributes and checks at
// plan time that the user plan is offered to the customer (R2), so that a wrong plan fails in `terraform
// plan` and not after the user exists.
func (r *SharedMailboxResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if !req.State.Raw.IsNull() {
		var id types.String
		resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("id"), &id)...)
		refuseTakenOver(ctx, req.Private, "portal_shared_mailbox", "shared mailbox", id.ValueString(), &resp.Diagnostics)
	}
	if req.Plan.Raw.IsNull() {
		protectedMailbox.refuseDestroy(ctx, req.State, &resp.Diagnostics)
		return
	}
	var plan, state sharedMailboxModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	creating := req.State.Raw.IsNull()
	if !creating {
		resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	}
	if resp.Diagnostics.HasError() {
		return
	}
	plan.CustomerID = r.data.planCustomer(ctx, req, resp, customerOwned{what: "portal_shared_mailbox", protection: &protectedMailbox})
	if resp.Diagnostics.HasError() {
		return
	}
	r.planLoginName(ctx, req, resp, creating, &plan, &state)

	serviceChanges := creating || serviceChanged(ctx, plan, state) || state.ProvisioningStatus.ValueString() != api.ServiceProvisioned
	plan.ProvisioningStatus, plan.Calendar = state.ProvisioningStatus, state.Calendar
	if serviceChanges {
		plan.ProvisioningStatus = types.StringUnknown()
	}
	// The portal names the calendar after the display name (R7).
	if serviceChanges || !plan.DisplayName.Equal(state.DisplayName) && !state.Calendar.IsNull() {
		plan.Calendar = types.ObjectUnknown(calendarAttrTypes)
	}
	plan.Calendar = plannedCalendar(plan.Calendar, plan.CalendarDefaultAccess)
	resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("provisioning_status"), plan.ProvisioningStatus)...)
	resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("calendar"), plan.Calendar)...)

	if r.data != nil {
		m := addedAddresses(ctx, plan, state, privateMailboxID(ctx, req.Private))
		var config sharedMailboxModel
		if creating && !req.Config.Get(ctx, &config).HasError() {
			m.fingerprint, m.fingerprintPending = plannedFingerprint(ctx, plan, config)
		}
		r.data.checkAddressesFree(ctx, m, &resp.Diagnostics)
	}

	// The tenancy rules (R14, R15) where the customer is chosen or the service changes. Addresses outside the
	// customer's domains and a plan it is not offered are both reported: a wrong customer_id is often the
	// cause of both.
	customerChosen := creating || !plan.CustomerID.Equal(state.CustomerID)
	reached := true
	if r.data != nil && !plan.CustomerID.IsUnknown() && (customerChosen || serviceChanges) {
		reached = r.data.checkMailboxTenancy(ctx, plan.CustomerID.ValueString(), plannedAddresses(ctx, plan), &resp.Diagnostics)
	}

	planChosen := creating || !plan.UserPlan.Equal(state.UserPlan) || !plan.CustomerID.Equal(state.CustomerID)
	// A mailbox provisioned again gets its plan back, and the plan's size: look it up as for a new plan.
	reprovisioning := !creating && state.ProvisioningStatus.ValueString() != api.ServiceProvisioned
	var chosen *api.UserPlan
	if r.data != nil && reached && (planChosen || reprovisioning) && !plan.UserPlan.IsUnknown() && !plan.CustomerID.IsUnknown() {
		chosen = r.data.checkUserPlanOffered(ctx, plan.CustomerID.ValueString(), plan.UserPlan.ValueString(), &resp.Diagnostics)
	}
	r.planMailboxSettings(ctx, plan, state, creating, planChosen || reprovisioning, chosen, resp)
}

// plannedAddresses are the addresses of the plan that are known, at their attributes.
func plannedAddresses(ctx context.Context, plan sharedMailboxModel) []mailboxAddress {
	aliases, _ := knownStrings(ctx, plan.EmailAliases)
	primary := ""
	if !plan.EmailAddress.IsUnknown() {
		primary = plan.EmailAddress.ValueString()
	}
	return addressesOf(primary, aliases)
}

func (r *SharedMailboxResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan sharedMailboxModel
	var passwordWO types.String
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("password_wo"), &passwordWO)...)
	// Whatever the state holds when Create returns, tainted included, carries its identity.
	defer sharedMailboxIdentity.setIdentity(ctx, &resp.State, resp.Identity, &resp.Diagnostics)
	ctx, done, ok := withTimeLimit(ctx, &resp.Diagnostics, plan.Timeouts, "create")
	if !ok {
		return
	}
	defer done()

	spec, diags := plannedSpec(ctx, plan)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	// What was unknown at plan time is checked now, before anything is made (R14, R15). A customer that
	// cannot be read for another reason (a warning) leaves the rules to the portal.
	r.data.checkMailboxTenancy(ctx, plan.CustomerID.ValueString(), addressesOf(spec.PrimaryEmail, spec.EmailAliases), &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	mark := newCreationMark(mailboxFingerprint(plan, spec))
	if !r.data.claimCreate("usr:"+plan.CustomerID.ValueString()+"/"+strings.ToLower(plan.Username.ValueString()),
		"Cannot create the mailbox's generic user", fmt.Sprintf("the user %q of customer %s", plan.Username.ValueString(),
			plan.CustomerID.ValueString()), &resp.Diagnostics) {
		return
	}
	remains, free := r.addressesFree(ctx, plan, spec, mark, &resp.Diagnostics)
	if !free {
		return
	}

	password := passwordWO.ValueString()
	if password == "" && remains == nil {
		generated, err := generatePassword()
		if err != nil {
			resp.Diagnostics.AddError("Cannot generate a password for the mailbox's generic user", err.Error())
			return
		}
		password = generated
	}
	user, adopted := r.createUser(ctx, plan, password, passwordWO.ValueString(), mark, remains, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	r.data.hold(user.ID)

	// The wanted login and settings are taken from the plan before fill overwrites it with what the portal
	// holds so far.
	wantLogin, settings := plan.LoginEnabled.ValueBool(), plan.settings()

	// From here on the user exists. Its ID goes to state at once, so any failure below leaves a tainted
	// resource that the next apply replaces, never an orphan that nobody tracks.
	written := plan.Username // the user was made by this name
	resp.Diagnostics.Append(plan.fill(user, api.HostedExchange{ProvisioningStatus: api.ServiceNotProvisioned})...)
	plan.Username = written
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
	recordCreationMark(ctx, resp.Private, mark.String(), &resp.Diagnostics)
	recordMailboxID(ctx, resp.Private, user.ID, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	// The service changes start by reading the user, which a portal that is eventually consistent may not
	// show yet.
	err := awaitVisible(ctx, "user "+user.ID, func(ctx context.Context) error {
		_, err := r.data.client.GetUser(ctx, user.ID)
		return err
	})
	// A new calendar has the default access by default: anything else is set after the provisioning, with
	// the settings.
	change := serviceChange{spec: &spec, settings: &settings,
		calendar: changedCalendarDefault(plan.CalendarDefaultAccess, types.StringValue(api.DefaultCalendarAccess))}
	if err == nil && adopted {
		// What the killed create left undone is finished; the settings and the calendar are set again.
		change.spec = nil
		if err = r.data.finishMailbox(ctx, user.ID, spec, wantLogin); err == nil {
			err = r.data.changeMailboxService(ctx, user.ID, &wantLogin, change)
		}
	} else if err == nil {
		err = r.data.changeMailboxService(ctx, user.ID, &wantLogin, change)
	}
	if err != nil {
		summary := "Cannot provision the shared mailbox " + user.ID
		if !r.data.domainRefusal(ctx, plan.CustomerID.ValueString(), spec, err).addTo(&resp.Diagnostics) &&
			!r.data.addAddressTakenError(ctx, &resp.Diagnostics, summary, mailboxAddressesOf(plan, user.ID, wantedAddresses(spec)), err) {
			addCreateError(&resp.Diagnostics, "portal_shared_mailbox", summary, err)
		}
		resp.Diagnostics.AddWarning("Shared mailbox "+user.ID+" is tainted",
			"Its generic user was created before provisioning failed, so Terraform keeps it in state as tainted: "+
				"the next apply deletes it and creates the mailbox again, and nothing is left behind in the portal.")
		r.refreshState(ctx, user.ID, &plan, &sharedMailboxModel{}, nil, &resp.State, &resp.Diagnostics)
		return
	}
	if adopted {
		addAdoptedWarning(&resp.Diagnostics, "shared mailbox "+user.ID+" ("+spec.PrimaryEmail+")",
			"; its provisioning is complete and its login is as configured")
	}
	r.refreshState(ctx, user.ID, &plan, &sharedMailboxModel{}, &wantLogin, &resp.State, &resp.Diagnostics)
}

func (r *SharedMailboxResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state sharedMailboxModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	// From the state Terraform holds: also when the mailbox is gone, and for a CLI that keeps no identity.
	sharedMailboxIdentity.setIdentity(ctx, &req.State, resp.Identity, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	user, service, err := r.data.refreshMailbox(ctx, state.CustomerID.ValueString(), state.ID.ValueString())
	if !settleRead(ctx, resp, "Cannot read shared mailbox "+state.ID.ValueString(), err) {
		return
	}
	noteCreationMark(ctx, req.Private, resp.Private, user.CreationMark, &resp.Diagnostics)
	written := state.Username
	resp.Diagnostics.Append(state.fill(user, service)...)
	r.data.settleUsername(ctx, &state.sharedMailboxState, user.CustomerID, written)
	state.heldCalendarDefault(service)
	state.DeletionProtection = defaultProtection(state.DeletionProtection)
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
	r.data.noteProtection(ctx, protectedMailbox, resp.State, "")
	recordMailboxID(ctx, resp.Private, state.ID.ValueString(), &resp.Diagnostics)
}

func (r *SharedMailboxResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state sharedMailboxModel
	var passwordWO types.String
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("password_wo"), &passwordWO)...)
	defer sharedMailboxIdentity.setIdentity(ctx, &resp.State, resp.Identity, &resp.Diagnostics)
	ctx, done, ok := withTimeLimit(ctx, &resp.Diagnostics, plan.Timeouts, "update")
	if !ok {
		return
	}
	defer done()
	id := state.ID.ValueString()

	patch := api.UserPatch{}
	if !plan.FirstName.Equal(state.FirstName) {
		patch.FirstName = plan.FirstName.ValueStringPointer()
	}
	if !plan.LastName.Equal(state.LastName) {
		patch.LastName = plan.LastName.ValueStringPointer()
	}
	if !plan.DisplayName.IsUnknown() && !plan.DisplayName.Equal(state.DisplayName) {
		patch.DisplayName = plan.DisplayName.ValueStringPointer()
	}
	if !plan.PasswordWOVersion.Equal(state.PasswordWOVersion) && !passwordWO.IsNull() {
		patch.Password = passwordWO.ValueStringPointer()
	}
	wantLogin := plan.LoginEnabled.ValueBool()
	serviceChanges := serviceChanged(ctx, plan, state) || state.ProvisioningStatus.ValueString() != api.ServiceProvisioned
	heldDefault := state.CalendarDefaultAccess
	if serviceChanges {
		// After a provisioning the calendar may be new (with the default access) or gone: anything but the
		// default is set again, and refused where the plan gives no calendar.
		heldDefault = types.StringValue(api.DefaultCalendarAccess)
	}
	change := serviceChange{calendar: changedCalendarDefault(plan.CalendarDefaultAccess, heldDefault)}
	if serviceChanges {
		spec, diags := plannedSpec(ctx, plan)
		resp.Diagnostics.Append(diags...)
		if resp.Diagnostics.HasError() {
			return
		}
		change.spec = &spec
	}
	if settingsChanged(plan.mailboxSettingsState, state.mailboxSettingsState) {
		change.settings = ptr(plan.settings())
	}
	if patch == (api.UserPatch{}) && change.empty() && wantLogin == state.LoginEnabled.ValueBool() {
		// Nothing for the portal (deletion_protection, timeouts, or a password version without a password):
		// the plan, whose computed values ModifyPlan took from the state, is the new state as it stands.
		resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
		return
	}
	if patch != (api.UserPatch{}) {
		if _, err := r.data.client.UpdateUser(ctx, id, patch); err != nil {
			addAPIError(&resp.Diagnostics, "Cannot update the generic user of shared mailbox "+id, err)
			return
		}
	}

	var err error
	if !change.empty() {
		err = r.data.changeMailboxService(ctx, id, &wantLogin, change)
	} else if wantLogin != state.LoginEnabled.ValueBool() {
		err = r.data.setLogin(ctx, id, wantLogin)
	}
	loginSet := &wantLogin
	if err != nil {
		summary := "Cannot update shared mailbox " + id
		if spec, diags := plannedSpec(ctx, plan); diags.HasError() ||
			!r.data.domainRefusal(ctx, plan.CustomerID.ValueString(), spec, err).addTo(&resp.Diagnostics) &&
				!r.data.addAddressTakenError(ctx, &resp.Diagnostics, summary, mailboxAddressesOf(plan, id, wantedAddresses(spec)), err) {
			addAPIError(&resp.Diagnostics, summary, err)
		}
		loginSet = nil
	}
	r.refreshState(ctx, id, &plan, &state, loginSet, &resp.State, &resp.Diagnostics)
}

func (r *SharedMailboxResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state sharedMailboxModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	ctx, done, ok := withTimeLimit(ctx, &resp.Diagnostics, state.Timeouts, "delete")
	if !ok {
		return
	}
	defer done()
	if !r.data.deletableWithinReach(ctx, &resp.Diagnostics, "shared mailbox "+state.ID.ValueString(), customerOwner(state.CustomerID.ValueString())) {
		return
	}
	defer r.data.deleting(state.ID.ValueString())()
	if err := r.data.deleteMailbox(ctx, state.ID.ValueString()); err != nil {
		addAPIError(&resp.Diagnostics, "Cannot delete shared mailbox "+state.ID.ValueString(), err)
	}
}

// ImportState accepts an identity {id}, the generic user's ID or the mailbox's primary email address.
func (r *SharedMailboxResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	sharedMailboxIdentity.importObject(ctx, req, resp,
		func(ctx context.Context, importID string) (objectKey, error) {
			id, err := r.data.resolveMailboxID(ctx, importID)
			return objectKey{"id": id}, err
		},
		func(ctx context.Context, key objectKey) error {
			_, err := r.data.client.GetUser(ctx, key["id"])
			return r.data.verifiedAbsence(ctx, err)
		})
	if !resp.Diagnostics.HasError() {
		// An imported mailbox holds mail that Terraform did not make: it starts protected.
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, deletionProtectionPath, true)...)
	}
}

// refreshState reads the mailbox back after a change and stores it, keeping the configuration-only
// attributes of m. loginSet is the login this run's change ended with, nil when the change failed: the
// login read back may be another run's R6 moment on the mailbox, not its resting state, so a change that
// succeeded records the login it left (the next refresh reads the portal again). A failed read (the time
// limit ran out, say) keeps m as it is and adds a diagnostic; what the plan left unknown is then taken
// from prior (the state before an update), or null, for the state must hold known values.
func (r *SharedMailboxResource) refreshState(ctx context.Context, id string, m, prior *sharedMailboxModel, loginSet *bool,
	state *tfsdk.State, diags *diag.Diagnostics) {
	user, service, err := r.data.readMailbox(ctx, id)
	if err != nil {
		addAPIError(diags, "Cannot read shared mailbox "+id+" after the change", err)
		m.ProvisioningStatus = knownOr(m.ProvisioningStatus, prior.ProvisioningStatus, types.StringNull())
		m.Calendar = knownOr(m.Calendar, prior.Calendar, types.ObjectNull(calendarAttrTypes))
		m.DisplayName = knownOr(m.DisplayName, prior.DisplayName, types.StringNull())
		m.LoginName = knownOr(m.LoginName, prior.LoginName, types.StringNull())
		m.StorageLimitMB = knownOr(m.StorageLimitMB, prior.StorageLimitMB, types.Int64Null())
	} else {
		// The portal's user is the one this run made or changed by the configured username.
		written := m.Username
		diags.Append(m.fill(user, service)...)
		m.Username = written
		m.heldCalendarDefault(service)
	}
	if loginSet != nil {
		m.LoginEnabled = types.BoolValue(*loginSet)
	}
	diags.Append(state.Set(ctx, m)...)
	r.data.noteProtection(ctx, protectedMailbox, *state, "")
}

// knownOr is v unless it is unknown, then prior unless that is unknown or null too, then null.
func knownOr[T interface {
	IsUnknown() bool
	IsNull() bool
}](v, prior, null T) T {
	switch {
	case !v.IsUnknown():
		return v
	case !prior.IsUnknown() && !prior.IsNull():
		return prior
	}
	return null
}

// serviceChanged reports whether the plan changes anything of the Hosted Exchange service.
func serviceChanged(ctx context.Context, plan, state sharedMailboxModel) bool {
	if plan.EmailAddress.IsUnknown() || plan.UserPlan.IsUnknown() {
		return true
	}
	if !strings.EqualFold(plan.EmailAddress.ValueString(), state.EmailAddress.ValueString()) ||
		plan.UserPlan.ValueString() != state.UserPlan.ValueString() {
		return true
	}
	planned, known := knownStrings(ctx, plan.EmailAliases)
	current, _ := knownStrings(ctx, state.EmailAliases)
	return !known || !sameFold(planned, current)
}

// plannedSpec is the service the plan asks for; at apply time every value is known.
func plannedSpec(ctx context.Context, plan sharedMailboxModel) (api.HostedExchangeSpec, diag.Diagnostics) {
	aliases, diags := stringsOf(ctx, plan.EmailAliases)
	return api.HostedExchangeSpec{
		UserPlan:     plan.UserPlan.ValueString(),
		PrimaryEmail: plan.EmailAddress.ValueString(),
		EmailAliases: aliases,
	}, diags
}
