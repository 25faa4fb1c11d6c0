package mockportal

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/csportal/terraform-provider-portal/internal/api"
)

// Tests of the API conventions (ARCHITECTURE.md), over HTTP against a contract-validating test server.

func TestAuthMissingOrUnknownTokenIs401(t *testing.T) {
	ts := NewTestServer(t)
	for _, tok := range []string{"", "nope", ts.AdminToken + "x", strings.ToUpper(ts.AdminToken)} {
		c := &caller{t: t, ts: ts, token: tok, hc: ts.Server.Client()}
		c.do("GET", "/me", nil).problem(t, http.StatusUnauthorized, api.CodeUnauthorized)
		c.do("POST", "/users", "garbage").problem(t, http.StatusUnauthorized, api.CodeUnauthorized)
		c.do("GET", "/no/such/route", nil).problem(t, http.StatusUnauthorized, api.CodeUnauthorized)
	}
	admin := adminOf(t, ts)
	admin.do("GET", "/me", nil, header{"Authorization", "Basic " + ts.AdminToken}).problem(t, http.StatusUnauthorized, api.CodeUnauthorized)
}

func TestAuthDisabledOrDeletedPrincipalsAreRefused(t *testing.T) {
	ts := NewTestServer(t)
	admin := adminOf(t, ts)
	apu := decode[api.ApplicationUser](t, admin.do("POST", "/applications/"+DemoIDs.B2BGateway+"/users", api.ApplicationUserCreate{CustomerID: DemoIDs.Acme, Username: "svc"}).must(t, http.StatusCreated))
	app := callerAs(t, ts, apu.ID)
	me := decode[api.Me](t, app.do("GET", "/me", nil).must(t, http.StatusOK))
	acme := api.CustomerRef{ID: DemoIDs.Acme, Name: "Acme", Code: "ACME"}
	if me != (api.Me{ID: apu.ID, Kind: api.KindApplicationUser, Role: api.RoleUser, Name: "svc", ApplicationID: DemoIDs.B2BGateway,
		Customer: acme, Reach: api.Reach{Root: acme, ReadOnly: true}}) {
		t.Fatalf("me %+v", me)
	}
	admin.do("PATCH", "/applications/"+DemoIDs.B2BGateway+"/users/"+apu.ID, api.ApplicationUserPatch{Enabled: new(false)}).must(t, http.StatusOK)
	app.do("GET", "/me", nil).problem(t, http.StatusUnauthorized, api.CodeUnauthorized)

	u := admin.newUser("leaver")
	c := callerAs(t, ts, u.ID)
	c.do("GET", "/me", nil).must(t, http.StatusOK)
	admin.do("DELETE", "/users/"+u.ID, nil).must(t, http.StatusNoContent)
	c.do("GET", "/me", nil).problem(t, http.StatusUnauthorized, api.CodeUnauthorized)
}

// Every write needs an administrator, and that check comes before any other: even a garbage body or a
// malformed ID answers 403 to a regular user.
func TestAuthWritesNeedAnAdministrator(t *testing.T) {
	ts := NewTestServer(t)
	alice := callerAs(t, ts, DemoIDs.Alice)
	for _, rt := range RoutePatterns() {
		method, path, _ := strings.Cut(rt, " ")
		path = strings.TrimPrefix(path, api.BasePath)
		path = strings.NewReplacer("{id}", "bad-id", "{grantee_id}", "bad", "{apu_id}", "bad").Replace(path)
		r := alice.do(method, path, "{garbage")
		if method == "GET" {
			if r.Status == http.StatusForbidden {
				t.Errorf("%s: a read was refused to a regular user", rt)
			}
			continue
		}
		r.problem(t, http.StatusForbidden, api.CodeNotAnAdministrator)
	}
	if len(ts.Users()) != demoUsers {
		t.Fatal("a refused write changed something")
	}
}

