package mockportal

import (
	"net/http"
	"strings"
	"testing"

	"github.com/csportal/terraform-provider-portal/internal/api"
)

// The mailbox settings (PATCH /users/{id}/hosted-exchange), the plan that must fit the mail, and the
// automapping of full_access grants, over HTTP against a contract-validating test server.

func getService(t *testing.T, c *caller, userID string) api.HostedExchange {
	t.Helper()
	return decode[api.HostedExchange](t, c.do("GET", "/users/"+userID+"/hosted-exchange", nil).must(t, http.StatusOK))
}

// A new mailbox has the portal's defaults; a patch changes the fields it names, at once and without a job,
// and is shown by the single read and the customer listing alike.
func TestMailboxSettingsPatch(t *testing.T) {
	ts := NewTestServer(t)
	admin := adminOf(t, ts)
	mbx := admin.sharedMailbox("info", "info@acme.example")
	he := getService(t, admin, mbx.ID)
	if he.MailboxSettings != api.DefaultMailboxSettings {
		t.Fatalf("a new mailbox's settings: %+v, want the defaults %+v", he.MailboxSettings, api.DefaultMailboxSettings)
	}
	if he.StorageLimitMB != 51200 || he.StorageUsedMB != 0 || he.ItemCount != 0 {
		t.Fatalf("a new shared mailbox's usage: %+v", he.MailboxUsage)
	}

	r := admin.do("PATCH", "/users/"+mbx.ID+"/hosted-exchange", map[string]any{
		"forwarding_address": "Alice@Acme.Example", "forwarding_keep_copy": false, "keep_sent_as_copy": true,
	}, ifMatch(etag(he.Version))).must(t, http.StatusOK)
	got := decode[api.HostedExchange](t, r)
	want := api.MailboxSettings{ForwardingAddress: "alice@acme.example", KeepSentAsCopy: true}
	if got.MailboxSettings != want || got.Version <= he.Version || r.Header.Get("ETag") != etag(got.Version) {
		t.Fatalf("after the patch: %+v (ETag %s), want settings %+v and a new version", got, r.Header.Get("ETag"), want)
	}
	if got.JobID != he.JobID || got.ProvisioningStatus != api.ServiceProvisioned {
		t.Fatalf("a settings patch started a job: %+v", got)
	}
	// The fields not named keep their value; the same patch again keeps the version.
	again := decode[api.HostedExchange](t, admin.do("PATCH", "/users/"+mbx.ID+"/hosted-exchange",
		map[string]any{"hidden_from_address_lists": true}).must(t, http.StatusOK))
	want.HiddenFromAddressLists = true
	if again.MailboxSettings != want {
		t.Fatalf("settings %+v, want %+v", again.MailboxSettings, want)
	}
	same := decode[api.HostedExchange](t, admin.do("PATCH", "/users/"+mbx.ID+"/hosted-exchange",
		map[string]any{"hidden_from_address_lists": true}).must(t, http.StatusOK))
	if same.Version != again.Version {
		t.Fatalf("a patch that changes nothing moved the version from %d to %d", again.Version, same.Version)
	}
	page := decode[api.Page[api.Mailbox]](t, admin.do("GET", "/customers/"+DemoIDs.Acme+"/mailboxes?shared_mailbox=true", nil).must(t, http.StatusOK))
	if len(page.Items) != 1 || page.Items[0].HostedExchange.MailboxSettings != want {
		t.Fatalf("the listing shows %+v, want the settings %+v", page.Items, want)
	}
	// An empty address stops forwarding.
	stopped := decode[api.HostedExchange](t, admin.do("PATCH", "/users/"+mbx.ID+"/hosted-exchange",
		map[string]any{"forwarding_address": ""}).must(t, http.StatusOK))
	if stopped.ForwardingAddress != "" {
		t.Fatalf("forwarding %q after it was stopped", stopped.ForwardingAddress)
	}
	changes := 0
	for _, e := range ts.Events() {
		if e.Operation == OpMailboxSettingsPatch && e.TargetIDs[0] == mbx.ID && *e.MailboxLoginEnabled {
			changes++
		}
	}
	if n := changes; n != 3 {
		t.Fatalf("%d settings changes recorded, want 3 (the patch that changed nothing is none)", n)
	}
}

