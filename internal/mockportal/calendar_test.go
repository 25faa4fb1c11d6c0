package mockportal

import (
	"fmt"
	"net/http"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/csportal/terraform-provider-portal/internal/api"
)

// Calendars over HTTP against a contract-validating test server: the default access, the entries, and the
// rules of grants applied to them (R6, R8–R12, R16).

func calendarPath(mailboxID string) string {
	return "/users/" + mailboxID + "/hosted-exchange/calendar"
}

func calendarEntryPath(mailboxID, granteeID string) string {
	return calendarPath(mailboxID) + "/permissions/" + granteeID
}

func editor(delegate, private bool) api.CalendarPermissionSpec {
	return api.CalendarPermissionSpec{Access: api.CalendarAccessEditor, Delegate: delegate, SeePrivateItems: private}
}

// A shared mailbox's calendar starts with the default access availability_only and no entries; the default
// changes in place (with ETags), entries are put, read, listed, replaced and removed.
func TestCalendarLifecycle(t *testing.T) {
	ts := NewTestServer(t)
	admin := adminOf(t, ts)
	mb := admin.sharedMailbox("info", "info@acme.example")

	r := admin.do("GET", calendarPath(mb.ID), nil).must(t, http.StatusOK)
	cal := decode[api.Calendar](t, r)
	if cal.DefaultAccess != api.CalendarAccessAvailabilityOnly || cal.Name != "Test info Calendar" || !cal.Shared ||
		r.Header.Get("ETag") != etag(cal.Version) {
		t.Fatalf("new calendar %+v, ETag %q", cal, r.Header.Get("ETag"))
	}
	admin.do("PATCH", calendarPath(mb.ID), api.CalendarPatch{DefaultAccess: new(api.CalendarAccessNone)}, ifMatch(`"1"`)).
		problem(t, http.StatusPreconditionFailed, api.CodePreconditionFailed)
	patched := decode[api.Calendar](t, admin.do("PATCH", calendarPath(mb.ID), api.CalendarPatch{DefaultAccess: new(api.CalendarAccessNone)},
		ifMatch(etag(cal.Version))).must(t, http.StatusOK))
	if patched.DefaultAccess != api.CalendarAccessNone || patched.Version <= cal.Version {
		t.Fatalf("patched %+v", patched)
	}
	same := decode[api.Calendar](t, admin.do("PATCH", calendarPath(mb.ID), api.CalendarPatch{DefaultAccess: new(api.CalendarAccessNone)}).must(t, http.StatusOK))
	if same.Version != patched.Version {
		t.Errorf("a patch that changes nothing changed the version: %+v", same)
	}
	he := decode[api.HostedExchange](t, admin.do("GET", "/users/"+mb.ID+"/hosted-exchange", nil).must(t, http.StatusOK))
	if he.Calendar == nil || *he.Calendar != same {
		t.Errorf("the service shows calendar %+v, GET .../calendar %+v", he.Calendar, same)
	}

	bob := decode[api.CalendarPermission](t, admin.do("PUT", calendarEntryPath(mb.ID, DemoIDs.Bob), editor(true, true)).must(t, http.StatusOK))
	want := api.CalendarPermission{MailboxID: mb.ID, CustomerID: DemoIDs.Acme, GranteeID: DemoIDs.Bob, Access: api.CalendarAccessEditor,
		Delegate: true, SeePrivateItems: true, Version: bob.Version}
	if bob != want {
		t.Fatalf("put %+v, want %+v", bob, want)
	}
	again := decode[api.CalendarPermission](t, admin.do("PUT", calendarEntryPath(mb.ID, DemoIDs.Bob), editor(true, true)).must(t, http.StatusOK))
	if again.Version != bob.Version {
		t.Errorf("the same entry again changed the version: %+v", again)
	}
	admin.do("PUT", calendarEntryPath(mb.ID, DemoIDs.Alice), api.CalendarPermissionSpec{Access: api.CalendarAccessReviewer}).must(t, http.StatusOK)
	got := admin.do("GET", calendarEntryPath(mb.ID, DemoIDs.Bob), nil).must(t, http.StatusOK)
	if decode[api.CalendarPermission](t, got) != bob || got.Header.Get("ETag") != etag(bob.Version) {
		t.Fatalf("GET %s, ETag %q", got.Body, got.Header.Get("ETag"))
	}
	page := decode[api.Page[api.CalendarPermission]](t, admin.do("GET", calendarPath(mb.ID)+"/permissions?page_size=1", nil).must(t, http.StatusOK))
	if len(page.Items) != 1 || page.Items[0].GranteeID != DemoIDs.Alice || page.NextPageToken == "" {
		t.Fatalf("first page %+v", page)
	}
	page = decode[api.Page[api.CalendarPermission]](t, admin.do("GET", calendarPath(mb.ID)+"/permissions?page_size=1&page_token="+page.NextPageToken, nil).must(t, http.StatusOK))
	if len(page.Items) != 1 || page.Items[0] != bob || page.NextPageToken != "" {
		t.Fatalf("second page %+v", page)
	}
	downgraded := decode[api.CalendarPermission](t, admin.do("PUT", calendarEntryPath(mb.ID, DemoIDs.Bob),
		api.CalendarPermissionSpec{Access: api.CalendarAccessAuthor}, ifMatch(etag(bob.Version))).must(t, http.StatusOK))
	if downgraded.Access != api.CalendarAccessAuthor || downgraded.Delegate || downgraded.SeePrivateItems {
		t.Fatalf("a PUT replaces the whole entry: %+v", downgraded)
	}
	admin.do("DELETE", calendarEntryPath(mb.ID, DemoIDs.Bob), nil, ifMatch(etag(bob.Version))).problem(t, http.StatusPreconditionFailed, api.CodePreconditionFailed)
	admin.do("DELETE", calendarEntryPath(mb.ID, DemoIDs.Bob), nil).must(t, http.StatusNoContent)
	admin.do("DELETE", calendarEntryPath(mb.ID, DemoIDs.Bob), nil).problem(t, http.StatusNotFound, api.CodeNotFound)
	admin.do("GET", calendarEntryPath(mb.ID, DemoIDs.Bob), nil).problem(t, http.StatusNotFound, api.CodeNotFound)
	if left := ts.CalendarPermissions(mb.ID); len(left) != 1 || left[0].GranteeID != DemoIDs.Alice {
		t.Fatalf("entries left %+v", left)
	}
}

