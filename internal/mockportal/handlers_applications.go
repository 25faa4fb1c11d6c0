package mockportal

import (
	"net/http"

	"github.com/csportal/terraform-provider-portal/internal/api"
)

func (p *Portal) listApplications(w http.ResponseWriter, r *http.Request) error {
	name, err := queryFilter(r, "name")
	if err != nil {
		return err
	}
	return servePage(w, r, func(a api.Application) string { return a.ID }, func() ([]api.Application, error) {
		return p.store.listApplications(infoOf(r).principal, name), nil
	})
}

func (p *Portal) getApplication(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id", api.PrefixApplication)
	if err != nil {
		return err
	}
	a, err := p.store.getApplication(infoOf(r).principal, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, a)
	return nil
}

// appUserTarget reads the application and application user path parameters.
func appUserTarget(r *http.Request) (appID, id string, err error) {
	if appID, err = pathID(r, "id", api.PrefixApplication); err != nil {
		return "", "", err
	}
	if id, err = pathID(r, "apu_id", api.PrefixApplicationUser); err != nil {
		return "", "", err
	}
	return appID, id, nil
}

func (p *Portal) createApplicationUser(w http.ResponseWriter, r *http.Request) error {
	appID, err := pathID(r, "id", api.PrefixApplication)
	if err != nil {
		return err
	}
	var in api.ApplicationUserCreate
	if err := decodeBody(w, r, &in); err != nil {
		return err
	}
	a, err := p.store.createApplicationUser(infoOf(r).principal, appID, in)
	if err != nil {
		return err
	}
	w.Header().Set(api.HeaderLocation, api.BasePath+"/applications/"+appID+"/users/"+a.ID)
	writeVersioned(w, http.StatusCreated, a, a.Version)
	return nil
}

func (p *Portal) listApplicationUsers(w http.ResponseWriter, r *http.Request) error {
	appID, err := pathID(r, "id", api.PrefixApplication)
	if err != nil {
		return err
	}
	var f appUserFilter
	if f.username, err = queryFilter(r, "username"); err != nil {
		return err
	}
	if f.customerID, err = queryCustomerID(r); err != nil {
		return err
	}
	return servePage(w, r, func(a api.ApplicationUser) string { return a.ID }, func() ([]api.ApplicationUser, error) {
		return p.store.listApplicationUsers(infoOf(r).principal, appID, f)
	})
}

func (p *Portal) getApplicationUser(w http.ResponseWriter, r *http.Request) error {
	appID, id, err := appUserTarget(r)
	if err != nil {
		return err
	}
	a, err := p.store.getApplicationUser(infoOf(r).principal, appID, id)
	if err != nil {
		return err
	}
	writeVersioned(w, http.StatusOK, a, a.Version)
	return nil
}

func (p *Portal) updateApplicationUser(w http.ResponseWriter, r *http.Request) error {
	appID, id, err := appUserTarget(r)
	if err != nil {
		return err
	}
	var in api.ApplicationUserPatch
	if err := decodeBody(w, r, &in); err != nil {
		return err
	}
	a, err := p.store.updateApplicationUser(infoOf(r).principal, appID, id, in, parseIfMatch(r))
	if err != nil {
		return err
	}
	writeVersioned(w, http.StatusOK, a, a.Version)
	return nil
}

func (p *Portal) deleteApplicationUser(w http.ResponseWriter, r *http.Request) error {
	appID, id, err := appUserTarget(r)
	if err != nil {
		return err
	}
	if err := p.store.deleteApplicationUser(infoOf(r).principal, appID, id, parseIfMatch(r)); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
