package mockportal

import (
	"net/http"
	"strings"
	"testing"

	"github.com/csportal/terraform-provider-portal/internal/api"
)

// TestCreationMarks: users, submailboxes and application users keep the mark their creator gave them, show
// it in every read and listing, and change it only on a PATCH that asks; a mark that is not 1-128 printable
// ASCII is refused, and PATCH with "" clears it.
func TestCreationMarks(t *testing.T) {
	ts := NewTestServer(t)
	admin := adminOf(t, ts)
	const mark = "tf1.0123456789abcdef.fedcba98"

	u := decode[api.User](t, admin.do("POST", "/users", api.UserCreate{CustomerID: DemoIDs.Acme, Username: "marked",
		Password: "correct-horse-battery", CreationMark: mark}).must(t, http.StatusCreated))
	if u.CreationMark != mark {
		t.Fatalf("created user's mark %q, want %q", u.CreationMark, mark)
	}
	if got := decode[api.User](t, admin.do("GET", "/users/"+u.ID, nil).must(t, http.StatusOK)); got.CreationMark != mark {
		t.Errorf("GET: mark %q", got.CreationMark)
	}
	if page := decode[api.Page[api.User]](t, admin.do("GET", "/users?username=marked", nil).must(t, http.StatusOK)); len(page.Items) != 1 || page.Items[0].CreationMark != mark {
		t.Errorf("listing: %+v", page.Items)
	}
	if hand := admin.newUser("handmade"); hand.CreationMark != "" {
		t.Errorf("a user made without a mark has %q", hand.CreationMark)
	}
	for _, bad := range []string{"with space", strings.Repeat("x", api.CreationMarkMaxLength+1), "tab\there"} {
		p := admin.do("POST", "/users", api.UserCreate{CustomerID: DemoIDs.Acme, Username: "bad", Password: "correct-horse-battery",
			CreationMark: bad}).problem(t, http.StatusBadRequest, api.CodeInvalidRequest)
		if !hasField(p, "creation_mark") {
			t.Errorf("mark %q: refusal %+v does not name creation_mark", bad, p)
		}
	}
	// Names alone keep the mark; a patch of the mark changes it; "" clears it.
	if got := decode[api.User](t, admin.do("PATCH", "/users/"+u.ID, api.UserPatch{FirstName: new("Renamed")}).must(t, http.StatusOK)); got.CreationMark != mark {
		t.Errorf("after a rename the mark is %q", got.CreationMark)
	}
	if got := decode[api.User](t, admin.do("PATCH", "/users/"+u.ID, api.UserPatch{CreationMark: new("tf1.other")}).must(t, http.StatusOK)); got.CreationMark != "tf1.other" {
		t.Errorf("after a patch of the mark it is %q", got.CreationMark)
	}
	if got := decode[api.User](t, admin.do("PATCH", "/users/"+u.ID, api.UserPatch{CreationMark: new("")}).must(t, http.StatusOK)); got.CreationMark != "" {
		t.Errorf("after clearing the mark it is %q", got.CreationMark)
	}

	mb := admin.sharedMailbox("info", "info@acme.example")
	admin.do("PATCH", "/users/"+mb.ID, api.UserPatch{LoginEnabled: new(true)}).must(t, http.StatusOK)
	sm := decode[api.Submailbox](t, admin.do("POST", "/users/"+mb.ID+"/hosted-exchange/submailboxes",
		api.SubmailboxCreate{Name: "Invoices", CreationMark: mark}).must(t, http.StatusCreated))
	if sm.CreationMark != mark {
		t.Errorf("submailbox mark %q", sm.CreationMark)
	}
	if got := decode[api.Submailbox](t, admin.do("GET", "/submailboxes/"+sm.ID, nil).must(t, http.StatusOK)); got.CreationMark != mark {
		t.Errorf("GET submailbox: mark %q", got.CreationMark)
	}
	renamed := decode[api.Submailbox](t, admin.do("PATCH", "/submailboxes/"+sm.ID, api.SubmailboxPatch{CreationMark: new("tf1.next")}).must(t, http.StatusOK))
	if renamed.CreationMark != "tf1.next" || renamed.Name != "Invoices" || renamed.Version == sm.Version {
		t.Errorf("after a patch of the mark: %+v (was version %d)", renamed, sm.Version)
	}
	// R6 applies to a submailbox's mark as to its name.
	admin.do("PATCH", "/users/"+mb.ID, api.UserPatch{LoginEnabled: new(false)}).must(t, http.StatusOK)
	admin.do("PATCH", "/submailboxes/"+sm.ID, api.SubmailboxPatch{CreationMark: new("")}).problem(t, http.StatusConflict, api.CodeUserDisabled)

	apuPath := "/applications/" + DemoIDs.B2BGateway + "/users"
	apu := decode[api.ApplicationUser](t, admin.do("POST", apuPath, api.ApplicationUserCreate{Username: "gw", CreationMark: mark}).must(t, http.StatusCreated))
	if apu.CreationMark != mark {
		t.Errorf("application user mark %q", apu.CreationMark)
	}
	if got := decode[api.ApplicationUser](t, admin.do("PATCH", apuPath+"/"+apu.ID, api.ApplicationUserPatch{CreationMark: new("")}).must(t, http.StatusOK)); got.CreationMark != "" || got.Version == apu.Version {
		t.Errorf("after clearing: %+v", got)
	}
}

