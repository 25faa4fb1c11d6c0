package provider

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/csportal/terraform-provider-portal/internal/api"
	"github.com/csportal/terraform-provider-portal/internal/client"
	"github.com/csportal/terraform-provider-portal/internal/customtypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var (
	_ resource.ResourceWithConfigure   = &ApplicationUserResource{}
	_ resource.ResourceWithIdentity    = &ApplicationUserResource{}
	_ resource.ResourceWithImportState = &ApplicationUserResource{}
	_ resource.ResourceWithModifyPlan  = &ApplicationUserResource{}
)

var applicationIDPattern = regexp.MustCompile(`^app_[0-9a-f]{16}$`)

const applicationIDRule = "must be an application ID such as app_0123456789abcdef (the portal_application data source looks one up by name)"

// applicationUserIdentity is the application and the record: the portal reads a record only under its
// application (R13).
var applicationUserIdentity = resourceIdentity{typeName: "portal_application_user", attributes: []identityAttribute{
	{
		name: "application_id", description: "ID of the application (app_…) the user belongs to.",
		pattern: applicationIDPattern, rule: applicationIDRule, example: "app_0123456789abcdef",
	},
	{
		name: "id", description: "ID of the application user (apu_…).",
		pattern: applicationUserIDPattern, rule: "must be an application user ID such as apu_0123456789abcdef (the id of a portal_application_user)",
		example: "apu_0123456789abcdef",
	},
}}

// ApplicationUserResource manages a user record of an integration application for a customer. A record is
// unique within its application and customer only (R13): the same username in another application, or for
// another customer, is another, unrelated resource.
type ApplicationUserResource struct {
	data *providerData
}

// NewApplicationUserResource is the resource's constructor for the provider.
func NewApplicationUserResource() resource.Resource { return &ApplicationUserResource{} }

type applicationUserModel struct {
	applicationUserState
	Password          types.String `tfsdk:"password"`
	PasswordWO        types.String `tfsdk:"password_wo"`
	PasswordWOVersion types.Int64  `tfsdk:"password_wo_version"`
}

func (r *ApplicationUserResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_application_user"
}

func (r *ApplicationUserResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = applicationUserIdentity.schema()
}