// The body of an entry: a known access level, a delegate only as an editor, private items only for a
// delegate; each refusal names its field and changes nothing. The default access takes only its four values.
func TestCalendarBodies(t *testing.T) {
	ts := NewTestServer(t)
	admin := adminOf(t, ts)
	mb := admin.sharedMailbox("info", "info@acme.example")
	for _, c := range []struct {
		body  any
		field string
	}{
		{api.CalendarPermissionSpec{Access: "publishing_editor"}, "access"},
		{api.CalendarPermissionSpec{Access: api.CalendarAccessNone}, "access"},
		{api.CalendarPermissionSpec{Access: api.CalendarAccessOwner, Delegate: true}, "delegate"},
		{api.CalendarPermissionSpec{Access: api.CalendarAccessEditor, SeePrivateItems: true}, "see_private_items"},
		{map[string]any{"access": "reviewer", "folder": "Calendar"}, "folder"},
	} {
		p := admin.do("PUT", calendarEntryPath(mb.ID, DemoIDs.Bob), c.body).problem(t, http.StatusBadRequest, api.CodeInvalidRequest)
		if !hasField(p, c.field) {
			t.Errorf("%+v: refused without naming %s: %+v", c.body, c.field, p)
		}
	}
	p := admin.do("PATCH", calendarPath(mb.ID), api.CalendarPatch{DefaultAccess: new(api.CalendarAccessEditor)}).problem(t, http.StatusBadRequest, api.CodeInvalidRequest)
	if !hasField(p, "default_access") {
		t.Errorf("refused without naming default_access: %+v", p)
	}
	if cal, _ := ts.Calendar(mb.ID); len(ts.CalendarPermissions(mb.ID)) != 0 || cal.DefaultAccess != api.CalendarAccessAvailabilityOnly {
		t.Fatalf("refused requests changed the calendar: %+v %+v", cal, ts.CalendarPermissions(mb.ID))
	}
}

