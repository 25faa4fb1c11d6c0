package mockportal

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/csportal/terraform-provider-portal/internal/api"
)

// The authorization matrix: every route of the router × every kind of caller × every kind of target, each
// answered as the rule of its route says (R10, R14). The routes come from the router itself (RoutePatterns),
// so a route added without a row fails the test; the test server validates every request and response
// against the contract. A leak is a success (2xx) where the rule says 401, 403, 404 or 400, or a listing
// that holds an object out of the caller's reach; every refusal of an object out of reach is also compared
// with the answer about an unknown object, which must be the same (no hint that it exists).
//
//	go test -v -run TestAuthorizationMatrix ./internal/mockportal/   # prints the combinations and leaks

// The matrix's tree: the demo tree plus a second reseller, Contoso, with a customer of its own, Fabrikam, so
// that a reseller's administrator has a customer under another reseller to be kept out of.
const (
	matrixContoso  = "cus_c0e7050000000008"
	matrixFabrikam = "cus_fab41c0000000009"
)

// matrixFixtures are the demo fixtures, Contoso and Fabrikam, and an application offered by each customer the
// matrix targets (the root offers b2b-gateway).
func matrixFixtures() *Fixtures {
	f := DemoFixtures()
	plans := f.Customers[0].UserPlans
	f.Customers = append(f.Customers,
		FixtureCustomer{ID: matrixContoso, Name: "Contoso", ParentID: DemoIDs.Root, Code: "CONTOSO", Domains: []string{"contoso.example"},
			HostedExchangeEnabled: true, UserPlans: plans},
		FixtureCustomer{ID: matrixFabrikam, Name: "Fabrikam", ParentID: matrixContoso, Code: "FABRIKAM", Domains: []string{"fabrikam.example"},
			HostedExchangeEnabled: true, UserPlans: plans})
	for i, c := range []string{DemoIDs.Reseller, DemoIDs.Acme, DemoIDs.Globex, matrixContoso, matrixFabrikam} {
		f.Applications = append(f.Applications, api.Application{ID: fmt.Sprintf("app_3a7c1c000000%04d", i+1),
			Name: "app-of-" + c, Description: "offered by " + c, CustomerID: c})
	}
	return f
}

// matrixTarget is a customer and one object of each kind in it, for the requests of the matrix.
type matrixTarget struct {
	customer, code, domain string
	mailbox                string // a provisioned shared mailbox, login enabled
	grantee                string // a regular user holding view on the mailbox and on the submailbox, and reviewer on its calendar
	submailbox, job        string
	app                    api.Application // an application the customer offers
	appUser                string          // the customer's record of that application
}

// matrixCaller is a kind of caller: its token, its customer and whether it is an administrator.
type matrixCaller struct {
	name     string
	token    string
	customer string
	admin    bool
	authn    bool // whether the portal accepts the token at all
	targets  map[string]string
}

// Target kinds, relative to the caller's customer.
const (
	targetOwn      = "own customer"
	targetSibling  = "sibling customer"
	targetOther    = "customer under another reseller"
	targetParent   = "caller's parent"
	targetChild    = "child customer"
	targetNotKnown = "-"
)

var targetKinds = []string{targetOwn, targetSibling, targetOther, targetParent, targetChild}

// model is the test's own picture of the tree, from which it decides what a caller reaches: written again
// here, not taken from the mock, so that a mistake in the mock's reach shows.
type model struct{ parents map[string]string }

func (m model) within(id, root string) bool {
	for c := id; c != ""; c = m.parents[c] {
		if c == root {
			return true
		}
	}
	return false
}

func (m model) reaches(c matrixCaller, customer string) bool {
	return customer == c.customer || c.admin && m.within(customer, c.customer)
}

func (m model) seesApp(c matrixCaller, a api.Application) bool {
	return m.reaches(c, a.CustomerID) || m.within(c.customer, a.CustomerID)
}

// facts are what decide a combination's answer.
type facts struct {
	authn, admin bool
	reached      bool // the caller reaches the target customer
	appSeen      bool // the caller sees the target's application
}

