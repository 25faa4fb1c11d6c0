package mockportal

import (
	"net/http"
	"testing"
	"time"

	"github.com/csportal/terraform-provider-portal/internal/api"
)

// mockCaller calls the /_mock endpoints (outside /api/v1).
func mockCaller(t *testing.T, ts *TestServer, token string) *caller {
	c := &caller{t: t, ts: ts, token: token, hc: ts.Server.Client()}
	c.ts = &TestServer{Portal: ts.Portal, Server: ts.Server, URL: ts.Server.URL, AdminToken: ts.AdminToken}
	return c
}

func TestAdminEndpointsNeedTheAdminToken(t *testing.T) {
	ts := NewTestServer(t)
	for _, tok := range []string{"", "wrong", ts.Token(t, DemoIDs.Alice)} {
		c := mockCaller(t, ts, tok)
		for _, r := range []struct{ method, path string }{{"GET", "/_mock/faults"}, {"PUT", "/_mock/faults"},
			{"GET", "/_mock/stats"}, {"DELETE", "/_mock/stats"}, {"POST", "/_mock/reset"}, {"POST", "/_mock/tokens"}} {
			c.do(r.method, r.path, nil).problem(t, http.StatusUnauthorized, api.CodeUnauthorized)
		}
	}
	mockCaller(t, ts, ts.AdminToken).do("GET", "/_mock/nope", nil).problem(t, http.StatusNotFound, api.CodeNotFound)
}

func TestAdminFaultsRoundTrip(t *testing.T) {
	ts := NewTestServer(t)
	c := mockCaller(t, ts, ts.AdminToken)
	put := `{"seed":42,"latency":"1ms","error_rate":0.5,"rate_limit":100,"reset_rate":0.1,"lost_response_rate":0.2,` +
		`"job_delay":"2s","job_failure_rate":0.3,"consistency_delay":"150ms"}`
	c.do("PUT", "/_mock/faults", put).must(t, http.StatusOK)
	want := Faults{Seed: 42, Latency: time.Millisecond, ErrorRate: 0.5, RateLimit: 100, ResetRate: 0.1,
		LostResponseRate: 0.2, JobDelay: 2 * time.Second, JobFailureRate: 0.3, ConsistencyDelay: 150 * time.Millisecond}
	if got := decode[Faults](t, c.do("GET", "/_mock/faults", nil).must(t, http.StatusOK)); got != want {
		t.Fatalf("faults %+v, want %+v", got, want)
	}
	for body, field := range map[string]string{
		`{"error_rate":1.5}`:   "error_rate",
		`{"rate_limit":-1}`:    "rate_limit",
		`{"job_delay":"-1s"}`:  "job_delay",
		`{"latency":"soon"}`:   "latency",
		`{"error_rat":0.1}`:    "error_rat",
		`{"reset_rate":"0.1"}`: "reset_rate",
	} {
		p := c.do("PUT", "/_mock/faults", body).problem(t, http.StatusBadRequest, api.CodeInvalidRequest)
		if !hasField(p, field) {
			t.Errorf("%s: %+v", body, p.Errors)
		}
	}
	if ts.Faults() != want {
		t.Fatal("a refused PUT changed the faults")
	}
	// /_mock is never faulted, even at error_rate 1.
	if err := ts.SetFaults(Faults{ErrorRate: 1}); err != nil {
		t.Fatal(err)
	}
	c.do("GET", "/_mock/stats", nil).must(t, http.StatusOK)
	adminOf(t, ts).do("GET", "/me", nil).problem(t, http.StatusServiceUnavailable, api.CodeServiceUnavailable)
}

func TestAdminStatsCountByRoute(t *testing.T) {
	ts := NewTestServer(t)
	admin := adminOf(t, ts)
	admin.do("GET", "/users/"+DemoIDs.Alice, nil).must(t, http.StatusOK)
	admin.do("GET", "/users/"+DemoIDs.Bob, nil).must(t, http.StatusOK)
	admin.do("GET", "/users/bad", nil).must(t, http.StatusBadRequest)
	admin.do("PATCH", "/users/"+DemoIDs.Bob, api.UserPatch{}).must(t, http.StatusOK)
	admin.do("GET", "/nowhere", nil).must(t, http.StatusNotFound)
	c := mockCaller(t, ts, ts.AdminToken)
	got := decode[Stats](t, c.do("GET", "/_mock/stats", nil).must(t, http.StatusOK))
	want := map[string]int64{"GET /api/v1/users/{id}": 3, "PATCH /api/v1/users/{id}": 1, "GET <unmatched>": 1}
	if got.Total != 5 || len(got.Requests) != len(want) {
		t.Fatalf("stats %+v", got)
	}
	for k, n := range want {
		if got.Requests[k] != n {
			t.Errorf("%s: %d, want %d", k, got.Requests[k], n)
		}
	}
	c.do("DELETE", "/_mock/stats", nil).must(t, http.StatusNoContent)
	if s := ts.Stats(); s.Total != 0 || len(s.Requests) != 0 {
		t.Fatalf("after DELETE: %+v", s)
	}
}