// TestLoginVersion: every write of login_enabled counts, also one that keeps the value; a patch
// conditional on a login version that is no longer current changes nothing and answers 412; with an
// Idempotency-Key, the retry of a conditional patch replays its answer instead of failing on its own write.
func TestLoginVersion(t *testing.T) {
	ts := NewTestServer(t)
	admin := adminOf(t, ts)
	u := admin.newUser("dancer")
	if u.LoginVersion != 1 || !u.LoginEnabled {
		t.Fatalf("new user: login %v version %d, want enabled at 1", u.LoginEnabled, u.LoginVersion)
	}
	same := decode[api.User](t, admin.do("PATCH", "/users/"+u.ID, api.UserPatch{LoginEnabled: new(true)}).must(t, http.StatusOK))
	if same.LoginVersion != 2 || same.Version == u.Version {
		t.Errorf("a write of the same login: login_version %d, version %d (was %d); want 2 and a new version", same.LoginVersion, same.Version, u.Version)
	}
	names := decode[api.User](t, admin.do("PATCH", "/users/"+u.ID, api.UserPatch{FirstName: new("Named")}).must(t, http.StatusOK))
	if names.LoginVersion != 2 {
		t.Errorf("a rename changed login_version to %d", names.LoginVersion)
	}

	p := admin.do("PATCH", "/users/"+u.ID, api.UserPatch{LoginEnabled: new(false), IfLoginVersion: new(int64(1))}).
		problem(t, http.StatusPreconditionFailed, api.CodePreconditionFailed)
	if !strings.Contains(p.Detail, "login_version 2") {
		t.Errorf("412 detail %q does not say the current login_version", p.Detail)
	}
	if got, _ := ts.User(u.ID); !got.LoginEnabled || got.LoginVersion != 2 {
		t.Errorf("a refused conditional patch changed the user: %+v", got)
	}
	admin.do("PATCH", "/users/"+u.ID, api.UserPatch{IfLoginVersion: new(int64(-1))}).problem(t, http.StatusBadRequest, api.CodeInvalidRequest)

	key := idemKey("disable-once")
	first := admin.do("PATCH", "/users/"+u.ID, api.UserPatch{LoginEnabled: new(false), IfLoginVersion: new(int64(2))}, key).must(t, http.StatusOK)
	again := admin.do("PATCH", "/users/"+u.ID, api.UserPatch{LoginEnabled: new(false), IfLoginVersion: new(int64(2))}, key).must(t, http.StatusOK)
	if string(first.Body) != string(again.Body) {
		t.Errorf("the retried conditional patch was not replayed:\n%s\n%s", first.Body, again.Body)
	}
	if got, _ := ts.User(u.ID); got.LoginEnabled || got.LoginVersion != 3 {
		t.Errorf("after the conditional disable and its replay: %+v, want disabled at login_version 3", got)
	}
	admin.do("PATCH", "/users/"+u.ID, api.UserPatch{LoginEnabled: new(true)}, key).problem(t, http.StatusUnprocessableEntity, api.CodeIdempotencyKeyReused)
}
