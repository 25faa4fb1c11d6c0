package mockportal

import (
	"net/http"
	"slices"
	"testing"

	"github.com/csportal/terraform-provider-portal/internal/api"
)

// One test per domain rule of DESIGN.md §2, over HTTP against a contract-validating test server.

// R1: a shared mailbox is a generic user with Hosted Exchange on the "Shared Mailbox" plan; there is no
// separate object, and provisioning is an asynchronous job.
func TestR1SharedMailboxIsAGenericUserWithHostedExchange(t *testing.T) {
	ts := NewTestServer(t)
	admin := adminOf(t, ts)
	u := admin.newUser("info")
	he := decode[api.HostedExchange](t, admin.do("GET", "/users/"+u.ID+"/hosted-exchange", nil).must(t, http.StatusOK))
	if he.ProvisioningStatus != api.ServiceNotProvisioned || he.UserPlan != "" || he.Calendar != nil || len(he.EmailAliases) != 0 {
		t.Fatalf("a new user's service: %+v", he)
	}
	r := admin.do("PUT", "/users/"+u.ID+"/hosted-exchange", api.HostedExchangeSpec{UserPlan: PlanSharedMailbox, PrimaryEmail: "info@acme.example"})
	job := decode[api.Job](t, r.must(t, http.StatusAccepted))
	if r.Header.Get("Location") != "/api/v1/jobs/"+job.ID || job.Status != api.JobRequested || job.Operation != api.OperationProvision {
		t.Fatalf("202: Location %q, job %+v", r.Header.Get("Location"), job)
	}
	he = decode[api.HostedExchange](t, admin.do("GET", "/users/"+u.ID+"/hosted-exchange", nil).must(t, http.StatusOK))
	if he.ProvisioningStatus != api.ServiceRequested && he.ProvisioningStatus != api.ServiceInProgress || he.UserPlan != PlanSharedMailbox {
		t.Fatalf("right after the PUT the service shows the spec, not yet provisioned: %+v", he)
	}
	if job = admin.waitJob(job.ID); job.Status != api.JobProvisioned {
		t.Fatalf("job %+v", job)
	}
	he = decode[api.HostedExchange](t, admin.do("GET", "/users/"+u.ID+"/hosted-exchange", nil).must(t, http.StatusOK))
	if he.ProvisioningStatus != api.ServiceProvisioned || he.JobID != job.ID {
		t.Fatalf("service %+v", he)
	}
	// The mailbox is found as a user: by ID and by its address.
	got := decode[api.User](t, admin.do("GET", "/users/"+u.ID, nil).must(t, http.StatusOK))
	if got.PrimaryEmail != "info@acme.example" {
		t.Fatalf("user %+v", got)
	}
	page := decode[api.Page[api.User]](t, admin.do("GET", "/users?email=INFO@acme.example", nil).must(t, http.StatusOK))
	if len(page.Items) != 1 || page.Items[0].ID != u.ID {
		t.Fatalf("lookup by address: %+v", page)
	}
}