// Each refusal of a settings patch, in the documented order, changes nothing.
func TestMailboxSettingsPatchRefusals(t *testing.T) {
	ts := NewTestServer(t)
	admin := adminOf(t, ts)
	mbx := admin.sharedMailbox("info", "info@acme.example")
	admin.provision(mbx.ID, api.HostedExchangeSpec{UserPlan: PlanSharedMailbox, PrimaryEmail: "info@acme.example",
		EmailAliases: []string{"hello@acme.example"}})
	before := getService(t, admin, mbx.ID)
	path := "/users/" + mbx.ID + "/hosted-exchange"

	callerAs(t, ts, DemoIDs.Alice).do("PATCH", path, map[string]any{"hidden_from_address_lists": true}).
		problem(t, http.StatusForbidden, api.CodeNotAnAdministrator)
	p := admin.do("PATCH", path, map[string]any{"forwarding_address": "not-an-address"}).problem(t, http.StatusBadRequest, api.CodeInvalidRequest)
	if !hasField(p, "forwarding_address") {
		t.Errorf("400 does not name forwarding_address: %+v", p)
	}
	admin.do("PATCH", path, map[string]any{"hidden": true}).problem(t, http.StatusBadRequest, api.CodeInvalidRequest)
	admin.do("PATCH", "/users/usr_0000000000000000/hosted-exchange", map[string]any{"hidden_from_address_lists": true}).
		problem(t, http.StatusNotFound, api.CodeNotFound)
	noMailbox := admin.newUser("nobox")
	admin.do("PATCH", "/users/"+noMailbox.ID+"/hosted-exchange", map[string]any{"hidden_from_address_lists": true}).
		problem(t, http.StatusConflict, api.CodeServiceNotProvisioned)
	for _, own := range []string{"INFO@acme.example", "hello@acme.example"} {
		p = admin.do("PATCH", path, map[string]any{"forwarding_address": own}).problem(t, http.StatusUnprocessableEntity, api.CodeForwardingToOwnAddress)
		if !hasField(p, "forwarding_address") {
			t.Errorf("422 does not name forwarding_address: %+v", p)
		}
	}
	p = admin.do("PATCH", path, map[string]any{"forwarding_address": "someone@gmail.example"}).
		problem(t, http.StatusUnprocessableEntity, api.CodeExternalForwardingNotAllowed)
	if !hasField(p, "forwarding_address") {
		t.Errorf("422 does not name forwarding_address: %+v", p)
	}
	if err := ts.SetLoginEnabled(mbx.ID, false); err != nil {
		t.Fatal(err)
	}
	admin.do("PATCH", path, map[string]any{"keep_sent_as_copy": true}).problem(t, http.StatusConflict, api.CodeUserDisabled)
	if err := ts.SetLoginEnabled(mbx.ID, true); err != nil {
		t.Fatal(err)
	}
	current := getService(t, admin, mbx.ID)
	admin.do("PATCH", path, map[string]any{"keep_sent_as_copy": true}, ifMatch(`"1"`)).problem(t, http.StatusPreconditionFailed, api.CodePreconditionFailed)
	if current.MailboxSettings != before.MailboxSettings || current.Version != before.Version {
		t.Fatalf("refused patches changed the mailbox: %+v, was %+v", current, before)
	}
}

// External forwarding: inside the customer's accepted domains (its domains, R15) always, outside them only
// where the customer allows it. Forwarding set while it was allowed stays when it no longer is.
func TestMailboxSettingsExternalForwarding(t *testing.T) {
	f := DemoFixtures()
	// A domain of Acme's that no mailbox uses yet is inside: the rule reads the customer's domains.
	acme := f.Customer(DemoIDs.Acme)
	acme.Domains = append(acme.Domains, "acme-sales.example")
	ts := NewTestServer(t, Options{Fixtures: f})
	admin := adminOf(t, ts)
	mbx := admin.sharedMailbox("info", "info@acme.example")
	path := "/users/" + mbx.ID + "/hosted-exchange"
	c := decode[api.Customer](t, admin.do("GET", "/customers/"+DemoIDs.Acme, nil).must(t, http.StatusOK))
	if c.AllowExternalForwarding {
		t.Fatalf("a demo customer allows external forwarding: %+v", c)
	}
	admin.do("PATCH", path, map[string]any{"forwarding_address": "bob@acme.example"}).must(t, http.StatusOK)
	admin.do("PATCH", path, map[string]any{"forwarding_address": "Desk@Acme-Sales.example"}).must(t, http.StatusOK)
	// Outside: another domain, another customer's domain (Globex's) and a subdomain of Acme's.
	for _, outside := range []string{"desk@partner.example", "homer@globex.example", "desk@mail.acme.example"} {
		p := admin.do("PATCH", path, map[string]any{"forwarding_address": outside}).
			problem(t, http.StatusUnprocessableEntity, api.CodeExternalForwardingNotAllowed)
		if !strings.Contains(p.Detail, "(acme-sales.example, acme.example)") {
			t.Errorf("the refusal of %s does not name Acme's domains: %s", outside, p.Detail)
		}
	}

	if err := ts.SetAllowExternalForwarding(DemoIDs.Acme, true); err != nil {
		t.Fatal(err)
	}
	c = decode[api.Customer](t, admin.do("GET", "/customers/"+DemoIDs.Acme, nil).must(t, http.StatusOK))
	if !c.AllowExternalForwarding {
		t.Fatalf("customer %+v, want allow_external_forwarding", c)
	}
	admin.do("PATCH", path, map[string]any{"forwarding_address": "desk@partner.example"}).must(t, http.StatusOK)
	if err := ts.SetAllowExternalForwarding(DemoIDs.Acme, false); err != nil {
		t.Fatal(err)
	}
	// Other settings still change; only a new external address is refused.
	he := decode[api.HostedExchange](t, admin.do("PATCH", path, map[string]any{"keep_sent_as_copy": true}).must(t, http.StatusOK))
	if he.ForwardingAddress != "desk@partner.example" || !he.KeepSentAsCopy {
		t.Fatalf("settings %+v", he.MailboxSettings)
	}
}

