package mockportal

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/csportal/terraform-provider-portal/internal/api"
)

// Each fault mode happens at about its configured rate over N sequential requests, and the same seed
// reproduces the same sequence exactly. The counts are deterministic for a seed, so the bounds only guard
// against a wrong rate, not against chance.

// freshConnections is a caller whose every request opens a new connection: a connection closed by a fault
// then shows up as an error instead of being retried silently by the transport on a reused connection.
func freshConnections(t *testing.T, ts *TestServer) *caller {
	c := adminOf(t, ts)
	c.hc = &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	return c
}

// outcomes runs n requests and returns each one's status, or "closed" when the connection was closed.
func outcomes(c *caller, n int, req func(i int) (method, path string, body any)) []string {
	out := make([]string, n)
	for i := range n {
		method, path, body := req(i)
		r, err := c.try(method, path, body)
		if err != nil {
			out[i] = "closed"
		} else {
			out[i] = strconv.Itoa(r.Status)
		}
	}
	return out
}

func count(xs []string, x string) int {
	n := 0
	for _, v := range xs {
		if v == x {
			n++
		}
	}
	return n
}

// replay resets the portal, sets the faults again (re-seeding the PRNG) and returns the new outcomes.
func replay(t *testing.T, ts *TestServer, f Faults, run func() []string) []string {
	t.Helper()
	if err := ts.Reset(); err != nil {
		t.Fatal(err)
	}
	if err := ts.SetFaults(f); err != nil {
		t.Fatal(err)
	}
	return run()
}

func createUser(i int) (string, string, any) {
	return "POST", "/users", api.UserCreate{CustomerID: DemoIDs.Acme, Username: fmt.Sprintf("u%03d", i), Password: "correct-horse-battery"}
}

// seededRate runs n requests under the faults, checks that outcome happened between lo and hi times and
// that nothing else but success happened, then replays with the same seed and checks the same sequence.
// Creates must have committed exactly for the 201s: these faults strike before processing.
func seededRate(t *testing.T, f Faults, c *caller, n int, outcome string, lo, hi int) {
	t.Helper()
	run := func() []string { return outcomes(c, n, createUser) }
	first := run()
	if got := count(first, outcome); got < lo || got > hi || got+count(first, "201") != n {
		t.Fatalf("%d of %d requests %s, want %d to %d, the rest 201: %v", got, n, outcome, lo, hi, first)
	}
	if created := len(c.ts.Users()) - demoUsers; created != count(first, "201") {
		t.Fatalf("%d users created, %d answered 201: the fault must commit nothing", created, count(first, "201"))
	}
	if again := replay(t, c.ts, f, run); !slices.Equal(first, again) {
		t.Fatalf("seed %d gave different sequences:\n%v\n%v", f.Seed, first, again)
	}
}

func TestFaultErrorRate(t *testing.T) {
	f := Faults{Seed: 7, ErrorRate: 0.25}
	seededRate(t, f, adminOf(t, NewTestServer(t, Options{Faults: f})), 200, "503", 30, 70)
}

func TestFaultConnectionReset(t *testing.T) {
	f := Faults{Seed: 11, ResetRate: 0.2}
	seededRate(t, f, freshConnections(t, NewTestServer(t, Options{Faults: f})), 150, "closed", 15, 45)
}

func TestFaultLostResponseAfterCommit(t *testing.T) {
	f := Faults{Seed: 3, LostResponseRate: 0.3}
	ts := NewTestServer(t, Options{Faults: f})
	c := freshConnections(t, ts)
	// Writes and reads alternate: only writes lose their response.
	run := func() []string {
		return outcomes(c, 200, func(i int) (string, string, any) {
			if i%2 == 1 {
				return "GET", "/me", nil
			}
			return createUser(i)
		})
	}
	first := run()
	lost := count(first, "closed")
	if lost < 15 || lost > 45 {
		t.Fatalf("%d of 100 write responses lost at rate 0.3", lost)
	}
	for i := 1; i < len(first); i += 2 {
		if first[i] != "200" {
			t.Fatalf("read %d: %s", i, first[i])
		}
	}
	if created := len(ts.Users()) - demoUsers; created != 100 {
		t.Fatalf("%d users created: every write committed, lost response or not", created)
	}
	if again := replay(t, ts, f, run); !slices.Equal(first, again) {
		t.Fatalf("seed %d gave different sequences:\n%v\n%v", f.Seed, first, again)
	}

	// A retry with the same Idempotency-Key recovers the lost response instead of failing on a duplicate.
	if err := ts.SetFaults(Faults{Seed: 3, LostResponseRate: 1}); err != nil {
		t.Fatal(err)
	}
	body := api.UserCreate{CustomerID: DemoIDs.Acme, Username: "retried", Password: "correct-horse-battery"}
	if _, err := c.try("POST", "/users", body, idemKey("retry-1")); err == nil {
		t.Fatal("the response should have been lost")
	}
	if err := ts.SetFaults(Faults{}); err != nil {
		t.Fatal(err)
	}
	u := decode[api.User](t, c.do("POST", "/users", body, idemKey("retry-1")).must(t, http.StatusCreated))
	if got, ok := ts.User(u.ID); !ok || got.Username != "retried" {
		t.Fatalf("replayed user %+v", u)
	}
}

