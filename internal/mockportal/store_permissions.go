package mockportal

import (
	"slices"
	"strings"
	"time"

	"github.com/csportal/terraform-provider-portal/internal/api"
)

// requireMailbox answers 409 service_not_provisioned unless the user has a mailbox that can carry grants.
func requireMailbox(u *userRecord) error {
	if !u.Service.MailboxExists {
		return errConflict(api.CodeServiceNotProvisioned, "user %s has no provisioned mailbox", u.ID)
	}
	return nil
}

// Grants live under a mailbox key: the mailbox's user ID, or a submailbox's ID. A submailbox's grants are
// its own records (R8), but the rules about the mailbox (it must be provisioned, R6 on its login) are
// those of the user the submailbox belongs to.

// mailboxOwner returns the user whose mailbox the key is or is in, for a write by the principal (hidden
// objects included; out of reach is not found).
func (st *state) mailboxOwner(p principal, key string) (*userRecord, error) {
	if !strings.HasPrefix(key, api.PrefixSubmailbox) {
		return st.user(p, key)
	}
	sm, err := st.submailbox(p, key)
	if err != nil {
		return nil, err
	}
	return st.users[sm.MailboxID], nil
}

// requireVisibleMailbox is the precondition of permission and submailbox reads: the mailbox user (or
// the submailbox) is visible to the principal's reads (404) and the mailbox is provisioned (409
// service_not_provisioned).
func (st *state) requireVisibleMailbox(p principal, key string, now time.Time) error {
	if strings.HasPrefix(key, api.PrefixSubmailbox) {
		_, err := st.visibleSubmailbox(p, key, now)
		return err // a submailbox exists only while its mailbox does
	}
	u, err := st.visibleUser(p, key, now)
	if err != nil {
		return err
	}
	return requireMailbox(u)
}

// putPermission replaces the grantee's whole set on the mailbox or submailbox, checking in the documented order:
// body (400 permissions[i]), non-empty (422), mailbox user in reach (404), the grantee (checkGrantee: 422 for
// one unknown or out of reach, R12, R16), application users only application permissions (422, R11), mailbox
// present (409), mailbox login enabled (409, R6), If-Match (412). The same set again changes nothing.
func (s *store) putPermission(actor principal, mailboxID, granteeID string, spec api.PermissionSpec, cond precondition) (api.Permission, error) {
	var fe fieldErrors
	perms := fe.permissionSet(spec.Permissions)
	if err := fe.err(); err != nil {
		return api.Permission{}, err
	}
	if len(perms) == 0 {
		return api.Permission{}, errUnprocessable(api.CodePermissionsEmpty,
			"a permission set cannot be empty; DELETE the grant to remove every permission")
	}
	if err := automappingAllowed(perms, spec.Automapping); err != nil {
		return api.Permission{}, err
	}
	var out api.Permission
	err := s.write(func(st *state, now time.Time) error {
		mailbox, err := st.mailboxOwner(actor, mailboxID)
		if err != nil {
			return err
		}
		who, err := st.checkGrantee(actor, mailbox, granteeID)
		if err != nil {
			return err
		}
		if err := checkApplicationPermissions(who, spec.Permissions); err != nil {
			return err
		}
		if err := requireMailbox(mailbox); err != nil {
			return err
		}
		g, exists := st.perms[mailboxID][granteeID]
		automapping, err := grantedAutomapping(g, perms, spec.Automapping)
		if err != nil {
			return err
		}
		if !mailbox.LoginEnabled {
			return errLoginDisabled(mailbox.ID)
		}
		if exists {
			err = cond.check(g.Version)
		} else {
			err = cond.checkAbsent()
		}
		if err != nil {
			return err
		}
		if exists && slices.Equal(g.Permissions, perms) && equalPtr(g.Automapping, automapping) {
			out = g.view()
			return nil
		}
		if !exists {
			g = &permissionRecord{Permission: api.Permission{MailboxID: mailboxID, CustomerID: mailbox.CustomerID,
				GranteeID: granteeID, GranteeKind: who.kind},
				appearance: s.appearing(now)}
			if st.perms[mailboxID] == nil {
				st.perms[mailboxID] = map[string]*permissionRecord{}
			}
			st.perms[mailboxID][granteeID] = g
		}
		g.Permissions, g.Automapping, g.Version = perms, automapping, st.next()
		st.record(now, actor, OpPermissionPut, ptr(mailbox.LoginEnabled), mailboxID, granteeID)
		out = g.view()
		return nil
	})
	return out, err
}

// deletePermission removes the grantee's grant on the mailbox.
func (s *store) deletePermission(actor principal, mailboxID, granteeID string, cond precondition) error {
	return s.write(func(st *state, now time.Time) error {
		mailbox, err := st.mailboxOwner(actor, mailboxID)
		if err != nil {
			return err
		}
		g, ok := st.perms[mailboxID][granteeID]
		if !ok {
			return errNotFound("%s has no permissions on mailbox %s", granteeID, mailboxID)
		}
		if !mailbox.LoginEnabled {
			return errLoginDisabled(mailbox.ID)
		}
		if err := cond.check(g.Version); err != nil {
			return err
		}
		delete(st.perms[mailboxID], granteeID)
		st.record(now, actor, OpPermissionDelete, ptr(mailbox.LoginEnabled), mailboxID, granteeID)
		return nil
	})
}

func (s *store) getPermission(actor principal, mailboxID, granteeID string) (api.Permission, error) {
	var out api.Permission
	err := s.read(func(st *state, now time.Time) error {
		if err := st.requireVisibleMailbox(actor, mailboxID, now); err != nil {
			return err
		}
		g, ok := st.perms[mailboxID][granteeID]
		if !ok || !g.readable(now) {
			return errNotFound("%s has no permissions on mailbox %s", granteeID, mailboxID)
		}
		out = g.view()
		return nil
	})
	return out, err
}

// listPermissions returns every grant on the mailbox sorted by grantee ID. Administrators never hold a
// grant (R12); the filter keeps that true even for a user made administrator by a fixture file.
func (s *store) listPermissions(actor principal, mailboxID string) ([]api.Permission, error) {
	var out []api.Permission
	err := s.read(func(st *state, now time.Time) error {
		if err := st.requireVisibleMailbox(actor, mailboxID, now); err != nil {
			return err
		}
		out = st.visibleGrants(mailboxID, now)
		return nil
	})
	return out, err
}

// visibleGrants returns the grants on a mailbox key that lists show, sorted by grantee ID, never an
// administrator's (R12).
func (st *state) visibleGrants(mailboxID string, now time.Time) []api.Permission {
	var out []api.Permission
	for _, g := range sortedValues(st.perms[mailboxID]) {
		if u, isUser := st.users[g.GranteeID]; isUser && u.Role == api.RoleAdmin || !g.listed(now) {
			continue
		}
		out = append(out, g.view())
	}
	return out
}