func TestIdempotencyKeyReplaysTheFirstResponse(t *testing.T) {
	ts := NewTestServer(t)
	admin := adminOf(t, ts)
	body := api.UserCreate{CustomerID: DemoIDs.Acme, Username: "once", Password: "correct-horse-battery"}
	first := admin.do("POST", "/users", body, idemKey("k-1")).must(t, http.StatusCreated)
	// The same body in another key order and spacing is the same request.
	again := admin.do("POST", "/users", `{ "password":"correct-horse-battery", "username":"once",  "last_name":"", "first_name":"", "customer_id":"`+DemoIDs.Acme+`" }`, idemKey("k-1")).must(t, http.StatusCreated)
	if string(first.Body) != string(again.Body) || first.Header.Get("Location") != again.Header.Get("Location") ||
		first.Header.Get("ETag") != again.Header.Get("ETag") {
		t.Fatalf("replay differs:\n%s\n%s", first.Body, again.Body)
	}
	if n := len(ts.Users()); n != demoUsers+1 {
		t.Fatalf("%d users, want %d: a replay must not create", n, demoUsers+1)
	}
	body.Username = "twice"
	admin.do("POST", "/users", body, idemKey("k-1")).problem(t, http.StatusUnprocessableEntity, api.CodeIdempotencyKeyReused)
	// A refusal is replayed too (the key stays bound to its request).
	dup := api.UserCreate{CustomerID: DemoIDs.Acme, Username: "alice", Password: "correct-horse-battery"}
	admin.do("POST", "/users", dup, idemKey("k-2")).problem(t, http.StatusConflict, api.CodeAlreadyExists)
	admin.do("POST", "/users", dup, idemKey("k-2")).problem(t, http.StatusConflict, api.CodeAlreadyExists)
	// Keys are per principal: another administrator's k-1 is a new request.
	other, err := ts.CreateAdministrator(api.UserCreate{CustomerID: DemoIDs.Acme, Username: "admin2", Password: "correct-horse-battery"})
	if err != nil {
		t.Fatal(err)
	}
	callerAs(t, ts, other.ID).do("POST", "/users", api.UserCreate{CustomerID: DemoIDs.Acme, Username: "once", Password: "correct-horse-battery"}, idemKey("k-1")).
		problem(t, http.StatusConflict, api.CodeAlreadyExists)
	admin.do("POST", "/users", body, idemKey(strings.Repeat("k", 256))).problem(t, http.StatusBadRequest, api.CodeInvalidRequest)
	// Application users are created idempotently too.
	apu := api.ApplicationUserCreate{CustomerID: DemoIDs.Acme, Username: "svc"}
	a := admin.do("POST", "/applications/"+DemoIDs.B2BGateway+"/users", apu, idemKey("k-3")).must(t, http.StatusCreated)
	b := admin.do("POST", "/applications/"+DemoIDs.B2BGateway+"/users", apu, idemKey("k-3")).must(t, http.StatusCreated)
	if string(a.Body) != string(b.Body) || len(ts.ApplicationUsers(DemoIDs.B2BGateway)) != 1 {
		t.Fatal("application user replay")
	}
}

// Concurrent requests with one key create one object; all of them get its response.
func TestIdempotencyKeyUnderConcurrency(t *testing.T) {
	ts := NewTestServer(t)
	admin := adminOf(t, ts)
	body := api.UserCreate{CustomerID: DemoIDs.Acme, Username: "racer", Password: "correct-horse-battery"}
	var wg sync.WaitGroup
	bodies := make([]string, 16)
	for i := range bodies {
		wg.Go(func() {
			r := admin.do("POST", "/users", body, idemKey("race"))
			bodies[i] = strconv.Itoa(r.Status) + string(r.Body)
		})
	}
	wg.Wait()
	for _, b := range bodies {
		if b != bodies[0] || !strings.HasPrefix(b, "201") {
			t.Fatalf("responses differ: %q vs %q", b, bodies[0])
		}
	}
	if n := len(ts.Users()); n != demoUsers+1 {
		t.Fatalf("%d users, want %d", n, demoUsers+1)
	}
}