// A plan smaller than the mail a mailbox holds is refused: the portal would have to delete mail. A plan
// change that fits keeps everything: mail, settings, grants, submailboxes — a regular user's mailbox made a
// shared mailbox in place.
func TestPlanMustFitTheMail(t *testing.T) {
	ts := NewTestServer(t)
	admin := adminOf(t, ts)
	bob := getService(t, admin, DemoIDs.Bob)
	if bob.ItemCount != DemoMailItems.Bob || bob.StorageUsedMB != DemoMailSizeMB.Bob || bob.StorageLimitMB != 10240 {
		t.Fatalf("bob's fixture mailbox: %+v", bob.MailboxUsage)
	}
	if _, err := ts.PutPermission(DemoIDs.Bob, DemoIDs.Alice, []string{api.PermissionFullAccess}); err != nil {
		t.Fatal(err)
	}
	folder, err := ts.CreateSubmailbox(DemoIDs.Bob, api.SubmailboxCreate{Name: "Projects"})
	if err != nil {
		t.Fatal(err)
	}
	admin.do("PATCH", "/users/"+DemoIDs.Bob+"/hosted-exchange", map[string]any{"keep_sent_as_copy": true}).must(t, http.StatusOK)

	job := admin.provision(DemoIDs.Bob, api.HostedExchangeSpec{UserPlan: PlanSharedMailbox, PrimaryEmail: BobEmail})
	if job.Status != api.JobProvisioned {
		t.Fatalf("conversion job %+v", job)
	}
	he := getService(t, admin, DemoIDs.Bob)
	if he.UserPlan != PlanSharedMailbox || he.Calendar == nil || he.StorageLimitMB != 51200 ||
		he.ItemCount != DemoMailItems.Bob || he.StorageUsedMB != DemoMailSizeMB.Bob || !he.KeepSentAsCopy {
		t.Fatalf("after the conversion: %+v", he)
	}
	if g := ts.Permissions(DemoIDs.Bob); len(g) != 1 || g[0].GranteeID != DemoIDs.Alice {
		t.Fatalf("grants after the conversion: %+v", g)
	}
	if _, ok := ts.Submailbox(folder.ID); !ok {
		t.Fatalf("submailbox %s is gone after the conversion", folder.ID)
	}

	if err := ts.DeliverMail(DemoIDs.Bob, 9000, 20000); err != nil {
		t.Fatal(err)
	}
	p := admin.do("PUT", "/users/"+DemoIDs.Bob+"/hosted-exchange", api.HostedExchangeSpec{UserPlan: PlanStandard, PrimaryEmail: BobEmail}).
		problem(t, http.StatusUnprocessableEntity, api.CodePlanTooSmall)
	if !hasField(p, "user_plan") {
		t.Errorf("422 does not name user_plan: %+v", p)
	}
	if he := getService(t, admin, DemoIDs.Bob); he.UserPlan != PlanSharedMailbox || he.StorageUsedMB != DemoMailSizeMB.Bob+20000 {
		t.Fatalf("the refused PUT changed the mailbox: %+v", he)
	}
	// Deprovisioning takes the mail and the settings with the mailbox.
	if job, err := ts.Deprovision(DemoIDs.Bob); err != nil || job.Status != api.JobProvisioned {
		t.Fatalf("deprovisioning: %+v %v", job, err)
	}
	he = getService(t, admin, DemoIDs.Bob)
	if he.MailboxUsage != (api.MailboxUsage{}) || he.MailboxSettings != api.DefaultMailboxSettings {
		t.Fatalf("a deprovisioned service: %+v", he)
	}
}

