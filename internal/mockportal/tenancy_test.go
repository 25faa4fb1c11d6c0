package mockportal

import (
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/csportal/terraform-provider-portal/internal/api"
)

// The tenancy rules (R14–R17) over HTTP against a contract-validating test server with the demo tree.

// idPattern matches every kind of ID, for comparing answers that differ only in the IDs they name.
var idPattern = regexp.MustCompile(`\b(cus|usr|apu|app|smb|job)_[0-9a-f]{16}\b`)

// sameAsUnknown checks that an answer about an object out of reach is the answer about an unknown one: the
// same status and the same body once the IDs are blanked — never a hint that the object exists (R14).
func sameAsUnknown(t *testing.T, outOfReach, unknown response) {
	t.Helper()
	blank := func(r response) string { return idPattern.ReplaceAllString(string(r.Body), "${1}_*") }
	if outOfReach.Status != unknown.Status || blank(outOfReach) != blank(unknown) {
		t.Errorf("out of reach answers %d %s\nunknown answers    %d %s", outOfReach.Status, outOfReach.Body, unknown.Status, unknown.Body)
	}
}

func customerIDs(items []api.Customer) []string {
	var ids []string
	for _, c := range items {
		ids = append(ids, c.ID)
	}
	return ids
}

// R14: each principal reaches its customer and, an administrator, the customers below it; nothing else
// shows, and nothing else answers otherwise than an unknown object. The example first: a plain user
// of Globex reading Acme's mailbox, Acme's users and Acme's customer listing.
func TestR14ReachFollowsTheTree(t *testing.T) {
	ts := NewTestServer(t)
	homer := callerAs(t, ts, DemoIDs.GlobexUser)
	sameAsUnknown(t, homer.do("GET", "/users/"+DemoIDs.Alice+"/hosted-exchange", nil), homer.do("GET", "/users/usr_0000000000000bad/hosted-exchange", nil))
	sameAsUnknown(t, homer.do("GET", "/customers/"+DemoIDs.Acme+"/mailboxes", nil), homer.do("GET", "/customers/cus_0000000000000bad/mailboxes", nil))
	homer.do("GET", "/users/"+DemoIDs.Alice, nil).problem(t, http.StatusNotFound, api.CodeNotFound)
	if users := decode[api.Page[api.User]](t, homer.do("GET", "/users?customer_id="+DemoIDs.Acme, nil).must(t, http.StatusOK)); len(users.Items) != 0 {
		t.Errorf("a Globex user lists Acme's users: %+v", users.Items)
	}
	for _, u := range decode[api.Page[api.User]](t, homer.do("GET", "/users", nil).must(t, http.StatusOK)).Items {
		if u.CustomerID != DemoIDs.Globex {
			t.Errorf("a Globex user lists %+v", u)
		}
	}
	homer.do("GET", "/customers/"+DemoIDs.Globex+"/mailboxes", nil).must(t, http.StatusOK)

	all := []string{DemoIDs.Root, DemoIDs.Reseller, DemoIDs.Acme, DemoIDs.Globex, DemoIDs.Initech, DemoIDs.NoPlanCustomer, DemoIDs.NoExchangeCustomer}
	for _, tc := range []struct {
		name    string
		c       *caller
		reaches []string
	}{
		{"root admin (master token)", adminOf(t, ts), all},
		{"reseller admin", callerAs(t, ts, DemoIDs.ResellerAdmin), []string{DemoIDs.Reseller, DemoIDs.Acme, DemoIDs.Globex}},
		{"reseller user", callerAs(t, ts, DemoIDs.ResellerUser), []string{DemoIDs.Reseller}},
		{"customer admin", callerAs(t, ts, DemoIDs.Admin), []string{DemoIDs.Acme}},
		{"plain user", homer, []string{DemoIDs.Globex}},
	} {
		got := customerIDs(decode[api.Page[api.Customer]](t, tc.c.do("GET", "/customers", nil).must(t, http.StatusOK)).Items)
		if !slices.Equal(got, slices.Sorted(slices.Values(tc.reaches))) {
			t.Errorf("%s lists customers %v, want %v", tc.name, got, slices.Sorted(slices.Values(tc.reaches)))
		}
		for _, id := range all {
			r := tc.c.do("GET", "/customers/"+id+"/user-plans", nil)
			if slices.Contains(tc.reaches, id) {
				r.must(t, http.StatusOK)
			} else {
				sameAsUnknown(t, r, tc.c.do("GET", "/customers/cus_0000000000000bad/user-plans", nil))
			}
		}
	}

	// Writes outside the reach are refused as for an unknown object; inside, they go through.
	acmeAdmin := callerAs(t, ts, DemoIDs.Admin)
	sameAsUnknown(t, acmeAdmin.do("PATCH", "/users/"+DemoIDs.GlobexUser, api.UserPatch{FirstName: new("Max")}),
		acmeAdmin.do("PATCH", "/users/usr_0000000000000bad", api.UserPatch{FirstName: new("Max")}))
	create := func(customerID string) response {
		return acmeAdmin.do("POST", "/users", api.UserCreate{CustomerID: customerID, Username: "intruder", Password: "correct-horse-battery"})
	}
	sameAsUnknown(t, create(DemoIDs.Globex), create("cus_0000000000000bad"))
	if p := create(DemoIDs.Reseller).problem(t, http.StatusBadRequest, api.CodeInvalidRequest); !hasField(p, "customer_id") {
		t.Errorf("a write to the caller's parent: %+v", p)
	}
	create(DemoIDs.Acme).must(t, http.StatusCreated)
	if u, _ := ts.User(DemoIDs.GlobexUser); u.FirstName != "Homer" {
		t.Errorf("a refused PATCH changed %+v", u)
	}
	nadia := callerAs(t, ts, DemoIDs.ResellerAdmin)
	nadia.do("PATCH", "/users/"+DemoIDs.GlobexUser, api.UserPatch{FirstName: new("Max")}).must(t, http.StatusOK)
	nadia.do("PATCH", "/users/"+DemoIDs.InitechUser, api.UserPatch{FirstName: new("Max")}).problem(t, http.StatusNotFound, api.CodeNotFound)
	nadia.do("GET", "/users/"+DemoIDs.RootAdmin, nil).problem(t, http.StatusNotFound, api.CodeNotFound)
	// A plain user's writes are refused first, as always (R10), whatever the target.
	homer.do("PATCH", "/users/"+DemoIDs.GlobexUser, api.UserPatch{FirstName: new("Max")}).problem(t, http.StatusForbidden, api.CodeNotAnAdministrator)

	// Jobs are the customer's too.
	job := decode[api.Job](t, nadia.do("PUT", "/users/"+DemoIDs.GlobexUser+"/hosted-exchange",
		api.HostedExchangeSpec{UserPlan: PlanStandard, PrimaryEmail: "homer@globex.example"}).must(t, http.StatusAccepted))
	homer.do("GET", "/jobs/"+job.ID, nil).must(t, http.StatusOK)
	sameAsUnknown(t, acmeAdmin.do("GET", "/jobs/"+job.ID, nil), acmeAdmin.do("GET", "/jobs/job_0000000000000bad", nil))
}