// R2: the plan must exist and be available to the customer's Hosted Exchange service.
func TestR2PlanMustBeAvailableToTheCustomer(t *testing.T) {
	ts := NewTestServer(t)
	admin := adminOf(t, ts)
	plans := decode[api.Page[api.UserPlan]](t, admin.do("GET", "/customers/"+DemoIDs.Acme+"/user-plans", nil).must(t, http.StatusOK))
	if len(plans.Items) != 2 || plans.Items[0].Name != PlanSharedMailbox || !plans.Items[0].SharedMailbox {
		t.Fatalf("Acme plans %+v", plans)
	}
	plans = decode[api.Page[api.UserPlan]](t, admin.do("GET", "/customers/"+DemoIDs.NoExchangeCustomer+"/user-plans", nil).must(t, http.StatusOK))
	if len(plans.Items) != 0 {
		t.Fatalf("a customer without Hosted Exchange is offered %+v", plans)
	}
	for _, tc := range []struct{ customer, plan string }{
		{DemoIDs.NoPlanCustomer, PlanSharedMailbox}, // plan not offered
		{DemoIDs.NoExchangeCustomer, PlanStandard},  // Hosted Exchange disabled
		{DemoIDs.Acme, "Gold"},                      // no such plan
		{DemoIDs.Acme, "shared mailbox"},            // names are exact
	} {
		u := decode[api.User](t, admin.do("POST", "/users", api.UserCreate{CustomerID: tc.customer,
			Username: "mbx", Password: "correct-horse-battery"}).must(t, http.StatusCreated))
		admin.do("PUT", "/users/"+u.ID+"/hosted-exchange", api.HostedExchangeSpec{UserPlan: tc.plan,
			PrimaryEmail: "mbx@" + tc.customer + ".example"}).problem(t, http.StatusUnprocessableEntity, api.CodePlanNotAvailable)
		if he, _ := ts.HostedExchange(u.ID); he.ProvisioningStatus != api.ServiceNotProvisioned {
			t.Fatalf("a refused PUT changed the service: %+v", he)
		}
		admin.do("DELETE", "/users/"+u.ID, nil).must(t, http.StatusNoContent)
	}
}

// R3: one primary address plus aliases, unique across the portal and case-insensitive.
func TestR3AddressesAreUniqueAndCaseInsensitive(t *testing.T) {
	ts := NewTestServer(t)
	admin := adminOf(t, ts)
	first := admin.newUser("sales")
	admin.provision(first.ID, api.HostedExchangeSpec{UserPlan: PlanSharedMailbox, PrimaryEmail: "Sales@Acme.Example",
		EmailAliases: []string{"Orders@acme.example"}})
	he, _ := ts.HostedExchange(first.ID)
	if he.PrimaryEmail != "sales@acme.example" || !slices.Equal(he.EmailAliases, []string{"orders@acme.example"}) {
		t.Fatalf("addresses are stored lowercased: %+v", he)
	}
	second := admin.newUser("sales2")
	for _, spec := range []api.HostedExchangeSpec{
		{UserPlan: PlanSharedMailbox, PrimaryEmail: "SALES@acme.example"},
		{UserPlan: PlanSharedMailbox, PrimaryEmail: "new@acme.example", EmailAliases: []string{"orders@ACME.example"}},
		{UserPlan: PlanSharedMailbox, PrimaryEmail: "ALICE@acme.example"},
	} {
		p := admin.do("PUT", "/users/"+second.ID+"/hosted-exchange", spec).problem(t, http.StatusConflict, api.CodeAlreadyExists)
		if p.ExistingID != first.ID && p.ExistingID != DemoIDs.Alice {
			t.Errorf("existing_id %q, want the owner", p.ExistingID)
		}
	}
	p := admin.do("PUT", "/users/"+second.ID+"/hosted-exchange", api.HostedExchangeSpec{UserPlan: PlanSharedMailbox,
		PrimaryEmail: "x@acme.example", EmailAliases: []string{"y@acme.example", "X@acme.example", "Y@acme.example"}}).
		problem(t, http.StatusBadRequest, api.CodeInvalidRequest)
	if !hasField(p, "email_aliases[1]") || !hasField(p, "email_aliases[2]") {
		t.Errorf("aliases repeating the primary or each other must be named: %+v", p.Errors)
	}
	// Deprovisioning releases the addresses.
	job := decode[api.Job](t, admin.do("DELETE", "/users/"+first.ID+"/hosted-exchange", nil).must(t, http.StatusAccepted))
	if job = admin.waitJob(job.ID); job.Status != api.JobProvisioned {
		t.Fatalf("deprovisioning: %+v", job)
	}
	if job = admin.provision(second.ID, api.HostedExchangeSpec{UserPlan: PlanSharedMailbox, PrimaryEmail: "sales@acme.example"}); job.Status != api.JobProvisioned {
		t.Fatalf("a released address is free again: %+v", job)
	}
}

