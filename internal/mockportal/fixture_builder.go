package mockportal

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/csportal/terraform-provider-portal/internal/api"
)

// fixtureBuilder adds fixture objects to a state, collecting every rule a fixture breaks (named by its
// JSON path in the fixture file) rather than stopping at the first.
type fixtureBuilder struct {
	st  *state
	now time.Time
	fe  fieldErrors
}

// newObjectID checks a fixture ID: well-formed and not used before.
func (b *fixtureBuilder) newObjectID(path, prefix, id string, taken bool) bool {
	switch {
	case !validID(prefix, id):
		b.fe.add(path+".id", "must be %s<16 lowercase hex digits>", prefix)
	case taken:
		b.fe.add(path+".id", "duplicate ID %s", id)
	default:
		return true
	}
	return false
}

func (b *fixtureBuilder) customer(path string, c FixtureCustomer) {
	_, taken := b.st.customers[c.ID]
	if !b.newObjectID(path, api.PrefixCustomer, c.ID, taken) {
		return
	}
	seen := map[string]bool{}
	for j, p := range c.UserPlans {
		if p.Name == "" || seen[p.Name] {
			b.fe.add(fmt.Sprintf("%s.user_plans[%d].name", path, j), "must be non-empty and unique")
		}
		seen[p.Name] = true
	}
	if c.ParentID != "" && !validID(api.PrefixCustomer, c.ParentID) {
		b.fe.add(path+".parent_id", "must be empty (the root) or a customer ID cus_<16 lowercase hex digits>")
	}
	code := strings.ToUpper(c.Code)
	switch other, dup := b.st.codes[code]; {
	case !customerCodePattern.MatchString(code):
		b.fe.add(path+".code", "must be 1 to 16 letters and digits (stored uppercase)")
	case dup:
		b.fe.add(path+".code", "code %q is customer %s's already; codes are unique in the portal", code, other)
	}
	domains := make([]string, 0, len(c.Domains))
	for j, raw := range c.Domains {
		d := strings.ToLower(raw)
		field := fmt.Sprintf("%s.domains[%d]", path, j)
		switch other, dup := b.st.domains[d]; {
		case !validDomain(d):
			b.fe.add(field, "%q is not a domain name", raw)
		case dup:
			b.fe.add(field, "domain %s is customer %s's already; a domain belongs to one customer in the portal (R15)", d, other)
		default:
			domains = append(domains, d)
			b.st.domains[d] = c.ID
		}
	}
	slices.Sort(domains)
	rec := &customerRecord{
		Customer: api.Customer{ID: c.ID, Name: c.Name, HostedExchangeEnabled: c.HostedExchangeEnabled,
			ParentID: c.ParentID, Code: code, Domains: domains, UsernameSuffix: c.UsernameSuffix,
			AllowExternalForwarding: c.AllowExternalForwarding},
		Plans: append([]api.UserPlan{}, c.UserPlans...),
	}
	b.st.customers[c.ID] = rec
	b.st.indexCustomer(rec)
}

// tree checks that the customers form one tree (R14) once they are all in: every parent is a customer,
// no customer is its own ancestor, and exactly one, the root, has no parent. It returns the root's ID.
func (b *fixtureBuilder) tree(customers []FixtureCustomer) string {
	var roots []string
	for i, c := range customers {
		rec, ok := b.st.customers[c.ID]
		if !ok || rec.ID != c.ID || rec.Name != c.Name {
			continue // refused already (or a duplicate ID)
		}
		path := fmt.Sprintf("customers[%d].parent_id", i)
		switch _, known := b.st.customers[c.ParentID]; {
		case c.ParentID == "":
			roots = append(roots, c.ID)
		case !known:
			b.fe.add(path, "customer %s is not in the fixtures", c.ParentID)
		case c.ParentID == c.ID || b.st.below(c.ParentID, c.ID):
			b.fe.add(path, "customer %s would be below itself: the customers must form a tree", c.ID)
		}
	}
	if len(roots) != 1 {
		b.fe.add("customers", "exactly one customer (the service provider, the root of the tree) must have no parent_id; "+
			"found %d: %s", len(roots), strings.Join(roots, ", "))
		return ""
	}
	return roots[0]
}

