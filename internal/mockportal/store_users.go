package mockportal

import (
	"fmt"
	"strings"
	"time"

	"github.com/csportal/terraform-provider-portal/internal/api"
)

// userView is the wire form of a user.
func userView(u *userRecord) api.User {
	out := u.User
	out.PrimaryEmail = u.Service.PrimaryEmail
	return out
}

// validateUserCreate checks a create body field by field and returns it normalised.
func validateUserCreate(in api.UserCreate) (api.UserCreate, error) {
	var fe fieldErrors
	fe.id("customer_id", "cus_", in.CustomerID)
	in.Username = fe.username("username", in.Username)
	fe.maxLen("first_name", in.FirstName, maxPersonNameLen)
	fe.maxLen("last_name", in.LastName, maxPersonNameLen)
	fe.maxLen("display_name", in.DisplayName, maxDisplayNameLen)
	fe.password(in.Password)
	fe.creationMark(in.CreationMark)
	return in, fe.err()
}

// errNoCustomer is the 400 of a customer_id in a body that names no customer the caller reaches: the same
// for one out of reach as for an unknown one (R14).
func errNoCustomer(id string) *Error {
	return errInvalid("customer_id", fmt.Sprintf("customer %s does not exist", id))
}

// createUser creates a portal user of a customer the actor reaches with the given role (operators can
// create administrators; the API creates role "user" only), under the name the customer stores (R17).
func (s *store) createUser(actor principal, in api.UserCreate, role string) (api.User, error) {
	in, err := validateUserCreate(in)
	if err != nil {
		return api.User{}, err
	}
	var out api.User
	err = s.write(func(st *state, now time.Time) error {
		c, ok := st.customers[in.CustomerID]
		if !ok || !st.reaches(actor, c.ID) {
			return errNoCustomer(in.CustomerID)
		}
		var fe fieldErrors
		if in.Username = fe.storedUsername("username", in.Username, c); len(fe) > 0 {
			return fe.err()
		}
		if id, taken := st.usernames[scopedKey(in.CustomerID, in.Username)]; taken {
			return errAlreadyExists(id, "customer %s already has a user named %q", in.CustomerID, in.Username)
		}
		u := &userRecord{User: api.User{
			ID:           st.freshID(api.PrefixUser, func(id string) bool { _, ok := st.users[id]; return ok }),
			CustomerID:   in.CustomerID,
			Username:     in.Username,
			FirstName:    in.FirstName,
			LastName:     in.LastName,
			DisplayName:  in.DisplayName,
			Role:         role,
			LoginEnabled: in.LoginEnabled == nil || *in.LoginEnabled,
			LoginVersion: 1,
			CreationMark: in.CreationMark,
			Version:      st.next(),
			CreatedAt:    now,
			UpdatedAt:    now,
		}, appearance: s.appearing(now)}
		if u.DisplayName == "" {
			u.DisplayName = defaultDisplayName(u.FirstName, u.LastName, u.Username)
		}
		u.Service = newService(st.next())
		st.users[u.ID] = u
		st.usernames[scopedKey(u.CustomerID, u.Username)] = u.ID
		st.record(now, actor, OpUserCreate, nil, u.ID)
		out = userView(u)
		return nil
	})
	return out, err
}

func validateUserPatch(in api.UserPatch) error {
	var fe fieldErrors
	if in.FirstName != nil {
		fe.maxLen("first_name", *in.FirstName, maxPersonNameLen)
	}
	if in.LastName != nil {
		fe.maxLen("last_name", *in.LastName, maxPersonNameLen)
	}
	if in.DisplayName != nil {
		fe.maxLen("display_name", *in.DisplayName, maxDisplayNameLen)
	}
	if in.Password != nil {
		fe.password(*in.Password)
	}
	if in.CreationMark != nil {
		fe.creationMark(*in.CreationMark)
	}
	if in.IfLoginVersion != nil && *in.IfLoginVersion < 0 {
		fe.add("if_login_version", "must not be negative")
	}
	return fe.err()
}

