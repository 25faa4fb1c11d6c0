package mockportal

import (
	"time"

	"github.com/csportal/terraform-provider-portal/internal/api"
)

// Customers, their plans and applications are fixtures: read-only through the API.

// customerFilter is the query of GET /customers; empty fields match everything.
type customerFilter struct {
	name, code string
}

// listCustomers returns the customers the actor reaches that match the filter.
func (s *store) listCustomers(actor principal, f customerFilter) []api.Customer {
	var out []api.Customer
	_ = s.read(func(st *state, _ time.Time) error {
		for _, c := range sortedValues(st.customers) {
			if (f.name == "" || eqFold(c.Name, f.name)) && (f.code == "" || eqFold(c.Code, f.code)) && st.reaches(actor, c.ID) {
				out = append(out, c.view())
			}
		}
		return nil
	})
	return out
}

// customer returns a copy of a customer the actor reaches (404 otherwise).
func (s *store) customer(actor principal, id string) (*customerRecord, error) {
	var out *customerRecord
	err := s.read(func(st *state, _ time.Time) error {
		c, err := st.customer(actor, id)
		if err != nil {
			return err
		}
		out = &customerRecord{Customer: c.view(), Plans: append([]api.UserPlan{}, c.Plans...)}
		return nil
	})
	return out, err
}

// listApplications returns the applications the actor sees (seesApplication) that match the name.
func (s *store) listApplications(actor principal, name string) []api.Application {
	var out []api.Application
	_ = s.read(func(st *state, _ time.Time) error {
		for _, a := range sortedValues(st.applications) {
			if (name == "" || eqFold(a.Name, name)) && st.seesApplication(actor, a) {
				out = append(out, a)
			}
		}
		return nil
	})
	return out
}

// application returns an application the actor sees; one it does not see is not found, like an unknown one.
func (st *state) application(actor principal, id string) (api.Application, error) {
	a, ok := st.applications[id]
	if !ok || !st.seesApplication(actor, a) {
		return api.Application{}, errNotFound("application %s does not exist", id)
	}
	return a, nil
}

func (s *store) getApplication(actor principal, id string) (api.Application, error) {
	var out api.Application
	err := s.read(func(st *state, _ time.Time) error {
		var err error
		out, err = st.application(actor, id)
		return err
	})
	return out, err
}

func validateAppUserCreate(in api.ApplicationUserCreate) (api.ApplicationUserCreate, error) {
	var fe fieldErrors
	if in.CustomerID != "" {
		fe.id("customer_id", api.PrefixCustomer, in.CustomerID)
	}
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

// createApplicationUser creates a user record of one application for a customer: the one named, else the
// actor's own (the operator's: the root). Checks in the documented order: body (400), application seen by
// the actor (404), customer in reach (400 customer_id), application offered to the customer (422), username
// free. Usernames are unique within the application and customer only (R13): the same name in another
// application, or for another customer, is a separate, unrelated record, and a 409 never tells one
// customer about another's records.
func (s *store) createApplicationUser(actor principal, appID string, in api.ApplicationUserCreate) (api.ApplicationUser, error) {
	in, err := validateAppUserCreate(in)
	if err != nil {
		return api.ApplicationUser{}, err
	}
	var out api.ApplicationUser
	err = s.write(func(st *state, now time.Time) error {
		app, err := st.application(actor, appID)
		if err != nil {
			return err
		}
		customerID := in.CustomerID
		if customerID == "" {
			customerID = actor.CustomerID
		}
		if customerID == "" { // the operator: the service provider
			customerID = st.root()
		}
		if !st.reaches(actor, customerID) {
			return errNoCustomer(customerID)
		}
		if !st.offeredTo(app, customerID) {
			return errApplicationNotOffered(st, app, customerID)
		}
		if id, taken := st.appUsernames[appUserKey(appID, customerID, in.Username)]; taken {
			return errAlreadyExists(id, "application %s already has a user named %q for customer %s", appID, in.Username, customerID)
		}
		a := &appUserRecord{ApplicationUser: api.ApplicationUser{
			ID:            st.freshID(api.PrefixApplicationUser, func(id string) bool { _, ok := st.appUsers[id]; return ok }),
			ApplicationID: appID,
			CustomerID:    customerID,
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
		st.appUsernames[appUserKey(appID, customerID, a.Username)] = a.ID
		st.record(now, actor, OpApplicationUserCreate, nil, a.ID, appID)
		out = a.ApplicationUser
		return nil
	})
	return out, err
}

// appUser returns an application user of the application, both seen by the actor (a record of another
// application, or of a customer out of reach, is not found).
func (st *state) appUser(actor principal, appID, id string) (*appUserRecord, error) {
	if _, err := st.application(actor, appID); err != nil {
		return nil, err
	}
	a, ok := st.appUsers[id]
	if !ok || a.ApplicationID != appID || !st.reaches(actor, a.CustomerID) {
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
		a, err := st.appUser(actor, appID, id)
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
		a, err := st.appUser(actor, appID, id)
		if err != nil {
			return err
		}
		if err := cond.check(a.Version); err != nil {
			return err
		}
		for _, m := range st.removeGrantsHeldBy(id) {
			st.record(now, actor, OpPermissionDelete, nil, m, id)
		}
		delete(st.appUsernames, appUserKey(appID, a.CustomerID, a.Username))
		delete(st.appUsers, id)
		st.revokeTokensOf(id)
		st.record(now, actor, OpApplicationUserDelete, nil, id, appID)
		return nil
	})
}

func (s *store) getApplicationUser(actor principal, appID, id string) (api.ApplicationUser, error) {
	var out api.ApplicationUser
	err := s.read(func(st *state, now time.Time) error {
		a, err := st.appUser(actor, appID, id)
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

// appUserFilter is the query of GET /applications/{id}/users; empty fields match everything.
type appUserFilter struct {
	username, customerID string
}

// listApplicationUsers returns the application's records of the customers the actor reaches that match
// the filter (404 for an application the actor does not see).
func (s *store) listApplicationUsers(actor principal, appID string, f appUserFilter) ([]api.ApplicationUser, error) {
	var out []api.ApplicationUser
	err := s.read(func(st *state, now time.Time) error {
		if _, err := st.application(actor, appID); err != nil {
			return err
		}
		for _, a := range sortedValues(st.appUsers) {
			if a.ApplicationID == appID && a.listed(now) && st.reaches(actor, a.CustomerID) &&
				(f.username == "" || eqFold(a.Username, f.username)) && (f.customerID == "" || a.CustomerID == f.customerID) {
				out = append(out, a.ApplicationUser)
			}
		}
		return nil
	})
	return out, err
}