// The rate limit is time-based (a token bucket), not random: the seed plays no part. Back-to-back
// requests get one second of burst plus what refills while they run, and the rest 429 + Retry-After.
func TestFaultRateLimit(t *testing.T) {
	const rate = 50
	ts := NewTestServer(t, Options{Faults: Faults{RateLimit: rate}})
	c := adminOf(t, ts)
	start := time.Now()
	got := outcomes(c, 150, func(int) (string, string, any) { return "GET", "/me", nil })
	elapsed := time.Since(start).Seconds()
	allowed := count(got, "200")
	if allowed+count(got, "429") != 150 || allowed < rate || float64(allowed) > rate+rate*elapsed+1 {
		t.Fatalf("%d of 150 allowed in %.2fs at %d/s", allowed, elapsed, rate)
	}
	if s := ts.Stats(); s.Total != 150 || s.RateLimited != int64(count(got, "429")) {
		t.Fatalf("stats: %d requests, %d rate-limited; want 150 and %d", s.Total, s.RateLimited, count(got, "429"))
	}
	if ts.ResetStats(); ts.Stats().RateLimited != 0 {
		t.Fatal("ResetStats kept the rate-limited count")
	}
	r := c.do("GET", "/customers", nil)
	for r.Status != http.StatusTooManyRequests {
		r = c.do("GET", "/customers", nil)
	}
	r.problem(t, http.StatusTooManyRequests, api.CodeRateLimited)
	if r.Header.Get("Retry-After") != "1" {
		t.Fatalf("Retry-After %q, want 1 (whole seconds, at least 1)", r.Header.Get("Retry-After"))
	}
}

func TestFaultLatency(t *testing.T) {
	ts := NewTestServer(t, Options{Faults: Faults{Latency: 40 * time.Millisecond}})
	c := adminOf(t, ts)
	for range 3 {
		start := time.Now()
		c.do("GET", "/me", nil).must(t, http.StatusOK)
		if d := time.Since(start); d < 40*time.Millisecond {
			t.Fatalf("request took %v with 40ms latency", d)
		}
	}
}

// TestFaultLatencyClientGone: a client that gives up during the latency gets no answer, and the mock
// neither processes its request nor reports the answer it never wrote as a contract violation (an empty
// 200), which failed the tests of the provider's time limits.
func TestFaultLatencyClientGone(t *testing.T) {
	ts := NewTestServer(t, Options{Faults: Faults{Latency: time.Second}})
	ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, ts.URL+"/me", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+ts.AdminToken)
	if resp, err := http.DefaultClient.Do(req); err == nil {
		_ = resp.Body.Close()
		t.Fatalf("answered %s within 50ms of a 1s latency", resp.Status)
	}
	// The check is the server's shutdown at cleanup: it waits for the handler, whose violation fails the test.
}

func TestFaultJobDelay(t *testing.T) {
	ts := NewTestServer(t, Options{Faults: Faults{JobDelay: 300 * time.Millisecond}})
	c := adminOf(t, ts)
	u := c.newUser("slow")
	start := time.Now()
	job := decode[api.Job](t, c.do("PUT", "/users/"+u.ID+"/hosted-exchange", api.HostedExchangeSpec{UserPlan: PlanStandard, PrimaryEmail: "slow@acme.example"}).must(t, http.StatusAccepted))
	time.Sleep(150 * time.Millisecond)
	if mid := decode[api.Job](t, c.do("GET", "/jobs/"+job.ID, nil).must(t, http.StatusOK)); mid.Status != api.JobInProgress {
		t.Fatalf("after 150ms of a 350ms job: %s", mid.Status)
	}
	if job = c.waitJob(job.ID); job.Status != api.JobProvisioned || time.Since(start) < 350*time.Millisecond {
		t.Fatalf("job %s after %v", job.Status, time.Since(start))
	}
}