func (r *ApplicationUserResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "A user of an integration application, such as the account a message gateway signs in " +
			"with. A record belongs to one application and one customer: the same username in two applications, or for " +
			"two customers, is two separate, unrelated records, each its own resource. Application users can be granted " +
			"only the application permissions (`create_messages`, `change_properties`), only on mailboxes of their own " +
			"customer, and can never grant permissions themselves.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "ID of the application user (`apu_…`). Use it as `user_id` of `portal_mailbox_permission`.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"application_id": schema.StringAttribute{
				MarkdownDescription: "ID of the application (`app_…`) the user belongs to; the `portal_application` data source " +
					"looks one up by name. Changing it replaces the user: records of different applications are unrelated.",
				Required:      true,
				Validators:    []validator.String{applicationIDValidator()},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"customer_id": schema.StringAttribute{
				MarkdownDescription: "ID of the customer (`cus_…`) whose record this is: it can be granted rights on that " +
					"customer's mailboxes only, and only tokens that reach that customer see it. The application must be " +
					"offered to the customer. Defaults to the provider's `customer_id`; without either, to the customer of " +
					"the provider's token (for the service provider's administrators, the service provider itself, whose " +
					"application users cannot be granted rights on other customers' mailboxes): set one of the two to the " +
					"customer whose mailboxes the user will work on. The state records the customer the user is in: a change " +
					"of customer — of this attribute, or of the provider's default while this is left out — replaces the user.",
				Optional:   true,
				Computed:   true,
				Validators: []validator.String{customerIDValidator()},
				// ModifyPlan plans it (planCustomer): the provider's default is not known to a plan modifier.
			},
			"username": schema.StringAttribute{
				MarkdownDescription: "Username, unique within the application and customer and compared without regard to case (the portal " +
					"stores it lowercased). 1–64 letters, digits, `.`, `_` or `-`, starting with a letter or digit. Changing " +
					"it (other than its case) replaces the user.",
				CustomType:    customtypes.CaseInsensitiveStringType{},
				Required:      true,
				Validators:    usernameValidators(),
				PlanModifiers: []planmodifier.String{ignoreCaseOnlyChange{}, stringplanmodifier.RequiresReplace()},
			},
			"display_name": schema.StringAttribute{
				MarkdownDescription: "Name shown for the user, up to 256 characters. Defaults to the portal's choice at creation, " +
					"the username. Updated in place. Left out of the configuration, it follows the portal: a display name changed " +
					"there is taken into the state without a diff; set it here to hold it.",
				Optional:      true,
				Computed:      true,
				Validators:    []validator.String{stringvalidator.LengthBetween(1, 256)},
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"email": schema.StringAttribute{
				MarkdownDescription: "Contact email address, compared without regard to case. Optional; removing it clears " +
					"it in the portal. Updated in place.",
				CustomType:    customtypes.CaseInsensitiveStringType{},
				Optional:      true,
				Validators:    emailValidators(),
				PlanModifiers: []planmodifier.String{ignoreCaseOnlyChange{}},
			},
			"enabled": schema.BoolAttribute{
				MarkdownDescription: "Whether the user can sign in. Defaults to `true`. A user disabled in the portal by hand " +
					"is enabled again by the next apply unless this is `false`. Updated in place.",
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(true),
			},
			"password": schema.StringAttribute{
				MarkdownDescription: "Password, 12–128 characters. Sensitive, but **stored in state** and in saved plans. " +
					"Every supported CLI (Terraform 1.11 or later, OpenTofu 1.12) has write-only attributes: use `password_wo`, " +
					"which is never stored; this attribute remains for configurations written before it. Changing it sets " +
					"the new password; removing it leaves the portal's password as it is. Conflicts with `password_wo`.",
				Optional:   true,
				Sensitive:  true,
				Validators: passwordValidators(),
			},
			"password_wo": schema.StringAttribute{
				MarkdownDescription: "Password, 12–128 characters. Write-only (Terraform 1.11 or later): sent to the portal " +
					"when the user is created and whenever `password_wo_version` changes, never stored in plan or state. " +
					"Conflicts with `password`. Without either, the user has no password.",
				Optional:  true,
				Sensitive: true,
				WriteOnly: true,
				Validators: append(passwordValidators(),
					stringvalidator.ConflictsWith(path.MatchRoot("password"))),
			},
			"password_wo_version": schema.Int64Attribute{
				MarkdownDescription: "Any number; change it to send `password_wo` to the portal again (password rotation). " +
					"Requires `password_wo`.",
				Optional:   true,
				Validators: []validator.Int64{int64validator.AlsoRequires(path.MatchRoot("password_wo"))},
			},
		},
	}
}

func (r *ApplicationUserResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

// ModifyPlan plans the customer (the block's, else the provider's, else the token's own) and checks at plan
// time that the token reaches it (R14), where it is chosen and known.
// A record that another resource took over is refused any plan (creation_marks.go).
func (r *ApplicationUserResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if !req.State.Raw.IsNull() {
		var id types.String
		resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("id"), &id)...)
		refuseTakenOver(ctx, req.Private, "portal_application_user", "application user", id.ValueString(), &resp.Diagnostics)
	}
	if req.Plan.Raw.IsNull() || resp.Diagnostics.HasError() {
		return
	}
	var prior types.String
	if !req.State.Raw.IsNull() {
		resp.Diagnostics.Append(req.State.GetAttribute(ctx, customerIDPath, &prior)...)
	}
	customer := r.data.planCustomer(ctx, req, resp, customerOwned{what: "portal_application_user", tokenCustomer: true})
	if r.data == nil || resp.Diagnostics.HasError() || customer.IsUnknown() || customer.IsNull() || customer.Equal(prior) {
		return
	}
	r.data.checkCustomerReach(ctx, customer.ValueString(), &resp.Diagnostics)
}

