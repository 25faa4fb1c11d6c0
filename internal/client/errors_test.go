package client

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/csportal/terraform-provider-portal/internal/api"
)

func TestProblemDecoded(t *testing.T) {
	p := api.Problem{
		Type: api.ProblemTypeBase + api.CodePermissionNotAllowed, Title: "Unprocessable Entity", Status: 422,
		Code: api.CodePermissionNotAllowed, Detail: "application users may hold only application permissions",
		Errors: []api.FieldError{
			{Field: "permissions[0]", Message: `"view" is not an application permission`},
			{Field: "permissions[2]", Message: `"send_as" is not an application permission`},
		},
	}
	rec := &recorder{answer: func(w http.ResponseWriter, _ *http.Request, _ int) { writeJSON(w, 422, p) }}
	c := newTestClient(t, rec)
	_, err := c.PutPermission(context.Background(), "usr_1", "apu_1", []string{"view", "create_messages", "send_as"})

	e, ok := AsError(err)
	if !ok {
		t.Fatalf("want *Error, got %T: %v", err, err)
	}
	want := &Error{Method: "PUT", Path: "/users/usr_1/hosted-exchange/permissions/apu_1", Status: 422,
		Code: p.Code, Title: p.Title, Detail: p.Detail, Errors: p.Errors, Attempts: 1}
	if fmt.Sprintf("%+v", e) != fmt.Sprintf("%+v", want) {
		t.Errorf("got  %+v\nwant %+v", e, want)
	}
	wantText := `portal: PUT /users/usr_1/hosted-exchange/permissions/apu_1: 422 permission_not_allowed: ` +
		`application users may hold only application permissions; permissions[0]: "view" is not an application ` +
		`permission; permissions[2]: "send_as" is not an application permission`
	if err.Error() != wantText {
		t.Errorf("got  %s\nwant %s", err, wantText)
	}
	if !HasCode(err, api.CodePermissionNotAllowed) || HasCode(err, api.CodeUserDisabled) || IsNotFound(err) {
		t.Error("HasCode / IsNotFound disagree with the problem")
	}
}

func TestProblemExistingID(t *testing.T) {
	rec := &recorder{answer: func(w http.ResponseWriter, _ *http.Request, _ int) {
		p := problem(409, api.CodeAlreadyExists, "username shared is taken")
		p.ExistingID = "usr_00000000000000aa"
		writeJSON(w, 409, p)
	}}
	c := newTestClient(t, rec)
	_, err := c.CreateApplicationUser(context.Background(), "app_1", api.ApplicationUserCreate{Username: "shared"})
	e, ok := AsError(err)
	if !ok || e.ExistingID != "usr_00000000000000aa" || e.Code != api.CodeAlreadyExists || e.Status != 409 {
		t.Fatalf("got %#v; want 409 already_exists with existing_id", err)
	}
}

func TestErrorMessageExample(t *testing.T) {
	e := &Error{Method: "PUT", Path: "/users/usr_1/hosted-exchange", Status: 409, Code: api.CodeUserDisabled,
		Detail: "user usr_1 has login disabled", Attempts: 1}
	if want := "portal: PUT /users/usr_1/hosted-exchange: 409 user_disabled: user usr_1 has login disabled"; e.Error() != want {
		t.Errorf("got %q, want %q", e.Error(), want)
	}
	e.Attempts = 6
	if !strings.HasSuffix(e.Error(), " (after 6 attempts)") {
		t.Errorf("%q should name the attempts", e.Error())
	}
}

func TestNotFound(t *testing.T) {
	rec := &recorder{answer: func(w http.ResponseWriter, _ *http.Request, _ int) {
		writeJSON(w, 404, problem(404, api.CodeNotFound, "no such user"))
	}}
	c := newTestClient(t, rec)
	err := c.DeleteUser(context.Background(), "usr_1")
	if !IsNotFound(err) || !HasCode(err, api.CodeNotFound) {
		t.Fatalf("got %v; want a 404 the caller can recognise", err)
	}
	if !IsNotFound(fmt.Errorf("wrapped: %w", err)) {
		t.Error("IsNotFound must see through wrapping")
	}
	if IsNotFound(errors.New("404")) || HasCode(nil, "") {
		t.Error("only a portal 404 is not-found")
	}
}