// The rules of grants hold for calendar entries, through the one grantee check of every grant
// (checkGrantee): only administrators change them (R10), administrators who reach the mailbox are never
// granted (R12), grantees are of the mailbox's customer (R16: Globex's users and administrator on an Acme
// calendar), application users are refused (calendar access is for people), the grantee must exist, and R6
// holds for the default access and the entries alike.
func TestCalendarRulesOfGrants(t *testing.T) {
	ts := NewTestServer(t)
	admin := adminOf(t, ts)
	mb := admin.sharedMailbox("info", "info@acme.example")
	apu := decode[api.ApplicationUser](t, admin.do("POST", "/applications/"+DemoIDs.B2BGateway+"/users",
		api.ApplicationUserCreate{CustomerID: DemoIDs.Acme, Username: "gw"}).must(t, http.StatusCreated))
	reviewer := api.CalendarPermissionSpec{Access: api.CalendarAccessReviewer}

	for _, who := range []string{DemoIDs.Alice, apu.ID} {
		c := callerAs(t, ts, who)
		c.do("GET", calendarPath(mb.ID), nil).must(t, http.StatusOK)
		c.do("PUT", calendarEntryPath(mb.ID, DemoIDs.Bob), reviewer).problem(t, http.StatusForbidden, api.CodeNotAnAdministrator)
		c.do("PATCH", calendarPath(mb.ID), api.CalendarPatch{DefaultAccess: new(api.CalendarAccessNone)}).problem(t, http.StatusForbidden, api.CodeNotAnAdministrator)
	}
	for _, a := range []string{DemoIDs.Admin, DemoIDs.ResellerAdmin, DemoIDs.RootAdmin} { // they reach Acme
		admin.do("PUT", calendarEntryPath(mb.ID, a), reviewer).problem(t, http.StatusUnprocessableEntity, api.CodeAdminHasAllPermissions)
	}
	for _, g := range []string{DemoIDs.GlobexUser, DemoIDs.GlobexAdmin} {
		other := admin.do("PUT", calendarEntryPath(mb.ID, g), reviewer).problem(t, http.StatusUnprocessableEntity, api.CodeGranteeOtherCustomer)
		if !strings.Contains(other.Detail, DemoIDs.Globex) || !strings.Contains(other.Detail, DemoIDs.Acme) {
			t.Errorf("the refusal of %s names neither customer: %s", g, other.Detail)
		}
	}
	people := admin.do("PUT", calendarEntryPath(mb.ID, apu.ID), reviewer).problem(t, http.StatusUnprocessableEntity, api.CodePermissionNotAllowed)
	if !strings.Contains(people.Detail, "calendar access is for people") || !hasField(people, "grantee_id") {
		t.Errorf("the refusal of an application user does not name the rule: %+v", people)
	}
	admin.do("PUT", calendarEntryPath(mb.ID, "usr_00000000000000ff"), reviewer).problem(t, http.StatusUnprocessableEntity, api.CodeGranteeNotFound)
	admin.do("PUT", calendarEntryPath("usr_00000000000000ff", DemoIDs.Bob), reviewer).problem(t, http.StatusNotFound, api.CodeNotFound)

	// The same rule refuses a mailbox grant to a user of another customer.
	admin.do("PUT", "/users/"+mb.ID+"/hosted-exchange/permissions/"+DemoIDs.GlobexUser, api.PermissionSpec{Permissions: []string{"view"}}).
		problem(t, http.StatusUnprocessableEntity, api.CodeGranteeOtherCustomer)

	admin.do("PUT", calendarEntryPath(mb.ID, DemoIDs.Bob), reviewer).must(t, http.StatusOK)
	if err := ts.SetLoginEnabled(mb.ID, false); err != nil {
		t.Fatal(err)
	}
	admin.do("PUT", calendarEntryPath(mb.ID, DemoIDs.Alice), reviewer).problem(t, http.StatusConflict, api.CodeUserDisabled)
	admin.do("DELETE", calendarEntryPath(mb.ID, DemoIDs.Bob), nil).problem(t, http.StatusConflict, api.CodeUserDisabled)
	admin.do("PATCH", calendarPath(mb.ID), api.CalendarPatch{DefaultAccess: new(api.CalendarAccessNone)}).problem(t, http.StatusConflict, api.CodeUserDisabled)
	admin.do("GET", calendarEntryPath(mb.ID, DemoIDs.Bob), nil).must(t, http.StatusOK) // reads are not changes
	for _, e := range ts.Events() {
		switch e.Operation {
		case OpCalendarUpdate, OpCalendarPermissionPut, OpCalendarPermissionDelete:
			if e.MailboxLoginEnabled == nil || !*e.MailboxLoginEnabled {
				t.Errorf("event %+v committed while the login was disabled", e)
			}
		}
	}
}

