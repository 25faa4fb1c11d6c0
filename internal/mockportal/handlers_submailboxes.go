package mockportal

import (
	"net/http"

	"github.com/csportal/terraform-provider-portal/internal/api"
)

func (p *Portal) createSubmailbox(w http.ResponseWriter, r *http.Request) error {
	mailboxID, err := pathID(r, "id", api.PrefixUser)
	if err != nil {
		return err
	}
	var in api.SubmailboxCreate
	if err := decodeBody(w, r, &in); err != nil {
		return err
	}
	sm, err := p.store.createSubmailbox(infoOf(r).principal, mailboxID, in)
	if err != nil {
		return err
	}
	w.Header().Set(api.HeaderLocation, api.BasePath+"/submailboxes/"+sm.ID)
	writeVersioned(w, http.StatusCreated, sm, sm.Version)
	return nil
}

func (p *Portal) listSubmailboxes(w http.ResponseWriter, r *http.Request) error {
	mailboxID, err := pathID(r, "id", api.PrefixUser)
	if err != nil {
		return err
	}
	return servePage(w, r, func(sm api.Submailbox) string { return sm.ID }, func() ([]api.Submailbox, error) {
		return p.store.listSubmailboxes(infoOf(r).principal, mailboxID)
	})
}

func (p *Portal) getSubmailbox(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id", api.PrefixSubmailbox)
	if err != nil {
		return err
	}
	sm, err := p.store.getSubmailbox(infoOf(r).principal, id)
	if err != nil {
		return err
	}
	writeVersioned(w, http.StatusOK, sm, sm.Version)
	return nil
}

func (p *Portal) updateSubmailbox(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id", api.PrefixSubmailbox)
	if err != nil {
		return err
	}
	var in api.SubmailboxPatch
	if err := decodeBody(w, r, &in); err != nil {
		return err
	}
	sm, err := p.store.updateSubmailbox(infoOf(r).principal, id, in, parseIfMatch(r))
	if err != nil {
		return err
	}
	writeVersioned(w, http.StatusOK, sm, sm.Version)
	return nil
}

func (p *Portal) deleteSubmailbox(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id", api.PrefixSubmailbox)
	if err != nil {
		return err
	}
	if err := p.store.deleteSubmailbox(infoOf(r).principal, id, parseIfMatch(r)); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