func TestAdminResetAndTokens(t *testing.T) {
	ts := NewTestServer(t)
	admin := adminOf(t, ts)
	c := mockCaller(t, ts, ts.AdminToken)
	tok := decode[map[string]string](t, c.do("POST", "/_mock/tokens", map[string]string{"principal_id": DemoIDs.Bob}).must(t, http.StatusCreated))["token"]
	bob := &caller{t: t, ts: ts, token: tok, hc: ts.Server.Client()}
	if me := decode[api.Me](t, bob.do("GET", "/me", nil).must(t, http.StatusOK)); me.ID != DemoIDs.Bob || me.Name != "bob" {
		t.Fatalf("me %+v", me)
	}
	c.do("POST", "/_mock/tokens", map[string]string{"principal_id": "usr_0000000000000000"}).problem(t, http.StatusNotFound, api.CodeNotFound)
	c.do("POST", "/_mock/tokens", map[string]string{"principal_id": DemoIDs.Acme}).problem(t, http.StatusBadRequest, api.CodeInvalidRequest)

	admin.newUser("temp")
	if err := ts.SetFaults(Faults{Latency: time.Millisecond}); err != nil {
		t.Fatal(err)
	}
	c.do("POST", "/_mock/reset", nil).must(t, http.StatusNoContent)
	if n := len(ts.Users()); n != len(DemoFixtures().Users) || ts.Faults() != (Faults{}) || ts.Stats().Total != 0 || len(ts.Events()) != 0 {
		t.Fatalf("after reset: %d users, faults %+v, stats %+v", n, ts.Faults(), ts.Stats())
	}
	bob.do("GET", "/me", nil).problem(t, http.StatusUnauthorized, api.CodeUnauthorized)
	admin.do("GET", "/me", nil).must(t, http.StatusOK)
}