// GET /me tells the caller its customer and what it reaches, for a provider to fail closed with.
func TestMeTellsCustomerAndReach(t *testing.T) {
	ts := NewTestServer(t)
	ref := func(id, name, code string) api.CustomerRef { return api.CustomerRef{ID: id, Name: name, Code: code} }
	northwind := ref(DemoIDs.Reseller, "Northwind Hosting", "NORTHWIND")
	root := ref(DemoIDs.Root, "Example Hosting", "HOSTING")
	initech := ref(DemoIDs.Initech, "Initech", "INITECH")
	for _, tc := range []struct {
		c    *caller
		want api.Me
	}{
		{adminOf(t, ts), api.Me{ID: DemoIDs.RootAdmin, Kind: api.KindUser, Role: api.RoleAdmin, Name: "hostmaster",
			Customer: root, Reach: api.Reach{Root: root, Subtree: true}}},
		{callerAs(t, ts, DemoIDs.ResellerAdmin), api.Me{ID: DemoIDs.ResellerAdmin, Kind: api.KindUser, Role: api.RoleAdmin, Name: "nadia",
			Customer: northwind, Reach: api.Reach{Root: northwind, Subtree: true}}},
		{callerAs(t, ts, DemoIDs.InitechUser), api.Me{ID: DemoIDs.InitechUser, Kind: api.KindUser, Role: api.RoleUser, Name: "peter_initech",
			Customer: initech, Reach: api.Reach{Root: initech, ReadOnly: true}}},
	} {
		if got := decode[api.Me](t, tc.c.do("GET", "/me", nil).must(t, http.StatusOK)); got != tc.want {
			t.Errorf("me %+v\nwant %+v", got, tc.want)
		}
	}
}

