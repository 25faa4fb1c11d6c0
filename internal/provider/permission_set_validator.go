package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// emptyPermissions refuses an empty permission set with what to do instead. The portal keeps no empty
// grant (PUT with no permissions answers 422 permissions_empty): a grantee with no permission is a grantee
// without a grant, so the way to take every permission away is to remove the grant.
type emptyPermissions struct{}

var _ validator.Set = emptyPermissions{}

func (emptyPermissions) Description(context.Context) string {
	return "must hold at least one permission; to take every permission away, remove the grant instead"
}

func (v emptyPermissions) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (emptyPermissions) ValidateSet(_ context.Context, req validator.SetRequest, resp *validator.SetResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() || len(req.ConfigValue.Elements()) > 0 {
		return
	}
	// A set of portal_mailbox_access's grants map is one of its elements (grants["usr_…"]); the set of
	// portal_mailbox_permission is an attribute of its own.
	remove := "remove this portal_mailbox_permission resource from the configuration; the next apply revokes the grant"
	if last, _ := req.Path.Steps().LastStep(); last != nil {
		if grantee, inMap := last.(path.PathStepElementKeyString); inMap {
			remove = fmt.Sprintf("remove %s from grants; the next apply revokes its grant", string(grantee))
		}
	}
	resp.Diagnostics.AddAttributeError(req.Path, "No permissions in a grant",
		fmt.Sprintf("%s is empty. A grant holds at least one permission, and the portal keeps no empty grants, so "+
			"an empty set cannot mean \"no access\". To take every permission away, %s.", req.Path, remove))
}
