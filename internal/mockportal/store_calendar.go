package mockportal

import (
	"maps"
	"slices"
	"time"

	"github.com/csportal/terraform-provider-portal/internal/api"
)

// The shared calendar of a mailbox (R7): its default access and its entries, one per person. A mailbox has
// a calendar from the end of its first provisioning on a shared-mailbox plan until it is deprovisioned or a
// provisioning on another plan ends — a re-provisioning on the same kind of plan (new aliases, say) keeps
// it, entries and all. Entries follow the rules of grants (checkGrantee), are for people only, and are
// changed under R6 like everything else of the mailbox. Submailboxes have no calendar: nothing of it carries
// over to them (R8).

// calendarRecord is a mailbox's calendar. Its name is not stored: it follows the user's display name.
type calendarRecord struct {
	DefaultAccess string `json:"default_access"`
	Version       int64  `json:"version"`
}

// calendarPermissionRecord is one person's entry on a mailbox's calendar.
type calendarPermissionRecord struct {
	api.CalendarPermission
	appearance
}

// calendarView is the wire form of the user's calendar, nil when the mailbox has none.
func calendarView(u *userRecord) *api.Calendar {
	c := u.Service.Calendar
	if c == nil {
		return nil
	}
	return &api.Calendar{Name: u.DisplayName + " Calendar", Shared: true, DefaultAccess: c.DefaultAccess, Version: c.Version}
}

// settleCalendar gives a mailbox whose provisioning just ended the calendar its plan comes with: a new one on
// a shared-mailbox plan (the one it has is kept), none on another plan (the one it had goes, entries and all).
func (st *state) settleCalendar(now time.Time, u *userRecord) {
	switch {
	case u.Service.SharedMailbox && u.Service.Calendar == nil:
		u.Service.Calendar = &calendarRecord{DefaultAccess: api.DefaultCalendarAccess, Version: st.next()}
	case !u.Service.SharedMailbox:
		st.dropCalendar(now, system, u, ptr(u.LoginEnabled))
	}
}

// dropCalendar removes a mailbox's calendar and its entries, recording each removal.
func (st *state) dropCalendar(now time.Time, actor principal, u *userRecord, loginEnabled *bool) {
	for _, g := range slices.Sorted(maps.Keys(st.calendars[u.ID])) {
		st.record(now, actor, OpCalendarPermissionDelete, loginEnabled, u.ID, g)
	}
	delete(st.calendars, u.ID)
	u.Service.Calendar = nil
}

// reindexCalendars gives the calendar of a provisioned shared mailbox to a state file written before
// calendars were records.
func (st *state) reindexCalendars() {
	for _, u := range st.users {
		if u.Service.Status == api.ServiceProvisioned && u.Service.SharedMailbox && u.Service.Calendar == nil {
			u.Service.Calendar = &calendarRecord{DefaultAccess: api.DefaultCalendarAccess, Version: st.next()}
		}
	}
}

// removeCalendarEntriesHeldBy removes every calendar entry the grantee holds and returns the mailbox IDs,
// sorted.
func (st *state) removeCalendarEntriesHeldBy(granteeID string) []string {
	return removeHeldBy(st.calendars, granteeID)
}

// requireCalendar answers 409 service_not_provisioned unless the user's mailbox has a calendar.
func requireCalendar(u *userRecord) error {
	if u.Service.Calendar == nil {
		return errConflict(api.CodeServiceNotProvisioned, "mailbox %s has no calendar: a mailbox has one once it is "+
			"provisioned on a shared-mailbox plan (R7)", u.ID)
	}
	return nil
}

// visibleCalendarOwner is the precondition of calendar reads: the mailbox user is visible to the principal
// (404, also out of reach) and has a calendar (409 service_not_provisioned).
func (st *state) visibleCalendarOwner(p principal, mailboxID string, now time.Time) (*userRecord, error) {
	u, err := st.visibleUser(p, mailboxID, now)
	if err == nil {
		err = requireCalendar(u)
	}
	return u, err
}

