package mockportal

import (
	"encoding/json"
	"errors"
	"net/http"
	"strconv"

	"github.com/csportal/terraform-provider-portal/internal/api"
)

// writeJSON answers with a JSON body. Encoding our own wire types cannot fail, so an error here means the
// client went away and there is nobody left to tell.
func writeJSON(w http.ResponseWriter, status int, v any) {
	body, err := json.Marshal(v)
	if err != nil {
		writeError(w, &Error{Status: http.StatusInternalServerError, Code: api.CodeInternalError,
			Detail: "encoding the response failed: " + err.Error()})
		return
	}
	w.Header().Set("Content-Type", api.ContentTypeJSON)
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// writeError answers with a problem+json body. Errors that are not *Error are bugs of the mock and are
// answered 500 internal_error (the handler adapter also reports them, so they never pass silently).
func writeError(w http.ResponseWriter, err error) {
	e, ok := errors.AsType[*Error](err)
	if !ok {
		e = &Error{Status: http.StatusInternalServerError, Code: api.CodeInternalError, Detail: err.Error()}
	}
	body, _ := json.Marshal(e.Problem()) // a Problem always encodes
	w.Header().Set("Content-Type", api.ContentTypeProblem)
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(e.Status)
	_, _ = w.Write(body)
}

// writeVersioned answers with an object and its ETag.
func writeVersioned(w http.ResponseWriter, status int, v any, version int64) {
	setETag(w, version)
	writeJSON(w, status, v)
}
