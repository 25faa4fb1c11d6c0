package client

import (
	"context"
	"net/http"
	"strings"

	"github.com/csportal/terraform-provider-portal/internal/api"
)

// The permission methods take a mailbox ID that is either a mailbox's user ID (usr_…) or a submailbox's ID
// (smb_…): the portal keeps the grants of each under its own path, and a grant on one never carries over
// to another (R8).

// ListPermissions returns every grant on a mailbox or submailbox; administrators are never listed (R12).
func (c *Client) ListPermissions(ctx context.Context, mailboxID string) ([]api.Permission, error) {
	return list[api.Permission](ctx, c, nil, permissionsPath(mailboxID)...)
}

// GetPermission returns the grant of one grantee on a mailbox or submailbox; 404 when it holds none.
func (c *Client) GetPermission(ctx context.Context, mailboxID, granteeID string) (api.Permission, error) {
	return get[api.Permission](ctx, c, permissionsPath(mailboxID, granteeID)...)
}

// PutPermission replaces the grantee's whole set of permissions on the mailbox or submailbox. perms must
// not be empty: use DeletePermission to remove a grant.
func (c *Client) PutPermission(ctx context.Context, mailboxID, granteeID string, perms []string) (api.Permission, error) {
	return c.PutGrant(ctx, mailboxID, granteeID, api.PermissionSpec{Permissions: perms})
}

// PutGrant is PutPermission with the whole spec: the automapping of a full_access grant too. The portal
// refuses a change of automapping on a full_access the grantee holds (409 automapping_immutable).
func (c *Client) PutGrant(ctx context.Context, mailboxID, granteeID string, spec api.PermissionSpec) (api.Permission, error) {
	return send[api.Permission](ctx, c, http.MethodPut, spec, permissionsPath(mailboxID, granteeID)...)
}

// DeletePermission removes the grantee's grant on the mailbox or submailbox.
func (c *Client) DeletePermission(ctx context.Context, mailboxID, granteeID string) error {
	return remove(ctx, c, permissionsPath(mailboxID, granteeID)...)
}

// permissionsPath is /submailboxes/{id}/permissions[/{grantee}] for a submailbox, else
// /users/{mailbox}/hosted-exchange/permissions[/{grantee}].
func permissionsPath(mailboxID string, grantee ...string) []string {
	if strings.HasPrefix(mailboxID, api.PrefixSubmailbox) {
		return append([]string{"submailboxes", mailboxID, "permissions"}, grantee...)
	}
	return append([]string{"users", mailboxID, "hosted-exchange", "permissions"}, grantee...)
}
