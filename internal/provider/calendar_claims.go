package provider

import (
	"fmt"
	"maps"
	"slices"
)

// Two resources can hold the entries on a mailbox's calendar, as two can hold its grants (grant_claims.go):
// portal_calendar_permission, one person's entry each, and the calendar of portal_mailbox_access, the
// complete list. Used on the same calendar they undo each other's work, and the plan says so, the same way.

// calendarClaims is safe for concurrent use: Terraform plans resources in parallel. Its book holds the entries
// of portal_calendar_permission resources (nil when not known until apply) and the calendars of
// portal_mailbox_access resources that manage one, by mailbox.
type calendarClaims struct {
	book claimBook[*calendarEntry]
}

// calendarClaim is an access list's planned calendar entries; an entry is nil when not known until apply.
type calendarClaim map[string]*calendarEntry

// calendarConflict is one calendar managed in two ways at once.
type calendarConflict struct {
	mailboxID, granteeID string
	single               *calendarEntry // nil: not known until apply
	listed               bool
	listedEntry          *calendarEntry
	twoLists             bool
}

// claimCalendarEntry records that a portal_calendar_permission plans the person's entry on the mailbox's
// calendar and returns the conflict with an access list that manages that calendar, if one is planned in
// this command.
func (c *calendarClaims) claimCalendarEntry(mailboxID, granteeID string, entry *calendarEntry) []calendarConflict {
	list, ok := c.book.single(mailboxID, granteeID, entry)
	if !ok {
		return nil
	}
	return c.report(nil, calendarSingleConflict(mailboxID, granteeID, entry, list))
}

// claimCalendarList records that a portal_mailbox_access plans entries as the complete list of the mailbox's
// calendar, and returns its conflicts with the portal_calendar_permission resources of that calendar, and
// with another access list of the same mailbox that plans other entries.
func (c *calendarClaims) claimCalendarList(mailboxID string, entries calendarClaim) []calendarConflict {
	var found []calendarConflict
	other, ok, singles := c.book.list(mailboxID, entries)
	if ok && !maps.EqualFunc(other, entries, sameEntry) {
		found = c.report(found, calendarConflict{mailboxID: mailboxID, twoLists: true})
	}
	for _, granteeID := range slices.Sorted(maps.Keys(singles)) {
		found = c.report(found, calendarSingleConflict(mailboxID, granteeID, singles[granteeID], entries))
	}
	return found
}

func (c *calendarClaims) report(found []calendarConflict, conflict calendarConflict) []calendarConflict {
	if !c.book.firstTime(conflict.mailboxID + "/" + conflict.granteeID) {
		return found
	}
	return append(found, conflict)
}

func calendarSingleConflict(mailboxID, granteeID string, single *calendarEntry, list calendarClaim) calendarConflict {
	listedEntry, listed := list[granteeID]
	return calendarConflict{mailboxID: mailboxID, granteeID: granteeID, single: single, listed: listed, listedEntry: listedEntry}
}

func sameEntry(a, b *calendarEntry) bool {
	return a != nil && b != nil && *a == *b
}

// oneCalendarManagerAdvice is what to do about a calendar managed both ways.
const oneCalendarManagerAdvice = "Manage each calendar with one of the two resources. To keep the access list, add the " +
	"person to its calendar and stop managing the portal_calendar_permission without removing the entry: replace its " +
	"resource block with a removed block whose lifecycle says destroy = false. Otherwise remove the calendar attribute " +
	"from the portal_mailbox_access (its grants stay managed) and keep the portal_calendar_permission resources."

func (g calendarConflict) summary() string {
	if g.twoLists {
		return "Two portal_mailbox_access resources manage the calendar of mailbox " + g.mailboxID
	}
	return fmt.Sprintf("The calendar of mailbox %s is managed by both portal_mailbox_access and portal_calendar_permission %s/%s",
		g.mailboxID, g.mailboxID, g.granteeID)
}

func (g calendarConflict) detail() string {
	if g.twoLists {
		return fmt.Sprintf("Two portal_mailbox_access resources in this configuration hold the complete list of entries on "+
			"the calendar of mailbox %s, and they list different entries. Each apply of one changes what the other gave, "+
			"and the plan never settles. Keep one portal_mailbox_access per mailbox.", g.mailboxID)
	}
	return fmt.Sprintf("The portal_mailbox_access of mailbox %s holds the complete list of entries on its calendar, and "+
		"portal_calendar_permission %s/%s holds the entry of %s. %s The two undo each other's work: whichever applies "+
		"last wins and the other's next plan changes it back, and destroying the portal_calendar_permission removes an "+
		"entry the access list holds.\n\n%s", g.mailboxID, g.mailboxID, g.granteeID, g.granteeID, g.comparison(), oneCalendarManagerAdvice)
}

func (g calendarConflict) comparison() string {
	switch {
	case !g.listed:
		return fmt.Sprintf("The access list does not list %s, so it removes the entry that the portal_calendar_permission gives (%s).",
			g.granteeID, describeEntry(g.single))
	case sameEntry(g.single, g.listedEntry):
		return fmt.Sprintf("Today both give %s, but a change to either one is undone by the other.", describeEntry(g.single))
	}
	return fmt.Sprintf("The access list gives %s; the portal_calendar_permission gives %s.", describeEntry(g.listedEntry), describeEntry(g.single))
}

func describeEntry(e *calendarEntry) string {
	if e == nil {
		return "an entry known only after apply"
	}
	return e.describe()
}
