package mockportal

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"

	"github.com/csportal/terraform-provider-portal/internal/api"
)

// benchPortal is a portal with a mailbox and 50 users, with or without contract validation.
func benchPortal(b *testing.B, validate bool) (http.Handler, string, []string) {
	opts := Options{AdminToken: "bench", Logger: slog.New(slog.DiscardHandler)}
	if validate {
		opts.OnContractViolation = func(err error) { b.Error(err) }
	}
	p, err := New(opts)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = p.Close() })
	mb, err := p.CreateUser(api.UserCreate{CustomerID: DemoIDs.Acme, Username: "shared", Password: "correct-horse-battery"})
	if err != nil {
		b.Fatal(err)
	}
	if _, err := p.PutHostedExchange(mb.ID, api.HostedExchangeSpec{UserPlan: PlanSharedMailbox, PrimaryEmail: "shared@acme.example"}); err != nil {
		b.Fatal(err)
	}
	users := make([]string, 50)
	for i := range users {
		u, err := p.CreateUser(api.UserCreate{CustomerID: DemoIDs.Acme, Username: fmt.Sprintf("member%02d", i), Password: "correct-horse-battery"})
		if err != nil {
			b.Fatal(err)
		}
		users[i] = u.ID
	}
	return p.Handler(), mb.ID, users
}

// mixedRequest is request number i of a mix of 70% reads and 30% writes: reads of a user, a grant list
// page and a mailbox; writes that patch a user, replace a grant and create a user.
func mixedRequest(i int64, mailbox string, users []string) *http.Request {
	u := users[i%int64(len(users))]
	var method, path string
	var body any
	switch i % 10 {
	case 0, 1, 2:
		method, path = "GET", "/users/"+u
	case 3, 4:
		method, path = "GET", "/users/"+mailbox+"/hosted-exchange/permissions?page_size=20"
	case 5, 6:
		method, path = "GET", "/users/"+mailbox+"/hosted-exchange"
	case 7:
		method, path, body = "PATCH", "/users/"+u, api.UserPatch{LastName: new(fmt.Sprint(i))}
	case 8:
		perms := [][]string{{"view"}, {"view", "send_as"}, {"full_access"}}[i%3]
		method, path, body = "PUT", "/users/"+mailbox+"/hosted-exchange/permissions/"+u, api.PermissionSpec{Permissions: perms}
	case 9:
		method, path, body = "POST", "/users", api.UserCreate{CustomerID: DemoIDs.Acme, Username: fmt.Sprintf("b%d", i), Password: "correct-horse-battery"}
	}
	var rd *bytes.Reader
	if body != nil {
		data, _ := json.Marshal(body)
		rd = bytes.NewReader(data)
	} else {
		rd = bytes.NewReader(nil)
	}
	req := httptest.NewRequest(method, api.BasePath+path, rd)
	req.Header.Set("Authorization", "Bearer bench")
	if body != nil {
		req.Header.Set("Content-Type", api.ContentTypeJSON)
	}
	return req
}

// BenchmarkMixedRequests measures the handler's throughput on a 70/30 read/write mix, from GOMAXPROCS
// goroutines at once (the store serialises writes, so this is the contended figure): "plain" as
// cmd/portal-mock serves by default, "validated" as NewTestServer serves (every exchange checked against
// the contract).
func BenchmarkMixedRequests(b *testing.B) {
	for _, validate := range []bool{false, true} {
		b.Run(map[bool]string{false: "plain", true: "validated"}[validate], func(b *testing.B) {
			h, mailbox, users := benchPortal(b, validate)
			var n atomic.Int64
			b.ReportAllocs()
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					rec := httptest.NewRecorder()
					h.ServeHTTP(rec, mixedRequest(n.Add(1), mailbox, users))
					if rec.Code >= 300 {
						b.Errorf("status %d: %s", rec.Code, rec.Body)
					}
				}
			})
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "req/s")
		})
	}
}