// Customers show their place in the tree and their domains; ?code= finds one by its code, within reach.
func TestCustomersShowTheTreeAndFilterByCode(t *testing.T) {
	ts := NewTestServer(t)
	admin := adminOf(t, ts)
	page := decode[api.Page[api.Customer]](t, admin.do("GET", "/customers?code=acme", nil).must(t, http.StatusOK))
	want := api.Customer{ID: DemoIDs.Acme, Name: "Acme", HostedExchangeEnabled: true, ParentID: DemoIDs.Reseller,
		Code: "ACME", Domains: []string{"acme.example"}}
	if len(page.Items) != 1 || !jsonEqual(t, page.Items[0], want) {
		t.Fatalf("?code=acme: %+v", page.Items)
	}
	root := decode[api.Customer](t, admin.do("GET", "/customers/"+DemoIDs.Root, nil).must(t, http.StatusOK))
	if root.ParentID != "" || root.Code != "HOSTING" {
		t.Errorf("root %+v", root)
	}
	if c := decode[api.Customer](t, admin.do("GET", "/customers/"+DemoIDs.Initech, nil).must(t, http.StatusOK)); !c.UsernameSuffix || c.ParentID != DemoIDs.Root {
		t.Errorf("Initech %+v", c)
	}
	// The code of a customer out of reach finds nothing, as a code no customer has.
	for _, code := range []string{"ACME", "NOSUCH"} {
		if page := decode[api.Page[api.Customer]](t, callerAs(t, ts, DemoIDs.GlobexAdmin).do("GET", "/customers?code="+code, nil).must(t, http.StatusOK)); len(page.Items) != 0 {
			t.Errorf("Globex's administrator finds ?code=%s: %+v", code, page.Items)
		}
	}
	// A customer reads its own parent_id, though not the parent.
	acme := callerAs(t, ts, DemoIDs.Alice)
	if c := decode[api.Customer](t, acme.do("GET", "/customers/"+DemoIDs.Acme, nil).must(t, http.StatusOK)); c.ParentID != DemoIDs.Reseller {
		t.Errorf("Acme as Alice reads it: %+v", c)
	}
	acme.do("GET", "/customers/"+DemoIDs.Reseller, nil).problem(t, http.StatusNotFound, api.CodeNotFound)
}