// A rule gives the expected status of a combination; ok is the route's success status.
type rule struct {
	name   string
	status func(f facts, ok int) int
	// list rules answer a page: the target's object is in it exactly when present(f) holds.
	present func(f facts) bool
}

func readerWrites(f facts, otherwise int) int {
	if !f.admin {
		return http.StatusForbidden
	}
	return otherwise
}

var (
	ruleMe = rule{name: "any principal, about itself", status: func(facts, int) int { return http.StatusOK }}
	// ruleRead: 404 unless the caller reaches the object's customer.
	ruleRead = rule{name: "read in reach", status: func(f facts, ok int) int {
		if !f.reached {
			return http.StatusNotFound
		}
		return ok
	}}
	// ruleList: a page of what the caller reaches; the target shows exactly when reached.
	ruleList = rule{name: "list in reach", status: func(facts, int) int { return http.StatusOK },
		present: func(f facts) bool { return f.reached }}
	// ruleWrite: 403 for non-administrators, before anything; 404 outside the reach.
	ruleWrite = rule{name: "write in reach", status: func(f facts, ok int) int {
		if !f.reached {
			return readerWrites(f, http.StatusNotFound)
		}
		return readerWrites(f, ok)
	}}
	// ruleCreateIn: a create naming a customer out of reach answers 400 customer_id, as for an unknown one.
	ruleCreateIn = rule{name: "create in a customer in reach", status: func(f facts, ok int) int {
		if !f.reached {
			return readerWrites(f, http.StatusBadRequest)
		}
		return readerWrites(f, ok)
	}}
	// ruleReadApp: an application is seen by the customers it is offered to and those reaching its offerer.
	ruleReadApp = rule{name: "read an application seen", status: func(f facts, ok int) int {
		if !f.appSeen {
			return http.StatusNotFound
		}
		return ok
	}}
	ruleListApps = rule{name: "list applications seen", status: func(facts, int) int { return http.StatusOK },
		present: func(f facts) bool { return f.appSeen }}
	// ruleListAppUsers: the records of an application seen, of the customers in reach.
	ruleListAppUsers = rule{name: "list an application's records in reach", status: func(f facts, ok int) int {
		if !f.appSeen {
			return http.StatusNotFound
		}
		return ok
	}, present: func(f facts) bool { return f.reached }}
	ruleReadAppUser = rule{name: "read a record in reach", status: func(f facts, ok int) int {
		if !f.appSeen || !f.reached {
			return http.StatusNotFound
		}
		return ok
	}}
	ruleWriteAppUser = rule{name: "write a record in reach", status: func(f facts, ok int) int {
		if !f.appSeen || !f.reached {
			return readerWrites(f, http.StatusNotFound)
		}
		return readerWrites(f, ok)
	}}
	ruleCreateAppUser = rule{name: "create a record in reach", status: func(f facts, ok int) int {
		switch {
		case !f.appSeen:
			return readerWrites(f, http.StatusNotFound)
		case !f.reached:
			return readerWrites(f, http.StatusBadRequest)
		}
		return readerWrites(f, ok)
	}}
)

// matrixCase is one request of a route against a target.
type matrixCase struct {
	variant string
	rule    rule
	ok      int
	// fresh, when set, makes the objects a successful request uses up or changes (a user to delete, a
	// grant to remove) and returns the target with them in place.
	fresh   func(m *matrixRun, o matrixTarget) matrixTarget
	request func(m *matrixRun, o matrixTarget) (method, path string, body any)
}

func read(path func(o matrixTarget) string) func(*matrixRun, matrixTarget) (string, string, any) {
	return func(_ *matrixRun, o matrixTarget) (string, string, any) { return http.MethodGet, path(o), nil }
}

func mbox(o matrixTarget) string { return "/users/" + o.mailbox }
func calendarOf(o matrixTarget) string {
	return mbox(o) + "/hosted-exchange/calendar"
}
func smb(o matrixTarget) string { return "/submailboxes/" + o.submailbox }
func appUsers(o matrixTarget) string {
	return "/applications/" + o.app.ID + "/users"
}