func TestFaultJobFailureRate(t *testing.T) {
	f := Faults{Seed: 5, JobFailureRate: 0.4}
	ts := NewTestServer(t)
	c := adminOf(t, ts)
	run := func() []string {
		users := make([]api.User, 40)
		for i := range users {
			users[i] = c.newUser(fmt.Sprintf("mbx%02d", i))
		}
		if err := ts.SetFaults(f); err != nil {
			t.Fatal(err)
		}
		jobs := make([]string, len(users))
		for i, u := range users {
			jobs[i] = decode[api.Job](t, c.do("PUT", "/users/"+u.ID+"/hosted-exchange", api.HostedExchangeSpec{UserPlan: PlanSharedMailbox,
				PrimaryEmail: u.Username + "@acme.example"}).must(t, http.StatusAccepted)).ID
		}
		out := make([]string, len(jobs))
		for i, id := range jobs {
			job := c.waitJob(id)
			out[i] = job.Status
			he, _ := ts.HostedExchange(users[i].ID)
			if job.Status == api.JobFailed && (job.Error == "" || he.ProvisioningStatus != api.ServiceFailed || he.Calendar != nil) {
				t.Fatalf("failed job %+v, service %+v", job, he)
			}
		}
		return out
	}
	first := run()
	failed := count(first, api.JobFailed)
	if failed < 6 || failed > 26 {
		t.Fatalf("%d of 40 jobs failed at rate 0.4", failed)
	}
	if again := replay(t, ts, Faults{}, run); !slices.Equal(first, again) {
		t.Fatalf("seed %d gave different outcomes:\n%v\n%v", f.Seed, first, again)
	}
	// A failed mailbox can be provisioned again, or its user deleted.
	if err := ts.SetFaults(Faults{}); err != nil {
		t.Fatal(err)
	}
	i := slices.Index(first, api.JobFailed)
	mb := ts.Users()[0]
	for _, u := range ts.Users() {
		if u.Username == fmt.Sprintf("mbx%02d", i) {
			mb = u
		}
	}
	if job := c.provision(mb.ID, api.HostedExchangeSpec{UserPlan: PlanSharedMailbox, PrimaryEmail: mb.Username + "@acme.example"}); job.Status != api.JobProvisioned {
		t.Fatalf("re-provisioning a failed mailbox: %+v", job)
	}
}

// New objects are invisible to reads for the consistency delay, but writes see them at once.
func TestFaultConsistencyDelay(t *testing.T) {
	const delay = 300 * time.Millisecond
	ts := NewTestServer(t)
	c := adminOf(t, ts)
	mb := c.sharedMailbox("info", "info@acme.example")
	if err := ts.SetFaults(Faults{ConsistencyDelay: delay}); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	u := c.newUser("eventual")
	apu := decode[api.ApplicationUser](t, c.do("POST", "/applications/"+DemoIDs.B2BGateway+"/users", api.ApplicationUserCreate{CustomerID: DemoIDs.Acme, Username: "svc"}).must(t, http.StatusCreated))
	grant := "/users/" + mb.ID + "/hosted-exchange/permissions/" + DemoIDs.Bob
	c.do("PUT", grant, api.PermissionSpec{Permissions: []string{"view"}}).must(t, http.StatusOK)

	c.do("GET", "/users/"+u.ID, nil).problem(t, http.StatusNotFound, api.CodeNotFound)
	c.do("GET", "/users/"+u.ID+"/hosted-exchange", nil).problem(t, http.StatusNotFound, api.CodeNotFound)
	c.do("GET", "/applications/"+DemoIDs.B2BGateway+"/users/"+apu.ID, nil).problem(t, http.StatusNotFound, api.CodeNotFound)
	c.do("GET", grant, nil).problem(t, http.StatusNotFound, api.CodeNotFound)
	if page := decode[api.Page[api.User]](t, c.do("GET", "/users?username=eventual", nil).must(t, http.StatusOK)); len(page.Items) != 0 {
		t.Fatalf("listed too early: %+v", page.Items)
	}
	if page := decode[api.Page[api.Permission]](t, c.do("GET", "/users/"+mb.ID+"/hosted-exchange/permissions", nil).must(t, http.StatusOK)); len(page.Items) != 0 {
		t.Fatalf("grant listed too early: %+v", page.Items)
	}
	// Writes see it: a PATCH succeeds, and a second create is a conflict.
	c.do("PATCH", "/users/"+u.ID, api.UserPatch{FirstName: new("Eve")}).must(t, http.StatusOK)
	c.do("POST", "/users", api.UserCreate{CustomerID: DemoIDs.Acme, Username: "eventual", Password: "correct-horse-battery"}).
		problem(t, http.StatusConflict, api.CodeAlreadyExists)
	if time.Since(start) >= delay {
		t.Skip("the machine is too slow to observe a 300ms consistency delay") // the checks above were not meaningful
	}
	time.Sleep(delay - time.Since(start) + 10*time.Millisecond)
	c.do("GET", "/users/"+u.ID, nil).must(t, http.StatusOK)
	c.do("GET", "/applications/"+DemoIDs.B2BGateway+"/users/"+apu.ID, nil).must(t, http.StatusOK)
	c.do("GET", grant, nil).must(t, http.StatusOK)
	if page := decode[api.Page[api.User]](t, c.do("GET", "/users?username=eventual", nil).must(t, http.StatusOK)); len(page.Items) != 1 {
		t.Fatalf("not listed after the delay: %+v", page.Items)
	}
}
