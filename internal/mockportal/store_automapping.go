package mockportal

import (
	"slices"

	"github.com/csportal/terraform-provider-portal/internal/api"
)

// Automapping is a property of a full_access grant, as in Exchange: whether the mailbox appears by itself in
// the grantee's Outlook. It is set when full_access is granted and cannot change afterwards; to change it,
// full_access is removed (the grant put without it, or deleted) and granted again.

// automappingAllowed refuses an automapping value for a set without full_access, where it means nothing.
func automappingAllowed(perms []string, automapping *bool) error {
	if automapping == nil || slices.Contains(perms, api.PermissionFullAccess) {
		return nil
	}
	e := errUnprocessable(api.CodeAutomappingRequiresFullAccess,
		"automapping is a property of full_access, which the permissions do not include")
	e.Fields = []api.FieldError{{Field: "automapping", Message: "is only allowed with full_access"}}
	return e
}

// grantedAutomapping is the automapping of a grant of perms put over the grant held (nil when none):
// nil without full_access; the held value when full_access was held already, which requested may not change
// (409 automapping_immutable); requested for a new full_access, true when not requested.
func grantedAutomapping(held *permissionRecord, perms []string, requested *bool) (*bool, error) {
	if !slices.Contains(perms, api.PermissionFullAccess) {
		return nil, nil
	}
	if held != nil && slices.Contains(held.Permissions, api.PermissionFullAccess) {
		current := held.Automapping
		if current == nil {
			current = ptr(true) // a grant stored before grants had automapping
		}
		if requested != nil && *requested != *current {
			return nil, errConflict(api.CodeAutomappingImmutable,
				"the full_access of %s on mailbox %s has automapping %t, which cannot change on an existing grant: "+
					"remove full_access (put the grant without it, or delete the grant) and grant it again with automapping %t",
				held.GranteeID, held.MailboxID, *current, *requested)
		}
		return ptr(*current), nil
	}
	if requested == nil {
		return ptr(true), nil
	}
	return ptr(*requested), nil
}

// equalPtr reports whether two optional values are both absent or equal.
func equalPtr[T comparable](a, b *T) bool {
	return a == nil && b == nil || a != nil && b != nil && *a == *b
}
