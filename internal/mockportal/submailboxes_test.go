package mockportal

import (
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/csportal/terraform-provider-portal/internal/api"
)

// Submailboxes over HTTP against a contract-validating test server: their own rules, and R6, R8–R12
// applied to them as to mailboxes.

// newSubmailbox creates a submailbox over the API (parentID "" for the top level).
func (c *caller) newSubmailbox(mailboxID, parentID, name string) api.Submailbox {
	c.t.Helper()
	return decode[api.Submailbox](c.t, c.do("POST", "/users/"+mailboxID+"/hosted-exchange/submailboxes",
		api.SubmailboxCreate{Name: name, ParentID: parentID}).must(c.t, http.StatusCreated))
}

func submailboxPaths(items []api.Submailbox) []string {
	var out []string
	for _, sm := range items {
		out = append(out, sm.Path)
	}
	slices.Sort(out)
	return out
}

// A submailbox is created at the top level or inside another, read, listed (paginated), renamed in place
// with its descendants' paths following, and deleted; creates replay under an Idempotency-Key.
func TestSubmailboxLifecycle(t *testing.T) {
	ts := NewTestServer(t)
	admin := adminOf(t, ts)
	mb := admin.sharedMailbox("info", "info@acme.example")
	base := "/users/" + mb.ID + "/hosted-exchange/submailboxes"

	r := admin.do("POST", base, api.SubmailboxCreate{Name: "Invoices"}, idemKey("smb-1")).must(t, http.StatusCreated)
	top := decode[api.Submailbox](t, r)
	if top.MailboxID != mb.ID || top.ParentID != "" || top.Name != "Invoices" || top.Path != "Invoices" ||
		!strings.HasPrefix(top.ID, api.PrefixSubmailbox) || r.Header.Get("Location") != "/api/v1/submailboxes/"+top.ID {
		t.Fatalf("created %+v, Location %q", top, r.Header.Get("Location"))
	}
	again := admin.do("POST", base, api.SubmailboxCreate{Name: "Invoices"}, idemKey("smb-1")).must(t, http.StatusCreated)
	if string(again.Body) != string(r.Body) || len(ts.Submailboxes(mb.ID)) != 1 {
		t.Fatalf("a replayed create must return the first submailbox and create nothing: %s", again.Body)
	}
	admin.do("POST", base, api.SubmailboxCreate{Name: "Other"}, idemKey("smb-1")).problem(t, http.StatusUnprocessableEntity, api.CodeIdempotencyKeyReused)

	year := admin.newSubmailbox(mb.ID, top.ID, "2026")
	month := admin.newSubmailbox(mb.ID, year.ID, "March")
	if year.ParentID != top.ID || year.Path != "Invoices/2026" || month.Path != "Invoices/2026/March" {
		t.Fatalf("nested %+v %+v", year, month)
	}
	got := admin.do("GET", "/submailboxes/"+month.ID, nil).must(t, http.StatusOK)
	if decode[api.Submailbox](t, got) != month || got.Header.Get("ETag") == "" {
		t.Fatalf("GET %s, ETag %q", got.Body, got.Header.Get("ETag"))
	}
	first := decode[api.Page[api.Submailbox]](t, admin.do("GET", base+"?page_size=2", nil).must(t, http.StatusOK))
	rest := decode[api.Page[api.Submailbox]](t, admin.do("GET", base+"?page_size=2&page_token="+first.NextPageToken, nil).must(t, http.StatusOK))
	if len(first.Items) != 2 || first.NextPageToken == "" || rest.NextPageToken != "" ||
		!slices.Equal(submailboxPaths(append(first.Items, rest.Items...)), []string{"Invoices", "Invoices/2026", "Invoices/2026/March"}) {
		t.Fatalf("pages %+v %+v", first, rest)
	}

	// A rename is in place; the paths (and versions) of the descendants follow, and If-Match guards it.
	etag := admin.do("GET", "/submailboxes/"+top.ID, nil).must(t, http.StatusOK).Header.Get("ETag")
	admin.do("PATCH", "/submailboxes/"+top.ID, api.SubmailboxPatch{Name: new("Bills")}, ifMatch(`"1"`)).problem(t, http.StatusPreconditionFailed, api.CodePreconditionFailed)
	renamed := decode[api.Submailbox](t, admin.do("PATCH", "/submailboxes/"+top.ID, api.SubmailboxPatch{Name: new("Bills")}, ifMatch(etag)).must(t, http.StatusOK))
	if renamed.ID != top.ID || renamed.Path != "Bills" || renamed.Version <= top.Version {
		t.Fatalf("renamed %+v", renamed)
	}
	if sm, _ := ts.Submailbox(month.ID); sm.Path != "Bills/2026/March" || sm.Version <= month.Version {
		t.Fatalf("a descendant after the rename: %+v", sm)
	}
	// A change of case is a rename (the name is stored as given); the same name again changes nothing.
	cased := decode[api.Submailbox](t, admin.do("PATCH", "/submailboxes/"+top.ID, api.SubmailboxPatch{Name: new("BILLS")}).must(t, http.StatusOK))
	same := decode[api.Submailbox](t, admin.do("PATCH", "/submailboxes/"+top.ID, api.SubmailboxPatch{Name: new("BILLS")}).must(t, http.StatusOK))
	if cased.Name != "BILLS" || same.Version != cased.Version {
		t.Fatalf("case rename %+v, then %+v", cased, same)
	}

	admin.do("DELETE", "/submailboxes/"+month.ID, nil).must(t, http.StatusNoContent)
	admin.do("GET", "/submailboxes/"+month.ID, nil).problem(t, http.StatusNotFound, api.CodeNotFound)
	admin.do("DELETE", "/submailboxes/"+month.ID, nil).problem(t, http.StatusNotFound, api.CodeNotFound)
	if got := submailboxPaths(ts.Submailboxes(mb.ID)); !slices.Equal(got, []string{"BILLS", "BILLS/2026"}) {
		t.Fatalf("left %v", got)
	}
}

