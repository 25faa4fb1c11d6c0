package mockportal

import (
	"net/http"

	"github.com/csportal/terraform-provider-portal/internal/api"
)

func (p *Portal) getMe(w http.ResponseWriter, r *http.Request) error {
	writeJSON(w, http.StatusOK, p.store.me(infoOf(r).principal))
	return nil
}

func (p *Portal) createUser(w http.ResponseWriter, r *http.Request) error {
	var in api.UserCreate
	if err := decodeBody(w, r, &in); err != nil {
		return err
	}
	u, err := p.store.createUser(infoOf(r).principal, in, api.RoleUser)
	if err != nil {
		return err
	}
	w.Header().Set(api.HeaderLocation, api.BasePath+"/users/"+u.ID)
	writeVersioned(w, http.StatusCreated, u, u.Version)
	return nil
}

func (p *Portal) listUsers(w http.ResponseWriter, r *http.Request) error {
	var f userFilter
	var err error
	if f.CustomerID, err = queryCustomerID(r); err != nil {
		return err
	}
	if f.Username, err = queryFilter(r, "username"); err != nil {
		return err
	}
	if f.Email, err = queryFilter(r, "email"); err != nil {
		return err
	}
	return servePage(w, r, func(u api.User) string { return u.ID }, func() ([]api.User, error) {
		return p.store.listUsers(infoOf(r).principal, f), nil
	})
}

func (p *Portal) getUser(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id", api.PrefixUser)
	if err != nil {
		return err
	}
	u, err := p.store.getUser(infoOf(r).principal, id)
	if err != nil {
		return err
	}
	writeVersioned(w, http.StatusOK, u, u.Version)
	return nil
}

func (p *Portal) updateUser(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id", api.PrefixUser)
	if err != nil {
		return err
	}
	var in api.UserPatch
	if err := decodeBody(w, r, &in); err != nil {
		return err
	}
	u, err := p.store.updateUser(infoOf(r).principal, id, in, parseIfMatch(r))
	if err != nil {
		return err
	}
	writeVersioned(w, http.StatusOK, u, u.Version)
	return nil
}

func (p *Portal) deleteUser(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id", api.PrefixUser)
	if err != nil {
		return err
	}
	if err := p.store.deleteUser(infoOf(r).principal, id, parseIfMatch(r)); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
