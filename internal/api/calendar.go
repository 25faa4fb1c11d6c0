package api

// Calendar permissions (R7, R16): the shared calendar of a mailbox has a default access — what everyone
// of the organisation without an entry of their own may see — and per-user entries, one access level each.
// The values are Exchange's calendar folder roles in snake_case; CalendarAccessExchangeNames gives the
// Exchange name of each.

// Calendar access levels. none is only a default access: a person is given no entry instead.
const (
	CalendarAccessNone             = "none"
	CalendarAccessAvailabilityOnly = "availability_only"
	CalendarAccessLimitedDetails   = "limited_details"
	CalendarAccessReviewer         = "reviewer"
	CalendarAccessAuthor           = "author"
	CalendarAccessEditor           = "editor"
	CalendarAccessOwner            = "owner"
)

// CalendarDefaultAccesses are the values of a calendar's default access, least first.
var CalendarDefaultAccesses = []string{CalendarAccessNone, CalendarAccessAvailabilityOnly,
	CalendarAccessLimitedDetails, CalendarAccessReviewer}

// DefaultCalendarAccess is a new calendar's default access: everyone sees when its owner is busy.
const DefaultCalendarAccess = CalendarAccessAvailabilityOnly

// CalendarEntryAccesses are the access levels of a person's calendar entry, least first.
var CalendarEntryAccesses = []string{CalendarAccessAvailabilityOnly, CalendarAccessLimitedDetails,
	CalendarAccessReviewer, CalendarAccessAuthor, CalendarAccessEditor, CalendarAccessOwner}

// CalendarAccessExchangeNames are the Exchange names of the access levels (AccessRights of
// Add-MailboxFolderPermission).
var CalendarAccessExchangeNames = map[string]string{
	CalendarAccessNone:             "None",
	CalendarAccessAvailabilityOnly: "AvailabilityOnly",
	CalendarAccessLimitedDetails:   "LimitedDetails",
	CalendarAccessReviewer:         "Reviewer",
	CalendarAccessAuthor:           "Author",
	CalendarAccessEditor:           "Editor",
	CalendarAccessOwner:            "Owner",
}

// CalendarDelegateAccess is the only access level a delegate may have.
const CalendarDelegateAccess = CalendarAccessEditor

// CalendarPatch is the body of PATCH /users/{id}/hosted-exchange/calendar: only the fields present change.
type CalendarPatch struct {
	DefaultAccess *string `json:"default_access,omitempty"`
}

// CalendarPermission is one person's entry on a mailbox's calendar. A delegate (editor only) also receives
// the meeting requests sent to the mailbox and answers them on its behalf; SeePrivateItems (delegates only)
// shows it the items marked private.
type CalendarPermission struct {
	// MailboxID is the user ID of the mailbox whose calendar it is (submailboxes have no calendar).
	MailboxID string `json:"mailbox_id"`
	// CustomerID is the customer of the mailbox, which never changes: a refresh can read the entry again
	// through the customer's listing.
	CustomerID      string `json:"customer_id"`
	GranteeID       string `json:"grantee_id"`
	Access          string `json:"access"`
	Delegate        bool   `json:"delegate"`
	SeePrivateItems bool   `json:"see_private_items"`
	Version         int64  `json:"version"`
}

// CalendarPermissionSpec is the body of PUT .../calendar/permissions/{grantee_id}: it replaces the
// grantee's entry.
type CalendarPermissionSpec struct {
	Access          string `json:"access"`
	Delegate        bool   `json:"delegate,omitempty"`
	SeePrivateItems bool   `json:"see_private_items,omitempty"`
}