// R7: only a mailbox on a shared-mailbox plan has a calendar; a re-provisioning on the same plan keeps it with
// its entries, one on another plan ends it and its entries, deprovisioning and deleting the grantee remove
// them. R8: submailboxes have none, and no entry appears among grants.
func TestCalendarFollowsTheMailbox(t *testing.T) {
	ts := NewTestServer(t)
	admin := adminOf(t, ts)
	mb := admin.sharedMailbox("info", "info@acme.example")
	admin.do("GET", calendarPath(DemoIDs.Alice), nil).problem(t, http.StatusConflict, api.CodeServiceNotProvisioned)
	admin.do("PUT", calendarEntryPath(DemoIDs.Alice, DemoIDs.Bob), editor(false, false)).problem(t, http.StatusConflict, api.CodeServiceNotProvisioned)
	admin.do("GET", calendarPath(admin.newUser("nobody").ID)+"/permissions", nil).problem(t, http.StatusConflict, api.CodeServiceNotProvisioned)

	admin.do("PUT", calendarEntryPath(mb.ID, DemoIDs.Bob), editor(true, false)).must(t, http.StatusOK)
	admin.do("PATCH", calendarPath(mb.ID), api.CalendarPatch{DefaultAccess: new(api.CalendarAccessLimitedDetails)}).must(t, http.StatusOK)
	sub := admin.newSubmailbox(mb.ID, "", "Visits")
	if grants := decode[api.Page[api.Permission]](t, admin.do("GET", "/submailboxes/"+sub.ID+"/permissions", nil).must(t, http.StatusOK)); len(grants.Items) != 0 ||
		len(ts.Permissions(mb.ID)) != 0 {
		t.Fatalf("a calendar entry showed as a grant: %+v %+v", grants.Items, ts.Permissions(mb.ID))
	}

	if job := admin.provision(mb.ID, api.HostedExchangeSpec{UserPlan: PlanSharedMailbox, PrimaryEmail: "info@acme.example",
		EmailAliases: []string{"desk@acme.example"}}); job.Status != api.JobProvisioned {
		t.Fatal(job)
	}
	if cal, ok := ts.Calendar(mb.ID); !ok || cal.DefaultAccess != api.CalendarAccessLimitedDetails || len(ts.CalendarPermissions(mb.ID)) != 1 {
		t.Fatalf("a new alias lost the calendar: %+v %+v", cal, ts.CalendarPermissions(mb.ID))
	}
	if job := admin.provision(mb.ID, api.HostedExchangeSpec{UserPlan: PlanStandard, PrimaryEmail: "info@acme.example"}); job.Status != api.JobProvisioned {
		t.Fatal(job)
	}
	admin.do("GET", calendarPath(mb.ID), nil).problem(t, http.StatusConflict, api.CodeServiceNotProvisioned)
	if len(ts.CalendarPermissions(mb.ID)) != 0 {
		t.Fatalf("the Standard plan kept the entries: %+v", ts.CalendarPermissions(mb.ID))
	}
	if job := admin.provision(mb.ID, api.HostedExchangeSpec{UserPlan: PlanSharedMailbox, PrimaryEmail: "info@acme.example"}); job.Status != api.JobProvisioned {
		t.Fatal(job)
	}
	if cal, _ := ts.Calendar(mb.ID); cal.DefaultAccess != api.CalendarAccessAvailabilityOnly {
		t.Fatalf("a new calendar starts with the default access availability_only: %+v", cal)
	}

	carol := admin.newUser("carol")
	admin.do("PUT", calendarEntryPath(mb.ID, carol.ID), api.CalendarPermissionSpec{Access: api.CalendarAccessReviewer}).must(t, http.StatusOK)
	admin.do("PUT", calendarEntryPath(mb.ID, DemoIDs.Bob), api.CalendarPermissionSpec{Access: api.CalendarAccessReviewer}).must(t, http.StatusOK)
	admin.do("DELETE", "/users/"+carol.ID, nil).must(t, http.StatusNoContent)
	if left := ts.CalendarPermissions(mb.ID); len(left) != 1 || left[0].GranteeID != DemoIDs.Bob {
		t.Fatalf("deleting carol left %+v", left)
	}
	job := decode[api.Job](t, admin.do("DELETE", "/users/"+mb.ID+"/hosted-exchange", nil).must(t, http.StatusAccepted))
	admin.waitJob(job.ID)
	if _, ok := ts.Calendar(mb.ID); ok || len(ts.CalendarPermissions(mb.ID)) != 0 {
		t.Fatalf("deprovisioning kept the calendar: %+v", ts.CalendarPermissions(mb.ID))
	}
}

