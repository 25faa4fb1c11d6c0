package mockportal

import (
	"net/http"

	"github.com/csportal/terraform-provider-portal/internal/api"
)

func (p *Portal) getHostedExchange(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id", api.PrefixUser)
	if err != nil {
		return err
	}
	he, err := p.store.getHostedExchange(infoOf(r).principal, id)
	if err != nil {
		return err
	}
	writeVersioned(w, http.StatusOK, he, he.Version)
	return nil
}

func (p *Portal) putHostedExchange(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id", api.PrefixUser)
	if err != nil {
		return err
	}
	var spec api.HostedExchangeSpec
	if err := decodeBody(w, r, &spec); err != nil {
		return err
	}
	info := infoOf(r)
	job, err := p.store.putHostedExchange(info.principal, id, spec, parseIfMatch(r), p.faults.settings().plan(info.rolls.job))
	if err != nil {
		return err
	}
	writeJob(w, job)
	return nil
}

func (p *Portal) deleteHostedExchange(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id", api.PrefixUser)
	if err != nil {
		return err
	}
	info := infoOf(r)
	job, err := p.store.deleteHostedExchange(info.principal, id, parseIfMatch(r), p.faults.settings().plan(info.rolls.job))
	if err != nil {
		return err
	}
	writeJob(w, job)
	return nil
}

func (p *Portal) patchMailboxSettings(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id", api.PrefixUser)
	if err != nil {
		return err
	}
	var patch api.MailboxSettingsPatch
	if err := decodeBody(w, r, &patch); err != nil {
		return err
	}
	he, err := p.store.patchMailboxSettings(infoOf(r).principal, id, patch, parseIfMatch(r))
	if err != nil {
		return err
	}
	writeVersioned(w, http.StatusOK, he, he.Version)
	return nil
}

// writeJob answers 202 with the job and where to poll it.
func writeJob(w http.ResponseWriter, job api.Job) {
	w.Header().Set(api.HeaderLocation, api.BasePath+"/jobs/"+job.ID)
	writeJSON(w, http.StatusAccepted, job)
}

func (p *Portal) getJob(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id", api.PrefixJob)
	if err != nil {
		return err
	}
	job, err := p.store.getJob(infoOf(r).principal, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, job)
	return nil
}