func TestNonProblemBody(t *testing.T) {
	page := "<html><head><title>502 Bad Gateway</title></head>\n<body>" + strings.Repeat("upstream unavailable ", 50) + "</body></html>"
	rec := &recorder{answer: func(w http.ResponseWriter, _ *http.Request, _ int) {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusBadGateway)
		_, _ = w.Write([]byte(page))
	}}
	c := newTestClient(t, rec, func(cfg *Config) { cfg.MaxRetries = -1 })
	_, err := c.GetCustomer(context.Background(), "cus_1")
	e, ok := AsError(err)
	if !ok || e.Status != 502 || e.Code != "" {
		t.Fatalf("got %#v; want *Error 502 without a code", err)
	}
	if !strings.HasPrefix(e.Detail, "<html><head><title>502 Bad Gateway</title></head> <body>upstream") ||
		!strings.HasSuffix(e.Detail, "…") || len([]rune(e.Detail)) != maxExcerpt+1 {
		t.Errorf("detail %q: want a one-line excerpt of %d characters", e.Detail, maxExcerpt)
	}
	if !strings.Contains(err.Error(), "502 Bad Gateway: <html>") {
		t.Errorf("message %q should name the status", err)
	}
}

// TestJSONErrorThatIsNotAProblem: a JSON error body without problem fields is shown as it is.
func TestJSONErrorThatIsNotAProblem(t *testing.T) {
	rec := &recorder{answer: func(w http.ResponseWriter, _ *http.Request, _ int) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusBadRequest)
		_, _ = w.Write([]byte(`{"message":"bad"}`))
	}}
	c := newTestClient(t, rec)
	_, err := c.GetUser(context.Background(), "usr_1")
	if e, ok := AsError(err); !ok || e.Detail != `{"message":"bad"}` || e.Code != "" {
		t.Fatalf("got %#v", err)
	}
}

func TestUndecodableSuccess(t *testing.T) {
	for _, body := range []string{"", "<html>ok</html>", `{"id": 5}`, `[1,2]`} {
		rec := &recorder{answer: func(w http.ResponseWriter, _ *http.Request, _ int) {
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write([]byte(body))
		}}
		c := newTestClient(t, rec)
		_, err := c.GetUser(context.Background(), "usr_1")
		if err == nil || !strings.Contains(err.Error(), "GET /users/usr_1: the 200 response is not the expected JSON") {
			t.Errorf("body %q: got %v; want an error saying the answer was not understood", body, err)
		}
		if _, ok := AsError(err); ok {
			t.Errorf("body %q: a 200 is not a refusal", body)
		}
	}
}

func TestRedirectNotFollowed(t *testing.T) {
	rec := &recorder{answer: func(w http.ResponseWriter, r *http.Request, _ int) {
		http.Redirect(w, r, "https://elsewhere.example.com/api/v1/me", http.StatusMovedPermanently)
	}}
	c := newTestClient(t, rec)
	_, err := c.Me(context.Background())
	e, ok := AsError(err)
	if !ok || e.Status != 301 || !strings.Contains(e.Detail, "elsewhere.example.com") || rec.count() != 1 {
		t.Fatalf("got %v; want a 301 naming where it pointed", err)
	}
	if rec.all()[0].Header.Get("Authorization") == "" {
		t.Error("the request should have been authorised")
	}
}

func TestJobFailedErrorText(t *testing.T) {
	err := &JobFailedError{Job: api.Job{ID: "job_1", UserID: "usr_1", Operation: api.OperationProvision, Status: api.JobFailed, Error: "mailbox store offline"}}
	if want := "portal: job job_1 (provision of user usr_1) failed: mailbox store offline"; err.Error() != want {
		t.Errorf("got %q, want %q", err.Error(), want)
	}
}

func TestResponseTooLargeNotRetried(t *testing.T) {
	rec := &recorder{answer: func(w http.ResponseWriter, _ *http.Request, _ int) {
		_, _ = w.Write(bytes.Repeat([]byte(" "), maxResponseBytes+1))
	}}
	// 16 MiB through the race detector on a loaded machine can take longer than the usual 5 s attempt
	// limit, whose timeout would then be retried and hide what this test is about.
	c := newTestClient(t, rec, func(cfg *Config) { cfg.RequestTimeout = time.Minute })
	_, err := c.GetUser(context.Background(), "usr_1")
	if !errors.Is(err, errResponseTooLarge) || rec.count() != 1 {
		t.Fatalf("got %v after %d attempts; want one attempt and errResponseTooLarge", err, rec.count())
	}
}
