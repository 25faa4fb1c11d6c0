package mockportal

import (
	"time"

	"github.com/csportal/terraform-provider-portal/internal/api"
)

// Customers, their plans and applications are fixtures: read-only through the API.

func (s *store) listCustomers(name string) []api.Customer {
	var out []api.Customer
	_ = s.read(func(st *state, _ time.Time) error {
		for _, c := range sortedValues(st.customers) {
			if name == "" || eqFold(c.Name, name) {
				out = append(out, c.Customer)
			}
		}
		return nil
	})
	return out
}

func (s *store) customer(id string) (*customerRecord, error) {
	var out *customerRecord
	err := s.read(func(st *state, _ time.Time) error {
		if err := st.requireCustomer(id); err != nil {
			return err
		}
		c := st.customers[id]
		out = &customerRecord{Customer: c.Customer, Plans: append([]api.UserPlan{}, c.Plans...)}
		return nil
	})
	return out, err
}

func (s *store) listApplications(name string) []api.Application {
	var out []api.Application
	_ = s.read(func(st *state, _ time.Time) error {
		for _, a := range sortedValues(st.applications) {
			if name == "" || eqFold(a.Name, name) {
				out = append(out, a)
			}
		}
		return nil
	})
	return out
}

func (s *store) getApplication(id string) (api.Application, error) {
	var out api.Application
	err := s.read(func(st *state, _ time.Time) error {
		a, ok := st.applications[id]
		if !ok {
			return errNotFound("application %s does not exist", id)
		}
		out = a
		return nil
	})
	return out, err
}

func validateAppUserCreate(in api.ApplicationUserCreate) (api.ApplicationUserCreate, error) {
	var fe fieldErrors
	in.Username = fe.username("username", in.Username)
	fe.maxLen("display_name", in.DisplayName, maxDisplayNameLen)
	if in.Email != "" {
		in.Email = fe.email("email", in.Email)
	}
	if in.Password != "" {
		fe.password(in.Password)
	}
	fe.creationMark(in.CreationMark)
	return in, fe.err()
}

// createApplicationUser creates a user record of one application. Usernames are unique within the
// application only (R13): the same name in another application is a separate, unrelated record.
func (s *store) createApplicationUser(actor principal, appID string, in api.ApplicationUserCreate) (api.ApplicationUser, error) {
	in, err := validateAppUserCreate(in)
	if err != nil {
		return api.ApplicationUser{}, err
	}
	var out api.ApplicationUser
	err = s.write(func(st *state, now time.Time) error {
		if _, ok := st.applications[appID]; !ok {
			return errNotFound("application %s does not exist", appID)
		}
		if id, taken := st.appUsernames[scopedKey(appID, in.Username)]; taken {
			return errAlreadyExists(id, "application %s already has a user named %q", appID, in.Username)
		}
		a := &appUserRecord{ApplicationUser: api.ApplicationUser{
			ID:            st.freshID(api.PrefixApplicationUser, func(id string) bool { _, ok := st.appUsers[id]; return ok }),
			ApplicationID: appID,
			Username:      in.Username,
			DisplayName:   in.DisplayName,
			Email:         in.Email,
			Enabled:       in.Enabled == nil || *in.Enabled,
			CreationMark:  in.CreationMark,
			Version:       st.next(),
			CreatedAt:     now,
			UpdatedAt:     now,
		}, appearance: s.appearing(now)}
		if a.DisplayName == "" {
			a.DisplayName = a.Username
		}
		st.appUsers[a.ID] = a
		st.appUsernames[scopedKey(appID, a.Username)] = a.ID
		st.record(now, actor, OpApplicationUserCreate, nil, a.ID, appID)
		out = a.ApplicationUser
		return nil
	})
	return out, err
}

// appUser returns an application user of the application (a record of another application is not found).
func (st *state) appUser(appID, id string) (*appUserRecord, error) {
	if _, ok := st.applications[appID]; !ok {
		return nil, errNotFound("application %s does not exist", appID)
	}
	a, ok := st.appUsers[id]
	if !ok || a.ApplicationID != appID {
		return nil, errNotFound("application %s has no user %s", appID, id)
	}
	return a, nil
}

func validateAppUserPatch(in api.ApplicationUserPatch) (api.ApplicationUserPatch, error) {
	var fe fieldErrors
	if in.DisplayName != nil {
		fe.maxLen("display_name", *in.DisplayName, maxDisplayNameLen)
	}
	if in.Email != nil && *in.Email != "" {
		in.Email = ptr(fe.email("email", *in.Email))
	}
	if in.Password != nil {
		fe.password(*in.Password)
	}
	if in.CreationMark != nil {
		fe.creationMark(*in.CreationMark)
	}
	return in, fe.err()
}

func (s *store) updateApplicationUser(actor principal, appID, id string, in api.ApplicationUserPatch, cond precondition) (api.ApplicationUser, error) {
	in, err := validateAppUserPatch(in)
	if err != nil {
		return api.ApplicationUser{}, err
	}
	var out api.ApplicationUser
	err = s.write(func(st *state, now time.Time) error {
		a, err := st.appUser(appID, id)
		if err != nil {
			return err
		}
		if err := cond.check(a.Version); err != nil {
			return err
		}
		next := a.ApplicationUser
		setIf(&next.DisplayName, in.DisplayName)
		setIf(&next.Email, in.Email)
		setIf(&next.Enabled, in.Enabled)
		setIf(&next.CreationMark, in.CreationMark)
		if next != a.ApplicationUser || in.Password != nil {
			next.Version, next.UpdatedAt = st.next(), now
			a.ApplicationUser = next
			st.record(now, actor, OpApplicationUserUpdate, nil, a.ID, appID)
		}
		out = a.ApplicationUser
		return nil
	})
	return out, err
}

// deleteApplicationUser deletes the record and every grant it holds.
func (s *store) deleteApplicationUser(actor principal, appID, id string, cond precondition) error {
	return s.write(func(st *state, now time.Time) error {
		a, err := st.appUser(appID, id)
		if err != nil {
			return err
		}
		if err := cond.check(a.Version); err != nil {
			return err
		}
		for _, m := range st.removeGrantsHeldBy(id) {
			st.record(now, actor, OpPermissionDelete, nil, m, id)
		}
		delete(st.appUsernames, scopedKey(appID, a.Username))
		delete(st.appUsers, id)
		st.revokeTokensOf(id)
		st.record(now, actor, OpApplicationUserDelete, nil, id, appID)
		return nil
	})
}

func (s *store) getApplicationUser(appID, id string) (api.ApplicationUser, error) {
	var out api.ApplicationUser
	err := s.read(func(st *state, now time.Time) error {
		a, err := st.appUser(appID, id)
		if err == nil && !a.readable(now) {
			err = errNotFound("application %s has no user %s", appID, id)
		}
		if err == nil {
			out = a.ApplicationUser
		}
		return err
	})
	return out, err
}

func (s *store) listApplicationUsers(appID, username string) ([]api.ApplicationUser, error) {
	var out []api.ApplicationUser
	err := s.read(func(st *state, now time.Time) error {
		if _, ok := st.applications[appID]; !ok {
			return errNotFound("application %s does not exist", appID)
		}
		for _, a := range sortedValues(st.appUsers) {
			if a.ApplicationID == appID && a.listed(now) && (username == "" || eqFold(a.Username, username)) {
				out = append(out, a.ApplicationUser)
			}
		}
		return nil
	})
	return out, err
}
