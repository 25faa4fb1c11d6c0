package provider

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/csportal/terraform-provider-portal/internal/api"
	"github.com/csportal/terraform-provider-portal/internal/client"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// The portal's permission rules (R10–R12), checked at plan time so that a grant the portal would refuse
// fails in `terraform plan`, and explained in the same words when the portal refuses at apply time.
// Lookups are remembered for the run (memo): a plan of many grants costs one GET /me and one GET per
// distinct grantee, and a plan without permission changes costs none.

var (
	sharedMailboxIDPattern = regexp.MustCompile(`^usr_[0-9a-f]{16}$`)
	// mailboxIDPattern is a mailbox key: grants are made on a mailbox or on a submailbox (R8).
	mailboxIDPattern = regexp.MustCompile(`^(usr|smb)_[0-9a-f]{16}$`)
	granteeIDPattern = regexp.MustCompile(`^(usr|apu)_[0-9a-f]{16}$`)
)

const (
	sharedMailboxIDRule = "must be the user ID of a mailbox, such as usr_0123456789abcdef (the id of a portal_shared_mailbox)"
	mailboxIDRule       = sharedMailboxIDRule + ", or the ID of a submailbox, such as smb_0123456789abcdef (the id of a portal_submailbox)"
	granteeIDRule       = "must be a portal user ID (usr_…) or an application user ID (apu_…), such as usr_0123456789abcdef"
)

// adminGranteeAdvice is said whether the plan-time check or the portal refuses a grant to an administrator.
const adminGranteeAdvice = "Remove this grant from the configuration: an administrator can already do everything " +
	"with every mailbox, and the portal keeps no permission records for administrators."

// applicationPermissionsAdvice is said whether the plan-time check or the portal refuses a value that an
// application user may not hold (R11).
var applicationPermissionsAdvice = "Application users can only be given the application permissions " +
	strings.Join(api.ApplicationPermissions, " and ") + "; remove the other values from permissions."

// isApplicationUser tells the grantee's kind from its ID alone: the prefix is part of the API contract.
func isApplicationUser(granteeID string) bool {
	return strings.HasPrefix(granteeID, api.PrefixApplicationUser)
}

// granteeUser returns the portal user granteeID, asked once per run however many grants name it.
func (d *providerData) granteeUser(ctx context.Context, granteeID string) (api.User, error) {
	return d.grantees.get(granteeID, func() (api.User, error) { return d.client.GetUser(ctx, granteeID) })
}

func describePrincipal(me api.Me) string {
	if me.Kind == api.KindApplicationUser {
		return fmt.Sprintf("application user %s (%s) of application %s", me.Name, me.ID, me.ApplicationID)
	}
	return fmt.Sprintf("user %s (%s) with role %q", me.Name, me.ID, me.Role)
}

// notAdministratorMessage names the principal behind the token, since the token itself says nothing to a
// reader of the error.
func notAdministratorMessage(me api.Me) string {
	return fmt.Sprintf("Only portal administrators can assign or remove mailbox permissions, and the provider's API "+
		"token belongs to %s, which is not an administrator. Configure the provider's api_token (or "+
		"PORTAL_API_TOKEN) with an administrator's token.", describePrincipal(me))
}

// checkMayManagePermissions reports at plan time a token that the portal will refuse to change permissions
// with (R10). An endpoint that is not the portal's API is an error (verifiedForPlan); when GET /me fails
// otherwise the plan goes on with a warning: apply checks again. It reports whether the portal is verified,
// which the checks of the grants themselves need.
func (d *providerData) checkMayManagePermissions(ctx context.Context, diags *diag.Diagnostics) bool {
	if !d.verifiedForPlan(ctx, diags) {
		return false
	}
	me, _ := d.whoAmI(ctx) // verified: remembered
	if me.Role != api.RoleAdmin {
		diags.AddError("Only administrators can assign or remove permissions", notAdministratorMessage(me))
	}
	return true
}

// grantPaths says where a grant's grantee and its permissions are written in a resource's configuration, so
// that a refusal points at them: two attributes of portal_mailbox_permission, one map element of
// portal_mailbox_access. mailboxID is the mailbox key the grant is on when it is known at plan time (""
// skips the check that the grantee is of the mailbox's customer, R16), customerHint its customer where the
// resource recorded it.
type grantPaths struct {
	grantee, permissions    path.Path
	mailboxID, customerHint string
}

// checkGrant reports at plan time a grant the portal will refuse: any grant to an administrator (R12),
// values other than the application permissions for an application user (R11), and a grantee of another
// customer than the mailbox's (R16). Unknown values are left to the portal at apply time.
func (d *providerData) checkGrant(ctx context.Context, granteeID types.String, permissions types.Set, at grantPaths, diags *diag.Diagnostics) {
	if granteeID.IsUnknown() || granteeID.IsNull() {
		return
	}
	id := granteeID.ValueString()
	errorsBefore := diags.ErrorsCount()
	defer func() {
		if at.mailboxID != "" && diags.ErrorsCount() == errorsBefore {
			d.otherCustomer(ctx, at.grantee, at.mailboxID, at.customerHint, id).addTo(diags)
		}
	}()
	if isApplicationUser(id) {
		if refused := nonApplicationPermissions(ctx, permissions); len(refused) > 0 {
			diags.AddAttributeError(at.permissions, "Permission not allowed for an application user",
				fmt.Sprintf("application user %s cannot be given %s. %s", id, strings.Join(refused, ", "), applicationPermissionsAdvice))
		}
		return
	}
	user, err := d.granteeUser(ctx, id)
	switch {
	case client.IsNotFound(err):
		diags.AddAttributeError(at.grantee, "Unknown grantee",
			fmt.Sprintf("The portal has no user %s, so nothing can be granted to it. The portal_user data source looks "+
				"users up by username or email address.", id))
	case err != nil:
		diags.AddWarning("Cannot check the grantee at plan time", explain(err))
	case user.Role == api.RoleAdmin:
		diags.AddAttributeError(at.grantee, "Administrators cannot be granted permissions",
			fmt.Sprintf("user %s is an administrator; administrators have all permissions and cannot be granted any. %s",
				id, adminGranteeAdvice))
	}
}

// permissionSetValidators check one grantee's set of permissions: at least one value, each a value the
// portal knows (the error lists them). To take every permission away, a grant is removed instead.
func permissionSetValidators() []validator.Set {
	return []validator.Set{
		emptyPermissions{},
		setvalidator.ValueStringsAre(stringvalidator.OneOf(api.AllPermissions...)),
	}
}

// nonApplicationPermissions returns the known values of permissions that are not application permissions.
func nonApplicationPermissions(ctx context.Context, permissions types.Set) []string {
	known, _ := stringsOf(ctx, permissions)
	var refused []string
	for _, v := range known {
		if !slices.Contains(api.ApplicationPermissions, v) {
			refused = append(refused, v)
		}
	}
	slices.Sort(refused)
	return refused
}

// addPermissionError reports a refused permission change. A refusal for want of administrator rights
// (R10) also names the token's principal, as the plan-time check does.
func (d *providerData) addPermissionError(ctx context.Context, diags *diag.Diagnostics, summary string, err error) {
	if client.HasCode(err, api.CodeNotAnAdministrator) {
		if me, meErr := d.whoAmI(ctx); meErr == nil {
			diags.AddError(summary, explain(err)+"\n\n"+notAdministratorMessage(me))
			return
		}
	}
	addAPIError(diags, summary, err)
}