func (r *ApplicationUserResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan applicationUserModel
	var passwordWO types.String
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("password_wo"), &passwordWO)...)
	if resp.Diagnostics.HasError() {
		return
	}
	defer applicationUserIdentity.setIdentity(ctx, &resp.State, resp.Identity, &resp.Diagnostics)
	if !plan.CustomerID.IsUnknown() {
		// A customer known only now: out of reach, or a portal that is not verified, is an error here.
		r.data.checkCustomerReach(ctx, plan.CustomerID.ValueString(), &resp.Diagnostics)
		if resp.Diagnostics.HasError() {
			return
		}
	}
	password := plan.Password.ValueString()
	if !passwordWO.IsNull() {
		password = passwordWO.ValueString()
	}
	// One request: the client's idempotency key makes a retried create return the first record, never a second one.
	mark := newCreationMark(applicationUserFingerprint(plan))
	summary := fmt.Sprintf("Cannot create application user %q in application %s", plan.Username.ValueString(), plan.ApplicationID.ValueString())
	// Usernames are unique per application and customer (R13): the same name for two customers is two records.
	if !r.data.claimCreate("apu:"+plan.ApplicationID.ValueString()+"/"+plan.CustomerID.ValueString()+"/"+strings.ToLower(plan.Username.ValueString()),
		summary, fmt.Sprintf("application user %q of application %s", plan.Username.ValueString(), plan.ApplicationID.ValueString()),
		&resp.Diagnostics) {
		return
	}
	create := func() (api.ApplicationUser, error) {
		createCtx, cancelCreate := uninterruptible(ctx)
		defer cancelCreate()
		return r.data.client.CreateApplicationUser(createCtx, plan.ApplicationID.ValueString(), api.ApplicationUserCreate{
			CustomerID:   plan.CustomerID.ValueString(), // "" when unknown: the portal takes the token's customer
			Username:     plan.Username.ValueString(),
			DisplayName:  plan.DisplayName.ValueString(), // "" when unknown: the portal defaults it to the username
			Email:        plan.Email.ValueString(),
			Password:     password,
			Enabled:      plan.Enabled.ValueBoolPointer(),
			CreationMark: mark.String(),
		})
	}
	u, err := create()
	if err != nil && r.data.deletedMeanwhile(ctx, err) {
		u, err = create()
	}
	adopted := false
	if err != nil {
		if u, adopted = r.adoptRemains(ctx, plan, password, mark, err, summary, &resp.Diagnostics); !adopted {
			return
		}
	}
	r.data.hold(u.ID)
	plan.fill(u)
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
	recordCreationMark(ctx, resp.Private, mark.String(), &resp.Diagnostics)
	if adopted {
		addAdoptedWarning(&resp.Diagnostics, fmt.Sprintf("application user %s (%s)", u.ID, u.Username), "")
	}
	// The next refresh must find the new record, which the portal may not show yet (see awaitVisible).
	err = awaitVisible(ctx, "application user "+u.ID, func(ctx context.Context) error {
		_, err := r.data.client.GetApplicationUser(ctx, u.ApplicationID, u.ID)
		return err
	})
	if err != nil {
		addAPIError(&resp.Diagnostics, "Cannot read back application user "+u.ID, err)
	}
}