// Names are 1–64 characters without "/", unique among siblings without regard to case (409 with the
// holder's ID); the same name elsewhere in the tree is fine. A parent must be a submailbox of the same
// mailbox.
func TestSubmailboxNames(t *testing.T) {
	ts := NewTestServer(t)
	admin := adminOf(t, ts)
	mb := admin.sharedMailbox("info", "info@acme.example")
	other := admin.sharedMailbox("sales", "sales@acme.example")
	base := "/users/" + mb.ID + "/hosted-exchange/submailboxes"
	invoices := admin.newSubmailbox(mb.ID, "", "Invoices")

	for _, tc := range []struct {
		name, body, field string
	}{
		{"empty", `{"name":""}`, "name"},
		{"too long", `{"name":"` + strings.Repeat("é", 65) + `"}`, "name"},
		{"separator", `{"name":"Invoices/2026"}`, "name"},
		{"missing", `{}`, "name"},
		{"malformed parent", `{"name":"x","parent_id":"usr_0000000000000000"}`, "parent_id"},
		{"unknown parent", `{"name":"x","parent_id":"smb_0000000000000000"}`, "parent_id"},
		{"parent of another mailbox", `{"name":"x","parent_id":"` + admin.newSubmailbox(other.ID, "", "Elsewhere").ID + `"}`, "parent_id"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := admin.do("POST", base, tc.body).problem(t, http.StatusBadRequest, api.CodeInvalidRequest)
			if !hasField(p, tc.field) {
				t.Errorf("%+v does not name %s", p.Errors, tc.field)
			}
		})
	}
	if n := len(ts.Submailboxes(mb.ID)); n != 1 {
		t.Fatalf("refused creates left %d submailboxes", n)
	}
	admin.newSubmailbox(mb.ID, "", strings.Repeat("é", 64)) // 64 characters, more bytes

	p := admin.do("POST", base, api.SubmailboxCreate{Name: "INVOICES"}).problem(t, http.StatusConflict, api.CodeAlreadyExists)
	if p.ExistingID != invoices.ID {
		t.Fatalf("existing_id %q, want %s", p.ExistingID, invoices.ID)
	}
	// The same name one level down, or in another mailbox, is another submailbox.
	nested := admin.newSubmailbox(mb.ID, invoices.ID, "invoices")
	admin.newSubmailbox(other.ID, "", "Invoices")
	// A rename onto a sibling's name is refused too.
	archive := admin.newSubmailbox(mb.ID, invoices.ID, "Archive")
	p = admin.do("PATCH", "/submailboxes/"+archive.ID, api.SubmailboxPatch{Name: new("Invoices")}).problem(t, http.StatusConflict, api.CodeAlreadyExists)
	if p.ExistingID != nested.ID {
		t.Fatalf("existing_id %q, want %s", p.ExistingID, nested.ID)
	}
	admin.do("PATCH", "/submailboxes/"+archive.ID, `{"name":"a/b"}`).problem(t, http.StatusBadRequest, api.CodeInvalidRequest)
	admin.do("PATCH", "/submailboxes/"+archive.ID, `{"parent_id":"`+invoices.ID+`"}`).problem(t, http.StatusBadRequest, api.CodeInvalidRequest) // cannot move
}