func TestETagAndIfMatch(t *testing.T) {
	ts := NewTestServer(t)
	admin := adminOf(t, ts)
	u := admin.newUser("tagged")
	get := admin.do("GET", "/users/"+u.ID, nil).must(t, http.StatusOK)
	tag := get.Header.Get("ETag")
	if tag != fmt.Sprintf("%q", strconv.FormatInt(u.Version, 10)) {
		t.Fatalf("ETag %q for version %d", tag, u.Version)
	}
	patched := admin.do("PATCH", "/users/"+u.ID, api.UserPatch{FirstName: new("New")}, ifMatch(tag)).must(t, http.StatusOK)
	newTag := patched.Header.Get("ETag")
	if newTag == tag {
		t.Fatal("a change must change the ETag")
	}
	admin.do("PATCH", "/users/"+u.ID, api.UserPatch{FirstName: new("Lost")}, ifMatch(tag)).problem(t, http.StatusPreconditionFailed, api.CodePreconditionFailed)
	admin.do("DELETE", "/users/"+u.ID, nil, ifMatch(tag)).problem(t, http.StatusPreconditionFailed, api.CodePreconditionFailed)
	admin.do("PATCH", "/users/"+u.ID, api.UserPatch{}, ifMatch(`W/`+newTag)).problem(t, http.StatusPreconditionFailed, api.CodePreconditionFailed)
	// A patch that changes nothing keeps the ETag; a list of tags and * match.
	same := admin.do("PATCH", "/users/"+u.ID, api.UserPatch{FirstName: new("New")}, ifMatch(`"1", `+newTag)).must(t, http.StatusOK)
	if same.Header.Get("ETag") != newTag {
		t.Fatal("a no-op patch changed the ETag")
	}
	admin.do("PATCH", "/users/"+u.ID, api.UserPatch{LastName: new("Star")}, ifMatch("*")).must(t, http.StatusOK)

	// The service, grants and application users have ETags too.
	mb := admin.sharedMailbox("info", "info@acme.example")
	svc := admin.do("GET", "/users/"+mb.ID+"/hosted-exchange", nil).must(t, http.StatusOK)
	admin.do("PUT", "/users/"+mb.ID+"/hosted-exchange", api.HostedExchangeSpec{UserPlan: PlanSharedMailbox, PrimaryEmail: "info@acme.example"},
		ifMatch(`"1"`)).problem(t, http.StatusPreconditionFailed, api.CodePreconditionFailed)
	admin.do("DELETE", "/users/"+mb.ID+"/hosted-exchange", nil, ifMatch(`"1"`)).problem(t, http.StatusPreconditionFailed, api.CodePreconditionFailed)
	admin.waitJob(decode[api.Job](t, admin.do("PUT", "/users/"+mb.ID+"/hosted-exchange", api.HostedExchangeSpec{UserPlan: PlanSharedMailbox,
		PrimaryEmail: "info@acme.example"}, ifMatch(svc.Header.Get("ETag"))).must(t, http.StatusAccepted)).ID)

	grant := "/users/" + mb.ID + "/hosted-exchange/permissions/" + DemoIDs.Bob
	admin.do("PUT", grant, api.PermissionSpec{Permissions: []string{"view"}}, ifMatch(`"1"`)).problem(t, http.StatusPreconditionFailed, api.CodePreconditionFailed)
	put := admin.do("PUT", grant, api.PermissionSpec{Permissions: []string{"view"}}).must(t, http.StatusOK)
	if admin.do("GET", grant, nil).must(t, http.StatusOK).Header.Get("ETag") != put.Header.Get("ETag") {
		t.Fatal("GET and PUT disagree on the grant's ETag")
	}
	admin.do("PUT", grant, api.PermissionSpec{Permissions: []string{"send_as"}}, ifMatch(put.Header.Get("ETag"))).must(t, http.StatusOK)
	admin.do("DELETE", grant, nil, ifMatch(put.Header.Get("ETag"))).problem(t, http.StatusPreconditionFailed, api.CodePreconditionFailed)

	apuPath := "/applications/" + DemoIDs.B2BGateway + "/users/"
	apu := admin.do("POST", strings.TrimSuffix(apuPath, "/"), api.ApplicationUserCreate{CustomerID: DemoIDs.Acme, Username: "svc"}).must(t, http.StatusCreated)
	id := decode[api.ApplicationUser](t, apu).ID
	admin.do("PATCH", apuPath+id, api.ApplicationUserPatch{DisplayName: new("Svc")}, ifMatch(apu.Header.Get("ETag"))).must(t, http.StatusOK)
	admin.do("DELETE", apuPath+id, nil, ifMatch(apu.Header.Get("ETag"))).problem(t, http.StatusPreconditionFailed, api.CodePreconditionFailed)
}