// R15: every address of a mailbox is in one of its customer's domains — the hr@acme.example under
// Globex is refused, naming the address and Globex's domains.
func TestR15AddressesInTheCustomersDomains(t *testing.T) {
	ts := NewTestServer(t)
	admin := adminOf(t, ts)
	u := decode[api.User](t, admin.do("POST", "/users", api.UserCreate{CustomerID: DemoIDs.Globex, Username: "hr",
		Password: "correct-horse-battery"}).must(t, http.StatusCreated))
	put := func(primary string, aliases ...string) response {
		return admin.do("PUT", "/users/"+u.ID+"/hosted-exchange", api.HostedExchangeSpec{UserPlan: PlanSharedMailbox,
			PrimaryEmail: primary, EmailAliases: aliases})
	}
	p := put("hr@acme.example").problem(t, http.StatusUnprocessableEntity, api.CodeDomainNotAccepted)
	if !strings.Contains(p.Detail, "hr@acme.example") || !strings.Contains(p.Detail, "globex.example") ||
		!strings.Contains(p.Detail, "Globex") || !hasField(p, "primary_email") {
		t.Errorf("the refusal must name the address and the customer's domains: %+v", p)
	}
	p = put("hr@globex.example", "people@globex.example", "hr@hr.globex.example", "HR@Initech.Example").problem(t, http.StatusUnprocessableEntity, api.CodeDomainNotAccepted)
	if hasField(p, "primary_email") || hasField(p, "email_aliases[0]") || !hasField(p, "email_aliases[1]") || !hasField(p, "email_aliases[2]") {
		t.Errorf("each refused alias must be named, a subdomain included: %+v", p.Errors)
	}
	if he, _ := ts.HostedExchange(u.ID); he.ProvisioningStatus != api.ServiceNotProvisioned {
		t.Fatalf("a refused PUT changed the service: %+v", he)
	}
	if job := admin.provision(u.ID, api.HostedExchangeSpec{UserPlan: PlanSharedMailbox, PrimaryEmail: "HR@Globex.Example"}); job.Status != api.JobProvisioned {
		t.Fatalf("an address in the domain, in capitals: %+v", job)
	}
	// A customer without domains can hold no mailbox; the operator's functions obey the same rule.
	f := DemoFixtures()
	f.Customers[2].Domains = nil // Acme
	f.Users[0].HostedExchange, f.Users[1].HostedExchange = nil, nil
	f.Mail = nil // their mail went with their mailboxes
	bare := NewTestServer(t, Options{Fixtures: f})
	if _, err := bare.PutHostedExchange(DemoIDs.Alice, api.HostedExchangeSpec{UserPlan: PlanStandard, PrimaryEmail: AliceEmail}); ErrorCode(err) != api.CodeDomainNotAccepted ||
		!strings.Contains(err.Error(), "domains are: none") {
		t.Errorf("a customer without domains: %v", err)
	}
}

