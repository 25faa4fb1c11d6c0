package mockportal

import (
	"fmt"
	"net/http"

	"github.com/csportal/terraform-provider-portal/internal/api"
)

// Creation marks and login versions: what a client needs to recover from its own death.
//
// A creation mark is an opaque string a client gives an object in its create request (users, submailboxes,
// application users) and may change later with PATCH. The portal keeps it with the object and shows it in
// every read, so that a client killed after the portal committed its create, but before it learned the new
// object's ID, can recognise the object as its own when it runs again. The portal gives the mark no meaning.
//
// A user's login version counts the writes of its login_enabled, including writes that leave the value as
// it was; a PATCH with if_login_version applies only while the count is unchanged. That lets a client that
// enabled a login for a moment (R6) disable it again only if nobody set the login since.

// creationMark checks a creation mark (always the field "creation_mark"): empty (none, or in a PATCH: clear it) or 1 to
// api.CreationMarkMaxLength printable ASCII characters.
func (fe *fieldErrors) creationMark(mark string) {
	const field = "creation_mark"
	if mark == "" {
		return
	}
	if len(mark) > api.CreationMarkMaxLength {
		fe.add(field, "must be at most %d characters", api.CreationMarkMaxLength)
		return
	}
	for i := range len(mark) {
		if mark[i] < 0x21 || mark[i] > 0x7e {
			fe.add(field, "must be printable ASCII without spaces")
			return
		}
	}
}

// checkLoginVersion answers 412 when a patch is conditional on a login version the user no longer has.
func checkLoginVersion(want *int64, u *userRecord) error {
	if want == nil || *want == u.LoginVersion {
		return nil
	}
	return &Error{Status: http.StatusPreconditionFailed, Code: api.CodePreconditionFailed,
		Detail: fmt.Sprintf("if_login_version %d does not match: the login of user %s was written since (login_version %d)",
			*want, u.ID, u.LoginVersion)}
}