// GET /customers/{id}/calendar-permissions lists the entries of every calendar of the customer, each as the
// single read shows it, never another customer's; grantee_id keeps one person's. grantee_id on
// /customers/{id}/permissions keeps one grantee's grants, on mailboxes and submailboxes alike.
func TestCustomerCalendarListingAndGranteeFilter(t *testing.T) {
	ts := NewTestServer(t)
	admin := adminOf(t, ts)
	var boxes []api.User
	for i := range 3 {
		boxes = append(boxes, admin.sharedMailbox(fmt.Sprintf("box%d", i), fmt.Sprintf("box%d@acme.example", i)))
	}
	sub := admin.newSubmailbox(boxes[0].ID, "", "Invoices")
	reviewer := api.CalendarPermissionSpec{Access: api.CalendarAccessReviewer}
	for _, b := range boxes {
		admin.do("PUT", calendarEntryPath(b.ID, DemoIDs.Alice), reviewer).must(t, http.StatusOK)
	}
	admin.do("PUT", calendarEntryPath(boxes[1].ID, DemoIDs.Bob), editor(true, true)).must(t, http.StatusOK)
	for _, key := range []string{boxes[2].ID, sub.ID} {
		admin.do("PUT", permissionsPath(key)+"/"+DemoIDs.Bob, api.PermissionSpec{Permissions: []string{"view"}}).must(t, http.StatusOK)
	}
	admin.do("PUT", permissionsPath(boxes[0].ID)+"/"+DemoIDs.Alice, api.PermissionSpec{Permissions: []string{"view"}}).must(t, http.StatusOK)
	globex := admin.do("POST", "/users", api.UserCreate{CustomerID: DemoIDs.Globex, Username: "wile", Password: "correct-horse-battery"}).must(t, http.StatusCreated)

	base := "/customers/" + DemoIDs.Acme + "/calendar-permissions"
	all, pages := listAll[api.CalendarPermission](t, admin, base, 2)
	if len(all) != 4 || pages != 2 || !slices.IsSortedFunc(all, func(a, b api.CalendarPermission) int {
		return strings.Compare(calendarListingKey(a), calendarListingKey(b))
	}) {
		t.Fatalf("Acme's calendar entries: %d in %d pages, want 4 in 2 pages of 2, sorted: %+v", len(all), pages, all)
	}
	for _, e := range all {
		one := decode[api.CalendarPermission](t, admin.do("GET", calendarEntryPath(e.MailboxID, e.GranteeID), nil).must(t, http.StatusOK))
		if one != e || e.CustomerID != DemoIDs.Acme {
			t.Errorf("listed %+v, single read %+v", e, one)
		}
	}
	bobs, _ := listAll[api.CalendarPermission](t, admin, base+"?grantee_id="+DemoIDs.Bob, 500)
	if len(bobs) != 1 || bobs[0].MailboxID != boxes[1].ID || !bobs[0].Delegate {
		t.Fatalf("bob's entries %+v", bobs)
	}
	if none, _ := listAll[api.CalendarPermission](t, admin, "/customers/"+DemoIDs.Globex+"/calendar-permissions", 500); len(none) != 0 {
		t.Fatalf("Globex lists Acme's entries: %+v", none)
	}
	if none, _ := listAll[api.CalendarPermission](t, admin, base+"?grantee_id="+decode[api.User](t, globex).ID, 500); len(none) != 0 {
		t.Fatalf("a user of Globex holds entries in Acme: %+v", none)
	}
	grants, _ := listAll[api.Permission](t, admin, "/customers/"+DemoIDs.Acme+"/permissions?grantee_id="+DemoIDs.Bob, 500)
	var keys []string
	for _, g := range grants {
		keys = append(keys, g.MailboxID)
	}
	if want := slices.Sorted(slices.Values([]string{boxes[2].ID, sub.ID})); !slices.Equal(keys, want) {
		t.Fatalf("bob's grants on %v, want %v", keys, want)
	}
	for _, bad := range []string{"bob", "cus_ac3e000000000001"} {
		p := admin.do("GET", base+"?grantee_id="+bad, nil).problem(t, http.StatusBadRequest, api.CodeInvalidRequest)
		q := admin.do("GET", "/customers/"+DemoIDs.Acme+"/permissions?grantee_id="+bad, nil).problem(t, http.StatusBadRequest, api.CodeInvalidRequest)
		if !hasField(p, "grantee_id") || !hasField(q, "grantee_id") {
			t.Errorf("grantee_id=%s refused without naming it: %+v %+v", bad, p, q)
		}
	}
	admin.do("GET", "/customers/cus_00000000000000ff/calendar-permissions", nil).problem(t, http.StatusNotFound, api.CodeNotFound)
}