// matrixRoutes is the table: every route of the router, by its pattern, and the requests made of it.
func matrixRoutes() map[string][]matrixCase {
	view := api.PermissionSpec{Permissions: []string{api.PermissionView}}
	return map[string][]matrixCase{
		"GET /api/v1/me": {{rule: ruleMe, ok: 200, request: read(func(matrixTarget) string { return "/me" })}},
		"GET /api/v1/customers": {{variant: "?code=", rule: ruleList, ok: 200,
			request: read(func(o matrixTarget) string { return "/customers?code=" + strings.ToLower(o.code) })}},
		"GET /api/v1/customers/{id}":            {{rule: ruleRead, ok: 200, request: read(func(o matrixTarget) string { return "/customers/" + o.customer })}},
		"GET /api/v1/customers/{id}/user-plans": {{rule: ruleRead, ok: 200, request: read(func(o matrixTarget) string { return "/customers/" + o.customer + "/user-plans" })}},
		"GET /api/v1/customers/{id}/mailboxes": {
			{rule: ruleRead, ok: 200, request: read(func(o matrixTarget) string { return "/customers/" + o.customer + "/mailboxes" })},
			{variant: "?subtree=true", rule: ruleRead, ok: 200, request: read(func(o matrixTarget) string { return "/customers/" + o.customer + "/mailboxes?subtree=true" })},
		},
		"GET /api/v1/customers/{id}/permissions": {
			{rule: ruleRead, ok: 200, request: read(func(o matrixTarget) string { return "/customers/" + o.customer + "/permissions" })},
			{variant: "?subtree=true", rule: ruleRead, ok: 200, request: read(func(o matrixTarget) string { return "/customers/" + o.customer + "/permissions?subtree=true" })},
			{variant: "?grantee_id=", rule: ruleRead, ok: 200, request: read(func(o matrixTarget) string {
				return "/customers/" + o.customer + "/permissions?grantee_id=" + o.grantee
			})},
		},
		"GET /api/v1/customers/{id}/calendar-permissions": {
			{rule: ruleRead, ok: 200, request: read(func(o matrixTarget) string { return "/customers/" + o.customer + "/calendar-permissions" })},
			{variant: "?subtree=true", rule: ruleRead, ok: 200, request: read(func(o matrixTarget) string {
				return "/customers/" + o.customer + "/calendar-permissions?subtree=true"
			})},
			{variant: "?grantee_id=", rule: ruleRead, ok: 200, request: read(func(o matrixTarget) string {
				return "/customers/" + o.customer + "/calendar-permissions?grantee_id=" + o.grantee
			})},
		},
		"GET /api/v1/customers/{id}/submailboxes": {
			{rule: ruleRead, ok: 200, request: read(func(o matrixTarget) string { return "/customers/" + o.customer + "/submailboxes" })},
			{variant: "?subtree=true", rule: ruleRead, ok: 200, request: read(func(o matrixTarget) string { return "/customers/" + o.customer + "/submailboxes?subtree=true" })},
		},
		"POST /api/v1/users": {{rule: ruleCreateIn, ok: 201, request: func(m *matrixRun, o matrixTarget) (string, string, any) {
			return http.MethodPost, "/users", api.UserCreate{CustomerID: o.customer, Username: m.name("created"), Password: "correct-horse-battery"}
		}}},
		"GET /api/v1/users": {{variant: "?customer_id=", rule: ruleList, ok: 200,
			request: read(func(o matrixTarget) string { return "/users?customer_id=" + o.customer })}},
		"GET /api/v1/users/{id}": {{rule: ruleRead, ok: 200, request: read(mbox)}},
		"PATCH /api/v1/users/{id}": {{rule: ruleWrite, ok: 200, request: func(_ *matrixRun, o matrixTarget) (string, string, any) {
			return http.MethodPatch, mbox(o), api.UserPatch{FirstName: new("Patched")}
		}}},
		"DELETE /api/v1/users/{id}": {{rule: ruleWrite, ok: 204, fresh: freshUser, request: func(_ *matrixRun, o matrixTarget) (string, string, any) {
			return http.MethodDelete, mbox(o), nil
		}}},
		"GET /api/v1/users/{id}/hosted-exchange": {{rule: ruleRead, ok: 200, request: read(func(o matrixTarget) string { return mbox(o) + "/hosted-exchange" })}},
		"PUT /api/v1/users/{id}/hosted-exchange": {{rule: ruleWrite, ok: 202, fresh: freshUser, request: func(m *matrixRun, o matrixTarget) (string, string, any) {
			return http.MethodPut, mbox(o) + "/hosted-exchange", api.HostedExchangeSpec{UserPlan: PlanSharedMailbox,
				PrimaryEmail: m.name("box") + "@" + o.domain}
		}}},
		"PATCH /api/v1/users/{id}/hosted-exchange": {{rule: ruleWrite, ok: 200, request: func(m *matrixRun, o matrixTarget) (string, string, any) {
			return http.MethodPatch, mbox(o) + "/hosted-exchange", api.MailboxSettingsPatch{
				ForwardingAddress: new(m.name("desk") + "@" + o.domain), HiddenFromAddressLists: new(true)}
		}}},
		"DELETE /api/v1/users/{id}/hosted-exchange": {{rule: ruleWrite, ok: 202, fresh: freshMailbox, request: func(_ *matrixRun, o matrixTarget) (string, string, any) {
			return http.MethodDelete, mbox(o) + "/hosted-exchange", nil
		}}},
		"GET /api/v1/users/{id}/hosted-exchange/permissions": {{rule: ruleRead, ok: 200, request: read(func(o matrixTarget) string { return permissionsPath(o.mailbox) })}},
		"GET /api/v1/users/{id}/hosted-exchange/permissions/{grantee_id}": {{rule: ruleRead, ok: 200,
			request: read(func(o matrixTarget) string { return permissionsPath(o.mailbox) + "/" + o.grantee })}},
		"PUT /api/v1/users/{id}/hosted-exchange/permissions/{grantee_id}": {{rule: ruleWrite, ok: 200, request: func(_ *matrixRun, o matrixTarget) (string, string, any) {
			return http.MethodPut, permissionsPath(o.mailbox) + "/" + o.grantee, view
		}}},
		"DELETE /api/v1/users/{id}/hosted-exchange/permissions/{grantee_id}": {{rule: ruleWrite, ok: 204, fresh: freshGrantee,
			request: func(_ *matrixRun, o matrixTarget) (string, string, any) {
				return http.MethodDelete, permissionsPath(o.mailbox) + "/" + o.grantee, nil
			}}},
		"GET /api/v1/users/{id}/hosted-exchange/calendar": {{rule: ruleRead, ok: 200, request: read(calendarOf)}},
		"PATCH /api/v1/users/{id}/hosted-exchange/calendar": {{rule: ruleWrite, ok: 200, request: func(_ *matrixRun, o matrixTarget) (string, string, any) {
			return http.MethodPatch, calendarOf(o), api.CalendarPatch{DefaultAccess: new(api.CalendarAccessLimitedDetails)}
		}}},
		"GET /api/v1/users/{id}/hosted-exchange/calendar/permissions": {{rule: ruleRead, ok: 200, request: read(func(o matrixTarget) string { return calendarOf(o) + "/permissions" })}},
		"GET /api/v1/users/{id}/hosted-exchange/calendar/permissions/{grantee_id}": {{rule: ruleRead, ok: 200,
			request: read(func(o matrixTarget) string { return calendarOf(o) + "/permissions/" + o.grantee })}},
		"PUT /api/v1/users/{id}/hosted-exchange/calendar/permissions/{grantee_id}": {{rule: ruleWrite, ok: 200, request: func(_ *matrixRun, o matrixTarget) (string, string, any) {
			return http.MethodPut, calendarOf(o) + "/permissions/" + o.grantee, api.CalendarPermissionSpec{Access: api.CalendarAccessEditor, Delegate: true}
		}}},
		"DELETE /api/v1/users/{id}/hosted-exchange/calendar/permissions/{grantee_id}": {{rule: ruleWrite, ok: 204, fresh: freshGrantee,
			request: func(_ *matrixRun, o matrixTarget) (string, string, any) {
				return http.MethodDelete, calendarOf(o) + "/permissions/" + o.grantee, nil
			}}},
		"POST /api/v1/users/{id}/hosted-exchange/submailboxes": {{rule: ruleWrite, ok: 201, request: func(m *matrixRun, o matrixTarget) (string, string, any) {
			return http.MethodPost, mbox(o) + "/hosted-exchange/submailboxes", api.SubmailboxCreate{Name: m.name("Folder")}
		}}},
		"GET /api/v1/users/{id}/hosted-exchange/submailboxes": {{rule: ruleRead, ok: 200, request: read(func(o matrixTarget) string { return mbox(o) + "/hosted-exchange/submailboxes" })}},
		"GET /api/v1/submailboxes/{id}":                       {{rule: ruleRead, ok: 200, request: read(smb)}},
		"PATCH /api/v1/submailboxes/{id}": {{rule: ruleWrite, ok: 200, request: func(m *matrixRun, o matrixTarget) (string, string, any) {
			return http.MethodPatch, smb(o), api.SubmailboxPatch{Name: new(m.name("Renamed"))}
		}}},
		"DELETE /api/v1/submailboxes/{id}": {{rule: ruleWrite, ok: 204, fresh: freshSubmailbox, request: func(_ *matrixRun, o matrixTarget) (string, string, any) {
			return http.MethodDelete, smb(o), nil
		}}},
		"GET /api/v1/submailboxes/{id}/permissions": {{rule: ruleRead, ok: 200, request: read(func(o matrixTarget) string { return smb(o) + "/permissions" })}},
		"GET /api/v1/submailboxes/{id}/permissions/{grantee_id}": {{rule: ruleRead, ok: 200,
			request: read(func(o matrixTarget) string { return smb(o) + "/permissions/" + o.grantee })}},
		"PUT /api/v1/submailboxes/{id}/permissions/{grantee_id}": {{rule: ruleWrite, ok: 200, request: func(_ *matrixRun, o matrixTarget) (string, string, any) {
			return http.MethodPut, smb(o) + "/permissions/" + o.grantee, view
		}}},
		"DELETE /api/v1/submailboxes/{id}/permissions/{grantee_id}": {{rule: ruleWrite, ok: 204, fresh: freshGrantee,
			request: func(_ *matrixRun, o matrixTarget) (string, string, any) {
				return http.MethodDelete, smb(o) + "/permissions/" + o.grantee, nil
			}}},
		"GET /api/v1/jobs/{id}": {{rule: ruleRead, ok: 200, request: read(func(o matrixTarget) string { return "/jobs/" + o.job })}},
		"GET /api/v1/applications": {{variant: "?name=", rule: ruleListApps, ok: 200,
			request: read(func(o matrixTarget) string { return "/applications?name=" + o.app.Name })}},
		"GET /api/v1/applications/{id}": {{rule: ruleReadApp, ok: 200, request: read(func(o matrixTarget) string { return "/applications/" + o.app.ID })}},
		"POST /api/v1/applications/{id}/users": {{rule: ruleCreateAppUser, ok: 201, request: func(m *matrixRun, o matrixTarget) (string, string, any) {
			return http.MethodPost, appUsers(o), api.ApplicationUserCreate{CustomerID: o.customer, Username: m.name("agent")}
		}}},
		"GET /api/v1/applications/{id}/users": {
			{rule: ruleListAppUsers, ok: 200, request: read(appUsers)},
			{variant: "?customer_id=", rule: ruleListAppUsers, ok: 200, request: read(func(o matrixTarget) string { return appUsers(o) + "?customer_id=" + o.customer })},
		},
		"GET /api/v1/applications/{id}/users/{apu_id}": {{rule: ruleReadAppUser, ok: 200, request: read(func(o matrixTarget) string { return appUsers(o) + "/" + o.appUser })}},
		"PATCH /api/v1/applications/{id}/users/{apu_id}": {{rule: ruleWriteAppUser, ok: 200, request: func(_ *matrixRun, o matrixTarget) (string, string, any) {
			return http.MethodPatch, appUsers(o) + "/" + o.appUser, api.ApplicationUserPatch{DisplayName: new("Patched")}
		}}},
		"DELETE /api/v1/applications/{id}/users/{apu_id}": {{rule: ruleWriteAppUser, ok: 204, fresh: freshAppUser,
			request: func(_ *matrixRun, o matrixTarget) (string, string, any) {
				return http.MethodDelete, appUsers(o) + "/" + o.appUser, nil
			}}},
	}
}

