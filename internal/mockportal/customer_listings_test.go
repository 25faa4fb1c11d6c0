package mockportal

import (
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/csportal/terraform-provider-portal/internal/api"
)

// The customer listings over HTTP against a contract-validating test server: what they list and what not,
// that each item carries exactly what the single reads carry, and paging.

// listAll follows next_page_token through a list endpoint with the page size and returns every item and
// the number of pages.
func listAll[T any](t *testing.T, c *caller, path string, pageSize int) ([]T, int) {
	t.Helper()
	var items []T
	token, pages := "", 0
	for {
		url := path + "?page_size=" + strconv.Itoa(pageSize)
		if strings.Contains(path, "?") {
			url = path + "&page_size=" + strconv.Itoa(pageSize)
		}
		if token != "" {
			url += "&page_token=" + token
		}
		page := decode[api.Page[T]](t, c.do("GET", url, nil).must(t, http.StatusOK))
		items, pages = append(items, page.Items...), pages+1
		if page.NextPageToken == "" {
			return items, pages
		}
		token = page.NextPageToken
	}
}

func mailboxUserIDs(items []api.Mailbox) []string {
	var ids []string
	for _, m := range items {
		ids = append(ids, m.User.ID)
	}
	return ids
}

// legacyAcme gives Acme what an operator leaves behind: three shared mailboxes (one disabled, one with an
// alias), a regular user's Standard mailbox (alice and bob have one already), a user without a mailbox and
// the administrator; Globex gets a mailbox of its own, which it returns with Acme's shared mailboxes (sorted).
func legacyAcme(t *testing.T, ts *TestServer, admin *caller) (shared []api.User, globex api.User) {
	t.Helper()
	for _, name := range []string{"sales", "support", "info"} {
		shared = append(shared, admin.sharedMailbox(name, name+"@acme.example"))
	}
	if job := admin.provision(shared[1].ID, api.HostedExchangeSpec{UserPlan: PlanSharedMailbox,
		PrimaryEmail: "support@acme.example", EmailAliases: []string{"help@acme.example"}}); job.Status != api.JobProvisioned {
		t.Fatalf("adding an alias: %+v", job)
	}
	if err := ts.SetLoginEnabled(shared[0].ID, false); err != nil {
		t.Fatal(err)
	}
	admin.newUser("no-mailbox")
	globex = decode[api.User](t, admin.do("POST", "/users", api.UserCreate{CustomerID: DemoIDs.Globex, Username: "globex-box",
		FirstName: "G", LastName: "Box", Password: "correct-horse-battery"}).must(t, http.StatusCreated))
	if job := admin.provision(globex.ID, api.HostedExchangeSpec{UserPlan: PlanStandard, PrimaryEmail: "box@globex.example"}); job.Status != api.JobProvisioned {
		t.Fatalf("provisioning Globex's mailbox: %+v", job)
	}
	slices.SortFunc(shared, func(a, b api.User) int { return strings.Compare(a.ID, b.ID) })
	return shared, globex
}

// enabledOf returns one of the mailboxes whose login is enabled: the others refuse changes (R6).
func enabledOf(t *testing.T, ts *TestServer, mailboxes []api.User) api.User {
	t.Helper()
	for _, m := range mailboxes {
		if u, _ := ts.User(m.ID); u.LoginEnabled {
			return u
		}
	}
	t.Fatal("no mailbox with its login enabled")
	return api.User{}
}

