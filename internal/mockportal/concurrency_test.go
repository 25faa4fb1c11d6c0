package mockportal

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/csportal/terraform-provider-portal/internal/api"
)

// Many goroutines create the same usernames: each name is created exactly once, and every loser is told
// the winner's ID.
func TestConcurrentCreatesMakeNoDuplicates(t *testing.T) {
	ts := NewTestServer(t)
	admin := adminOf(t, ts)
	const names, racers = 5, 12
	winners := make([]atomic.Value, names)
	var conflicts atomic.Int64
	var wg sync.WaitGroup
	for i := range names * racers {
		wg.Go(func() {
			n := i % names
			r := admin.do("POST", "/users", api.UserCreate{CustomerID: DemoIDs.Acme, Username: fmt.Sprintf("Dup%d", n), Password: "correct-horse-battery"})
			switch r.Status {
			case http.StatusCreated:
				if prev := winners[n].Swap(decode[api.User](t, r).ID); prev != nil {
					t.Errorf("name %d created twice", n)
				}
			case http.StatusConflict:
				conflicts.Add(1)
			default:
				t.Errorf("status %d: %s", r.Status, r.Body)
			}
		})
	}
	wg.Wait()
	if conflicts.Load() != names*(racers-1) {
		t.Fatalf("%d conflicts, want %d", conflicts.Load(), names*(racers-1))
	}
	for n := range names {
		page := decode[api.Page[api.User]](t, admin.do("GET", fmt.Sprintf("/users?username=dup%d", n), nil).must(t, http.StatusOK))
		if len(page.Items) != 1 || page.Items[0].ID != winners[n].Load() {
			t.Errorf("name %d: %+v", n, page.Items)
		}
		p := admin.do("POST", "/users", api.UserCreate{CustomerID: DemoIDs.Acme, Username: fmt.Sprintf("dup%d", n), Password: "correct-horse-battery"}).
			problem(t, http.StatusConflict, api.CodeAlreadyExists)
		if p.ExistingID != winners[n].Load() {
			t.Errorf("existing_id %s, want %s", p.ExistingID, winners[n].Load())
		}
	}
}

// Read-modify-write with If-Match under contention loses no update: every goroutine increments a counter
// kept in a user's last_name, retrying on 412; the final value is the number of increments.
func TestConcurrentUpdatesWithIfMatchLoseNothing(t *testing.T) {
	ts := NewTestServer(t)
	admin := adminOf(t, ts)
	u := admin.newUser("counter")
	admin.do("PATCH", "/users/"+u.ID, api.UserPatch{LastName: new("0")}).must(t, http.StatusOK)
	const workers, increments = 8, 10
	var conflicts atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for done := 0; done < increments; {
				r := admin.do("GET", "/users/"+u.ID, nil).must(t, http.StatusOK)
				n, _ := strconv.Atoi(decode[api.User](t, r).LastName)
				next := strconv.Itoa(n + 1)
				switch w := admin.do("PATCH", "/users/"+u.ID, api.UserPatch{LastName: &next}, ifMatch(r.Header.Get("ETag"))); w.Status {
				case http.StatusOK:
					done++
				case http.StatusPreconditionFailed:
					conflicts.Add(1)
				default:
					t.Errorf("status %d: %s", w.Status, w.Body)
					return
				}
			}
		})
	}
	wg.Wait()
	got, _ := ts.User(u.ID)
	if got.LastName != strconv.Itoa(workers*increments) {
		t.Fatalf("counter %s, want %d (lost updates)", got.LastName, workers*increments)
	}
	t.Logf("%d increments, %d retried after 412", workers*increments, conflicts.Load())
}

// Parallel permission changes on one mailbox all commit, every one while the mailbox login was enabled
// (the audit log says so), and the grants are exactly the last set each grantee was given.
func TestConcurrentPermissionChanges(t *testing.T) {
	ts := NewTestServer(t)
	admin := adminOf(t, ts)
	mb := admin.sharedMailbox("info", "info@acme.example")
	grantees := make([]string, 20)
	for i := range grantees {
		grantees[i] = admin.newUser(fmt.Sprintf("member%02d", i)).ID
	}
	var wg sync.WaitGroup
	for _, g := range grantees {
		wg.Go(func() {
			path := "/users/" + mb.ID + "/hosted-exchange/permissions/" + g
			admin.do("PUT", path, api.PermissionSpec{Permissions: []string{"view"}}).must(t, http.StatusOK)
			admin.do("PUT", path, api.PermissionSpec{Permissions: []string{"view", "send_as"}}).must(t, http.StatusOK)
			// Disabling the login concurrently would make these fail with user_disabled, never slip by.
			admin.do("PATCH", "/users/"+mb.ID, api.UserPatch{DisplayName: new("Info " + g)}).must(t, http.StatusOK)
		})
	}
	wg.Wait()
	grants := ts.Permissions(mb.ID)
	if len(grants) != len(grantees) {
		t.Fatalf("%d grants, want %d", len(grants), len(grantees))
	}
	for _, g := range grants {
		if strings.Join(g.Permissions, ",") != "send_as,view" {
			t.Errorf("grant %+v", g)
		}
	}
	puts := 0
	for _, e := range ts.Events() {
		if e.Operation == OpPermissionPut {
			puts++
			if e.MailboxLoginEnabled == nil || !*e.MailboxLoginEnabled || e.PrincipalID != DemoIDs.RootAdmin {
				t.Errorf("event %+v", e)
			}
		}
	}
	if puts != 2*len(grantees) {
		t.Fatalf("%d permission events, want %d", puts, 2*len(grantees))
	}
}