// R16: rights on a mailbox go only to the users and application users of its customer — the issue's
// example first: a Globex user given full_access on an Acme mailbox, by the master token, which reaches both.
func TestR16GrantsStayWithinOneCustomer(t *testing.T) {
	ts := NewTestServer(t)
	admin := adminOf(t, ts)
	sales := admin.sharedMailbox("sales", "sales@acme.example")
	sub := admin.newSubmailbox(sales.ID, "", "Leads")
	globexApp := decode[api.ApplicationUser](t, admin.do("POST", "/applications/"+DemoIDs.B2BGateway+"/users",
		api.ApplicationUserCreate{CustomerID: DemoIDs.Globex, Username: "orders"}).must(t, http.StatusCreated))
	for _, key := range []string{sales.ID, sub.ID} {
		for _, tc := range []struct {
			grantee string
			perms   []string
		}{
			{DemoIDs.GlobexUser, []string{api.PermissionFullAccess, api.PermissionSendAs}},
			{globexApp.ID, []string{api.PermissionCreateMessages}},
			{DemoIDs.GlobexAdmin, []string{api.PermissionView}}, // an administrator of a customer that does not reach Acme
		} {
			p := admin.do("PUT", permissionsPath(key)+"/"+tc.grantee, api.PermissionSpec{Permissions: tc.perms}).
				problem(t, http.StatusUnprocessableEntity, api.CodeGranteeOtherCustomer)
			for _, name := range []string{"Globex", DemoIDs.Globex, "GLOBEX", "Acme", DemoIDs.Acme, "ACME", tc.grantee} {
				if !strings.Contains(p.Detail, name) {
					t.Errorf("the refusal must name both customers and the grantee (%s): %s", name, p.Detail)
				}
			}
		}
		if g := ts.Permissions(key); len(g) != 0 {
			t.Fatalf("a refused grant was stored: %+v", g)
		}
	}
	// R12 before R16: an administrator who reaches Acme has every right there already.
	for _, id := range []string{DemoIDs.Admin, DemoIDs.ResellerAdmin, DemoIDs.RootAdmin} {
		admin.do("PUT", permissionsPath(sales.ID)+"/"+id, api.PermissionSpec{Permissions: []string{"view"}}).
			problem(t, http.StatusUnprocessableEntity, api.CodeAdminHasAllPermissions)
	}
	// A grantee out of the caller's reach is as unknown as one that does not exist.
	acmeAdmin := callerAs(t, ts, DemoIDs.Admin)
	for _, id := range []string{DemoIDs.GlobexUser, DemoIDs.ResellerAdmin, globexApp.ID} {
		sameAsUnknown(t, acmeAdmin.do("PUT", permissionsPath(sales.ID)+"/"+id, api.PermissionSpec{Permissions: []string{"create_messages"}}),
			acmeAdmin.do("PUT", permissionsPath(sales.ID)+"/"+id[:4]+"000000000000dead", api.PermissionSpec{Permissions: []string{"create_messages"}}))
	}
	// Within the customer, grants go through.
	acmeApp := decode[api.ApplicationUser](t, acmeAdmin.do("POST", "/applications/"+DemoIDs.B2BGateway+"/users",
		api.ApplicationUserCreate{Username: "orders"}).must(t, http.StatusCreated))
	acmeAdmin.do("PUT", permissionsPath(sales.ID)+"/"+DemoIDs.Alice, api.PermissionSpec{Permissions: []string{"full_access"}}).must(t, http.StatusOK)
	acmeAdmin.do("PUT", permissionsPath(sub.ID)+"/"+acmeApp.ID, api.PermissionSpec{Permissions: []string{"create_messages"}}).must(t, http.StatusOK)

	// The operator and the fixtures obey the same rule.
	if _, err := ts.PutPermission(sales.ID, DemoIDs.GlobexUser, []string{"view"}); ErrorCode(err) != api.CodeGranteeOtherCustomer {
		t.Errorf("operator: %v", err)
	}
	f := DemoFixtures()
	f.Permissions = append(f.Permissions, FixturePermission{MailboxID: DemoIDs.Alice, GranteeID: DemoIDs.GlobexUser, Permissions: []string{"view"}})
	if _, err := New(Options{AdminToken: "t", Fixtures: f}); err == nil || !strings.Contains(err.Error(), "permissions[3].grantee_id") ||
		!strings.Contains(err.Error(), "belongs to customer Globex") {
		t.Errorf("a fixture grant across customers: %v", err)
	}
}

// R17: a customer with username_suffix stores usernames with its code appended; uniqueness, lookups and
// listings follow the stored name.
func TestR17UsernameSuffix(t *testing.T) {
	ts := NewTestServer(t)
	admin := adminOf(t, ts)
	create := func(username string) response {
		return admin.do("POST", "/users", api.UserCreate{CustomerID: DemoIDs.Initech, Username: username, Password: "correct-horse-battery"})
	}
	u := decode[api.User](t, create("User1").must(t, http.StatusCreated))
	if u.Username != "user1_initech" {
		t.Fatalf("stored username %q, want user1_initech", u.Username)
	}
	for _, again := range []string{"user1", "USER1_INITECH"} { // the stored name maps to itself
		if p := create(again).problem(t, http.StatusConflict, api.CodeAlreadyExists); p.ExistingID != u.ID {
			t.Errorf("%s: %+v", again, p)
		}
	}
	find := func(username string) []api.User {
		return decode[api.Page[api.User]](t, admin.do("GET", "/users?customer_id="+DemoIDs.Initech+"&username="+username, nil).must(t, http.StatusOK)).Items
	}
	if got := find("User1_Initech"); len(got) != 1 || got[0].ID != u.ID {
		t.Errorf("lookup by the stored name: %+v", got)
	}
	if got := find("user1"); len(got) != 0 {
		t.Errorf("a lookup matches the stored name only: %+v", got)
	}
	if p := create(strings.Repeat("a", 60)).problem(t, http.StatusBadRequest, api.CodeInvalidRequest); !hasField(p, "username") {
		t.Errorf("a username too long once suffixed: %+v", p)
	}
	if bill, _ := ts.User(DemoIDs.InitechAdmin); bill.Username != "bill_initech" {
		t.Errorf("a fixture user of Initech: %+v", bill)
	}
	// Other customers store names as given.
	acme := decode[api.User](t, admin.do("POST", "/users", api.UserCreate{CustomerID: DemoIDs.Acme, Username: "User1",
		Password: "correct-horse-battery"}).must(t, http.StatusCreated))
	if acme.Username != "user1" {
		t.Errorf("Acme stores %q", acme.Username)
	}
}