// GET /customers/{id}/mailboxes lists the customer's users that have a mailbox, each exactly as GET
// /users/{id} and GET /users/{id}/hosted-exchange show it; shared_mailbox=true keeps the shared mailboxes
// only (R1): no regular user's mailbox, no user without one, no administrator, no other customer's.
func TestCustomerMailboxesListing(t *testing.T) {
	ts := NewTestServer(t)
	admin := adminOf(t, ts)
	shared, _ := legacyAcme(t, ts, admin)
	base := "/customers/" + DemoIDs.Acme + "/mailboxes"

	all, pages := listAll[api.Mailbox](t, admin, base, 2)
	want := slices.Sorted(slices.Values([]string{DemoIDs.Alice, DemoIDs.Bob, shared[0].ID, shared[1].ID, shared[2].ID}))
	if got := mailboxUserIDs(all); !slices.Equal(got, want) || pages != 3 {
		t.Fatalf("every mailbox of Acme: %v in %d pages, want %v in 3 pages of 2", got, pages, want)
	}
	for _, m := range all {
		user := decode[api.User](t, admin.do("GET", "/users/"+m.User.ID, nil).must(t, http.StatusOK))
		service := decode[api.HostedExchange](t, admin.do("GET", "/users/"+m.User.ID+"/hosted-exchange", nil).must(t, http.StatusOK))
		if !jsonEqual(t, m.User, user) || !jsonEqual(t, m.HostedExchange, service) {
			t.Errorf("listed %+v, single reads %+v %+v", m, user, service)
		}
	}

	sharedOnly, _ := listAll[api.Mailbox](t, admin, base+"?shared_mailbox=true", 500)
	if got := mailboxUserIDs(sharedOnly); !slices.Equal(got, mailboxUserIDs(sharedWith(shared))) {
		t.Fatalf("shared mailboxes of Acme: %v, want %v", got, mailboxUserIDs(sharedWith(shared)))
	}
	for _, m := range sharedOnly {
		if m.HostedExchange.Calendar == nil || m.HostedExchange.UserPlan != PlanSharedMailbox {
			t.Errorf("shared mailbox %s listed without its shared calendar or plan: %+v", m.User.ID, m.HostedExchange)
		}
	}
	if got, _ := listAll[api.Mailbox](t, admin, base+"?shared_mailbox=false", 500); len(got) != len(all) {
		t.Errorf("shared_mailbox=false lists %d, want every mailbox (%d)", len(got), len(all))
	}

	// A deprovisioned mailbox is no longer listed.
	if err := ts.SetLoginEnabled(shared[2].ID, true); err != nil {
		t.Fatal(err)
	}
	if job, err := ts.Deprovision(shared[2].ID); err != nil || job.Status != api.JobProvisioned {
		t.Fatalf("deprovisioning: %+v %v", job, err)
	}
	if got, _ := listAll[api.Mailbox](t, admin, base+"?shared_mailbox=true", 500); len(got) != 2 {
		t.Errorf("after deprovisioning one, %d shared mailboxes listed, want 2", len(got))
	}

	admin.do("GET", "/customers/cus_0000000000000000/mailboxes", nil).problem(t, http.StatusNotFound, api.CodeNotFound)
	p := admin.do("GET", "/customers/acme/mailboxes", nil).problem(t, http.StatusBadRequest, api.CodeInvalidRequest)
	if !hasField(p, "id") {
		t.Errorf("malformed customer ID: %+v", p)
	}
	p = admin.do("GET", base+"?shared_mailbox=yes", nil).problem(t, http.StatusBadRequest, api.CodeInvalidRequest)
	if !hasField(p, "shared_mailbox") {
		t.Errorf("malformed shared_mailbox: %+v", p)
	}
}

func sharedWith(users []api.User) []api.Mailbox {
	out := make([]api.Mailbox, 0, len(users))
	for _, u := range users {
		out = append(out, api.Mailbox{User: u})
	}
	return out
}

