package mockportal

import (
	"net/http"
	"strings"

	"github.com/csportal/terraform-provider-portal/internal/api"
)

// The calendar handlers serve a mailbox's calendar (/users/{id}/hosted-exchange/calendar) and its entries
// (.../calendar/permissions[/{grantee_id}]).

// calendarListingKey is the sort key of a customer's calendar entries: by mailbox, then grantee (IDs have
// one length each).
func calendarListingKey(e api.CalendarPermission) string {
	return strings.Join([]string{e.MailboxID, e.GranteeID}, "/")
}

func (p *Portal) getCalendar(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id", api.PrefixUser)
	if err != nil {
		return err
	}
	c, err := p.store.getCalendar(infoOf(r).principal, id)
	if err != nil {
		return err
	}
	writeVersioned(w, http.StatusOK, c, c.Version)
	return nil
}

func (p *Portal) updateCalendar(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id", api.PrefixUser)
	if err != nil {
		return err
	}
	var in api.CalendarPatch
	if err := decodeBody(w, r, &in); err != nil {
		return err
	}
	c, err := p.store.updateCalendar(infoOf(r).principal, id, in, parseIfMatch(r))
	if err != nil {
		return err
	}
	writeVersioned(w, http.StatusOK, c, c.Version)
	return nil
}

func (p *Portal) listCalendarPermissions(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id", api.PrefixUser)
	if err != nil {
		return err
	}
	return servePage(w, r, func(e api.CalendarPermission) string { return e.GranteeID }, func() ([]api.CalendarPermission, error) {
		return p.store.listCalendarPermissions(infoOf(r).principal, id)
	})
}

func (p *Portal) getCalendarPermission(w http.ResponseWriter, r *http.Request) error {
	mailboxID, granteeID, err := permissionTarget(r, api.PrefixUser)
	if err != nil {
		return err
	}
	e, err := p.store.getCalendarPermission(infoOf(r).principal, mailboxID, granteeID)
	if err != nil {
		return err
	}
	writeVersioned(w, http.StatusOK, e, e.Version)
	return nil
}

func (p *Portal) putCalendarPermission(w http.ResponseWriter, r *http.Request) error {
	mailboxID, granteeID, err := permissionTarget(r, api.PrefixUser)
	if err != nil {
		return err
	}
	var spec api.CalendarPermissionSpec
	if err := decodeBody(w, r, &spec); err != nil {
		return err
	}
	e, err := p.store.putCalendarPermission(infoOf(r).principal, mailboxID, granteeID, spec, parseIfMatch(r))
	if err != nil {
		return err
	}
	writeVersioned(w, http.StatusOK, e, e.Version)
	return nil
}

func (p *Portal) deleteCalendarPermission(w http.ResponseWriter, r *http.Request) error {
	mailboxID, granteeID, err := permissionTarget(r, api.PrefixUser)
	if err != nil {
		return err
	}
	if err := p.store.deleteCalendarPermission(infoOf(r).principal, mailboxID, granteeID, parseIfMatch(r)); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