// matrixRun is one run of the matrix: the server, the model, the targets by customer and the tallies.
type matrixRun struct {
	t       *testing.T
	ts      *TestServer
	model   model
	targets map[string]matrixTarget
	seq     int

	combinations, compared, leaks, wrong int
}

// name returns a name no earlier request used.
func (m *matrixRun) name(prefix string) string {
	m.seq++
	return fmt.Sprintf("%s-%04d", prefix, m.seq)
}

func (m *matrixRun) must(err error) {
	m.t.Helper()
	if err != nil {
		m.t.Fatal(err)
	}
}

// newUser makes a regular user of the target's customer, as the operator.
func (m *matrixRun) newUser(o matrixTarget, prefix string) string {
	m.t.Helper()
	u, err := m.ts.CreateUser(api.UserCreate{CustomerID: o.customer, Username: m.name(prefix), Password: "correct-horse-battery"})
	m.must(err)
	return u.ID
}

func freshUser(m *matrixRun, o matrixTarget) matrixTarget {
	o.mailbox = m.newUser(o, "fresh")
	return o
}

func freshMailbox(m *matrixRun, o matrixTarget) matrixTarget {
	o.mailbox = m.newUser(o, "fresh")
	m.must(provisioned(m.ts.PutHostedExchange(o.mailbox, api.HostedExchangeSpec{UserPlan: PlanSharedMailbox,
		PrimaryEmail: m.name("fresh") + "@" + o.domain})))
	return o
}

