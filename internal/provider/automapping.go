package provider

import (
	"context"
	"fmt"
	"slices"

	"github.com/csportal/terraform-provider-portal/internal/api"
	"github.com/csportal/terraform-provider-portal/internal/client"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// Automapping is a property of a full_access grant: whether the mailbox appears by itself in the grantee's
// Outlook. Exchange sets it when full_access is granted and cannot change it afterwards, and neither can
// the portal (409 automapping_immutable): full_access must be removed and granted again. The provider does
// that in the apply that changes automapping, in place, inside the one R6 dance of the change:
//
//  1. full_access is removed: the grant is put without it, so that the grantee keeps its other rights
//     (send_as, say) throughout, or deleted when full_access was all it held;
//  2. full_access is granted again with the new automapping, together with the rest of the planned set.
//
// Should step 2 fail, the grantee must not be left without the access it had: the provider grants
// full_access again at once with the automapping it had, on a context that outlives a cancelled
// operation (as the login's restore does), and the next apply tries the change again. Should even that
// fail — the portal unreachable — the state records the grant as the portal holds it after step 1, so
// that the next plan shows full_access to be granted and the next apply grants it.

// grantAfter is where a change of a grant left the portal's grant when it failed part-way: changed says it
// is no longer as it was, and grant is what the portal holds then (nil: no grant at all).
type grantAfter struct {
	changed bool
	grant   *api.Permission
}

// putGrant puts the grantee's grant on mailbox key as spec says. remap says that the grantee holds
// full_access with the other automapping, which only a regrant changes; a portal that refuses with 409
// automapping_immutable says the same (the grant changed by hand since the refresh). after learns where a
// regrant that failed part-way left the grant. putGrant runs inside changeMailbox, and may run again from
// the start.
func (d *providerData) putGrant(ctx context.Context, key, granteeID string, spec api.PermissionSpec, remap bool, after *grantAfter) (api.Permission, error) {
	if !remap {
		g, err := d.client.PutGrant(ctx, key, granteeID, spec)
		if !client.HasCode(err, api.CodeAutomappingImmutable) || spec.Automapping == nil {
			return g, err
		}
	}
	return d.regrantFullAccess(ctx, key, granteeID, spec, after)
}

// regrantFullAccess is the two steps above.
func (d *providerData) regrantFullAccess(ctx context.Context, key, granteeID string, spec api.PermissionSpec, after *grantAfter) (api.Permission, error) {
	rest := slices.DeleteFunc(slices.Clone(spec.Permissions), func(p string) bool { return p == api.PermissionFullAccess })
	var held *api.Permission
	if len(rest) > 0 {
		g, err := d.client.PutGrant(ctx, key, granteeID, api.PermissionSpec{Permissions: rest})
		if err != nil {
			return api.Permission{}, err // nothing removed
		}
		held = &g
	} else if err := d.client.DeletePermission(ctx, key, granteeID); err != nil && !client.IsNotFound(err) {
		return api.Permission{}, err
	}
	*after = grantAfter{changed: true, grant: held}
	g, err := d.client.PutGrant(ctx, key, granteeID, spec)
	if err == nil || client.HasCode(err, api.CodeUserDisabled) {
		// user_disabled: another dance ended in between; changeMailbox enables the login again and repeats
		// the whole change, the removal included.
		return g, err
	}
	return api.Permission{}, d.restoreFullAccess(ctx, key, granteeID, spec, after, err)
}

// restoreFullAccess grants full_access again with the automapping it had, after the regrant with the new
// one failed with cause. It runs even when the operation's context was cancelled (restoreTimeout).
func (d *providerData) restoreFullAccess(ctx context.Context, key, granteeID string, spec api.PermissionSpec, after *grantAfter, cause error) error {
	restoreCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), restoreTimeout)
	defer cancel()
	previous := spec
	previous.Automapping = ptr(spec.Automapping == nil || !*spec.Automapping)
	g, err := d.client.PutGrant(restoreCtx, key, granteeID, previous)
	if client.HasCode(err, api.CodeAutomappingImmutable) {
		// The regrant was made after all and only its answer was lost: full_access is there.
		g, err = d.client.GetPermission(restoreCtx, key, granteeID)
	}
	if err != nil {
		return fmt.Errorf("changing the automapping of the full_access of %s on mailbox %s: removing full_access "+
			"worked, granting it again did not: %w; and giving it back as it was failed too: %w. %s has no full_access on "+
			"the mailbox until the next apply grants it again, which the next plan shows", granteeID, key, cause, err, granteeID)
	}
	*after = grantAfter{changed: true, grant: &g}
	return fmt.Errorf("changing the automapping of the full_access of %s on mailbox %s: granting full_access again "+
		"with automapping %t failed: %w. It was given back with automapping %t, as it was, and the next apply tries "+
		"the change again", granteeID, key, *spec.Automapping, cause, *previous.Automapping)
}

// needsRegrant reports whether putting want over held changes the automapping of a full_access the
// grantee keeps, which only a regrant can.
func needsRegrant(heldPerms []string, heldAutomapping *bool, want api.PermissionSpec) bool {
	keeps := slices.Contains(heldPerms, api.PermissionFullAccess) && slices.Contains(want.Permissions, api.PermissionFullAccess)
	return keeps && heldAutomapping != nil && want.Automapping != nil && *heldAutomapping != *want.Automapping
}

// automappingAttribute is automapping of portal_mailbox_permission.
func automappingAttribute() schema.BoolAttribute {
	return schema.BoolAttribute{
		MarkdownDescription: "With `full_access`: whether the mailbox appears by itself in the grantee's Outlook " +
			"(Exchange's AutoMapping), which users of large shared mailboxes often turn off: Outlook then opens " +
			"the mailbox only when it is added by hand. Defaults to `true` with `full_access`; null without it, " +
			"where it means nothing (setting it is refused). Exchange cannot change it on an existing grant, so a " +
			"change removes `full_access` and grants it again, in place and in the same apply: the grantee keeps " +
			"its other permissions meanwhile, and should granting it again fail, full_access is given back as it was.",
		Optional: true,
		Computed: true,
	}
}

// plannedAutomapping is the automapping a grant of perms plans: the configured value, else true with
// full_access; null without full_access; unknown while the permissions are.
func plannedAutomapping(ctx context.Context, configured types.Bool, perms types.Set) types.Bool {
	values, known := knownStrings(ctx, perms)
	switch {
	case !configured.IsNull():
		return configured
	case !known:
		return types.BoolUnknown()
	case slices.Contains(values, api.PermissionFullAccess):
		return types.BoolValue(true)
	}
	return types.BoolNull()
}

// validateAutomapping refuses a configured automapping without full_access: the portal refuses it (422
// automapping_requires_full_access).
func validateAutomapping(automapping types.Bool, perms []string, at path.Path, diags *diag.Diagnostics) {
	if automapping.IsNull() || automapping.IsUnknown() || slices.Contains(perms, api.PermissionFullAccess) {
		return
	}
	diags.AddAttributeError(at, "automapping without full_access",
		"automapping says whether a mailbox the grantee has full_access to appears by itself in the grantee's "+
			"Outlook, and these permissions do not include full_access. Remove automapping, or add full_access.")
}