// application adds an application, offered by the root unless it names the customer offering it.
func (b *fixtureBuilder) application(path string, a api.Application, root string) {
	_, taken := b.st.applications[a.ID]
	if !b.newObjectID(path, api.PrefixApplication, a.ID, taken) {
		return
	}
	if a.CustomerID == "" {
		a.CustomerID = root
	}
	if _, ok := b.st.customers[a.CustomerID]; !ok && a.CustomerID != "" {
		b.fe.add(path+".customer_id", "customer %s is not in the fixtures", a.CustomerID)
	}
	b.st.applications[a.ID] = a
}

func (b *fixtureBuilder) user(path string, f FixtureUser, root string) {
	st := b.st
	_, taken := st.users[f.ID]
	if !b.newObjectID(path, api.PrefixUser, f.ID, taken) {
		return
	}
	c, ok := st.customers[f.CustomerID]
	if !ok {
		b.fe.add(path+".customer_id", "customer %s is not in the fixtures", f.CustomerID)
		return
	}
	username := b.fe.storedUsername(path+".username", f.Username, c)
	if _, dup := st.usernames[scopedKey(f.CustomerID, username)]; dup {
		b.fe.add(path+".username", "customer %s already has a user named %q", f.CustomerID, username)
	}
	if f.Role != api.RoleAdmin && f.Role != api.RoleUser {
		b.fe.add(path+".role", "must be %q or %q", api.RoleAdmin, api.RoleUser)
	}
	u := &userRecord{User: api.User{
		ID: f.ID, CustomerID: f.CustomerID, Username: username, FirstName: f.FirstName, LastName: f.LastName,
		DisplayName: f.DisplayName, Role: f.Role, LoginEnabled: !f.LoginDisabled,
		Version: st.next(), CreatedAt: b.now, UpdatedAt: b.now,
	}}
	if u.DisplayName == "" {
		u.DisplayName = defaultDisplayName(u.FirstName, u.LastName, u.Username)
	}
	u.Service = newService(st.next())
	if spec := f.HostedExchange; spec != nil {
		b.mailbox(path+".hosted_exchange", c, u, *spec)
	}
	st.users[u.ID] = u
	st.usernames[scopedKey(u.CustomerID, u.Username)] = u.ID
	if u.Role == api.RoleAdmin && st.adminID == "" && u.CustomerID == root {
		st.adminID = u.ID
	}
}

// mailbox gives a fixture user a provisioned mailbox.
func (b *fixtureBuilder) mailbox(path string, c *customerRecord, u *userRecord, spec api.HostedExchangeSpec) {
	var fe fieldErrors
	primary, aliases := fe.addresses(spec.PrimaryEmail, spec.EmailAliases)
	plan, ok := c.plan(spec.UserPlan)
	if !ok {
		fe.add("user_plan", "plan %q is not available to customer %s", spec.UserPlan, c.ID)
	}
	if e, refused := errors.AsType[*Error](c.checkDomains(primary, aliases)); refused {
		fe = append(fe, e.Fields...)
	}
	for _, a := range append([]string{primary}, aliases...) {
		if owner, taken := b.st.emails[a]; taken {
			fe.add("primary_email", "address %s already belongs to %s", a, owner)
		}
	}
	for _, e := range fe {
		b.fe.add(path+"."+e.Field, "%s", e.Message)
	}
	if len(fe) > 0 {
		return
	}
	for _, a := range append([]string{primary}, aliases...) {
		b.st.emails[a] = u.ID
	}
	u.Service = serviceRecord{Status: api.ServiceProvisioned, Plan: plan.Name, SharedMailbox: plan.SharedMailbox,
		PrimaryEmail: primary, Aliases: aliases, MailboxExists: true, Version: b.st.next(),
		Settings: api.DefaultMailboxSettings, Usage: api.MailboxUsage{StorageLimitMB: int64(plan.MailboxSizeMB)}}
	b.st.settleCalendar(b.now, u)
}

