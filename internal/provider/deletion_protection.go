package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// Deleting a shared mailbox or a submailbox deletes its mail in the portal, and nothing brings it back.
// deletion_protection (on unless the configuration turns it off) makes a plan that would delete one fail
// before anything is changed.

var deletionProtectionPath = path.Root("deletion_protection")

// deletionProtectionAttribute is the deletion_protection attribute of a resource whose deletion deletes
// mail: object names it ("the mailbox"), replacedBy lists the attributes whose change replaces it.
func deletionProtectionAttribute(object, replacedBy string) schema.BoolAttribute {
	return schema.BoolAttribute{
		MarkdownDescription: fmt.Sprintf("Whether Terraform refuses to delete %[1]s, whose mail the portal deletes with it. "+
			"Defaults to `true`: a plan that would delete %[1]s — `terraform destroy`, removing the resource from the "+
			"configuration, or a change of %[2]s, which replaces it — then fails at plan time, before anything is "+
			"changed. To delete it, set `false` and apply that first; to stop managing it without deleting it, use a "+
			"`removed` block with `lifecycle { destroy = false }`. Changing it changes nothing in the portal. Import "+
			"sets it to `true`.", object, replacedBy),
		Optional: true,
		Computed: true,
		Default:  booldefault.StaticBool(true),
	}
}

// protectedIn reports whether a prior state protects its object: unless deletion_protection is false in it.
// A state written before the attribute existed holds null, and is protected as the default is.
func protectedIn(ctx context.Context, state tfsdk.State) (bool, diag.Diagnostics) {
	var protection types.Bool
	diags := state.GetAttribute(ctx, deletionProtectionPath, &protection)
	return !protection.Equal(types.BoolValue(false)), diags
}

// defaultProtection is deletion_protection as Read and import record it: a state that holds none (import,
// or a state written before the attribute existed) gets the default, true.
func defaultProtection(v types.Bool) types.Bool {
	if v.IsNull() || v.IsUnknown() {
		return types.BoolValue(true)
	}
	return v
}

// protectedObject is what the refusals say about a resource whose deletion deletes mail.
type protectedObject struct {
	// resourceType is the Terraform type, for the removed block of the advice.
	resourceType string
	// describe names the object of a prior state for a user: "shared mailbox usr_… (info@acme.example)".
	describe func(context.Context, tfsdk.State) string
}

// refuseDestroy fails a plan that deletes a protected object: `terraform destroy`, or the resource gone
// from the configuration. (A removed block with destroy = false forgets the object instead, and Terraform
// does not ask the provider to plan that.) containers are the protected objects it lies in, which
// Terraform will not plan while this refusal stands (see protected_containers.go).
func (o protectedObject) refuseDestroy(ctx context.Context, state tfsdk.State, diags *diag.Diagnostics, containers ...container) {
	protected, d := protectedIn(ctx, state)
	if diags.Append(d...); !protected || diags.HasError() {
		return
	}
	what := o.describe(ctx, state)
	detail := fmt.Sprintf("This plan deletes %s, because of terraform destroy or because the resource is no longer in "+
		"the configuration. The portal deletes its mail with it, for good, and its deletion_protection is true "+
		"(the default), so the plan stops here: nothing has been changed.", what)
	if hidden := hiddenContainers(containers); hidden != "" {
		detail += "\n\n" + hidden
	}
	var id types.String
	diags.Append(state.GetAttribute(ctx, path.Root("id"), &id)...)
	diags.AddError("Deletion protection: the plan would delete "+what,
		detail+"\n\n"+o.deleteOnPurpose("run the same command again")+"\n\n"+o.keepInPortal(id.ValueString()))
}

// deleteOnPurpose is the way to delete a protected object anyway; then says what to do afterwards.
func (o protectedObject) deleteOnPurpose(then string) string {
	return "To delete it on purpose: set deletion_protection = false in its resource block and apply that first " +
		"(which changes nothing in the portal), then " + then + ". A resource block already removed from the " +
		"configuration has to be put back for that apply."
}

// keepInPortal is the way to stop managing the object id without deleting it.
func (o protectedObject) keepInPortal(id string) string {
	return fmt.Sprintf("To stop managing it with Terraform and keep it, with its mail, in the portal: replace its "+
		"resource block with a removed block (Terraform 1.7 or later, OpenTofu 1.12) and apply (%s):\n\n"+
		"  removed {\n    from = %s.NAME\n    lifecycle {\n      destroy = false\n    }\n  }",
		stateAddressHint(o.resourceType, id), o.resourceType)
}

// replaceUnlessProtected is RequiresReplace for an attribute whose change replaces the object, which fails
// the plan instead while the prior state protects the object from deletion: a replacement deletes it
// first. The error is the attribute's, so Terraform shows the resource's address and the line.
func (o protectedObject) replaceUnlessProtected() planmodifier.String {
	return replaceUnlessProtected{object: o}
}

type replaceUnlessProtected struct{ object protectedObject }

var _ planmodifier.String = replaceUnlessProtected{}

func (m replaceUnlessProtected) Description(context.Context) string {
	return "A change replaces the object; while deletion_protection is true the plan fails instead."
}

func (m replaceUnlessProtected) MarkdownDescription(ctx context.Context) string {
	return m.Description(ctx)
}

func (m replaceUnlessProtected) PlanModifyString(ctx context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	stringplanmodifier.RequiresReplace().PlanModifyString(ctx, req, resp)
	if !resp.RequiresReplace {
		return
	}
	m.object.refuseReplace(ctx, req.State, req.Path, req.StateValue, req.PlanValue, "", &resp.Diagnostics)
}

// refuseReplace fails a plan that replaces a protected object because the attribute at changes from one
// value to another; why, when not empty, says where the new value comes from.
func (o protectedObject) refuseReplace(ctx context.Context, state tfsdk.State, at path.Path, from, to types.String, why string, diags *diag.Diagnostics) {
	protected, d := protectedIn(ctx, state)
	if diags.Append(d...); !protected || diags.HasError() {
		return
	}
	attr := at.String()
	change := fmt.Sprintf("from %s to %s", from, to)
	if to.IsUnknown() {
		change = fmt.Sprintf("from %s to a value known only after apply", from)
	}
	if why != "" {
		change += " (" + why + ")"
	}
	what := o.describe(ctx, state)
	diags.AddAttributeError(at, fmt.Sprintf("Deletion protection: changing %s would replace %s", attr, what),
		fmt.Sprintf("This plan changes %s %s, which replaces %s: Terraform deletes it and creates a new one. "+
			"The portal deletes its mail with it, for good, and its deletion_protection is true (the default), so "+
			"the plan stops here: nothing has been changed.\n\nIf the change is a mistake, undo it. %s\n\n"+
			"To keep the old one, with its mail, in the portal and manage a new one instead: %s",
			attr, change, what, o.deleteOnPurpose("apply the change"),
			"give the new one its own resource block, and remove the old one's with a removed block whose "+
				"lifecycle sets destroy = false (Terraform 1.7 or later)."))
}