// R4 (and R8): users are delegated rights on the mailbox, per mailbox per grantee.
func TestR4PermissionsAreDelegatedPerMailboxPerGrantee(t *testing.T) {
	ts := NewTestServer(t)
	admin := adminOf(t, ts)
	mb := admin.sharedMailbox("info", "info@acme.example")
	base := "/users/" + mb.ID + "/hosted-exchange/permissions/"
	g := decode[api.Permission](t, admin.do("PUT", base+DemoIDs.Alice, api.PermissionSpec{Permissions: []string{"send_as", "full_access", "send_as"}}).must(t, http.StatusOK))
	if g.MailboxID != mb.ID || g.GranteeID != DemoIDs.Alice || g.GranteeKind != api.GranteeUser ||
		!slices.Equal(g.Permissions, []string{"full_access", "send_as"}) {
		t.Fatalf("grant %+v: sorted, de-duplicated", g)
	}
	admin.do("PUT", base+DemoIDs.Bob, api.PermissionSpec{Permissions: []string{"view"}}).must(t, http.StatusOK)
	// PUT replaces the grantee's whole set; Bob's is untouched.
	admin.do("PUT", base+DemoIDs.Alice, api.PermissionSpec{Permissions: []string{"send_on_behalf"}}).must(t, http.StatusOK)
	page := decode[api.Page[api.Permission]](t, admin.do("GET", "/users/"+mb.ID+"/hosted-exchange/permissions", nil).must(t, http.StatusOK))
	if len(page.Items) != 2 || !slices.Equal(page.Items[0].Permissions, []string{"send_on_behalf"}) ||
		!slices.Equal(page.Items[1].Permissions, []string{"view"}) {
		t.Fatalf("grants %+v", page.Items)
	}
	admin.do("DELETE", base+DemoIDs.Alice, nil).must(t, http.StatusNoContent)
	admin.do("GET", base+DemoIDs.Alice, nil).problem(t, http.StatusNotFound, api.CodeNotFound)
	admin.do("DELETE", base+DemoIDs.Alice, nil).problem(t, http.StatusNotFound, api.CodeNotFound)
	// A user without a mailbox cannot carry grants.
	plain := admin.newUser("plain")
	admin.do("PUT", "/users/"+plain.ID+"/hosted-exchange/permissions/"+DemoIDs.Bob, api.PermissionSpec{Permissions: []string{"view"}}).
		problem(t, http.StatusConflict, api.CodeServiceNotProvisioned)
}

// R5: after setup the generic user's login is disabled; the mailbox stays provisioned and readable.
func TestR5LoginIsDisabledAfterSetup(t *testing.T) {
	ts := NewTestServer(t)
	admin := adminOf(t, ts)
	mb := admin.sharedMailbox("info", "info@acme.example")
	u := decode[api.User](t, admin.do("PATCH", "/users/"+mb.ID, api.UserPatch{LoginEnabled: new(false)}).must(t, http.StatusOK))
	if u.LoginEnabled {
		t.Fatalf("user %+v", u)
	}
	he := decode[api.HostedExchange](t, admin.do("GET", "/users/"+mb.ID+"/hosted-exchange", nil).must(t, http.StatusOK))
	if he.ProvisioningStatus != api.ServiceProvisioned {
		t.Fatalf("service %+v", he)
	}
	// The generic user itself cannot sign in.
	tok := ts.Token(t, mb.ID)
	(&caller{t: t, ts: ts, token: tok, hc: ts.Server.Client()}).do("GET", "/me", nil).problem(t, http.StatusUnauthorized, api.CodeUnauthorized)
	// Created disabled from the start is possible too.
	created := decode[api.User](t, admin.do("POST", "/users", api.UserCreate{CustomerID: DemoIDs.Acme, Username: "quiet",
		Password: "correct-horse-battery", LoginEnabled: new(false)}).must(t, http.StatusCreated))
	if created.LoginEnabled {
		t.Fatalf("created %+v", created)
	}
}