// Automapping: true by default for full_access, refused without it, immutable on a full_access the grantee
// holds, and changed by removing full_access and granting it again.
func TestGrantAutomapping(t *testing.T) {
	ts := NewTestServer(t)
	admin := adminOf(t, ts)
	mbx := admin.sharedMailbox("info", "info@acme.example")
	path := "/users/" + mbx.ID + "/hosted-exchange/permissions/" + DemoIDs.Alice
	put := func(body any) response { return admin.do("PUT", path, body) }

	p := put(map[string]any{"permissions": []string{"view"}, "automapping": false}).
		problem(t, http.StatusUnprocessableEntity, api.CodeAutomappingRequiresFullAccess)
	if !hasField(p, "automapping") {
		t.Errorf("422 does not name automapping: %+v", p)
	}
	g := decode[api.Permission](t, put(map[string]any{"permissions": []string{"view"}}).must(t, http.StatusOK))
	if g.Automapping != nil {
		t.Fatalf("a grant without full_access has automapping %v", *g.Automapping)
	}
	g = decode[api.Permission](t, put(map[string]any{"permissions": []string{"view", "full_access"}}).must(t, http.StatusOK))
	if g.Automapping == nil || !*g.Automapping {
		t.Fatalf("a new full_access without automapping in the request: %+v, want automapping true", g)
	}
	// Unchanged or absent: accepted; changed: refused, the grant as it was.
	put(map[string]any{"permissions": []string{"full_access", "send_as"}, "automapping": true}).must(t, http.StatusOK)
	put(map[string]any{"permissions": []string{"full_access"}}).must(t, http.StatusOK)
	put(map[string]any{"permissions": []string{"full_access"}, "automapping": false}).problem(t, http.StatusConflict, api.CodeAutomappingImmutable)
	if g := ts.Permissions(mbx.ID); len(g) != 1 || !*g[0].Automapping {
		t.Fatalf("the refused change: %+v", g)
	}
	// Exchange's way: full_access removed, then granted again with the other value.
	put(map[string]any{"permissions": []string{"view"}}).must(t, http.StatusOK)
	g = decode[api.Permission](t, put(map[string]any{"permissions": []string{"view", "full_access"}, "automapping": false}).must(t, http.StatusOK))
	if g.Automapping == nil || *g.Automapping {
		t.Fatalf("re-granted full_access: %+v, want automapping false", g)
	}
	// And the same through a deleted grant.
	admin.do("DELETE", path, nil).must(t, http.StatusNoContent)
	g = decode[api.Permission](t, put(map[string]any{"permissions": []string{"full_access"}, "automapping": true}).must(t, http.StatusOK))
	if !*g.Automapping {
		t.Fatalf("re-granted full_access: %+v, want automapping true", g)
	}
	listed := decode[api.Page[api.Permission]](t, admin.do("GET", "/customers/"+DemoIDs.Acme+"/permissions", nil).must(t, http.StatusOK))
	if len(listed.Items) != 1 || listed.Items[0].Automapping == nil || !*listed.Items[0].Automapping {
		t.Fatalf("the customer listing: %+v", listed.Items)
	}
}

// Fixtures carry mail, automapping and the external forwarding setting, by the API's rules.
func TestFixturesMailAndAutomapping(t *testing.T) {
	f := DemoFixtures()
	f.Customer(DemoIDs.Acme).AllowExternalForwarding = true
	f.Permissions = []FixturePermission{
		{MailboxID: DemoIDs.Alice, GranteeID: DemoIDs.Bob, Permissions: []string{api.PermissionFullAccess}, Automapping: ptr(false)},
		{MailboxID: DemoIDs.Bob, GranteeID: DemoIDs.Alice, Permissions: []string{api.PermissionFullAccess}},
	}
	p, err := New(Options{Fixtures: f, AdminToken: "root"})
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = p.Close() }()
	if g := p.Permissions(DemoIDs.Alice); *g[0].Automapping {
		t.Errorf("fixture automapping false: %+v", g)
	}
	if g := p.Permissions(DemoIDs.Bob); !*g[0].Automapping {
		t.Errorf("fixture automapping absent: %+v, want true", g)
	}
	if _, err := p.PatchMailboxSettings(DemoIDs.Alice, api.MailboxSettingsPatch{ForwardingAddress: ptr("orders@partner.example")}); err != nil {
		t.Errorf("Acme allows external forwarding in the fixtures: %v", err)
	}

	bad := DemoFixtures()
	bad.Permissions = []FixturePermission{{MailboxID: DemoIDs.Alice, GranteeID: DemoIDs.Bob, Permissions: []string{"view"}, Automapping: ptr(true)}}
	bad.Mail = []FixtureMail{{MailboxID: DemoIDs.Alice, Items: 1, SizeMB: 999999}, {MailboxID: DemoIDs.Admin, Items: 1}}
	_, err = New(Options{Fixtures: bad, AdminToken: "root"})
	for _, want := range []string{"permissions[0].automapping", "mail[0].size_mb", "mail[1].mailbox_id"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("fixtures with a bad %s: %v", want, err)
		}
	}
}