// Read costs one request: application_id is kept in state because the portal addresses a record only
// under its application.
func (r *ApplicationUserResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state applicationUserModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	// From the state Terraform holds: also when the record is gone, and for a CLI that keeps no identity.
	applicationUserIdentity.setIdentity(ctx, &req.State, resp.Identity, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	u, err := r.data.refreshApplicationUser(ctx, state.ApplicationID.ValueString(), state.CustomerID.ValueString(), state.ID.ValueString())
	if !settleRead(ctx, resp, "Cannot read application user "+state.ID.ValueString(), err) {
		return
	}
	noteCreationMark(ctx, req.Private, resp.Private, u.CreationMark, &resp.Diagnostics)
	state.fill(u)
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
}

func (r *ApplicationUserResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state applicationUserModel
	var passwordWO types.String
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("password_wo"), &passwordWO)...)
	if resp.Diagnostics.HasError() {
		return
	}
	defer applicationUserIdentity.setIdentity(ctx, &resp.State, resp.Identity, &resp.Diagnostics)
	id := state.ID.ValueString()

	patch := api.ApplicationUserPatch{}
	if !plan.DisplayName.IsUnknown() && !plan.DisplayName.Equal(state.DisplayName) {
		patch.DisplayName = plan.DisplayName.ValueStringPointer()
	}
	// A change of case only is no change: the portal stores addresses lowercased.
	if plan.Email.IsNull() != state.Email.IsNull() || !strings.EqualFold(plan.Email.ValueString(), state.Email.ValueString()) {
		patch.Email = ptr(plan.Email.ValueString()) // "" clears it
	}
	if !plan.Enabled.Equal(state.Enabled) {
		patch.Enabled = plan.Enabled.ValueBoolPointer()
	}
	if !plan.Password.IsNull() && !plan.Password.Equal(state.Password) {
		patch.Password = plan.Password.ValueStringPointer()
	}
	if !passwordWO.IsNull() && !plan.PasswordWOVersion.Equal(state.PasswordWOVersion) {
		patch.Password = passwordWO.ValueStringPointer()
	}
	if patch != (api.ApplicationUserPatch{}) {
		u, err := r.data.client.UpdateApplicationUser(ctx, plan.ApplicationID.ValueString(), id, patch)
		if err != nil {
			addAPIError(&resp.Diagnostics, "Cannot update application user "+id, err)
			return
		}
		plan.fill(u)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
}

func (r *ApplicationUserResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state applicationUserModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if !r.data.deletableWithinReach(ctx, &resp.Diagnostics, "application user "+state.ID.ValueString(), applicationUserOwner(state.ApplicationID.ValueString(), state.CustomerID.ValueString())) {
		return
	}
	defer r.data.deleting(state.ID.ValueString())()
	// The portal removes the record's grants with it (and only this record's: R13).
	err := r.data.client.DeleteApplicationUser(ctx, state.ApplicationID.ValueString(), state.ID.ValueString())
	if err != nil && !client.IsNotFound(err) {
		addAPIError(&resp.Diagnostics, "Cannot delete application user "+state.ID.ValueString(), err)
	}
}

// ImportState accepts an identity {application_id, id}, the record's ID, application_id/username (when one
// customer in reach holds that name) or application_id/customer_id/username. The passwords cannot be read
// back: after an import, the next plan sets `password` if the configuration has one.
func (r *ApplicationUserResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	applicationUserIdentity.importObject(ctx, req, resp,
		func(ctx context.Context, importID string) (objectKey, error) {
			u, err := r.resolveImportID(ctx, importID)
			return objectKey{"application_id": u.ApplicationID, "id": u.ID}, err
		},
		func(ctx context.Context, key objectKey) error {
			_, err := r.data.client.GetApplicationUser(ctx, key["application_id"], key["id"])
			return r.data.verifiedAbsence(ctx, err)
		})
}

func (r *ApplicationUserResource) resolveImportID(ctx context.Context, importID string) (api.ApplicationUser, error) {
	importID = strings.TrimSpace(importID)
	if applicationUserIDPattern.MatchString(importID) {
		return r.data.findApplicationUser(ctx, "", importID)
	}
	names := []string{"application_id", "username"}
	if strings.Count(importID, "/") == 2 {
		names = []string{"application_id", "customer_id", "username"}
	}
	parts, err := splitImportID(importID, names...)
	switch {
	case err != nil:
	case !applicationIDPattern.MatchString(parts[0]):
		err = fmt.Errorf("%q is not an application ID (app_…)", parts[0])
	case len(parts) == 3 && !customerIDPattern.MatchString(parts[1]):
		err = fmt.Errorf("%q is not a customer ID (cus_…)", parts[1])
	}
	if err != nil {
		return api.ApplicationUser{}, fmt.Errorf("%w; import an application user by its ID, or by application (and customer) "+
			"and username, e.g.\n"+
			"  terraform import portal_application_user.NAME apu_0123456789abcdef\n"+
			"  terraform import portal_application_user.NAME app_0123456789abcdef/gateway\n"+
			"  terraform import portal_application_user.NAME app_0123456789abcdef/cus_0123456789abcdef/gateway", err)
	}
	if len(parts) == 3 {
		return r.data.findApplicationUserByName(ctx, parts[0], parts[1], parts[2])
	}
	return r.data.findApplicationUserByName(ctx, parts[0], "", parts[1])
}