// The state file carries the calendars across a restart: the default access and the entries.
func TestCalendarSurvivesARestart(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.json")
	p, err := New(Options{AdminToken: "root", StatePath: path})
	if err != nil {
		t.Fatal(err)
	}
	u, err := p.CreateUser(api.UserCreate{CustomerID: DemoIDs.Acme, Username: "visits", Password: "correct-horse-battery"})
	if err != nil {
		t.Fatal(err)
	}
	if job, err := p.PutHostedExchange(u.ID, api.HostedExchangeSpec{UserPlan: PlanSharedMailbox, PrimaryEmail: "visits@acme.example"}); err != nil || job.Status != api.JobProvisioned {
		t.Fatal(job, err)
	}
	if _, err := p.SetCalendarDefaultAccess(u.ID, api.CalendarAccessNone); err != nil {
		t.Fatal(err)
	}
	entry, err := p.PutCalendarPermission(u.ID, DemoIDs.Bob, editor(true, true))
	if err != nil {
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
	if cal, ok := q.Calendar(u.ID); !ok || cal.DefaultAccess != api.CalendarAccessNone {
		t.Fatalf("calendar after restart %+v", cal)
	}
	if got := q.CalendarPermissions(u.ID); len(got) != 1 || got[0] != entry {
		t.Fatalf("entries after restart %+v, want %+v", got, entry)
	}
}

// Out of reach is unknown (R14) for calendars too: Globex's administrator and user get, for Acme's calendar
// and its entries, exactly the answers of a mailbox that does not exist; naming Acme's Bob as the grantee on
// Globex's own calendar is answered as an unknown grantee; Globex's listings of entries show nothing of
// Acme's, and a listing of Acme's is a 404 like an unknown customer's. The reseller's administrator reaches
// both, and its subtree listing holds both customers' entries.
func TestCalendarOutOfReach(t *testing.T) {
	ts := NewTestServer(t)
	admin := adminOf(t, ts)
	acmeBox := admin.sharedMailbox("info", "info@acme.example")
	admin.do("PUT", calendarEntryPath(acmeBox.ID, DemoIDs.Bob), editor(true, false)).must(t, http.StatusOK)
	if err := ts.SetLoginEnabled(DemoIDs.GlobexMailbox, true); err != nil { // R6: changes need the login
		t.Fatal(err)
	}
	admin.do("PUT", calendarEntryPath(DemoIDs.GlobexMailbox, DemoIDs.GlobexUser), api.CalendarPermissionSpec{Access: api.CalendarAccessReviewer}).must(t, http.StatusOK)
	const unknownBox, unknownUser = "usr_0000000000000bad", "usr_0000000000000bae"
	reviewer := api.CalendarPermissionSpec{Access: api.CalendarAccessReviewer}

	hank, homer := callerAs(t, ts, DemoIDs.GlobexAdmin), callerAs(t, ts, DemoIDs.GlobexUser)
	for _, c := range []*caller{hank, homer} {
		sameAsUnknown(t, c.do("GET", calendarPath(acmeBox.ID), nil), c.do("GET", calendarPath(unknownBox), nil))
		sameAsUnknown(t, c.do("GET", calendarPath(acmeBox.ID)+"/permissions", nil), c.do("GET", calendarPath(unknownBox)+"/permissions", nil))
		sameAsUnknown(t, c.do("GET", calendarEntryPath(acmeBox.ID, DemoIDs.Bob), nil), c.do("GET", calendarEntryPath(unknownBox, DemoIDs.Bob), nil))
		sameAsUnknown(t, c.do("GET", "/customers/"+DemoIDs.Acme+"/calendar-permissions", nil),
			c.do("GET", "/customers/cus_0000000000000bad/calendar-permissions", nil))
		for _, q := range []string{"", "?grantee_id=" + DemoIDs.Bob, "?subtree=true"} {
			page := decode[api.Page[api.CalendarPermission]](t, c.do("GET", "/customers/"+DemoIDs.Globex+"/calendar-permissions"+q, nil).must(t, http.StatusOK))
			for _, e := range page.Items {
				if e.CustomerID != DemoIDs.Globex {
					t.Errorf("Globex's listing%s holds %+v", q, e)
				}
			}
		}
	}
	sameAsUnknown(t, hank.do("PATCH", calendarPath(acmeBox.ID), api.CalendarPatch{DefaultAccess: new(api.CalendarAccessNone)}),
		hank.do("PATCH", calendarPath(unknownBox), api.CalendarPatch{DefaultAccess: new(api.CalendarAccessNone)}))
	sameAsUnknown(t, hank.do("PUT", calendarEntryPath(acmeBox.ID, DemoIDs.Alice), reviewer), hank.do("PUT", calendarEntryPath(unknownBox, DemoIDs.Alice), reviewer))
	sameAsUnknown(t, hank.do("DELETE", calendarEntryPath(acmeBox.ID, DemoIDs.Bob), nil), hank.do("DELETE", calendarEntryPath(unknownBox, DemoIDs.Bob), nil))
	sameAsUnknown(t, hank.do("PUT", calendarEntryPath(DemoIDs.GlobexMailbox, DemoIDs.Bob), reviewer),
		hank.do("PUT", calendarEntryPath(DemoIDs.GlobexMailbox, unknownUser), reviewer))
	if cal, _ := ts.Calendar(acmeBox.ID); cal.DefaultAccess != api.CalendarAccessAvailabilityOnly || len(ts.CalendarPermissions(acmeBox.ID)) != 1 ||
		len(ts.CalendarPermissions(DemoIDs.GlobexMailbox)) != 1 {
		t.Fatalf("refused requests changed a calendar: %+v %+v %+v", cal, ts.CalendarPermissions(acmeBox.ID), ts.CalendarPermissions(DemoIDs.GlobexMailbox))
	}

	nadia := callerAs(t, ts, DemoIDs.ResellerAdmin)
	nadia.do("GET", calendarEntryPath(acmeBox.ID, DemoIDs.Bob), nil).must(t, http.StatusOK)
	all := decode[api.Page[api.CalendarPermission]](t, nadia.do("GET", "/customers/"+DemoIDs.Reseller+"/calendar-permissions?subtree=true", nil).must(t, http.StatusOK))
	var customers []string
	for _, e := range all.Items {
		customers = append(customers, e.CustomerID)
	}
	if want := slices.Sorted(slices.Values([]string{DemoIDs.Acme, DemoIDs.Globex})); !slices.Equal(slices.Sorted(slices.Values(customers)), want) {
		t.Errorf("the reseller's subtree listing holds entries of %v, want %v", customers, want)
	}
}