// A submailbox with submailboxes inside it cannot be deleted (409 has_children naming them); inside out,
// everything goes.
func TestSubmailboxWithChildrenCannotBeDeleted(t *testing.T) {
	ts := NewTestServer(t)
	admin := adminOf(t, ts)
	mb := admin.sharedMailbox("info", "info@acme.example")
	top := admin.newSubmailbox(mb.ID, "", "Invoices")
	child := admin.newSubmailbox(mb.ID, top.ID, "2026")
	p := admin.do("DELETE", "/submailboxes/"+top.ID, nil).problem(t, http.StatusConflict, api.CodeHasChildren)
	if !strings.Contains(p.Detail, child.ID) || !strings.Contains(p.Detail, `"2026"`) {
		t.Errorf("the refusal must name the children: %q", p.Detail)
	}
	if _, ok := ts.Submailbox(top.ID); !ok {
		t.Fatal("a refused delete deleted")
	}
	if err := ts.DeleteSubmailbox(top.ID); ErrorCode(err) != api.CodeHasChildren {
		t.Fatalf("operator: %v", err)
	}
	admin.do("DELETE", "/submailboxes/"+child.ID, nil).must(t, http.StatusNoContent)
	admin.do("DELETE", "/submailboxes/"+top.ID, nil).must(t, http.StatusNoContent)
	if left := ts.Submailboxes(mb.ID); len(left) != 0 {
		t.Fatalf("left %+v", left)
	}
}

// Submailboxes exist only on a provisioned mailbox; malformed and unknown IDs answer 400 and 404.
func TestSubmailboxNeedsAProvisionedMailbox(t *testing.T) {
	ts := NewTestServer(t)
	admin := adminOf(t, ts)
	plain := admin.newUser("plain")
	admin.do("POST", "/users/"+plain.ID+"/hosted-exchange/submailboxes", api.SubmailboxCreate{Name: "x"}).problem(t, http.StatusConflict, api.CodeServiceNotProvisioned)
	admin.do("GET", "/users/"+plain.ID+"/hosted-exchange/submailboxes", nil).problem(t, http.StatusConflict, api.CodeServiceNotProvisioned)
	admin.do("POST", "/users/usr_0000000000000000/hosted-exchange/submailboxes", api.SubmailboxCreate{Name: "x"}).problem(t, http.StatusNotFound, api.CodeNotFound)
	for _, path := range []string{"/submailboxes/smb_0000000000000000", "/submailboxes/smb_0000000000000000/permissions",
		"/submailboxes/smb_0000000000000000/permissions/" + DemoIDs.Bob} {
		admin.do("GET", path, nil).problem(t, http.StatusNotFound, api.CodeNotFound)
	}
	for _, path := range []string{"/submailboxes/" + DemoIDs.Alice, "/submailboxes/" + DemoIDs.Alice + "/permissions",
		"/users/smb_0000000000000000/hosted-exchange/submailboxes"} {
		p := admin.do("GET", path, nil).problem(t, http.StatusBadRequest, api.CodeInvalidRequest)
		if !hasField(p, "id") {
			t.Errorf("%s: %+v does not name id", path, p.Errors)
		}
	}
}