// ?subtree=true pages through the objects of every customer below {id} that the caller reaches, each item
// naming its customer.
func TestSubtreeListings(t *testing.T) {
	ts := NewTestServer(t)
	admin := adminOf(t, ts)
	acmeBox := admin.sharedMailbox("sales", "sales@acme.example")
	admin.do("PUT", permissionsPath(acmeBox.ID)+"/"+DemoIDs.Bob, api.PermissionSpec{Permissions: []string{"view"}}).must(t, http.StatusOK)
	admin.newSubmailbox(acmeBox.ID, "", "Leads")
	if err := ts.SetLoginEnabled(DemoIDs.GlobexMailbox, true); err != nil {
		t.Fatal(err)
	}
	admin.newSubmailbox(DemoIDs.GlobexMailbox, "", "Orders")

	nadia := callerAs(t, ts, DemoIDs.ResellerAdmin)
	base := "/customers/" + DemoIDs.Reseller
	customersOf := func(ids ...string) []string { return slices.Compact(slices.Sorted(slices.Values(ids))) }
	var mailboxCustomers, grantCustomers, submailboxCustomers []string
	mailboxes, pages := listAll[api.Mailbox](t, nadia, base+"/mailboxes?subtree=true&shared_mailbox=true", 2)
	for _, m := range mailboxes {
		mailboxCustomers = append(mailboxCustomers, m.User.CustomerID)
	}
	if got := customersOf(mailboxCustomers...); !slices.Equal(got, customersOf(DemoIDs.Reseller, DemoIDs.Acme, DemoIDs.Globex)) || len(mailboxes) != 3 || pages != 2 {
		t.Errorf("the reseller's subtree of shared mailboxes: %d in %d pages, of %v", len(mailboxes), pages, got)
	}
	grants, _ := listAll[api.Permission](t, nadia, base+"/permissions?subtree=true", 500)
	for _, g := range grants {
		grantCustomers = append(grantCustomers, g.CustomerID)
	}
	if got := customersOf(grantCustomers...); !slices.Equal(got, customersOf(DemoIDs.Reseller, DemoIDs.Acme, DemoIDs.Globex)) || len(grants) != 3 {
		t.Errorf("the reseller's subtree of grants: %+v", grants)
	}
	subs, _ := listAll[api.Submailbox](t, nadia, base+"/submailboxes?subtree=true", 500)
	for _, sm := range subs {
		submailboxCustomers = append(submailboxCustomers, sm.CustomerID)
	}
	if got := customersOf(submailboxCustomers...); !slices.Equal(got, customersOf(DemoIDs.Acme, DemoIDs.Globex)) || len(subs) != 2 {
		t.Errorf("the reseller's subtree of submailboxes: %+v", subs)
	}
	// Without subtree, the customer alone; the root's subtree as the reseller's administrator is out of reach.
	if own, _ := listAll[api.Mailbox](t, nadia, base+"/mailboxes", 500); len(own) != 1 || own[0].User.ID != DemoIDs.ResellerMailbox {
		t.Errorf("the reseller alone: %+v", own)
	}
	sameAsUnknown(t, nadia.do("GET", "/customers/"+DemoIDs.Root+"/mailboxes?subtree=true", nil), nadia.do("GET", "/customers/cus_0000000000000bad/mailboxes?subtree=true", nil))
	// A subtree below the caller's own customer holds only what it reaches: Acme's administrator at the
	// root's subtree is refused, at its own gets Acme only.
	acme := callerAs(t, ts, DemoIDs.Admin)
	acme.do("GET", "/customers/"+DemoIDs.Reseller+"/permissions?subtree=true", nil).problem(t, http.StatusNotFound, api.CodeNotFound)
	if own, _ := listAll[api.Permission](t, acme, "/customers/"+DemoIDs.Acme+"/permissions?subtree=true", 500); len(own) != 1 || own[0].CustomerID != DemoIDs.Acme {
		t.Errorf("Acme's subtree as its administrator: %+v", own)
	}
	admin.do("GET", base+"/mailboxes?subtree=yes", nil).problem(t, http.StatusBadRequest, api.CodeInvalidRequest)
}