// GET /customers/{id}/permissions lists every grant of the customer, on mailboxes and submailboxes (R8),
// each as GET .../permissions/{grantee} shows it, never an administrator's (R12) and never another
// customer's; shared_mailbox=true keeps those on shared mailboxes and their submailboxes.
func TestCustomerPermissionsListing(t *testing.T) {
	ts := NewTestServer(t)
	admin := adminOf(t, ts)
	shared, globexBox := legacyAcme(t, ts, admin)
	enabled := enabledOf(t, ts, shared)
	sub := admin.newSubmailbox(enabled.ID, "", "Invoices")
	gw := decode[api.ApplicationUser](t, admin.do("POST", "/applications/"+DemoIDs.B2BGateway+"/users",
		api.ApplicationUserCreate{CustomerID: DemoIDs.Acme, Username: "gw"}).must(t, http.StatusCreated))
	grant := func(mailboxID, granteeID string, perms ...string) {
		t.Helper()
		admin.do("PUT", permissionsPath(mailboxID)+"/"+granteeID, api.PermissionSpec{Permissions: perms}).must(t, http.StatusOK)
	}
	grant(enabled.ID, DemoIDs.Alice, api.PermissionView, api.PermissionSendAs)
	grant(enabled.ID, gw.ID, api.PermissionCreateMessages)
	grant(sub.ID, DemoIDs.Bob, api.PermissionView)
	grant(DemoIDs.Alice, DemoIDs.Bob, api.PermissionFullAccess) // on a regular user's mailbox
	grant(globexBox.ID, DemoIDs.GlobexUser, api.PermissionView) // another customer's

	base := "/customers/" + DemoIDs.Acme + "/permissions"
	all, pages := listAll[api.Permission](t, admin, base, 3)
	if len(all) != 4 || pages != 2 {
		t.Fatalf("Acme's grants: %d in %d pages, want 4 in 2 pages of 3: %+v", len(all), pages, all)
	}
	if !slices.IsSortedFunc(all, func(a, b api.Permission) int {
		return strings.Compare(permissionListingKey(a), permissionListingKey(b))
	}) {
		t.Errorf("not sorted by mailbox, then grantee: %+v", all)
	}
	for _, g := range all {
		one := decode[api.Permission](t, admin.do("GET", permissionsPath(g.MailboxID)+"/"+g.GranteeID, nil).must(t, http.StatusOK))
		if !jsonEqual(t, g, one) || g.CustomerID != DemoIDs.Acme {
			t.Errorf("listed %+v, single read %+v", g, one)
		}
	}
	sharedOnly, _ := listAll[api.Permission](t, admin, base+"?shared_mailbox=true", 500)
	var keys []string
	for _, g := range sharedOnly {
		keys = append(keys, g.MailboxID+"/"+g.GranteeID)
	}
	wantKeys := slices.Sorted(slices.Values([]string{enabled.ID + "/" + DemoIDs.Alice, enabled.ID + "/" + gw.ID, sub.ID + "/" + DemoIDs.Bob}))
	if !slices.Equal(keys, wantKeys) {
		t.Fatalf("grants on Acme's shared mailboxes: %v, want %v", keys, wantKeys)
	}
	globex, _ := listAll[api.Permission](t, admin, "/customers/"+DemoIDs.Globex+"/permissions", 500)
	var globexKeys []string
	for _, g := range globex {
		if g.CustomerID != DemoIDs.Globex {
			t.Errorf("Globex's listing holds %+v", g)
		}
		globexKeys = append(globexKeys, g.MailboxID+"/"+g.GranteeID)
	}
	wantGlobex := slices.Sorted(slices.Values([]string{globexBox.ID + "/" + DemoIDs.GlobexUser, DemoIDs.GlobexMailbox + "/" + DemoIDs.GlobexUser}))
	if !slices.Equal(globexKeys, wantGlobex) {
		t.Fatalf("Globex's grants: %v, want its fixture's and this test's: %v", globexKeys, wantGlobex)
	}
	admin.do("GET", "/customers/cus_0000000000000000/permissions", nil).problem(t, http.StatusNotFound, api.CodeNotFound)
}

// While the consistency delay hides a new object from reads, the listings do not show it either.
func TestCustomerListingsHideFreshObjects(t *testing.T) {
	ts := NewTestServer(t)
	admin := adminOf(t, ts)
	mb := admin.sharedMailbox("fresh-before", "fresh-before@acme.example")
	if err := ts.SetFaults(Faults{ConsistencyDelay: time.Hour}); err != nil {
		t.Fatal(err)
	}
	admin.do("PUT", permissionsPath(mb.ID)+"/"+DemoIDs.Bob, api.PermissionSpec{Permissions: []string{api.PermissionView}}).must(t, http.StatusOK)
	hidden := decode[api.User](t, admin.do("POST", "/users", api.UserCreate{CustomerID: DemoIDs.Acme, Username: "hidden",
		FirstName: "H", LastName: "Idden", Password: "correct-horse-battery"}).must(t, http.StatusCreated))
	if err := ts.SetLoginEnabled(hidden.ID, true); err != nil {
		t.Fatal(err)
	}
	mailboxes, _ := listAll[api.Mailbox](t, admin, "/customers/"+DemoIDs.Acme+"/mailboxes", 500)
	if slices.Contains(mailboxUserIDs(mailboxes), hidden.ID) {
		t.Errorf("a user hidden from reads is listed")
	}
	if grants, _ := listAll[api.Permission](t, admin, "/customers/"+DemoIDs.Acme+"/permissions", 500); len(grants) != 0 {
		t.Errorf("a grant hidden from reads is listed: %+v", grants)
	}
}

func permissionsPath(mailboxID string) string {
	if strings.HasPrefix(mailboxID, api.PrefixSubmailbox) {
		return "/submailboxes/" + mailboxID + "/permissions"
	}
	return "/users/" + mailboxID + "/hosted-exchange/permissions"
}

func jsonEqual(t *testing.T, a, b any) bool {
	t.Helper()
	ja, err1 := json.Marshal(a)
	jb, err2 := json.Marshal(b)
	if err1 != nil || err2 != nil {
		t.Fatal(err1, err2)
	}
	return string(ja) == string(jb)
}