func (s *store) getCalendar(actor principal, mailboxID string) (api.Calendar, error) {
	var out api.Calendar
	err := s.read(func(st *state, now time.Time) error {
		u, err := st.visibleCalendarOwner(actor, mailboxID, now)
		if err == nil {
			out = *calendarView(u)
		}
		return err
	})
	return out, err
}

// updateCalendar applies a patch of the calendar, checking in the documented order: body (400), mailbox user
// in reach (404), calendar (409), login enabled (409, R6), If-Match (412). A patch that changes nothing keeps the
// version.
func (s *store) updateCalendar(actor principal, mailboxID string, in api.CalendarPatch, cond precondition) (api.Calendar, error) {
	var fe fieldErrors
	if in.DefaultAccess != nil {
		fe.oneOf("default_access", *in.DefaultAccess, api.CalendarDefaultAccesses)
	}
	if err := fe.err(); err != nil {
		return api.Calendar{}, err
	}
	var out api.Calendar
	err := s.write(func(st *state, now time.Time) error {
		u, err := st.user(actor, mailboxID)
		if err != nil {
			return err
		}
		if err := requireCalendar(u); err != nil {
			return err
		}
		if !u.LoginEnabled {
			return errLoginDisabled(u.ID)
		}
		c := u.Service.Calendar
		if err := cond.check(c.Version); err != nil {
			return err
		}
		if in.DefaultAccess != nil && *in.DefaultAccess != c.DefaultAccess {
			c.DefaultAccess, c.Version = *in.DefaultAccess, st.next()
			st.record(now, actor, OpCalendarUpdate, ptr(u.LoginEnabled), u.ID)
		}
		out = *calendarView(u)
		return nil
	})
	return out, err
}

// validateCalendarPermission checks an entry's body: a known access level, a delegate only as an editor, and
// private items only for a delegate (400 naming each refused field).
func validateCalendarPermission(spec api.CalendarPermissionSpec) error {
	var fe fieldErrors
	fe.oneOf("access", spec.Access, api.CalendarEntryAccesses)
	if spec.Delegate && spec.Access != api.CalendarDelegateAccess {
		fe.add("delegate", "only an %s can be a delegate, not %s", api.CalendarDelegateAccess, spec.Access)
	}
	if spec.SeePrivateItems && !spec.Delegate {
		fe.add("see_private_items", "only a delegate can see private items")
	}
	return fe.err()
}

// putCalendarPermission replaces the grantee's entry on the mailbox's calendar, checking in the documented
// order: body (400), mailbox user in reach (404), the grantee as for every grant (checkGrantee: 422 for one
// unknown or out of reach, R12, R16), no application user (422),
// calendar (409), login enabled (409, R6), If-Match (412). The same entry again changes nothing.
func (s *store) putCalendarPermission(actor principal, mailboxID, granteeID string, spec api.CalendarPermissionSpec, cond precondition) (api.CalendarPermission, error) {
	if err := validateCalendarPermission(spec); err != nil {
		return api.CalendarPermission{}, err
	}
	var out api.CalendarPermission
	err := s.write(func(st *state, now time.Time) error {
		mailbox, err := st.user(actor, mailboxID)
		if err != nil {
			return err
		}
		who, err := st.checkGrantee(actor, mailbox, granteeID)
		if err != nil {
			return err
		}
		if who.kind == api.GranteeApplicationUser {
			e := errUnprocessable(api.CodePermissionNotAllowed, "calendar access is for people: application user %s "+
				"cannot be given an entry on a calendar (application users hold only the application permissions, R11)", granteeID)
			e.Fields = []api.FieldError{{Field: "grantee_id", Message: "is an application user"}}
			return e
		}
		if err := requireCalendar(mailbox); err != nil {
			return err
		}
		if !mailbox.LoginEnabled {
			return errLoginDisabled(mailbox.ID)
		}
		e, exists := st.calendars[mailboxID][granteeID]
		if exists {
			err = cond.check(e.Version)
		} else {
			err = cond.checkAbsent()
		}
		if err != nil {
			return err
		}
		same := exists && e.Access == spec.Access && e.Delegate == spec.Delegate && e.SeePrivateItems == spec.SeePrivateItems
		if same {
			out = e.CalendarPermission
			return nil
		}
		if !exists {
			e = &calendarPermissionRecord{CalendarPermission: api.CalendarPermission{MailboxID: mailboxID,
				CustomerID: mailbox.CustomerID, GranteeID: granteeID}, appearance: s.appearing(now)}
			if st.calendars[mailboxID] == nil {
				st.calendars[mailboxID] = map[string]*calendarPermissionRecord{}
			}
			st.calendars[mailboxID][granteeID] = e
		}
		e.Access, e.Delegate, e.SeePrivateItems, e.Version = spec.Access, spec.Delegate, spec.SeePrivateItems, st.next()
		st.record(now, actor, OpCalendarPermissionPut, ptr(mailbox.LoginEnabled), mailboxID, granteeID)
		out = e.CalendarPermission
		return nil
	})
	return out, err
}