// R6: while the login is disabled, addresses, plan and permissions cannot change; enable, change, disable.
func TestR6DisabledLoginBlocksServiceAndPermissionChanges(t *testing.T) {
	ts := NewTestServer(t)
	admin := adminOf(t, ts)
	mb := admin.sharedMailbox("info", "info@acme.example")
	grant := "/users/" + mb.ID + "/hosted-exchange/permissions/" + DemoIDs.Alice
	admin.do("PUT", grant, api.PermissionSpec{Permissions: []string{"view"}}).must(t, http.StatusOK)
	admin.do("PATCH", "/users/"+mb.ID, api.UserPatch{LoginEnabled: new(false)}).must(t, http.StatusOK)

	spec := api.HostedExchangeSpec{UserPlan: PlanSharedMailbox, PrimaryEmail: "info@acme.example", EmailAliases: []string{"hello@acme.example"}}
	admin.do("PUT", "/users/"+mb.ID+"/hosted-exchange", spec).problem(t, http.StatusConflict, api.CodeUserDisabled)
	admin.do("DELETE", "/users/"+mb.ID+"/hosted-exchange", nil).problem(t, http.StatusConflict, api.CodeUserDisabled)
	admin.do("PUT", grant, api.PermissionSpec{Permissions: []string{"view", "send_as"}}).problem(t, http.StatusConflict, api.CodeUserDisabled)
	admin.do("PUT", "/users/"+mb.ID+"/hosted-exchange/permissions/"+DemoIDs.Bob, api.PermissionSpec{Permissions: []string{"view"}}).
		problem(t, http.StatusConflict, api.CodeUserDisabled)
	admin.do("DELETE", grant, nil).problem(t, http.StatusConflict, api.CodeUserDisabled)
	// Names can change while disabled, and the login can be re-enabled.
	admin.do("PATCH", "/users/"+mb.ID, api.UserPatch{DisplayName: new("Info desk")}).must(t, http.StatusOK)
	if g := ts.Permissions(mb.ID); len(g) != 1 || !slices.Equal(g[0].Permissions, []string{"view"}) {
		t.Fatalf("refused changes changed the grants: %+v", g)
	}
	// The operator is bound by the same rule.
	if _, err := ts.PutPermission(mb.ID, DemoIDs.Bob, []string{"view"}); ErrorCode(err) != api.CodeUserDisabled {
		t.Fatalf("operator PutPermission: %v", err)
	}
	// Enable, change, disable.
	admin.do("PATCH", "/users/"+mb.ID, api.UserPatch{LoginEnabled: new(true)}).must(t, http.StatusOK)
	admin.do("PUT", grant, api.PermissionSpec{Permissions: []string{"view", "send_as"}}).must(t, http.StatusOK)
	if job := admin.provision(mb.ID, spec); job.Status != api.JobProvisioned {
		t.Fatalf("job %+v", job)
	}
	admin.do("PATCH", "/users/"+mb.ID, api.UserPatch{LoginEnabled: new(false)}).must(t, http.StatusOK)
	for _, e := range ts.Events() {
		if e.Operation == OpPermissionPut || e.Operation == OpHostedExchangePut || e.Operation == OpHostedExchangeDelete {
			if e.MailboxLoginEnabled == nil || !*e.MailboxLoginEnabled {
				t.Errorf("event %+v committed while the login was disabled", e)
			}
		}
	}
}

// R7: a shared mailbox includes a shared calendar; other plans have none.
func TestR7SharedMailboxHasASharedCalendar(t *testing.T) {
	ts := NewTestServer(t)
	admin := adminOf(t, ts)
	mb := admin.sharedMailbox("info", "info@acme.example")
	admin.do("PATCH", "/users/"+mb.ID, api.UserPatch{DisplayName: new("Info Desk")}).must(t, http.StatusOK)
	he := decode[api.HostedExchange](t, admin.do("GET", "/users/"+mb.ID+"/hosted-exchange", nil).must(t, http.StatusOK))
	if he.Calendar == nil || he.Calendar.Name != "Info Desk Calendar" || !he.Calendar.Shared ||
		he.Calendar.DefaultAccess != api.CalendarAccessAvailabilityOnly {
		t.Fatalf("calendar %+v", he.Calendar)
	}
	alice := decode[api.HostedExchange](t, admin.do("GET", "/users/"+DemoIDs.Alice+"/hosted-exchange", nil).must(t, http.StatusOK))
	if alice.Calendar != nil || alice.UserPlan != PlanStandard {
		t.Fatalf("a Standard mailbox has no shared calendar: %+v", alice)
	}
}

