package mockportal

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/csportal/terraform-provider-portal/internal/api"
)

// etag is the strong entity tag of an object version.
func etag(version int64) string { return `"` + strconv.FormatInt(version, 10) + `"` }

// setETag sets the ETag header of a response carrying an object at this version.
func setETag(w http.ResponseWriter, version int64) { w.Header().Set(api.HeaderETag, etag(version)) }

// precondition is a parsed If-Match header. The zero value (no header) always matches.
type precondition struct {
	present bool
	any     bool     // If-Match: *
	tags    []string // the listed entity tags, verbatim
}

// parseIfMatch reads If-Match. Weak tags (W/"…") never match: If-Match uses the strong comparison.
func parseIfMatch(r *http.Request) precondition {
	values := r.Header.Values(api.HeaderIfMatch)
	if len(values) == 0 {
		return precondition{}
	}
	p := precondition{present: true}
	for _, v := range values {
		for tag := range strings.SplitSeq(v, ",") {
			tag = strings.TrimSpace(tag)
			if tag == "*" {
				p.any = true
			} else if tag != "" {
				p.tags = append(p.tags, tag)
			}
		}
	}
	return p
}

// check answers 412 unless the precondition holds for an existing object at version current.
func (p precondition) check(current int64) error {
	if !p.present || p.any {
		return nil
	}
	want := etag(current)
	for _, t := range p.tags {
		if t == want {
			return nil
		}
	}
	return errPrecondition(current)
}

// checkAbsent answers 412 when a precondition names a current representation that does not exist
// (RFC 9110 §13.1.1: If-Match fails when there is no current representation).
func (p precondition) checkAbsent() error {
	if !p.present {
		return nil
	}
	return &Error{Status: http.StatusPreconditionFailed, Code: api.CodePreconditionFailed,
		Detail: "If-Match was given but the object does not exist yet"}
}