// deleteCalendarPermission removes the grantee's entry on the mailbox's calendar.
func (s *store) deleteCalendarPermission(actor principal, mailboxID, granteeID string, cond precondition) error {
	return s.write(func(st *state, now time.Time) error {
		mailbox, err := st.user(actor, mailboxID)
		if err != nil {
			return err
		}
		e, ok := st.calendars[mailboxID][granteeID]
		if !ok {
			return errNotFound("%s has no entry on the calendar of mailbox %s", granteeID, mailboxID)
		}
		if !mailbox.LoginEnabled {
			return errLoginDisabled(mailbox.ID)
		}
		if err := cond.check(e.Version); err != nil {
			return err
		}
		delete(st.calendars[mailboxID], granteeID)
		st.record(now, actor, OpCalendarPermissionDelete, ptr(mailbox.LoginEnabled), mailboxID, granteeID)
		return nil
	})
}

func (s *store) getCalendarPermission(actor principal, mailboxID, granteeID string) (api.CalendarPermission, error) {
	var out api.CalendarPermission
	err := s.read(func(st *state, now time.Time) error {
		if _, err := st.visibleCalendarOwner(actor, mailboxID, now); err != nil {
			return err
		}
		e, ok := st.calendars[mailboxID][granteeID]
		if !ok || !e.readable(now) {
			return errNotFound("%s has no entry on the calendar of mailbox %s", granteeID, mailboxID)
		}
		out = e.CalendarPermission
		return nil
	})
	return out, err
}

// listCalendarPermissions returns every entry on the mailbox's calendar, sorted by grantee ID.
func (s *store) listCalendarPermissions(actor principal, mailboxID string) ([]api.CalendarPermission, error) {
	var out []api.CalendarPermission
	err := s.read(func(st *state, now time.Time) error {
		if _, err := st.visibleCalendarOwner(actor, mailboxID, now); err != nil {
			return err
		}
		out = st.visibleCalendarEntries(mailboxID, "", now)
		return nil
	})
	return out, err
}

// visibleCalendarEntries returns the entries on a mailbox's calendar that lists show (those of granteeID
// alone unless it is ""), sorted by grantee ID, never an administrator's (R12).
func (st *state) visibleCalendarEntries(mailboxID, granteeID string, now time.Time) []api.CalendarPermission {
	var out []api.CalendarPermission
	for _, e := range sortedValues(st.calendars[mailboxID]) {
		if u, isUser := st.users[e.GranteeID]; isUser && u.Role == api.RoleAdmin || !e.listed(now) ||
			granteeID != "" && e.GranteeID != granteeID {
			continue
		}
		out = append(out, e.CalendarPermission)
	}
	return out
}