func freshGrantee(m *matrixRun, o matrixTarget) matrixTarget {
	o.grantee = m.newUser(o, "grantee")
	for _, key := range []string{o.mailbox, o.submailbox} {
		_, err := m.ts.PutPermission(key, o.grantee, []string{api.PermissionView})
		m.must(err)
	}
	_, err := m.ts.PutCalendarPermission(o.mailbox, o.grantee, api.CalendarPermissionSpec{Access: api.CalendarAccessReviewer})
	m.must(err)
	return o
}

func freshSubmailbox(m *matrixRun, o matrixTarget) matrixTarget {
	sm, err := m.ts.CreateSubmailbox(o.mailbox, api.SubmailboxCreate{Name: m.name("Fresh")})
	m.must(err)
	o.submailbox = sm.ID
	return o
}

func freshAppUser(m *matrixRun, o matrixTarget) matrixTarget {
	a, err := m.ts.CreateApplicationUser(o.app.ID, api.ApplicationUserCreate{CustomerID: o.customer, Username: m.name("fresh")})
	m.must(err)
	o.appUser = a.ID
	return o
}

// target makes one object of each kind in a customer.
func (m *matrixRun) target(customerID string, app api.Application) matrixTarget {
	m.t.Helper()
	var c customerRecord
	m.must(m.ts.store.read(func(st *state, _ time.Time) error {
		c = *st.customers[customerID]
		return nil
	}))
	o := matrixTarget{customer: customerID, code: c.Code, domain: c.Domains[0], app: app}
	o = freshMailbox(m, o)
	o = freshSubmailbox(m, o)
	o = freshGrantee(m, o)
	o = freshAppUser(m, o)
	he, _ := m.ts.HostedExchange(o.mailbox)
	o.job = he.JobID
	return o
}