// applicationUserFingerprint is the fingerprint of an application user's configuration (creation_marks.go):
// everything the portal is given to make it but the passwords, which are secrets. An unset customer_id is
// "" (the token's customer): the same configuration under a token of another customer makes its record
// there, and a 409 of the portal never names a record of another customer.
func applicationUserFingerprint(plan applicationUserModel) string {
	return newConfiguration("portal_application_user").
		set("application_id", plan.ApplicationID.ValueString()).
		set("customer_id", plan.CustomerID.ValueString()).
		setFold("username", plan.Username.ValueString()).
		set("display_name", plan.DisplayName.ValueString()).
		setFold("email", plan.Email.ValueString()).
		set("enabled", strconv.FormatBool(plan.Enabled.ValueBool())).
		set("password_wo_version", int64String(plan.PasswordWOVersion)).
		fingerprint()
}

// adoptRemains takes over the record that holds the username (409 already_exists) when it is the remains
// of an interrupted create of this configuration: it claims it with this create's mark and the configured
// password. Otherwise it reports the refusal.
func (r *ApplicationUserResource) adoptRemains(ctx context.Context, plan applicationUserModel, password string, mark creationMark,
	createErr error, summary string, diags *diag.Diagnostics) (api.ApplicationUser, bool) {
	apiErr, ok := client.AsError(createErr)
	if !ok || apiErr.Code != api.CodeAlreadyExists || apiErr.ExistingID == "" {
		addCreateError(diags, "portal_application_user", summary, createErr)
		return api.ApplicationUser{}, false
	}
	appID := plan.ApplicationID.ValueString()
	found, err := r.data.client.GetApplicationUser(ctx, appID, apiErr.ExistingID)
	if err != nil {
		addCreateError(diags, "portal_application_user", summary, createErr)
		return api.ApplicationUser{}, false
	}
	if verdict := r.data.remainsOfApplicationUser(found, plan, mark); verdict != ownRemains {
		refuseExisting(diags, "portal_application_user", summary, createErr, "application user", verdict)
		return api.ApplicationUser{}, false
	}
	claim := api.ApplicationUserPatch{CreationMark: ptr(mark.String())}
	if password != "" {
		claim.Password = &password
	}
	claimed, err := r.data.client.UpdateApplicationUser(ctx, appID, found.ID, claim)
	if err != nil {
		addAPIError(diags, "Cannot take over application user "+found.ID+", left by an interrupted create of this resource", err)
		return api.ApplicationUser{}, false
	}
	return claimed, true
}

// remainsOfApplicationUser judges a record met where the create of plan meant to make one: only a record of
// the plan's application, customer (when the plan names one; else the portal's 409 answered for the token's
// own customer) and username can be its remains, whatever mark it carries.
func (d *providerData) remainsOfApplicationUser(found api.ApplicationUser, plan applicationUserModel, mark creationMark) remains {
	customerID := plan.CustomerID.ValueString()
	if found.ApplicationID != plan.ApplicationID.ValueString() || (customerID != "" && found.CustomerID != customerID) ||
		!strings.EqualFold(found.Username, plan.Username.ValueString()) {
		return unmarked
	}
	return d.judge(found.ID, found.CreationMark, mark.fingerprint)
}