// Application users belong to a customer: unique per application and customer (R13), listed and read only
// within reach, so that neither a listing nor a 409 tells a tenant about another's records; and an
// application is seen by the customers it is offered to.
func TestApplicationUsersBelongToACustomer(t *testing.T) {
	f := DemoFixtures()
	const acmeApp = "app_ac3e000000000003"
	f.Applications = append(f.Applications, api.Application{ID: acmeApp, Name: "acme-crm", Description: "Acme's own", CustomerID: DemoIDs.Acme})
	ts := NewTestServer(t, Options{Fixtures: f})
	acme, globex := callerAs(t, ts, DemoIDs.Admin), callerAs(t, ts, DemoIDs.GlobexAdmin)
	users := "/applications/" + DemoIDs.B2BGateway + "/users"
	orders := decode[api.ApplicationUser](t, acme.do("POST", users, api.ApplicationUserCreate{Username: "orders"}).must(t, http.StatusCreated))
	if orders.CustomerID != DemoIDs.Acme {
		t.Fatalf("the default customer is the caller's: %+v", orders)
	}
	// Globex may have its own "orders": another record, no 409 naming Acme's.
	theirs := decode[api.ApplicationUser](t, globex.do("POST", users, api.ApplicationUserCreate{Username: "ORDERS"}).must(t, http.StatusCreated))
	if theirs.ID == orders.ID || theirs.CustomerID != DemoIDs.Globex {
		t.Fatalf("records %+v %+v", orders, theirs)
	}
	if p := globex.do("POST", users, api.ApplicationUserCreate{Username: "orders"}).problem(t, http.StatusConflict, api.CodeAlreadyExists); p.ExistingID != theirs.ID {
		t.Errorf("409 within the customer: %+v", p)
	}
	for _, tc := range []struct {
		c    *caller
		want []string
	}{
		{globex, []string{theirs.ID}},
		{acme, []string{orders.ID}},
		{callerAs(t, ts, DemoIDs.ResellerAdmin), slices.Sorted(slices.Values([]string{orders.ID, theirs.ID}))},
		{callerAs(t, ts, DemoIDs.InitechAdmin), nil},
	} {
		var got []string
		for _, a := range decode[api.Page[api.ApplicationUser]](t, tc.c.do("GET", users+"?username=orders", nil).must(t, http.StatusOK)).Items {
			got = append(got, a.ID)
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("listed %v, want %v", got, tc.want)
		}
	}
	sameAsUnknown(t, globex.do("GET", users+"/"+orders.ID, nil), globex.do("GET", users+"/apu_0000000000000bad", nil))
	sameAsUnknown(t, globex.do("DELETE", users+"/"+orders.ID, nil), globex.do("DELETE", users+"/apu_0000000000000bad", nil))
	if got := decode[api.Page[api.ApplicationUser]](t, adminOf(t, ts).do("GET", users+"?customer_id="+DemoIDs.Globex, nil).must(t, http.StatusOK)).Items; len(got) != 1 || got[0].ID != theirs.ID {
		t.Errorf("?customer_id=Globex: %+v", got)
	}
	// A record for a customer out of reach is refused as for an unknown customer.
	sameAsUnknown(t, globex.do("POST", users, api.ApplicationUserCreate{CustomerID: DemoIDs.Acme, Username: "spy"}),
		globex.do("POST", users, api.ApplicationUserCreate{CustomerID: "cus_0000000000000bad", Username: "spy"}))

	// Acme's own application: seen by Acme and those above it, not by Globex; offered to Acme only.
	sameAsUnknown(t, globex.do("GET", "/applications/"+acmeApp, nil), globex.do("GET", "/applications/app_0000000000000bad", nil))
	for _, a := range decode[api.Page[api.Application]](t, globex.do("GET", "/applications", nil).must(t, http.StatusOK)).Items {
		if a.ID == acmeApp {
			t.Errorf("Globex lists Acme's application")
		}
	}
	acme.do("GET", "/applications/"+acmeApp, nil).must(t, http.StatusOK)
	nadia := callerAs(t, ts, DemoIDs.ResellerAdmin)
	nadia.do("GET", "/applications/"+acmeApp, nil).must(t, http.StatusOK)
	p := nadia.do("POST", "/applications/"+acmeApp+"/users", api.ApplicationUserCreate{CustomerID: DemoIDs.Globex, Username: "crm"}).
		problem(t, http.StatusUnprocessableEntity, api.CodeApplicationUnavailable)
	if !strings.Contains(p.Detail, acmeApp) || !strings.Contains(p.Detail, "Globex") {
		t.Errorf("application_not_available: %+v", p)
	}
	// The root's applications are seen by everyone, a plain user included.
	callerAs(t, ts, DemoIDs.InitechUser).do("GET", "/applications/"+DemoIDs.Archiver, nil).must(t, http.StatusOK)
}