// ids are the target's IDs, each with whether the caller can know of it (in reach, or an application seen).
func (m *matrixRun) hidden(c matrixCaller, o matrixTarget) []string {
	var out []string
	if !m.model.reaches(c, o.customer) {
		out = append(out, o.customer, o.mailbox, o.grantee, o.submailbox, o.job, o.appUser)
	}
	if !m.model.seesApp(c, o.app) {
		out = append(out, o.app.ID)
	}
	return out
}

// unknown is an ID of the same kind that no object holds.
func unknown(id string) string {
	prefix, _, _ := strings.Cut(id, "_")
	return prefix + "_dead" + id[len(id)-12:]
}

func TestAuthorizationMatrix(t *testing.T) {
	f := matrixFixtures()
	ts := NewTestServer(t, Options{Fixtures: f})
	m := &matrixRun{t: t, ts: ts, model: model{parents: map[string]string{}}, targets: map[string]matrixTarget{}}
	for _, c := range f.Customers {
		m.model.parents[c.ID] = c.ParentID
	}
	apps := map[string]api.Application{}
	for _, a := range f.Applications {
		if _, taken := apps[a.CustomerID]; !taken {
			apps[a.CustomerID] = a
		}
	}
	for _, id := range []string{DemoIDs.Root, DemoIDs.Reseller, DemoIDs.Acme, DemoIDs.Globex, matrixContoso, matrixFabrikam} {
		m.targets[id] = m.target(id, apps[id])
	}

	appCaller, err := ts.CreateApplicationUser(DemoIDs.B2BGateway, api.ApplicationUserCreate{CustomerID: DemoIDs.Globex, Username: "matrix-agent"})
	m.must(err)
	disabled, err := ts.CreateUser(api.UserCreate{CustomerID: DemoIDs.Globex, Username: "matrix-leaver", Password: "correct-horse-battery",
		LoginEnabled: new(false)})
	m.must(err)
	globexTargets := map[string]string{targetOwn: DemoIDs.Globex, targetSibling: DemoIDs.Acme, targetOther: matrixFabrikam, targetParent: DemoIDs.Reseller}
	callers := []matrixCaller{
		{name: "root admin (master token)", token: ts.AdminToken, customer: DemoIDs.Root, admin: true, authn: true,
			targets: map[string]string{targetOwn: DemoIDs.Root, targetChild: DemoIDs.Reseller}},
		{name: "reseller admin", token: ts.Token(t, DemoIDs.ResellerAdmin), customer: DemoIDs.Reseller, admin: true, authn: true,
			targets: map[string]string{targetOwn: DemoIDs.Reseller, targetSibling: matrixContoso, targetOther: matrixFabrikam,
				targetParent: DemoIDs.Root, targetChild: DemoIDs.Globex}},
		{name: "customer admin", token: ts.Token(t, DemoIDs.GlobexAdmin), customer: DemoIDs.Globex, admin: true, authn: true, targets: globexTargets},
		{name: "plain user", token: ts.Token(t, DemoIDs.GlobexUser), customer: DemoIDs.Globex, authn: true, targets: globexTargets},
		{name: "application user", token: ts.Token(t, appCaller.ID), customer: DemoIDs.Globex, authn: true, targets: globexTargets},
		{name: "disabled user", token: ts.Token(t, disabled.ID), customer: DemoIDs.Globex, targets: globexTargets},
		{name: "no token", customer: DemoIDs.Globex, targets: globexTargets},
		{name: "bad token", token: tokenPrefix + "00000000000000000000000000000000", customer: DemoIDs.Globex, targets: globexTargets},
	}

	routes := matrixRoutes()
	served := RoutePatterns()
	for _, p := range served {
		if len(routes[p]) == 0 {
			t.Errorf("route %s has no row in the authorization matrix", p)
		}
	}
	for p := range routes {
		if !slices.Contains(served, p) {
			t.Errorf("the authorization matrix has a row for %s, which the router does not serve", p)
		}
	}
	cases := 0
	for _, pattern := range slices.Sorted(slices.Values(served)) {
		for _, mc := range routes[pattern] {
			cases++
			for _, c := range callers {
				for _, kind := range targetKinds {
					if id, ok := c.targets[kind]; ok {
						m.combination(pattern, mc, c, kind, m.targets[id])
					}
				}
			}
		}
	}
	t.Logf("authorization matrix: %d routes (%d requests), %d kinds of caller, %d kinds of target: %d combinations tried, "+
		"%d out-of-reach answers compared with an unknown object's, %d leaks, %d other wrong answers",
		len(served), cases, len(callers), len(targetKinds), m.combinations, m.compared, m.leaks, m.wrong)
}

