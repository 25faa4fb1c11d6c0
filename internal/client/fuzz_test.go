package client

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

func FuzzParseRetryAfter(f *testing.F) {
	for _, seed := range []string{"0", "3", "-1", "86400", "99999999999999999999", "1.5", " 7 ", "",
		"Fri, 31 Dec 1999 23:59:59 GMT", "Sunday, 06-Nov-94 08:49:37 GMT", "Sun Nov  6 08:49:37 1994", "soon"} {
		f.Add(seed, int64(30*time.Second))
	}
	now := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, value string, capNanos int64) {
		capWait := time.Duration(capNanos)
		got, ok := parseRetryAfter(value, now, capWait)
		if got < 0 || got > max(capWait, 0) {
			t.Fatalf("parseRetryAfter(%q, cap %s) = %s; want within [0, cap]", value, capWait, got)
		}
		if !ok && got != 0 {
			t.Fatalf("parseRetryAfter(%q) = %s but not ok", value, got)
		}
	})
}

func FuzzDecodeProblem(f *testing.F) {
	for _, seed := range []string{
		`{"type":"x","title":"Conflict","status":409,"code":"already_exists","detail":"taken","existing_id":"usr_1"}`,
		`{"code":"permission_not_allowed","errors":[{"field":"permissions[0]","message":"no"}]}`,
		`{"errors":"not a list"}`, `{"code":5}`, `[]`, `null`, ``, `<html>`, "\xff\xfe", `{"detail":"` + strings.Repeat("a", 500) + `"}`,
	} {
		f.Add([]byte(seed), 409, "application/problem+json")
	}
	f.Add([]byte("plain"), 502, "text/plain; charset=utf-8")
	f.Fuzz(func(t *testing.T, body []byte, status int, contentType string) {
		e := decodeProblem(http.MethodGet, "/users/usr_1", status, contentType, body, []string{"secret-value"})
		if e == nil {
			t.Fatal("decodeProblem returned nil")
		}
		msg := e.Error()
		if e.Status != status || !strings.HasPrefix(msg, "portal: GET /users/usr_1: ") {
			t.Fatalf("got %+v / %q", e, msg)
		}
		if strings.Contains(msg, "secret-value") {
			t.Fatalf("secret in %q", msg)
		}
	})
}