// A fixture set that breaks a tenancy rule is refused, naming each broken rule by its JSON path.
func TestFixturesRefuseBrokenTenancy(t *testing.T) {
	for _, tc := range []struct {
		name   string
		change func(f *Fixtures)
		want   string
	}{
		{"two roots", func(f *Fixtures) { f.Customers[2].ParentID = "" }, "exactly one customer"},
		{"unknown parent", func(f *Fixtures) { f.Customers[2].ParentID = "cus_0000000000000bad" }, "customers[2].parent_id"},
		{"a cycle", func(f *Fixtures) { f.Customers[1].ParentID = DemoIDs.Acme }, "would be below itself"},
		{"a duplicate code", func(f *Fixtures) { f.Customers[3].Code = "acme" }, "customers[3].code"},
		{"a bad code", func(f *Fixtures) { f.Customers[3].Code = "GLO-BEX" }, "customers[3].code"},
		{"a duplicate domain", func(f *Fixtures) { f.Customers[3].Domains = []string{"ACME.example"} }, "customers[3].domains[0]"},
		{"a bad domain", func(f *Fixtures) { f.Customers[3].Domains = []string{"globex"} }, "customers[3].domains[0]"},
		{"an address outside the domains", func(f *Fixtures) { f.Users[0].HostedExchange.PrimaryEmail = "alice@globex.example" }, "users[0].hosted_exchange.primary_email"},
		{"no administrator of the root", func(f *Fixtures) { f.Users[3].Role = api.RoleUser }, "the root customer " + DemoIDs.Root},
		{"an application user of an application not offered", func(f *Fixtures) {
			f.Applications[0].CustomerID = DemoIDs.Acme
			f.ApplicationUsers = []FixtureApplicationUser{{ID: "apu_0000000000000001", ApplicationID: DemoIDs.B2BGateway, CustomerID: DemoIDs.Globex, Username: "x"}}
		}, "application_users[0].customer_id"},
		{"a username too long once suffixed", func(f *Fixtures) { f.Users[11].Username = strings.Repeat("b", 60) }, "users[11].username"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := DemoFixtures()
			tc.change(f)
			_, err := New(Options{AdminToken: "t", Fixtures: f})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want one naming %q", err, tc.want)
			}
		})
	}
}