// combination makes one request and checks its answer against the rule.
func (m *matrixRun) combination(pattern string, mc matrixCase, c matrixCaller, kind string, o matrixTarget) {
	t := m.t
	t.Helper()
	f := facts{authn: c.authn, admin: c.admin, reached: m.model.reaches(c, o.customer), appSeen: m.model.seesApp(c, o.app)}
	want := http.StatusUnauthorized
	if c.authn {
		want = mc.rule.status(f, mc.ok)
	}
	if want == mc.ok && mc.fresh != nil {
		o = mc.fresh(m, o)
	}
	method, path, body := mc.request(m, o)
	who := &caller{t: t, ts: m.ts, token: c.token, hc: m.ts.Server.Client()}
	got := who.do(method, path, body)
	m.combinations++
	label := fmt.Sprintf("%s%s as %s on a %s", pattern, mc.variant, c.name, kind)
	success := got.Status >= 200 && got.Status < 300
	switch {
	case got.Status == want:
	case success:
		m.leaks++
		t.Errorf("LEAK: %s answered %d, the rule (%s) says %d: %s", label, got.Status, mc.rule.name, want, got.Body)
	default:
		m.wrong++
		t.Errorf("%s answered %d, the rule (%s) says %d: %s", label, got.Status, mc.rule.name, want, got.Body)
	}
	if success {
		m.checkListing(label, mc, c, f, o, got)
	}
	// A refusal must not depend on whether the hidden objects exist.
	if hidden := m.hidden(c, o); !success && len(hidden) > 0 {
		twinPath, twinBody := path, body
		for _, id := range hidden {
			twinPath = strings.ReplaceAll(twinPath, id, unknown(id))
			if body != nil {
				data, _ := json.Marshal(twinBody)
				twinBody = json.RawMessage(strings.ReplaceAll(string(data), id, unknown(id)))
			}
		}
		twin := who.do(method, twinPath, twinBody)
		m.compared++
		blank := func(r response) string { return idPattern.ReplaceAllString(string(r.Body), "${1}_*") }
		if twin.Status != got.Status || blank(twin) != blank(got) {
			m.leaks++
			t.Errorf("LEAK: %s answers otherwise than for an unknown object:\n  %d %s\n  %d %s", label, got.Status, got.Body, twin.Status, twin.Body)
		}
	}
}

