package mockportal

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/csportal/terraform-provider-portal/internal/api"
)

// Error is a refusal by the portal: the HTTP status and the stable problem code the API would answer with.
// Operator functions return it, so tests can assert the same codes over HTTP and in Go:
//
//	err := p.PutPermission(mailbox, grantee, perms)
//	if mockportal.ErrorCode(err) != api.CodeUserDisabled { ... }
type Error struct {
	Status int
	Code   string
	Detail string
	// Fields names the refused request fields, by JSON path.
	Fields []api.FieldError
	// ExistingID names the object holding a unique value (409 already_exists).
	ExistingID string
}

func (e *Error) Error() string {
	msg := fmt.Sprintf("portal: %d %s: %s", e.Status, e.Code, e.Detail)
	for _, f := range e.Fields {
		msg += fmt.Sprintf("; %s: %s", f.Field, f.Message)
	}
	return msg
}

// Problem is the problem+json body of the error.
func (e *Error) Problem() api.Problem {
	return api.Problem{
		Type:       api.ProblemTypeBase + e.Code,
		Title:      http.StatusText(e.Status),
		Status:     e.Status,
		Code:       e.Code,
		Detail:     e.Detail,
		Errors:     e.Fields,
		ExistingID: e.ExistingID,
	}
}

// ErrorCode returns the problem code of err when it is (or wraps) an *Error, else "".
func ErrorCode(err error) string {
	if e, ok := errors.AsType[*Error](err); ok {
		return e.Code
	}
	return ""
}

// Constructors, one per status, so call sites read as the rule they enforce.

func errInvalid(field, message string) *Error {
	return &Error{Status: http.StatusBadRequest, Code: api.CodeInvalidRequest,
		Detail: "the request is invalid", Fields: []api.FieldError{{Field: field, Message: message}}}
}

// errInvalidFields is a 400 naming several fields at once, so a client can fix them in one go.
func errInvalidFields(fields []api.FieldError) *Error {
	return &Error{Status: http.StatusBadRequest, Code: api.CodeInvalidRequest,
		Detail: "the request is invalid", Fields: fields}
}

func errNotFound(format string, args ...any) *Error {
	return &Error{Status: http.StatusNotFound, Code: api.CodeNotFound, Detail: fmt.Sprintf(format, args...)}
}

func errConflict(code, format string, args ...any) *Error {
	return &Error{Status: http.StatusConflict, Code: code, Detail: fmt.Sprintf(format, args...)}
}

func errAlreadyExists(existingID, format string, args ...any) *Error {
	e := errConflict(api.CodeAlreadyExists, format, args...)
	e.ExistingID = existingID
	return e
}

func errUnprocessable(code, format string, args ...any) *Error {
	return &Error{Status: http.StatusUnprocessableEntity, Code: code, Detail: fmt.Sprintf(format, args...)}
}

func errPrecondition(current int64) *Error {
	return &Error{Status: http.StatusPreconditionFailed, Code: api.CodePreconditionFailed,
		Detail: fmt.Sprintf("If-Match does not match the current ETag %s", etag(current))}
}

func errForbidden() *Error {
	return &Error{Status: http.StatusForbidden, Code: api.CodeNotAnAdministrator,
		Detail: "only administrators can make changes"}
}

func errUnauthorized(detail string) *Error {
	return &Error{Status: http.StatusUnauthorized, Code: api.CodeUnauthorized, Detail: detail}
}

// errLoginDisabled is R6: while a user's login is disabled its services cannot be managed, so neither its
// mailbox's addresses, plan nor permissions can change.
func errLoginDisabled(userID string) *Error {
	return errConflict(api.CodeUserDisabled, "user %s's login is disabled, so its services and mailbox "+
		"permissions cannot be managed; enable its login, make the change, then disable it again", userID)
}