func TestPaginationAcrossPages(t *testing.T) {
	ts := NewTestServer(t)
	admin := adminOf(t, ts)
	for i := range 7 {
		admin.newUser(fmt.Sprintf("user%02d", i))
	}
	var seen []string
	token, pages := "", 0
	for {
		r := admin.do("GET", "/users?customer_id="+DemoIDs.Acme+"&page_size=3&page_token="+token, nil).must(t, http.StatusOK)
		page := decode[api.Page[api.User]](t, r)
		pages++
		if len(page.Items) > 3 || pages > 10 {
			t.Fatalf("page %d: %d items", pages, len(page.Items))
		}
		for _, u := range page.Items {
			seen = append(seen, u.ID)
		}
		if page.NextPageToken == "" {
			break
		}
		token = page.NextPageToken
	}
	if len(seen) != 10 || pages != 4 || !slices.IsSorted(seen) || len(slices.Compact(slices.Clone(seen))) != 10 {
		t.Fatalf("%d pages, IDs %v: want 10 distinct IDs, sorted, in 4 pages", pages, seen)
	}
	for _, q := range []string{"page_size=0", "page_size=-1", "page_size=501", "page_size=99999999999999999999", "page_size=abc", "page_size=1.5"} {
		p := admin.do("GET", "/users?"+q, nil).problem(t, http.StatusBadRequest, api.CodeInvalidRequest)
		if !hasField(p, "page_size") {
			t.Errorf("%s: %+v", q, p)
		}
	}
	for _, q := range []string{"page_token=garbage", "page_token=" + strings.Repeat("A", 2000)} {
		if p := admin.do("GET", "/customers?"+q, nil).problem(t, http.StatusBadRequest, api.CodeInvalidRequest); !hasField(p, "page_token") {
			t.Errorf("%s: %+v", q, p)
		}
	}
	all := decode[api.Page[api.User]](t, admin.do("GET", "/users?page_size=500", nil).must(t, http.StatusOK))
	if len(all.Items) != demoUsers+7 || all.NextPageToken != "" {
		t.Fatalf("one page of everything: %d items, token %q", len(all.Items), all.NextPageToken)
	}
}

func TestRateLimitAnswers429WithRetryAfter(t *testing.T) {
	ts := NewTestServer(t, Options{Faults: Faults{RateLimit: 5}})
	admin := adminOf(t, ts)
	limited := 0
	for range 20 {
		r := admin.do("GET", "/me", nil)
		if r.Status == http.StatusTooManyRequests {
			r.problem(t, http.StatusTooManyRequests, api.CodeRateLimited)
			if s, err := strconv.Atoi(r.Header.Get("Retry-After")); err != nil || s < 1 {
				t.Fatalf("Retry-After %q", r.Header.Get("Retry-After"))
			}
			limited++
		}
	}
	// A burst of one second (5 requests) passes; the 20 requests take far less than the 3 s that would
	// refill the rest.
	if limited < 10 || limited > 15 {
		t.Fatalf("%d of 20 requests limited at 5/s", limited)
	}
}