// R8: a grant on one mailbox does not appear on another (nor on the grantee's own mailbox).
func TestR8PermissionsDoNotCarryOverToOtherMailboxes(t *testing.T) {
	ts := NewTestServer(t)
	admin := adminOf(t, ts)
	one := admin.sharedMailbox("one", "one@acme.example")
	two := admin.sharedMailbox("two", "two@acme.example")
	admin.do("PUT", "/users/"+one.ID+"/hosted-exchange/permissions/"+DemoIDs.Bob, api.PermissionSpec{Permissions: []string{"view", "create_submailboxes"}}).must(t, http.StatusOK)
	admin.do("GET", "/users/"+two.ID+"/hosted-exchange/permissions/"+DemoIDs.Bob, nil).problem(t, http.StatusNotFound, api.CodeNotFound)
	for _, id := range []string{two.ID, DemoIDs.Bob, DemoIDs.Alice} {
		page := decode[api.Page[api.Permission]](t, admin.do("GET", "/users/"+id+"/hosted-exchange/permissions", nil).must(t, http.StatusOK))
		if len(page.Items) != 0 {
			t.Errorf("mailbox %s has grants %+v", id, page.Items)
		}
	}
}

// R9: users get no permissions automatically.
func TestR9NewUsersHaveNoPermissions(t *testing.T) {
	ts := NewTestServer(t)
	admin := adminOf(t, ts)
	mb := admin.sharedMailbox("info", "info@acme.example")
	page := decode[api.Page[api.Permission]](t, admin.do("GET", "/users/"+mb.ID+"/hosted-exchange/permissions", nil).must(t, http.StatusOK))
	if len(page.Items) != 0 {
		t.Fatalf("a new mailbox has grants %+v", page.Items)
	}
	newcomer := admin.newUser("newcomer")
	admin.do("GET", "/users/"+mb.ID+"/hosted-exchange/permissions/"+newcomer.ID, nil).problem(t, http.StatusNotFound, api.CodeNotFound)
	apu := decode[api.ApplicationUser](t, admin.do("POST", "/applications/"+DemoIDs.B2BGateway+"/users", api.ApplicationUserCreate{CustomerID: DemoIDs.Acme, Username: "svc"}).must(t, http.StatusCreated))
	admin.do("GET", "/users/"+mb.ID+"/hosted-exchange/permissions/"+apu.ID, nil).problem(t, http.StatusNotFound, api.CodeNotFound)
	for _, u := range ts.Users() {
		for _, g := range ts.Permissions(u.ID) {
			if u.CustomerID == DemoIDs.Acme { // the other customers' fixture mailboxes come with grants
				t.Errorf("unexpected grant %+v", g)
			}
		}
	}
}

