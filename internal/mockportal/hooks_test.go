package mockportal

import (
	"net/http"
	"sync"
	"testing"

	"github.com/csportal/terraform-provider-portal/internal/api"
)

// TestHooks: Before sees the request (route, wildcards, body) before the portal handles it, so that an
// operator change made there decides the answer; After sees the status before the client does.
func TestHooks(t *testing.T) {
	var mu sync.Mutex
	var seen []HookRequest
	var statuses []int
	var ts *TestServer
	ts = NewTestServer(t, Options{Hooks: &Hooks{
		Before: func(r HookRequest) {
			mu.Lock()
			seen = append(seen, r)
			mu.Unlock()
			if r.Route == "PUT /api/v1/users/{id}/hosted-exchange/permissions/{grantee_id}" {
				// Another actor disables the mailbox's login at the worst moment.
				if err := ts.SetLoginEnabled(r.PathValue("id"), false); err != nil {
					t.Error(err)
				}
			}
		},
		After: func(r HookRequest, status int) {
			mu.Lock()
			statuses = append(statuses, status)
			mu.Unlock()
		},
	}})
	admin := adminOf(t, ts)
	mailbox := admin.sharedMailbox("ops", "ops@acme.example")
	mu.Lock()
	seen, statuses = nil, nil
	mu.Unlock()

	admin.do("PATCH", "/users/"+mailbox.ID, api.UserPatch{LoginEnabled: new(true)}).must(t, http.StatusOK)
	admin.do("PUT", "/users/"+mailbox.ID+"/hosted-exchange/permissions/"+DemoIDs.Alice,
		api.PermissionSpec{Permissions: []string{api.PermissionView}}).problem(t, http.StatusConflict, api.CodeUserDisabled)

	mu.Lock()
	defer mu.Unlock()
	if len(seen) != 2 || len(statuses) != 2 {
		t.Fatalf("hooks saw %d requests and %d statuses, want 2 each", len(seen), len(statuses))
	}
	patch, put := seen[0], seen[1]
	if patch.Method != "PATCH" || patch.Route != "PATCH /api/v1/users/{id}" || patch.PathValue("id") != mailbox.ID ||
		string(patch.Body) != `{"login_enabled":true}` {
		t.Errorf("the PATCH as a hook saw it: %+v (id %q)", patch, patch.PathValue("id"))
	}
	if put.PathValue("grantee_id") != DemoIDs.Alice || put.PathValue("id") != mailbox.ID || put.PathValue("none") != "" {
		t.Errorf("the PUT's wildcards: id %q, grantee_id %q", put.PathValue("id"), put.PathValue("grantee_id"))
	}
	if statuses[0] != http.StatusOK || statuses[1] != http.StatusConflict {
		t.Errorf("After saw statuses %v, want [200 409]", statuses)
	}
	if g := ts.Permissions(mailbox.ID); len(g) != 0 {
		t.Errorf("the refused grant exists: %+v", g)
	}
}
