package provider

import (
	"strings"
	"testing"
)

// The calendar of a mailbox managed by both an access list and a portal_calendar_permission is reported once,
// whichever is planned second, naming both and what each gives; other calendars, and a list planned again with
// the same entries, are no conflict; two lists with different entries are.
func TestCalendarClaims(t *testing.T) {
	const mailbox, other = "usr_5c0ffee000000001", "usr_5c0ffee000000002"
	const bob, alice = "usr_b0b0000000000002", "usr_a11ce00000000001"
	editor := &calendarEntry{Access: "editor", Delegate: true}

	var c calendarClaims
	if got := c.claimCalendarEntry(mailbox, bob, editor); len(got) != 0 {
		t.Fatalf("the first claim reported %+v", got)
	}
	c.claimCalendarEntry(other, bob, editor)
	got := c.claimCalendarList(mailbox, calendarClaim{alice: {Access: "reviewer"}})
	if len(got) != 1 || got[0].granteeID != bob {
		t.Fatalf("claimCalendarList reported %+v, want bob's entry", got)
	}
	for _, want := range []string{"portal_calendar_permission " + mailbox + "/" + bob, "portal_mailbox_access"} {
		if !strings.Contains(got[0].summary(), want) {
			t.Errorf("summary %q does not name %q", got[0].summary(), want)
		}
	}
	if !strings.Contains(got[0].detail(), "removes the entry that the portal_calendar_permission gives (editor (delegate))") {
		t.Errorf("detail %q does not say what each gives", got[0].detail())
	}
	if again := c.claimCalendarEntry(mailbox, bob, editor); len(again) != 0 {
		t.Errorf("the conflict was reported twice: %+v", again)
	}
	if same := c.claimCalendarList(mailbox, calendarClaim{alice: {Access: "reviewer"}}); len(same) != 0 {
		t.Errorf("the same list planned again is no conflict: %+v", same)
	}
	if two := c.claimCalendarList(mailbox, calendarClaim{}); len(two) != 1 || !two[0].twoLists {
		t.Errorf("two lists with different entries: %+v", two)
	}
}
