package provider

import (
	"context"
	"strconv"
	"strings"

	"github.com/csportal/terraform-provider-portal/internal/api"
	"github.com/csportal/terraform-provider-portal/internal/client"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// The create of a shared mailbox and the remains of an interrupted one (see creation_marks.go): a generic
// user with the plan's customer and username whose creation mark carries the configuration's fingerprint,
// found by its username (409 already_exists) or by an address it already holds. Whatever the killed
// create left undone — the service, its job, the login's disable — the adopting create finishes.

// mailboxFingerprint is the fingerprint of a shared mailbox's configuration: everything the portal is
// given to make it. deletion_protection and timeouts are Terraform's alone; the password is a secret.
func mailboxFingerprint(plan sharedMailboxModel, spec api.HostedExchangeSpec) string {
	return newConfiguration("portal_shared_mailbox").
		set("customer_id", plan.CustomerID.ValueString()).
		setFold("username", plan.Username.ValueString()).
		set("first_name", plan.FirstName.ValueString()).
		set("last_name", plan.LastName.ValueString()).
		set("display_name", plan.DisplayName.ValueString()).
		setFold("email_address", spec.PrimaryEmail).
		setAliases(spec.EmailAliases).
		set("user_plan", spec.UserPlan).
		set("login_enabled", strconv.FormatBool(plan.LoginEnabled.ValueBool())).
		set("password_wo_version", int64String(plan.PasswordWOVersion)).
		fingerprint()
}

// gone reports whether the user id no longer exists: one this process held may have been deleted by it
// between the address lookup and now (deletions.go), its delete ended before the create asked.
func (d *providerData) gone(ctx context.Context, id string) bool {
	_, err := d.client.GetUser(ctx, id)
	return client.IsNotFound(err)
}

// plannedFingerprint is mailboxFingerprint at plan time, or pending when a configured value it takes is not
// known yet (it will be at apply, and the apply's fingerprint would differ from one made of unknowns). A
// computed value the configuration leaves out (display_name) is unknown at apply too, so it counts as "".
func plannedFingerprint(ctx context.Context, plan, config sharedMailboxModel) (fingerprint string, pending bool) {
	for _, v := range []attr.Value{config.CustomerID, config.Username, config.FirstName, config.LastName, config.DisplayName,
		config.EmailAddress, config.EmailAliases, config.UserPlan, config.LoginEnabled, config.PasswordWOVersion} {
		if v.IsUnknown() {
			return "", true
		}
	}
	spec, diags := plannedSpec(ctx, plan)
	if diags.HasError() {
		return "", true
	}
	return mailboxFingerprint(plan, spec), false
}

// int64String is a number as text, "" for null or unknown.
func int64String(v types.Int64) string {
	if v.IsNull() || v.IsUnknown() {
		return ""
	}
	return strconv.FormatInt(v.ValueInt64(), 10)
}

// remainsOfMailbox judges a user met where the create of plan meant to make one: only a user at the plan's
// natural key — its customer, and the username that customer stores for the plan's (R17: with its code
// appended when it has username_suffix), compared without regard to case — can be its remains, whatever
// mark it carries. atKey says whether u is at that key (false for a user another create of this process
// holds: that one is never looked at further).
func (d *providerData) remainsOfMailbox(ctx context.Context, u api.User, plan sharedMailboxModel, mark creationMark) (
	verdict remains, atKey bool, err error) {
	return d.remainsAtKey(ctx, u, plan.CustomerID.ValueString(), plan.Username.ValueString(), mark.fingerprint)
}

// remainsAtKey is remainsOfMailbox for a create of fingerprint at the natural key (customerID, username).
func (d *providerData) remainsAtKey(ctx context.Context, u api.User, customerID, username, fingerprint string) (
	verdict remains, atKey bool, err error) {
	if _, held := d.held.Load(u.ID); held {
		return heldHere, false, nil
	}
	if u.CustomerID != customerID {
		return unmarked, false, nil
	}
	if !strings.EqualFold(u.Username, username) {
		// Perhaps the stored form of the plan's username: that takes the customer's naming convention.
		c, err := d.customer(ctx, u.CustomerID) // a code and its suffix never change: one read per customer and process
		if err != nil {
			return unmarked, false, err
		}
		if !strings.EqualFold(u.Username, api.StoredUsername(username, c.Code, c.UsernameSuffix)) {
			return unmarked, false, nil
		}
	}
	return d.judge(u.ID, u.CreationMark, fingerprint), true, nil
}

// addressesFree checks, just before the create makes the generic user, that no other object holds an
// address of spec now (R3): the plan checked it, but another run or an operator may have taken one since.
// A holder that is this configuration's own remains is returned for the create to adopt; any other is
// reported as the plan would have (address_holder.go), and free is false.
func (r *SharedMailboxResource) addressesFree(ctx context.Context, plan sharedMailboxModel, spec api.HostedExchangeSpec,
	mark creationMark, diags *diag.Diagnostics) (remains *api.User, free bool) {
	m := mailboxAddressesOf(plan, "", wantedAddresses(spec))
	m.fingerprint = mark.fingerprint
	holder, at, err := r.data.firstTakenAddress(ctx, m)
	if err != nil {
		addAPIError(diags, "Cannot check whether the mailbox's addresses are free", err)
		return nil, false
	}
	if !holder.taken() {
		return nil, true
	}
	if holder.user.ID != "" && (r.data.awaitDeletion(ctx, holder.user.ID) || holder.verdict == heldHere && r.data.gone(ctx, holder.user.ID)) {
		return r.addressesFree(ctx, plan, spec, mark, diags) // deleted by this process meanwhile: look again
	}
	if holder.adoptable() {
		return &holder.user, true
	}
	diags.AddAttributeError(at.at, takenAddressSummary, "The address was free when the plan was made: another "+
		"Terraform run or an operator has taken it since. "+holder.advice(plan.Username.ValueString()))
	return nil, false
}

// createUser creates the mailbox's generic user with the creation mark, or adopts remains: those found
// by an address, or the user the portal names when the username is taken (409 already_exists). Adopted
// remains are claimed: they take this create's mark (and the configured password, if any). The login
// stays enabled until the service is provisioned: a disabled user's services cannot be managed (R6).
func (r *SharedMailboxResource) createUser(ctx context.Context, plan sharedMailboxModel, password, configuredPassword string,
	mark creationMark, remains *api.User, diags *diag.Diagnostics) (user api.User, adopted bool) {
	if remains == nil {
		create := func() (api.User, error) {
			createCtx, cancelCreate := uninterruptible(ctx)
			defer cancelCreate()
			return r.data.client.CreateUser(createCtx, api.UserCreate{
				CustomerID:   plan.CustomerID.ValueString(),
				Username:     plan.Username.ValueString(),
				FirstName:    plan.FirstName.ValueString(),
				LastName:     plan.LastName.ValueString(),
				DisplayName:  plan.DisplayName.ValueString(),
				Password:     password,
				LoginEnabled: ptr(true),
				CreationMark: mark.String(),
			})
		}
		created, err := create()
		if err != nil && r.data.deletedMeanwhile(ctx, err) {
			created, err = create()
		}
		if err == nil {
			return created, false
		}
		remains = r.ownRemains(ctx, plan, mark, err, diags)
		if remains == nil {
			return api.User{}, false
		}
	}
	claim := api.UserPatch{CreationMark: ptr(mark.String())}
	if configuredPassword != "" {
		claim.Password = &configuredPassword
	}
	claimed, err := r.data.client.UpdateUser(ctx, remains.ID, claim)
	if err != nil {
		addAPIError(diags, "Cannot take over user "+remains.ID+", left by an interrupted create of this mailbox", err)
		return api.User{}, false
	}
	return claimed, true
}

// ownRemains returns the user a refused create met when it is this configuration's remains, and reports
// the refusal otherwise.
func (r *SharedMailboxResource) ownRemains(ctx context.Context, plan sharedMailboxModel, mark creationMark, createErr error,
	diags *diag.Diagnostics) *api.User {
	const summary = "Cannot create the mailbox's generic user"
	apiErr, ok := client.AsError(createErr)
	if !ok || apiErr.Code != api.CodeAlreadyExists || apiErr.ExistingID == "" {
		addCreateError(diags, "portal_shared_mailbox", summary, createErr)
		return nil
	}
	found, err := r.data.client.GetUser(ctx, apiErr.ExistingID)
	if err != nil {
		addCreateError(diags, "portal_shared_mailbox", summary, createErr)
		return nil
	}
	verdict, _, err := r.data.remainsOfMailbox(ctx, found, plan, mark)
	if err != nil {
		addCreateError(diags, "portal_shared_mailbox", summary, createErr)
		return nil
	}
	if verdict == ownRemains {
		return &found
	}
	refuseExisting(diags, "portal_shared_mailbox", summary, createErr, "user", verdict)
	return nil
}

// finishMailbox does what an interrupted create of the mailbox left undone: waits for a provisioning job
// of the planned service that still runs, provisions the service unless it holds the plan, and leaves the
// login as planned.
func (d *providerData) finishMailbox(ctx context.Context, id string, spec api.HostedExchangeSpec, wantLogin bool) error {
	service, err := d.client.GetHostedExchange(ctx, id)
	if err != nil {
		return err
	}
	if holdsSpec(service, spec) && service.JobID != "" &&
		(service.ProvisioningStatus == api.ServiceRequested || service.ProvisioningStatus == api.ServiceInProgress) {
		if _, err := d.client.WaitJob(ctx, service.JobID); err != nil && ctx.Err() != nil {
			return err
		}
		if service, err = d.client.GetHostedExchange(ctx, id); err != nil {
			return err
		}
	}
	if !holdsSpec(service, spec) || service.ProvisioningStatus != api.ServiceProvisioned {
		return d.provisionMailbox(ctx, id, &wantLogin, spec)
	}
	user, err := d.client.GetUser(ctx, id)
	if err != nil || user.LoginEnabled == wantLogin {
		return err
	}
	return d.setLogin(ctx, id, wantLogin)
}

// holdsSpec reports whether the service has the plan and the addresses of spec (addresses compared
// without regard to case), whatever its status.
func holdsSpec(service api.HostedExchange, spec api.HostedExchangeSpec) bool {
	return service.UserPlan == spec.UserPlan && strings.EqualFold(service.PrimaryEmail, spec.PrimaryEmail) &&
		sameFold(service.EmailAliases, spec.EmailAliases)
}
