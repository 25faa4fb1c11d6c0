package mockportal

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"

	"github.com/csportal/terraform-provider-portal/internal/api"
)

// decodeBody reads a JSON request body into v: 415 unless the body is application/json, 413 over
// api.MaxBodyBytes, 400 naming the field for malformed JSON, unknown fields, wrong types and trailing
// data.
func decodeBody(w http.ResponseWriter, r *http.Request, v any) error {
	mediaType, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mediaType != api.ContentTypeJSON {
		return &Error{Status: http.StatusUnsupportedMediaType, Code: api.CodeUnsupportedMediaType,
			Detail: fmt.Sprintf("the body must be %s, not %q", api.ContentTypeJSON, r.Header.Get("Content-Type"))}
	}
	data, err := io.ReadAll(http.MaxBytesReader(w, r.Body, api.MaxBodyBytes))
	if _, tooLarge := errors.AsType[*http.MaxBytesError](err); tooLarge {
		return &Error{Status: http.StatusRequestEntityTooLarge, Code: api.CodeRequestTooLarge,
			Detail: fmt.Sprintf("the body is over %d bytes", api.MaxBodyBytes)}
	}
	if err != nil {
		return errInvalid("body", "reading the body failed: "+err.Error())
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return jsonError(err)
	}
	if dec.More() {
		return errInvalid("body", "unexpected data after the JSON value")
	}
	// A body of "null" decodes into the zero value without complaint; it is not an object.
	if bytes.Equal(bytes.TrimSpace(data), []byte("null")) {
		return errInvalid("body", "must be a JSON object")
	}
	return nil
}

// jsonError turns a decoding error into a 400 naming the field where the decoder can tell.
func jsonError(err error) error {
	if e, ok := errors.AsType[*Error](err); ok { // from a type's own UnmarshalJSON (Faults)
		return e
	}
	if te, ok := errors.AsType[*json.UnmarshalTypeError](err); ok {
		field := te.Field
		if field == "" {
			field = "body"
		}
		return errInvalid(field, fmt.Sprintf("must be of type %s, not %s", jsonTypeName(te.Type.Kind().String()), te.Value))
	}
	if se, ok := errors.AsType[*json.SyntaxError](err); ok {
		return errInvalid("body", fmt.Sprintf("malformed JSON at offset %d: %v", se.Offset, se))
	}
	if name, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		return errInvalid(strings.Trim(name, `"`), "unknown field")
	}
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return errInvalid("body", "the body is empty or truncated")
	}
	return errInvalid("body", err.Error())
}

// jsonTypeName names Go kinds the way a JSON author thinks of them.
func jsonTypeName(kind string) string {
	switch kind {
	case "struct", "map":
		return "object"
	case "slice", "array":
		return "array"
	case "bool":
		return "boolean"
	case "string":
		return "string"
	default:
		return "number"
	}
}

// pathID returns a path parameter that must be an ID with the prefix (400 naming the parameter).
func pathID(r *http.Request, name, prefix string) (string, error) {
	id := r.PathValue(name)
	if !validID(prefix, id) {
		return "", errInvalid(name, fmt.Sprintf("must be an ID of the form %s<16 lowercase hex digits>", prefix))
	}
	return id, nil
}

// pathGranteeID returns the grantee_id path parameter: a portal user or an application user.
func pathGranteeID(r *http.Request) (string, error) {
	id := r.PathValue("grantee_id")
	if !validGranteeID(id) {
		return "", errInvalid("grantee_id", "must be a user ID (usr_…) or an application user ID (apu_…)")
	}
	return id, nil
}

// queryGranteeID returns the grantee_id filter of a listing: "" when absent, else a portal user or an
// application user (400 naming it otherwise).
func queryGranteeID(r *http.Request) (string, error) {
	id := r.URL.Query().Get("grantee_id")
	if id != "" && !validGranteeID(id) {
		return "", errInvalid("grantee_id", "must be a user ID (usr_…) or an application user ID (apu_…)")
	}
	return id, nil
}

// queryFilter returns a filter query parameter, bounded like the contract says.
func queryFilter(r *http.Request, name string) (string, error) {
	v := r.URL.Query().Get(name)
	if len(v) > 256 {
		return "", errInvalid(name, "must be at most 256 characters")
	}
	return v, nil
}

// queryCustomerID returns the customer_id filter: empty, or a customer ID (400 otherwise).
func queryCustomerID(r *http.Request) (string, error) {
	id, err := queryFilter(r, "customer_id")
	if err == nil && id != "" && !validID(api.PrefixCustomer, id) {
		err = errInvalid("customer_id", "must be an ID of the form cus_<16 lowercase hex digits>")
	}
	return id, err
}

// queryBool returns a boolean query parameter: "true" or "false", false when absent (400 otherwise).
func queryBool(r *http.Request, name string) (bool, error) {
	switch r.URL.Query().Get(name) {
	case "", "false":
		return false, nil
	case "true":
		return true, nil
	}
	return false, errInvalid(name, "must be true or false")
}