// GET /customers/{id}/submailboxes lists every submailbox of the customer's mailboxes, at any depth, as the
// per-mailbox listing shows them, and no other customer's.
func TestCustomerSubmailboxesListing(t *testing.T) {
	ts := NewTestServer(t)
	admin := adminOf(t, ts)
	shared, globex := legacyAcme(t, ts, admin)
	enabled := enabledOf(t, ts, shared)
	top := admin.newSubmailbox(enabled.ID, "", "Invoices")
	admin.newSubmailbox(enabled.ID, top.ID, "2026")
	admin.newSubmailbox(DemoIDs.Alice, "", "Personal")
	admin.newSubmailbox(globex.ID, "", "Elsewhere")

	all, pages := listAll[api.Submailbox](t, admin, "/customers/"+DemoIDs.Acme+"/submailboxes", 2)
	if got := submailboxPaths(all); !slices.Equal(got, []string{"Invoices", "Invoices/2026", "Personal"}) || pages != 2 {
		t.Fatalf("Acme's submailboxes: %v in %d pages", got, pages)
	}
	for _, sm := range all {
		one := decode[api.Submailbox](t, admin.do("GET", "/submailboxes/"+sm.ID, nil).must(t, http.StatusOK))
		if one != sm {
			t.Errorf("listed %+v, single read %+v", sm, one)
		}
	}
	admin.do("GET", "/customers/cus_0000000000000000/submailboxes", nil).problem(t, http.StatusNotFound, api.CodeNotFound)
}

// The listing_delay fault keeps new objects out of every list for longer than out of reads: a GET finds
// a fresh user, mailbox, grant, submailbox and application user that no list shows yet.
func TestListingDelayHidesFreshObjectsFromListsOnly(t *testing.T) {
	ts := NewTestServer(t)
	admin := adminOf(t, ts)
	if err := ts.SetFaults(Faults{ListingDelay: time.Hour}); err != nil {
		t.Fatal(err)
	}
	if got := ts.Faults(); got.ListingDelay != time.Hour {
		t.Fatalf("faults %+v", got)
	}
	mb := admin.sharedMailbox("fresh", "fresh@acme.example")
	admin.do("PUT", permissionsPath(mb.ID)+"/"+DemoIDs.Bob, api.PermissionSpec{Permissions: []string{api.PermissionView}}).must(t, http.StatusOK)
	sm := admin.newSubmailbox(mb.ID, "", "Fresh")
	au := decode[api.ApplicationUser](t, admin.do("POST", "/applications/"+DemoIDs.B2BGateway+"/users",
		api.ApplicationUserCreate{CustomerID: DemoIDs.Acme, Username: "fresh"}).must(t, http.StatusCreated))

	for _, path := range []string{"/users/" + mb.ID, "/users/" + mb.ID + "/hosted-exchange", permissionsPath(mb.ID) + "/" + DemoIDs.Bob,
		"/submailboxes/" + sm.ID, "/applications/" + DemoIDs.B2BGateway + "/users/" + au.ID} {
		admin.do("GET", path, nil).must(t, http.StatusOK)
	}
	for _, path := range []string{"/users?customer_id=" + DemoIDs.Acme + "&username=fresh", "/customers/" + DemoIDs.Acme + "/mailboxes?shared_mailbox=true",
		"/customers/" + DemoIDs.Acme + "/submailboxes", "/applications/" + DemoIDs.B2BGateway + "/users"} {
		if page := decode[api.Page[json.RawMessage]](t, admin.do("GET", path, nil).must(t, http.StatusOK)); len(page.Items) != 0 {
			t.Errorf("GET %s lists %d fresh objects: %s", path, len(page.Items), page.Items)
		}
	}
	// The grant's mailbox is itself fresh, so its grants are listed under neither the mailbox nor the customer.
	if page := decode[api.Page[api.Permission]](t, admin.do("GET", "/customers/"+DemoIDs.Acme+"/permissions", nil).must(t, http.StatusOK)); len(page.Items) != 0 {
		t.Errorf("the customer's grants list %+v", page.Items)
	}
	// A fresh grant on an old mailbox: read, not listed.
	admin.do("PUT", permissionsPath(DemoIDs.Alice)+"/"+DemoIDs.Bob, api.PermissionSpec{Permissions: []string{api.PermissionView}}).must(t, http.StatusOK)
	admin.do("GET", permissionsPath(DemoIDs.Alice)+"/"+DemoIDs.Bob, nil).must(t, http.StatusOK)
	for _, path := range []string{permissionsPath(DemoIDs.Alice), "/customers/" + DemoIDs.Acme + "/permissions"} {
		if page := decode[api.Page[api.Permission]](t, admin.do("GET", path, nil).must(t, http.StatusOK)); len(page.Items) != 0 {
			t.Errorf("GET %s lists the fresh grant: %+v", path, page.Items)
		}
	}
}
