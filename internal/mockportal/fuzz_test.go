package mockportal

import (
	"bytes"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/csportal/terraform-provider-portal/internal/api"
)

// FuzzRequests feeds arbitrary methods, paths, query strings, bodies and content types to the handler,
// with contract validation on. Whatever comes in, the answer is never 5xx, every 4xx is problem+json,
// and no response violates the contract.
func FuzzRequests(f *testing.F) {
	const token = "fuzz-admin-token"
	mb := "/users/" + DemoIDs.Alice + "/hosted-exchange"
	seeds := []struct {
		method      byte
		path, query string
		body        string
		contentType string
	}{
		{0, "/me", "", "", ""},
		{1, "/users", "", `{"customer_id":"` + DemoIDs.Acme + `","username":"Fz","password":"correct-horse-battery"}`, api.ContentTypeJSON},
		{1, "/users", "", `{"customer_id":1}`, api.ContentTypeJSON},
		{2, mb, "", `{"user_plan":"Standard","primary_email":"a@b.c","email_aliases":["A@b.c"]}`, api.ContentTypeJSON},
		{2, mb + "/permissions/" + DemoIDs.Bob, "", `{"permissions":["view","view","send_as"]}`, api.ContentTypeJSON},
		{2, mb + "/permissions/" + DemoIDs.Admin, "", `{"permissions":[]}`, api.ContentTypeJSON},
		{3, "/users/" + DemoIDs.Bob, "", `{"login_enabled":false,"x":1}`, "application/json; charset=utf-8"},
		{4, mb + "/permissions/" + DemoIDs.Bob, "", "", ""},
		{0, "/users", "page_size=0&page_token=%ff", "", ""},
		{0, "/users", "customer_id=&email=A@B.C&username=", "", ""},
		{0, "/users/" + DemoIDs.Alice + "/hosted-exchange/permissions", "page_size=500&page_token=YWZ0ZXI6eA", "", ""},
		{0, "/customers", "name=Acme&page_size=1&page_size=2", "", ""},
		{1, "/applications/" + DemoIDs.B2BGateway + "/users", "", `{"username":"svc","enabled":null}`, "text/plain"},
		{0, "/users/usr_%2F..%2F/hosted-exchange", "", "", ""},
		{5, "/jobs/job_0000000000000000", "", "\x00\xff", ""},
		{1, mb + "/submailboxes", "", `{"name":"Invoices"}`, api.ContentTypeJSON},
		{1, mb + "/submailboxes", "", `{"name":"a/b","parent_id":"smb_0000000000000000"}`, api.ContentTypeJSON},
		{0, mb + "/submailboxes", "page_size=1", "", ""},
		{3, "/submailboxes/smb_0000000000000000", "", `{"name":""}`, api.ContentTypeJSON},
		{4, "/submailboxes/smb_0000000000000000", "", "", ""},
		{2, "/submailboxes/smb_0000000000000000/permissions/" + DemoIDs.Bob, "", `{"permissions":["view"]}`, api.ContentTypeJSON},
		{0, "/submailboxes/" + DemoIDs.Alice + "/permissions", "", "", ""},
		{2, mb + "/calendar/permissions/" + DemoIDs.Bob, "", `{"access":"editor","delegate":true,"see_private_items":true}`, api.ContentTypeJSON},
		{2, mb + "/calendar/permissions/" + DemoIDs.Bob, "", `{"access":"owner","delegate":true}`, api.ContentTypeJSON},
		{3, mb + "/calendar", "", `{"default_access":"none"}`, api.ContentTypeJSON},
		{0, "/customers/" + DemoIDs.Acme + "/calendar-permissions", "grantee_id=" + DemoIDs.Bob + "&page_size=1", "", ""},
		{0, "/customers/" + DemoIDs.Acme + "/permissions", "grantee_id=apu_zz", "", ""},
	}
	for _, s := range seeds {
		f.Add(s.method, s.path, s.query, []byte(s.body), s.contentType)
	}
	p, err := New(Options{AdminToken: token, Logger: slog.New(slog.DiscardHandler),
		OnContractViolation: func(err error) { panic(err) }}) // a violation fails the fuzz input that caused it
	if err != nil {
		f.Fatal(err)
	}
	h := p.Handler()
	methods := []string{"GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}
	f.Fuzz(func(t *testing.T, method byte, path, query string, body []byte, contentType string) {
		target := path
		if query != "" {
			target += "?" + query
		}
		req, err := http.NewRequest(methods[int(method)%len(methods)], "http://portal.test"+api.BasePath+target, bytes.NewReader(body))
		if err != nil {
			return // not a request a client could send
		}
		req.Header.Set("Authorization", "Bearer "+token)
		if contentType != "" {
			req.Header.Set("Content-Type", contentType)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code >= 500 {
			t.Fatalf("%s %s → %d: %s", req.Method, target, rec.Code, rec.Body)
		}
		if rec.Code >= 400 && !strings.HasPrefix(rec.Header().Get("Content-Type"), api.ContentTypeProblem) {
			t.Fatalf("%s %s → %d without problem+json: %s", req.Method, target, rec.Code, rec.Body)
		}
	})
}