// Deprovisioning the mailbox removes its submailboxes and their grants; so does deleting a grantee its
// grants on submailboxes.
func TestSubmailboxesGoWithTheirMailbox(t *testing.T) {
	ts := NewTestServer(t)
	admin := adminOf(t, ts)
	mb := admin.sharedMailbox("info", "info@acme.example")
	top := admin.newSubmailbox(mb.ID, "", "Invoices")
	child := admin.newSubmailbox(mb.ID, top.ID, "2026")
	leaver := admin.newUser("leaver")
	for _, id := range []string{top.ID, child.ID} {
		admin.do("PUT", "/submailboxes/"+id+"/permissions/"+DemoIDs.Bob, api.PermissionSpec{Permissions: []string{"view"}}).must(t, http.StatusOK)
		admin.do("PUT", "/submailboxes/"+id+"/permissions/"+leaver.ID, api.PermissionSpec{Permissions: []string{"view"}}).must(t, http.StatusOK)
	}
	admin.do("DELETE", "/users/"+leaver.ID, nil).must(t, http.StatusNoContent)
	if g := ts.Permissions(child.ID); len(g) != 1 || g[0].GranteeID != DemoIDs.Bob {
		t.Fatalf("grants after deleting the grantee: %+v", g)
	}
	job := decode[api.Job](t, admin.do("DELETE", "/users/"+mb.ID+"/hosted-exchange", nil).must(t, http.StatusAccepted))
	if job = admin.waitJob(job.ID); job.Status != api.JobProvisioned {
		t.Fatalf("deprovisioning: %+v", job)
	}
	if left := ts.Submailboxes(mb.ID); len(left) != 0 {
		t.Fatalf("submailboxes left after deprovisioning: %+v", left)
	}
	for _, id := range []string{top.ID, child.ID} {
		if g := ts.Permissions(id); len(g) != 0 {
			t.Errorf("grants left on %s: %+v", id, g)
		}
		admin.do("GET", "/submailboxes/"+id, nil).problem(t, http.StatusNotFound, api.CodeNotFound)
	}
	// Provisioned again, the mailbox starts without submailboxes.
	admin.provision(mb.ID, api.HostedExchangeSpec{UserPlan: PlanSharedMailbox, PrimaryEmail: "info@acme.example"})
	page := decode[api.Page[api.Submailbox]](t, admin.do("GET", "/users/"+mb.ID+"/hosted-exchange/submailboxes", nil).must(t, http.StatusOK))
	if len(page.Items) != 0 {
		t.Fatalf("submailboxes %+v", page.Items)
	}
}

// R6: while the mailbox's login is disabled, its submailboxes cannot be created, renamed or deleted and
// their permissions cannot change; enable, change, disable.
func TestSubmailboxR6DisabledLogin(t *testing.T) {
	ts := NewTestServer(t)
	admin := adminOf(t, ts)
	mb := admin.sharedMailbox("info", "info@acme.example")
	top := admin.newSubmailbox(mb.ID, "", "Invoices")
	grant := "/submailboxes/" + top.ID + "/permissions/" + DemoIDs.Bob
	admin.do("PUT", grant, api.PermissionSpec{Permissions: []string{"view"}}).must(t, http.StatusOK)
	admin.do("PATCH", "/users/"+mb.ID, api.UserPatch{LoginEnabled: new(false)}).must(t, http.StatusOK)

	admin.do("POST", "/users/"+mb.ID+"/hosted-exchange/submailboxes", api.SubmailboxCreate{Name: "2026", ParentID: top.ID}).problem(t, http.StatusConflict, api.CodeUserDisabled)
	admin.do("PATCH", "/submailboxes/"+top.ID, api.SubmailboxPatch{Name: new("Bills")}).problem(t, http.StatusConflict, api.CodeUserDisabled)
	admin.do("DELETE", "/submailboxes/"+top.ID, nil).problem(t, http.StatusConflict, api.CodeUserDisabled)
	admin.do("PUT", grant, api.PermissionSpec{Permissions: []string{"view", "send_as"}}).problem(t, http.StatusConflict, api.CodeUserDisabled)
	admin.do("DELETE", grant, nil).problem(t, http.StatusConflict, api.CodeUserDisabled)
	if _, err := ts.CreateSubmailbox(mb.ID, api.SubmailboxCreate{Name: "2026"}); ErrorCode(err) != api.CodeUserDisabled {
		t.Fatalf("operator CreateSubmailbox: %v", err)
	}
	if sm, _ := ts.Submailbox(top.ID); sm.Name != "Invoices" || len(ts.Submailboxes(mb.ID)) != 1 {
		t.Fatalf("refused changes changed the submailboxes: %+v", ts.Submailboxes(mb.ID))
	}
	// Reads go on.
	admin.do("GET", grant, nil).must(t, http.StatusOK)
	admin.do("GET", "/users/"+mb.ID+"/hosted-exchange/submailboxes", nil).must(t, http.StatusOK)

	admin.do("PATCH", "/users/"+mb.ID, api.UserPatch{LoginEnabled: new(true)}).must(t, http.StatusOK)
	admin.do("PATCH", "/submailboxes/"+top.ID, api.SubmailboxPatch{Name: new("Bills")}).must(t, http.StatusOK)
	admin.do("DELETE", grant, nil).must(t, http.StatusNoContent)
	admin.do("DELETE", "/submailboxes/"+top.ID, nil).must(t, http.StatusNoContent)
	for _, e := range ts.Events() {
		if strings.HasPrefix(e.Operation, "submailbox.") || e.Operation == OpPermissionPut {
			if e.MailboxLoginEnabled == nil || !*e.MailboxLoginEnabled {
				t.Errorf("event %+v committed while the login was disabled", e)
			}
		}
	}
}