// Operator functions go through the same rules, block until jobs end and are audited as the operator.
func TestOperatorFunctions(t *testing.T) {
	ts := NewTestServer(t)
	u, err := ts.CreateUser(api.UserCreate{CustomerID: DemoIDs.Acme, Username: "Ops", FirstName: "Op", LastName: "Box", Password: "correct-horse-battery"})
	if err != nil || u.Username != "ops" || u.DisplayName != "Op Box" || !u.LoginEnabled || u.Role != api.RoleUser {
		t.Fatalf("CreateUser: %+v %v", u, err)
	}
	if _, err := ts.CreateUser(api.UserCreate{CustomerID: DemoIDs.Acme, Username: "ops", Password: "correct-horse-battery"}); ErrorCode(err) != api.CodeAlreadyExists {
		t.Fatalf("duplicate: %v", err)
	}
	job, err := ts.PutHostedExchange(u.ID, api.HostedExchangeSpec{UserPlan: PlanSharedMailbox, PrimaryEmail: "ops@acme.example"})
	if err != nil || job.Status != api.JobProvisioned {
		t.Fatalf("PutHostedExchange: %+v %v", job, err)
	}
	if he, _ := ts.HostedExchange(u.ID); he.ProvisioningStatus != api.ServiceProvisioned || he.Calendar == nil {
		t.Fatalf("service %+v", he)
	}
	if _, err := ts.PutPermission(u.ID, DemoIDs.Alice, []string{"view"}); err != nil {
		t.Fatal(err)
	}
	if err := ts.DeleteUser(u.ID); ErrorCode(err) != api.CodeServiceProvisioned {
		t.Fatalf("deleting a provisioned user: %v", err)
	}
	if err := ts.SetLoginEnabled(u.ID, false); err != nil {
		t.Fatal(err)
	}
	if _, err := ts.Deprovision(u.ID); ErrorCode(err) != api.CodeUserDisabled {
		t.Fatalf("deprovisioning while disabled: %v", err)
	}
	if err := ts.DeletePermission(u.ID, DemoIDs.Alice); ErrorCode(err) != api.CodeUserDisabled {
		t.Fatalf("DeletePermission while disabled: %v", err)
	}
	if err := ts.SetLoginEnabled(u.ID, true); err != nil {
		t.Fatal(err)
	}
	if job, err := ts.Deprovision(u.ID); err != nil || job.Status != api.JobProvisioned || job.Operation != api.OperationDeprovision {
		t.Fatalf("Deprovision: %+v %v", job, err)
	}
	if g := ts.Permissions(u.ID); len(g) != 0 {
		t.Fatalf("deprovisioning keeps grants %+v", g)
	}
	if err := ts.DeleteUser(u.ID); err != nil {
		t.Fatal(err)
	}
	if err := ts.DeleteUser(ts.AdminID()); ErrorCode(err) != api.CodeInvalidRequest {
		t.Fatalf("deleting the admin token's user: %v", err)
	}

	apu, err := ts.CreateApplicationUser(DemoIDs.Archiver, api.ApplicationUserCreate{CustomerID: DemoIDs.Acme, Username: "arch"})
	if err != nil {
		t.Fatal(err)
	}
	if apu, err = ts.UpdateApplicationUser(apu.ID, api.ApplicationUserPatch{Email: new("Arch@Acme.example")}); err != nil || apu.Email != "arch@acme.example" {
		t.Fatalf("UpdateApplicationUser: %+v %v", apu, err)
	}
	if err := ts.DeleteApplicationUser(apu.ID); err != nil {
		t.Fatal(err)
	}
	if err := ts.DeleteApplicationUser(apu.ID); ErrorCode(err) != api.CodeNotFound {
		t.Fatalf("deleting twice: %v", err)
	}
	if _, err := ts.IssueToken("apu_0000000000000000"); ErrorCode(err) != api.CodeNotFound {
		t.Fatalf("IssueToken: %v", err)
	}

	var ops []string
	for _, e := range ts.Events() {
		if e.PrincipalID == PrincipalOperator {
			ops = append(ops, e.Operation)
		}
	}
	want := []string{OpUserCreate, OpHostedExchangePut, OpPermissionPut, OpUserUpdate, OpUserUpdate, OpHostedExchangeDelete,
		OpUserDelete, OpApplicationUserCreate, OpApplicationUserUpdate, OpApplicationUserDelete}
	if len(ops) != len(want) {
		t.Fatalf("operator events %v, want %v", ops, want)
	}
	for i := range want {
		if ops[i] != want[i] {
			t.Fatalf("operator events %v, want %v", ops, want)
		}
	}
}

// DELETE /users refuses while the service is provisioned or being provisioned, and removes the user's
// grants in both directions when allowed.
func TestDeleteUserRules(t *testing.T) {
	ts := NewTestServer(t)
	admin := adminOf(t, ts)
	mb := admin.sharedMailbox("info", "info@acme.example")
	admin.do("DELETE", "/users/"+mb.ID, nil).problem(t, http.StatusConflict, api.CodeServiceProvisioned)
	member := admin.sharedMailbox("member", "member@acme.example")
	admin.do("PUT", "/users/"+mb.ID+"/hosted-exchange/permissions/"+member.ID, api.PermissionSpec{Permissions: []string{"view"}}).must(t, http.StatusOK)
	admin.do("PUT", "/users/"+member.ID+"/hosted-exchange/permissions/"+DemoIDs.Bob, api.PermissionSpec{Permissions: []string{"view"}}).must(t, http.StatusOK)
	job := decode[api.Job](t, admin.do("DELETE", "/users/"+member.ID+"/hosted-exchange", nil).must(t, http.StatusAccepted))
	admin.do("DELETE", "/users/"+member.ID, nil).problem(t, http.StatusConflict, api.CodeServiceProvisioned)
	admin.do("DELETE", "/users/"+member.ID+"/hosted-exchange", nil).problem(t, http.StatusConflict, api.CodeJobInProgress)
	admin.waitJob(job.ID)
	admin.do("DELETE", "/users/"+member.ID+"/hosted-exchange", nil).problem(t, http.StatusConflict, api.CodeServiceNotProvisioned)
	admin.do("DELETE", "/users/"+member.ID, nil).must(t, http.StatusNoContent)
	if g := ts.Permissions(mb.ID); len(g) != 0 {
		t.Fatalf("a deleted user's grants remain: %+v", g)
	}
	admin.do("DELETE", "/users/"+DemoIDs.RootAdmin, nil).problem(t, http.StatusBadRequest, api.CodeInvalidRequest)
}