func TestUnknownRoutesAndMethodsAreProblems(t *testing.T) {
	ts := NewTestServer(t)
	admin := adminOf(t, ts)
	for _, path := range []string{"/nope", "/users/", "//users", "/users/" + DemoIDs.Alice + "/../" + DemoIDs.Bob, "/users/" + DemoIDs.Alice + "/mailbox"} {
		admin.do("GET", path, nil).problem(t, http.StatusNotFound, api.CodeNotFound)
	}
	r := admin.do("POST", "/users/"+DemoIDs.Alice, nil)
	r.problem(t, http.StatusMethodNotAllowed, api.CodeMethodNotAllowed)
	if r.Header.Get("Allow") != "GET, PATCH, DELETE" {
		t.Errorf("Allow %q", r.Header.Get("Allow"))
	}
	// Outside the API too.
	r = admin.do("GET", "/../../elsewhere", nil)
	if r.Status != http.StatusNotFound || r.Header.Get("Content-Type") != api.ContentTypeProblem {
		t.Errorf("outside the API: %d %s", r.Status, r.Header.Get("Content-Type"))
	}
}

// Bad input of every kind is a 4xx problem naming the field, and changes nothing.
func TestBadInputIsAProblemNamingTheField(t *testing.T) {
	ts := NewTestServer(t)
	admin := adminOf(t, ts)
	mb := admin.sharedMailbox("info", "info@acme.example")
	grant := "/users/" + mb.ID + "/hosted-exchange/permissions/" + DemoIDs.Alice
	good := `{"customer_id":"` + DemoIDs.Acme + `","username":"x","password":"correct-horse-battery"}`
	huge := `{"customer_id":"` + DemoIDs.Acme + `","username":"x","password":"` + strings.Repeat("p", api.MaxBodyBytes) + `"}`
	cases := []struct {
		name, method, path string
		body               string
		contentType        string
		status             int
		code, field        string
	}{
		{"malformed JSON", "POST", "/users", `{"username":`, "", 400, api.CodeInvalidRequest, "body"},
		{"not an object", "POST", "/users", `[1,2]`, "", 400, api.CodeInvalidRequest, "body"},
		{"null body", "POST", "/users", `null`, "", 400, api.CodeInvalidRequest, "body"},
		{"empty body", "PUT", grant, ``, "", 400, api.CodeInvalidRequest, "body"},
		{"trailing data", "POST", "/users", good + `{}`, "", 400, api.CodeInvalidRequest, "body"},
		{"unknown field", "POST", "/users", `{"username":"x","role":"admin"}`, "", 400, api.CodeInvalidRequest, "role"},
		{"wrong type", "POST", "/users", `{"username":42}`, "", 400, api.CodeInvalidRequest, "username"},
		{"wrong nested type", "PUT", grant, `{"permissions":"view"}`, "", 400, api.CodeInvalidRequest, "permissions"},
		{"bad username", "POST", "/users", `{"customer_id":"` + DemoIDs.Acme + `","username":"-x","password":"correct-horse-battery"}`, "", 400, api.CodeInvalidRequest, "username"},
		{"short password", "POST", "/users", `{"customer_id":"` + DemoIDs.Acme + `","username":"x","password":"short"}`, "", 400, api.CodeInvalidRequest, "password"},
		{"malformed customer", "POST", "/users", `{"customer_id":"acme","username":"x","password":"correct-horse-battery"}`, "", 400, api.CodeInvalidRequest, "customer_id"},
		{"unknown customer", "POST", "/users", `{"customer_id":"cus_0000000000000000","username":"x","password":"correct-horse-battery"}`, "", 400, api.CodeInvalidRequest, "customer_id"},
		{"too large", "POST", "/users", huge, "", 413, api.CodeRequestTooLarge, ""},
		{"no content type", "POST", "/users", good, "-", 415, api.CodeUnsupportedMediaType, ""},
		{"wrong content type", "POST", "/users", good, "text/plain", 415, api.CodeUnsupportedMediaType, ""},
		{"json with charset", "PATCH", "/users/" + DemoIDs.Bob, `{}`, "application/json; charset=utf-8", 200, "", ""},
		{"malformed user ID", "GET", "/users/usr_XYZ", "", "", 400, api.CodeInvalidRequest, "id"},
		{"wrong ID kind", "GET", "/users/" + DemoIDs.Acme, "", "", 400, api.CodeInvalidRequest, "id"},
		{"unknown user ID", "GET", "/users/usr_0000000000000000", "", "", 404, api.CodeNotFound, ""},
		{"malformed grantee", "PUT", "/users/" + mb.ID + "/hosted-exchange/permissions/" + DemoIDs.B2BGateway, `{"permissions":["view"]}`, "", 400, api.CodeInvalidRequest, "grantee_id"},
		{"unknown grantee", "PUT", "/users/" + mb.ID + "/hosted-exchange/permissions/apu_0000000000000000", `{"permissions":["view"]}`, "", 422, api.CodeGranteeNotFound, ""},
		{"unknown mailbox", "PUT", "/users/usr_0000000000000000/hosted-exchange/permissions/" + DemoIDs.Alice, `{"permissions":["view"]}`, "", 404, api.CodeNotFound, ""},
		{"invalid permission", "PUT", grant, `{"permissions":["view","fly"]}`, "", 400, api.CodeInvalidRequest, "permissions[1]"},
		{"empty permissions", "PUT", grant, `{"permissions":[]}`, "", 422, api.CodePermissionsEmpty, ""},
		{"null permissions", "PUT", grant, `{"permissions":null}`, "", 422, api.CodePermissionsEmpty, ""},
		{"bad email", "PUT", "/users/" + mb.ID + "/hosted-exchange", `{"user_plan":"Standard","primary_email":"not-an-address"}`, "", 400, api.CodeInvalidRequest, "primary_email"},
		{"bad alias", "PUT", "/users/" + mb.ID + "/hosted-exchange", `{"user_plan":"Standard","primary_email":"a@acme.example","email_aliases":["b@acme"]}`, "", 400, api.CodeInvalidRequest, "email_aliases[0]"},
		{"missing plan", "PUT", "/users/" + mb.ID + "/hosted-exchange", `{"primary_email":"a@acme.example"}`, "", 400, api.CodeInvalidRequest, "user_plan"},
		{"huge page size", "GET", "/customers?page_size=1000000", "", "", 400, api.CodeInvalidRequest, "page_size"},
		{"bad customer filter", "GET", "/users?customer_id=acme", "", "", 400, api.CodeInvalidRequest, "customer_id"},
		{"malformed job ID", "GET", "/jobs/42", "", "", 400, api.CodeInvalidRequest, "id"},
		{"malformed application user ID", "GET", "/applications/" + DemoIDs.B2BGateway + "/users/usr_0", "", "", 400, api.CodeInvalidRequest, "apu_id"},
		{"bad app email", "POST", "/applications/" + DemoIDs.B2BGateway + "/users", `{"username":"svc","email":"@x"}`, "", 400, api.CodeInvalidRequest, "email"},
	}
	before := len(ts.Events())
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var hdrs []header
			switch tc.contentType {
			case "":
			case "-":
				hdrs = append(hdrs, header{"Content-Type", ""})
			default:
				hdrs = append(hdrs, header{"Content-Type", tc.contentType})
			}
			var body any
			if tc.body != "" || tc.method == "PUT" {
				body = tc.body
			}
			r := admin.do(tc.method, tc.path, body, hdrs...)
			if tc.code == "" {
				r.must(t, tc.status)
				return
			}
			p := r.problem(t, tc.status, tc.code)
			if tc.field != "" && !hasField(p, tc.field) {
				t.Errorf("problem does not name %q: %+v", tc.field, p.Errors)
			}
		})
	}
	if after := len(ts.Events()); after != before {
		t.Errorf("refused requests committed %d changes", after-before)
	}
}
