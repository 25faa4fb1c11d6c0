package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
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