// R10: only administrators can assign or remove permissions; application users and regular users can
// read but not grant.
func TestR10OnlyAdministratorsAssignPermissions(t *testing.T) {
	ts := NewTestServer(t)
	admin := adminOf(t, ts)
	mb := admin.sharedMailbox("info", "info@acme.example")
	apu, err := ts.CreateApplicationUser(DemoIDs.B2BGateway, api.ApplicationUserCreate{CustomerID: DemoIDs.Acme, Username: "gateway"})
	if err != nil {
		t.Fatal(err)
	}
	grant := "/users/" + mb.ID + "/hosted-exchange/permissions/" + DemoIDs.Bob
	admin.do("PUT", grant, api.PermissionSpec{Permissions: []string{"view"}}).must(t, http.StatusOK)
	for _, who := range []string{DemoIDs.Alice, apu.ID} {
		c := callerAs(t, ts, who)
		c.do("GET", grant, nil).must(t, http.StatusOK)
		c.do("GET", "/users/"+mb.ID+"/hosted-exchange/permissions", nil).must(t, http.StatusOK)
		c.do("PUT", grant, api.PermissionSpec{Permissions: []string{"view", "send_as"}}).problem(t, http.StatusForbidden, api.CodeNotAnAdministrator)
		c.do("PUT", "/users/"+mb.ID+"/hosted-exchange/permissions/"+who, api.PermissionSpec{Permissions: []string{"view"}}).problem(t, http.StatusForbidden, api.CodeNotAnAdministrator)
		c.do("DELETE", grant, nil).problem(t, http.StatusForbidden, api.CodeNotAnAdministrator)
		me := decode[api.Me](t, c.do("GET", "/me", nil).must(t, http.StatusOK))
		if me.Role != api.RoleUser {
			t.Errorf("me %+v", me)
		}
	}
	if g := ts.Permissions(mb.ID); len(g) != 1 || !slices.Equal(g[0].Permissions, []string{"view"}) {
		t.Fatalf("grants changed: %+v", g)
	}
}

// R11: the permission values; application users only create_messages and change_properties.
func TestR11PermissionValuesAndApplicationPermissions(t *testing.T) {
	ts := NewTestServer(t)
	admin := adminOf(t, ts)
	mb := admin.sharedMailbox("info", "info@acme.example")
	base := "/users/" + mb.ID + "/hosted-exchange/permissions/"
	g := decode[api.Permission](t, admin.do("PUT", base+DemoIDs.Alice, api.PermissionSpec{Permissions: api.AllPermissions}).must(t, http.StatusOK))
	if len(g.Permissions) != len(api.AllPermissions) {
		t.Fatalf("a user may hold every permission: %+v", g)
	}
	p := admin.do("PUT", base+DemoIDs.Bob, api.PermissionSpec{Permissions: []string{"view", "Read", "send_as", "admin"}}).problem(t, http.StatusBadRequest, api.CodeInvalidRequest)
	if !hasField(p, "permissions[1]") || !hasField(p, "permissions[3]") || hasField(p, "permissions[0]") {
		t.Errorf("unknown values must be named by index: %+v", p.Errors)
	}
	apu := decode[api.ApplicationUser](t, admin.do("POST", "/applications/"+DemoIDs.B2BGateway+"/users", api.ApplicationUserCreate{CustomerID: DemoIDs.Acme, Username: "gateway"}).must(t, http.StatusCreated))
	g = decode[api.Permission](t, admin.do("PUT", base+apu.ID, api.PermissionSpec{Permissions: []string{"change_properties", "create_messages"}}).must(t, http.StatusOK))
	if g.GranteeKind != api.GranteeApplicationUser {
		t.Fatalf("grant %+v", g)
	}
	p = admin.do("PUT", base+apu.ID, api.PermissionSpec{Permissions: []string{"create_messages", "view", "send_as"}}).problem(t, http.StatusUnprocessableEntity, api.CodePermissionNotAllowed)
	if !hasField(p, "permissions[1]") || !hasField(p, "permissions[2]") || hasField(p, "permissions[0]") {
		t.Errorf("each refused value must be named: %+v", p.Errors)
	}
	if got, _ := ts.store.getPermission(operator, mb.ID, apu.ID); !slices.Equal(got.Permissions, []string{"change_properties", "create_messages"}) {
		t.Errorf("a refused PUT changed the grant: %+v", got)
	}
}