// R8: permissions on a submailbox are its own records: a grant on the parent is not one on the child,
// nor the other way round, and neither is a grant on the mailbox.
func TestSubmailboxR8PermissionsDoNotCarryOver(t *testing.T) {
	ts := NewTestServer(t)
	admin := adminOf(t, ts)
	mb := admin.sharedMailbox("info", "info@acme.example")
	parent := admin.newSubmailbox(mb.ID, "", "Invoices")
	child := admin.newSubmailbox(mb.ID, parent.ID, "2026")
	list := func(path string) []api.Permission {
		return decode[api.Page[api.Permission]](t, admin.do("GET", path, nil).must(t, http.StatusOK)).Items
	}

	admin.do("PUT", "/users/"+mb.ID+"/hosted-exchange/permissions/"+DemoIDs.Alice, api.PermissionSpec{Permissions: []string{"full_access"}}).must(t, http.StatusOK)
	g := decode[api.Permission](t, admin.do("PUT", "/submailboxes/"+parent.ID+"/permissions/"+DemoIDs.Bob,
		api.PermissionSpec{Permissions: []string{"view", "create_submailboxes"}}).must(t, http.StatusOK))
	if g.MailboxID != parent.ID || !slices.Equal(g.Permissions, []string{"create_submailboxes", "view"}) {
		t.Fatalf("grant %+v", g)
	}
	// Parent → child: nothing carries over, neither from the parent nor from the mailbox.
	admin.do("GET", "/submailboxes/"+child.ID+"/permissions/"+DemoIDs.Bob, nil).problem(t, http.StatusNotFound, api.CodeNotFound)
	admin.do("GET", "/submailboxes/"+child.ID+"/permissions/"+DemoIDs.Alice, nil).problem(t, http.StatusNotFound, api.CodeNotFound)
	if items := list("/submailboxes/" + child.ID + "/permissions"); len(items) != 0 {
		t.Fatalf("the child inherited %+v", items)
	}
	// Child → parent: a grant on the child leaves the parent's as it was.
	admin.do("PUT", "/submailboxes/"+child.ID+"/permissions/"+DemoIDs.Bob, api.PermissionSpec{Permissions: []string{"delete_messages"}}).must(t, http.StatusOK)
	if items := list("/submailboxes/" + parent.ID + "/permissions"); len(items) != 1 || !slices.Equal(items[0].Permissions, []string{"create_submailboxes", "view"}) {
		t.Fatalf("the parent's grants %+v", items)
	}
	// Nor does either show on the mailbox itself.
	if items := list("/users/" + mb.ID + "/hosted-exchange/permissions"); len(items) != 1 || items[0].GranteeID != DemoIDs.Alice {
		t.Fatalf("the mailbox's grants %+v", items)
	}
	// Removing one leaves the other.
	admin.do("DELETE", "/submailboxes/"+parent.ID+"/permissions/"+DemoIDs.Bob, nil).must(t, http.StatusNoContent)
	if g := ts.Permissions(child.ID); len(g) != 1 || !slices.Equal(g[0].Permissions, []string{"delete_messages"}) {
		t.Fatalf("the child's grant after removing the parent's: %+v", g)
	}
}