func (b *fixtureBuilder) appUser(path string, f FixtureApplicationUser, root string) {
	st := b.st
	_, taken := st.appUsers[f.ID]
	if !b.newObjectID(path, api.PrefixApplicationUser, f.ID, taken) {
		return
	}
	app, ok := st.applications[f.ApplicationID]
	if !ok {
		b.fe.add(path+".application_id", "application %s is not in the fixtures", f.ApplicationID)
		return
	}
	if f.CustomerID == "" {
		f.CustomerID = root
	}
	switch _, known := st.customers[f.CustomerID]; {
	case !known:
		b.fe.add(path+".customer_id", "customer %s is not in the fixtures", f.CustomerID)
		return
	case !st.offeredTo(app, f.CustomerID):
		b.fe.add(path+".customer_id", "%s", errApplicationNotOffered(st, app, f.CustomerID).Detail)
	}
	username := b.fe.username(path+".username", f.Username)
	if _, dup := st.appUsernames[appUserKey(f.ApplicationID, f.CustomerID, username)]; dup {
		b.fe.add(path+".username", "application %s already has a user named %q for customer %s", f.ApplicationID, username, f.CustomerID)
	}
	email := f.Email
	if email != "" {
		email = b.fe.email(path+".email", email)
	}
	a := &appUserRecord{ApplicationUser: api.ApplicationUser{
		ID: f.ID, ApplicationID: f.ApplicationID, CustomerID: f.CustomerID, Username: username, DisplayName: f.DisplayName,
		Email: email, Enabled: !f.Disabled, Version: st.next(), CreatedAt: b.now, UpdatedAt: b.now,
	}}
	if a.DisplayName == "" {
		a.DisplayName = a.Username
	}
	st.appUsers[a.ID] = a
	st.appUsernames[appUserKey(a.ApplicationID, a.CustomerID, a.Username)] = a.ID
}

func (b *fixtureBuilder) permission(path string, f FixturePermission) {
	st := b.st
	var fe fieldErrors
	perms := fe.permissionSet(f.Permissions)
	mailbox, ok := st.users[f.MailboxID]
	switch {
	case !ok:
		fe.add("mailbox_id", "user %s is not in the fixtures", f.MailboxID)
	case len(perms) == 0 && len(fe) == 0:
		fe.add("permissions", "must not be empty")
	case st.perms[f.MailboxID][f.GranteeID] != nil:
		fe.add("grantee_id", "duplicate grant")
	}
	var g grantee
	if len(fe) == 0 {
		var err error
		if g, err = st.checkGrantee(operator, mailbox, f.GranteeID); err == nil {
			if err = checkApplicationPermissions(g, f.Permissions); err == nil {
				err = requireMailbox(mailbox)
			}
		}
		if e, ok := errors.AsType[*Error](err); ok {
			fe.add("grantee_id", "%s", e.Detail)
		}
		if automappingAllowed(perms, f.Automapping) != nil {
			fe.add("automapping", "is only allowed with full_access")
		}
	}
	for _, e := range fe {
		b.fe.add(path+"."+e.Field, "%s", e.Message)
	}
	if len(fe) > 0 {
		return
	}
	if st.perms[f.MailboxID] == nil {
		st.perms[f.MailboxID] = map[string]*permissionRecord{}
	}
	automapping, _ := grantedAutomapping(nil, perms, f.Automapping) // a new grant: never refused
	st.perms[f.MailboxID][f.GranteeID] = &permissionRecord{Permission: api.Permission{
		MailboxID: f.MailboxID, CustomerID: mailbox.CustomerID, GranteeID: f.GranteeID, GranteeKind: g.kind, Permissions: perms, Version: st.next(),
		Automapping: automapping}}
}

// mail fills a fixture mailbox with mail, which must fit its plan.
func (b *fixtureBuilder) mail(path string, f FixtureMail) {
	u, ok := b.st.users[f.MailboxID]
	switch {
	case !ok || !u.Service.MailboxExists:
		b.fe.add(path+".mailbox_id", "%s is not a fixture user with hosted_exchange", f.MailboxID)
	case f.Items < 0 || f.SizeMB < 0:
		b.fe.add(path, "items and size_mb must not be negative")
	case f.SizeMB > u.Service.Usage.StorageLimitMB:
		b.fe.add(path+".size_mb", "%d MB do not fit the %d MB of plan %q", f.SizeMB, u.Service.Usage.StorageLimitMB, u.Service.Plan)
	default:
		u.Service.Usage.ItemCount, u.Service.Usage.StorageUsedMB = f.Items, f.SizeMB
	}
}
