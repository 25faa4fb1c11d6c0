package mockportal

import (
	"time"

	"github.com/csportal/terraform-provider-portal/internal/api"
)

// Operator and inspection functions of calendars (see operator.go and inspect.go).

// SetCalendarDefaultAccess changes the default access of a mailbox's calendar (R6 applies).
func (p *Portal) SetCalendarDefaultAccess(mailboxID, access string) (api.Calendar, error) {
	return p.store.updateCalendar(operator, mailboxID, api.CalendarPatch{DefaultAccess: &access}, precondition{})
}

// PutCalendarPermission replaces a person's entry on a mailbox's calendar (R6 applies).
func (p *Portal) PutCalendarPermission(mailboxID, granteeID string, spec api.CalendarPermissionSpec) (api.CalendarPermission, error) {
	return p.store.putCalendarPermission(operator, mailboxID, granteeID, spec, precondition{})
}

// DeleteCalendarPermission removes a person's entry on a mailbox's calendar (R6 applies).
func (p *Portal) DeleteCalendarPermission(mailboxID, granteeID string) error {
	return p.store.deleteCalendarPermission(operator, mailboxID, granteeID, precondition{})
}

// Calendar returns a mailbox's calendar, hidden or not; false when the mailbox has none.
func (p *Portal) Calendar(mailboxID string) (api.Calendar, bool) {
	c, found := inspectUser(p, mailboxID, calendarView)
	if !found || c == nil {
		return api.Calendar{}, false
	}
	return *c, true
}

// CalendarPermissions returns every entry on a mailbox's calendar, hidden or not, sorted by grantee ID.
func (p *Portal) CalendarPermissions(mailboxID string) []api.CalendarPermission {
	var out []api.CalendarPermission
	_ = p.store.read(func(st *state, _ time.Time) error {
		for _, e := range sortedValues(st.calendars[mailboxID]) {
			out = append(out, e.CalendarPermission)
		}
		return nil
	})
	return out
}