// R9–R12 and the empty set apply to submailbox grants exactly as to mailbox grants.
func TestSubmailboxPermissionRules(t *testing.T) {
	ts := NewTestServer(t)
	admin := adminOf(t, ts)
	mb := admin.sharedMailbox("info", "info@acme.example")
	sm := admin.newSubmailbox(mb.ID, "", "Invoices")
	base := "/submailboxes/" + sm.ID + "/permissions/"
	apu, err := ts.CreateApplicationUser(DemoIDs.B2BGateway, api.ApplicationUserCreate{CustomerID: DemoIDs.Acme, Username: "gateway"})
	if err != nil {
		t.Fatal(err)
	}
	// R9: a new submailbox has no grants.
	admin.do("GET", base+DemoIDs.Bob, nil).problem(t, http.StatusNotFound, api.CodeNotFound)
	// R10: only administrators grant; others read.
	for _, who := range []string{DemoIDs.Alice, apu.ID} {
		c := callerAs(t, ts, who)
		c.do("GET", "/submailboxes/"+sm.ID+"/permissions", nil).must(t, http.StatusOK)
		c.do("GET", "/submailboxes/"+sm.ID, nil).must(t, http.StatusOK)
		c.do("PUT", base+DemoIDs.Bob, api.PermissionSpec{Permissions: []string{"view"}}).problem(t, http.StatusForbidden, api.CodeNotAnAdministrator)
		c.do("POST", "/users/"+mb.ID+"/hosted-exchange/submailboxes", api.SubmailboxCreate{Name: "x"}).problem(t, http.StatusForbidden, api.CodeNotAnAdministrator)
		c.do("PATCH", "/submailboxes/"+sm.ID, api.SubmailboxPatch{Name: new("x")}).problem(t, http.StatusForbidden, api.CodeNotAnAdministrator)
		c.do("DELETE", "/submailboxes/"+sm.ID, nil).problem(t, http.StatusForbidden, api.CodeNotAnAdministrator)
	}
	// R11: application users only the application permissions, each refused value named.
	p := admin.do("PUT", base+apu.ID, api.PermissionSpec{Permissions: []string{"create_messages", "view"}}).problem(t, http.StatusUnprocessableEntity, api.CodePermissionNotAllowed)
	if !hasField(p, "permissions[1]") {
		t.Errorf("%+v", p.Errors)
	}
	if g := decode[api.Permission](t, admin.do("PUT", base+apu.ID, api.PermissionSpec{Permissions: api.ApplicationPermissions}).must(t, http.StatusOK)); g.GranteeKind != api.GranteeApplicationUser {
		t.Errorf("grant %+v", g)
	}
	// R12: administrators cannot be granted anything.
	admin.do("PUT", base+DemoIDs.Admin, api.PermissionSpec{Permissions: []string{"view"}}).problem(t, http.StatusUnprocessableEntity, api.CodeAdminHasAllPermissions)
	// The empty set, an unknown grantee, an unknown value.
	admin.do("PUT", base+DemoIDs.Bob, api.PermissionSpec{Permissions: []string{}}).problem(t, http.StatusUnprocessableEntity, api.CodePermissionsEmpty)
	admin.do("PUT", base+"usr_0000000000000000", api.PermissionSpec{Permissions: []string{"view"}}).problem(t, http.StatusUnprocessableEntity, api.CodeGranteeNotFound)
	admin.do("PUT", base+DemoIDs.Bob, `{"permissions":["view","fly"]}`).problem(t, http.StatusBadRequest, api.CodeInvalidRequest)
	if g := ts.Permissions(sm.ID); len(g) != 1 || g[0].GranteeID != apu.ID {
		t.Fatalf("grants %+v", g)
	}
	// Deleting the submailbox removes its grants.
	admin.do("DELETE", "/submailboxes/"+sm.ID, nil).must(t, http.StatusNoContent)
	if g := ts.Permissions(sm.ID); len(g) != 0 {
		t.Fatalf("grants left %+v", g)
	}
}

// The state file keeps submailboxes and their grants across a restart, and their names stay taken.
func TestSubmailboxesSurviveARestart(t *testing.T) {
	path := t.TempDir() + "/state.json"
	p, err := New(Options{AdminToken: "root", StatePath: path})
	if err != nil {
		t.Fatal(err)
	}
	top, err := p.CreateSubmailbox(DemoIDs.Alice, api.SubmailboxCreate{Name: "Invoices"})
	if err != nil {
		t.Fatal(err)
	}
	child, err := p.CreateSubmailbox(DemoIDs.Alice, api.SubmailboxCreate{Name: "2026", ParentID: top.ID})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.PutPermission(child.ID, DemoIDs.Bob, []string{"view"}); err != nil {
		t.Fatal(err)
	}
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}
	q, err := New(Options{AdminToken: "root", StatePath: path})
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = q.Close() }()
	if got, ok := q.Submailbox(child.ID); !ok || got != child {
		t.Fatalf("after the restart %+v, want %+v", got, child)
	}
	if g := q.Permissions(child.ID); len(g) != 1 || g[0].GranteeID != DemoIDs.Bob {
		t.Fatalf("grants %+v", g)
	}
	if _, err := q.CreateSubmailbox(DemoIDs.Alice, api.SubmailboxCreate{Name: "invoices"}); ErrorCode(err) != api.CodeAlreadyExists {
		t.Fatalf("duplicate after restart: %v", err)
	}
}
