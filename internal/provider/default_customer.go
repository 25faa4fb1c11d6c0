package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// The default customer. Like the project of Google's provider, the provider's customer_id (or
// PORTAL_CUSTOMER_ID) is the customer of every resource, data source and list block that leaves its own
// out: a configuration per customer, or a provider alias per customer, names it once. The state always
// records the customer actually used, so a resource moved to another alias, or a changed default, is
// replaced only where the customer really changes — and deletion_protection refuses that for a mailbox.
// This file is the one place that decides a block's customer.

var customerIDPath = path.Root("customer_id")

// missingCustomer is the error of a block without a customer: what needs one, and both ways to give it
// one — the block's own attribute at, or the provider's default.
func missingCustomer(diags *diag.Diagnostics, at path.Path, what string) {
	diags.AddAttributeError(at, "Missing customer_id", fmt.Sprintf("%s needs a customer. Set %s in this block, or "+
		"customer_id in the provider block (or the %s environment variable) for every block of that provider that "+
		"leaves it out. The portal_customer data source looks a customer's ID up by name.", what, at, EnvCustomerID))
}

// customerFor is the customer a block means: its own customer_id when it sets one (known or not), else the
// provider's default; null when neither is set.
func (d *providerData) customerFor(own types.String) types.String {
	if !own.IsNull() || d == nil {
		return own
	}
	return d.defaultCustomer
}

// requireCustomer is customerFor for a block that reads now (a data source, a list block): the customer
// must be set and known. own is the block's attribute at; what names the block for the error ("portal_user_plans").
func (d *providerData) requireCustomer(own types.String, at path.Path, what string, diags *diag.Diagnostics) (string, bool) {
	customer := d.customerFor(own)
	switch {
	case customer.IsNull():
		missingCustomer(diags, at, what)
	case customer.IsUnknown():
		diags.AddAttributeError(at, "Customer not known yet",
			fmt.Sprintf("%s leaves %s out, and the provider's customer_id is known only after apply, so it cannot be "+
				"read now. Set %s in this block, or give the provider a customer_id known at plan time.", what, at, at))
	default:
		return customer.ValueString(), true
	}
	return "", false
}

// customerOwned is what planCustomer needs to know of a resource that belongs to a customer.
type customerOwned struct {
	// what names the resource type for the error of a missing customer: "portal_shared_mailbox".
	what string
	// protection refuses a replacement while the object's deletion_protection holds; nil for objects
	// without it.
	protection *protectedObject
	// tokenCustomer says that without a customer of its own or the provider's, the portal makes the object
	// in the token's own customer (application users), and a prior object keeps its customer; without it,
	// a missing customer is an error.
	tokenCustomer bool
}

// planCustomer plans the customer_id of a resource that belongs to a customer: its own, else the
// provider's (unknown while that is). A customer that differs from the state's replaces the object, which
// the object's deletion protection refuses. It returns the planned customer, null when there is none (an
// error then says how to set one, unless the portal chooses it: then unknown, or the prior customer).
func (d *providerData) planCustomer(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse,
	o customerOwned) types.String {
	var own, prior types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, customerIDPath, &own)...)
	if !req.State.Raw.IsNull() {
		resp.Diagnostics.Append(req.State.GetAttribute(ctx, customerIDPath, &prior)...)
	}
	if d == nil {
		return own // not configured: Terraform reports why
	}
	customer := d.customerFor(own)
	switch {
	case customer.IsNull() && o.tokenCustomer && req.State.Raw.IsNull():
		customer = types.StringUnknown() // the portal's choice: the token's customer
	case customer.IsNull() && o.tokenCustomer:
		customer = prior
	case customer.IsNull():
		missingCustomer(&resp.Diagnostics, customerIDPath, o.what)
		return customer
	}
	resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, customerIDPath, customer)...)
	if req.State.Raw.IsNull() || customer.Equal(prior) {
		return customer
	}
	resp.RequiresReplace = append(resp.RequiresReplace, customerIDPath)
	why := ""
	if own.IsNull() {
		why = "customer_id is left out of the block, so it is the provider's customer_id or " + EnvCustomerID +
			"; the state records the customer the object was made in"
	}
	if o.protection != nil {
		o.protection.refuseReplace(ctx, req.State, customerIDPath, prior, customer, why, &resp.Diagnostics)
	}
	return customer
}