// checkListing checks a page: every item in the caller's reach (a customer it reaches, an application it
// sees), and the target's object in it exactly when the rule says so.
func (m *matrixRun) checkListing(label string, mc matrixCase, c matrixCaller, f facts, o matrixTarget, got response) {
	var page struct {
		Items []json.RawMessage `json:"items"`
	}
	if err := json.Unmarshal(got.Body, &page); err != nil || page.Items == nil {
		return // not a listing
	}
	present := false
	for _, raw := range page.Items {
		var item struct {
			ID         string `json:"id"`
			CustomerID string `json:"customer_id"`
			User       *struct {
				ID         string `json:"id"`
				CustomerID string `json:"customer_id"`
			} `json:"user"`
			Name string `json:"name"`
		}
		_ = json.Unmarshal(raw, &item)
		var ok bool
		switch {
		case strings.HasPrefix(item.ID, api.PrefixCustomer): // a customer
			ok, present = m.model.reaches(c, item.ID), present || item.ID == o.customer
		case strings.HasPrefix(item.ID, api.PrefixApplication):
			a := api.Application{ID: item.ID, CustomerID: item.CustomerID}
			ok, present = m.model.seesApp(c, a), present || item.ID == o.app.ID
		case item.User != nil: // a mailbox
			ok, present = m.model.reaches(c, item.User.CustomerID), present || item.User.CustomerID == o.customer
		case item.CustomerID != "": // a user, grant, submailbox or application user
			ok, present = m.model.reaches(c, item.CustomerID), present || item.CustomerID == o.customer
		default:
			ok = item.Name != "" // a user plan: no customer of its own
		}
		if !ok {
			m.leaks++
			m.t.Errorf("LEAK: %s lists an object out of reach: %s", label, raw)
		}
	}
	if mc.rule.present != nil && present != mc.rule.present(f) {
		m.wrong++
		m.t.Errorf("%s: the target's object listed = %t, the rule (%s) says %t", label, present, mc.rule.name, mc.rule.present(f))
	}
}