// updateUser applies a patch. It is allowed while login is disabled: that is how a user is re-enabled.
// A patch that changes nothing keeps the version (and so the ETag).
func (s *store) updateUser(actor principal, id string, in api.UserPatch, cond precondition) (api.User, error) {
	if err := validateUserPatch(in); err != nil {
		return api.User{}, err
	}
	var out api.User
	err := s.write(func(st *state, now time.Time) error {
		u, err := st.user(actor, id)
		if err != nil {
			return err
		}
		if err := cond.check(u.Version); err != nil {
			return err
		}
		if err := checkLoginVersion(in.IfLoginVersion, u); err != nil {
			return err
		}
		next := u.User
		setIf(&next.FirstName, in.FirstName)
		setIf(&next.LastName, in.LastName)
		setIf(&next.DisplayName, in.DisplayName)
		setIf(&next.LoginEnabled, in.LoginEnabled)
		setIf(&next.CreationMark, in.CreationMark)
		if in.LoginEnabled != nil {
			next.LoginVersion++ // a write of the login, even of the value it has
		}
		// A new password changes the user even though it is never shown.
		if next != u.User || in.Password != nil {
			next.Version, next.UpdatedAt = st.next(), now
			u.User = next
			st.record(now, actor, OpUserUpdate, nil, u.ID)
		}
		out = userView(u)
		return nil
	})
	return out, err
}

func setIf[T any](dst *T, v *T) {
	if v != nil {
		*dst = *v
	}
}

// deleteUser deletes a user whose service is not provisioned (nor being provisioned), with every grant
// on its mailbox, its submailboxes (left when a re-provisioning failed) and every grant it holds, and
// releases its addresses and tokens.
func (s *store) deleteUser(actor principal, id string, cond precondition) error {
	return s.write(func(st *state, now time.Time) error {
		u, err := st.user(actor, id)
		if err != nil {
			return err
		}
		if id == actor.ID || id == st.adminID {
			return errInvalid("id", "a principal cannot delete itself, and the admin token's user cannot be deleted")
		}
		switch u.Service.Status {
		case api.ServiceProvisioned, api.ServiceRequested, api.ServiceInProgress:
			return errConflict(api.CodeServiceProvisioned,
				"user %s has the Hosted Exchange service %s; deprovision it first", id, u.Service.Status)
		}
		if err := cond.check(u.Version); err != nil {
			return err
		}
		for _, g := range st.removeGrantsOnMailbox(id) {
			st.record(now, actor, OpPermissionDelete, nil, id, g)
		}
		st.dropSubmailboxesOf(now, actor, u, nil)
		st.dropCalendar(now, actor, u, nil)
		for _, m := range st.removeGrantsHeldBy(id) {
			st.record(now, actor, OpPermissionDelete, nil, m, id)
		}
		for _, m := range st.removeCalendarEntriesHeldBy(id) {
			st.record(now, actor, OpCalendarPermissionDelete, nil, m, id)
		}
		for _, a := range u.Service.addresses() {
			delete(st.emails, a)
		}
		delete(st.usernames, scopedKey(u.CustomerID, u.Username))
		delete(st.users, id)
		st.revokeTokensOf(id)
		st.record(now, actor, OpUserDelete, nil, id)
		return nil
	})
}

func (s *store) getUser(actor principal, id string) (api.User, error) {
	return readVisibleUser(s, actor, id, userView)
}

// readVisibleUser returns a view of a user that the actor's reads may see (404 otherwise).
func readVisibleUser[T any](s *store, actor principal, id string, view func(*userRecord) T) (T, error) {
	var out T
	err := s.read(func(st *state, now time.Time) error {
		u, err := st.visibleUser(actor, id, now)
		if err == nil {
			out = view(u)
		}
		return err
	})
	return out, err
}

// userFilter is the query of GET /users; empty fields match everything.
type userFilter struct {
	CustomerID string
	Username   string
	Email      string
}

func (f userFilter) match(u *userRecord) bool {
	if f.CustomerID != "" && u.CustomerID != f.CustomerID {
		return false
	}
	if f.Username != "" && !eqFold(u.Username, f.Username) {
		return false
	}
	if f.Email != "" {
		for _, a := range u.Service.addresses() {
			if eqFold(a, strings.TrimSpace(f.Email)) {
				return true
			}
		}
		return false
	}
	return true
}

// listUsers returns the users of the customers the actor reaches that match the filter.
func (s *store) listUsers(actor principal, f userFilter) []api.User {
	var out []api.User
	_ = s.read(func(st *state, now time.Time) error {
		for _, u := range sortedValues(st.users) {
			if u.listed(now) && f.match(u) && st.reaches(actor, u.CustomerID) {
				out = append(out, userView(u))
			}
		}
		return nil
	})
	return out
}