// R12: administrators have all permissions, cannot be granted any, and are never listed.
func TestR12AdministratorsHaveAllPermissions(t *testing.T) {
	ts := NewTestServer(t)
	admin := adminOf(t, ts)
	mb := admin.sharedMailbox("info", "info@acme.example")
	second, err := ts.CreateAdministrator(api.UserCreate{CustomerID: DemoIDs.Acme, Username: "admin2", Password: "correct-horse-battery"})
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{DemoIDs.Admin, second.ID} {
		admin.do("PUT", "/users/"+mb.ID+"/hosted-exchange/permissions/"+id, api.PermissionSpec{Permissions: []string{"view"}}).
			problem(t, http.StatusUnprocessableEntity, api.CodeAdminHasAllPermissions)
		admin.do("GET", "/users/"+mb.ID+"/hosted-exchange/permissions/"+id, nil).problem(t, http.StatusNotFound, api.CodeNotFound)
	}
	if _, err := ts.PutPermission(mb.ID, second.ID, []string{"view"}); ErrorCode(err) != api.CodeAdminHasAllPermissions {
		t.Fatalf("operator: %v", err)
	}
	// The second administrator can grant.
	c := callerAs(t, ts, second.ID)
	c.do("PUT", "/users/"+mb.ID+"/hosted-exchange/permissions/"+DemoIDs.Alice, api.PermissionSpec{Permissions: []string{"view"}}).must(t, http.StatusOK)
	page := decode[api.Page[api.Permission]](t, admin.do("GET", "/users/"+mb.ID+"/hosted-exchange/permissions", nil).must(t, http.StatusOK))
	for _, g := range page.Items {
		if g.GranteeID == DemoIDs.Admin || g.GranteeID == second.ID {
			t.Errorf("an administrator is listed: %+v", g)
		}
	}
}

// R13: an application user is unique within its application only; deleting it removes its grants.
func TestR13ApplicationUsersAreUniquePerApplication(t *testing.T) {
	ts := NewTestServer(t)
	admin := adminOf(t, ts)
	create := func(app, name string) response {
		return admin.do("POST", "/applications/"+app+"/users", api.ApplicationUserCreate{CustomerID: DemoIDs.Acme, Username: name, Email: "Svc@Acme.example"})
	}
	a := decode[api.ApplicationUser](t, create(DemoIDs.B2BGateway, "svc").must(t, http.StatusCreated))
	b := decode[api.ApplicationUser](t, create(DemoIDs.SecondApp, "svc").must(t, http.StatusCreated))
	if a.ID == b.ID || a.ApplicationID == b.ApplicationID || a.Email != "svc@acme.example" || !a.Enabled || a.DisplayName != "svc" {
		t.Fatalf("records %+v %+v", a, b)
	}
	p := create(DemoIDs.B2BGateway, "SVC").problem(t, http.StatusConflict, api.CodeAlreadyExists)
	if p.ExistingID != a.ID {
		t.Fatalf("existing_id %q, want %s", p.ExistingID, a.ID)
	}
	// A record is reachable only under its own application.
	admin.do("GET", "/applications/"+DemoIDs.SecondApp+"/users/"+a.ID, nil).problem(t, http.StatusNotFound, api.CodeNotFound)
	page := decode[api.Page[api.ApplicationUser]](t, admin.do("GET", "/applications/"+DemoIDs.B2BGateway+"/users?username=SVC", nil).must(t, http.StatusOK))
	if len(page.Items) != 1 || page.Items[0].ID != a.ID {
		t.Fatalf("list %+v", page)
	}
	// Grants belong to the record: deleting one record removes its grants, not the other's.
	mb := admin.sharedMailbox("info", "info@acme.example")
	for _, id := range []string{a.ID, b.ID} {
		admin.do("PUT", "/users/"+mb.ID+"/hosted-exchange/permissions/"+id, api.PermissionSpec{Permissions: []string{"create_messages"}}).must(t, http.StatusOK)
	}
	admin.do("DELETE", "/applications/"+DemoIDs.B2BGateway+"/users/"+a.ID, nil).must(t, http.StatusNoContent)
	if g := ts.Permissions(mb.ID); len(g) != 1 || g[0].GranteeID != b.ID {
		t.Fatalf("grants after deleting %s: %+v", a.ID, g)
	}
	create(DemoIDs.B2BGateway, "svc").must(t, http.StatusCreated) // the name is free again
}
