package mockportal

import (
	"errors"
	"fmt"
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
	b.st.customers[c.ID] = &customerRecord{
		Customer: api.Customer{ID: c.ID, Name: c.Name, HostedExchangeEnabled: c.HostedExchangeEnabled,
			AllowExternalForwarding: c.AllowExternalForwarding},
		Plans: append([]api.UserPlan{}, c.UserPlans...),
	}
}

func (b *fixtureBuilder) application(path string, a api.Application) {
	_, taken := b.st.applications[a.ID]
	if b.newObjectID(path, api.PrefixApplication, a.ID, taken) {
		b.st.applications[a.ID] = a
	}
}

func (b *fixtureBuilder) user(path string, f FixtureUser) {
	st := b.st
	_, taken := st.users[f.ID]
	if !b.newObjectID(path, api.PrefixUser, f.ID, taken) {
		return
	}
	username := b.fe.username(path+".username", f.Username)
	c, ok := st.customers[f.CustomerID]
	if !ok {
		b.fe.add(path+".customer_id", "customer %s is not in the fixtures", f.CustomerID)
		return
	}
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
	if u.Role == api.RoleAdmin && st.adminID == "" {
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
}

func (b *fixtureBuilder) appUser(path string, f FixtureApplicationUser) {
	st := b.st
	_, taken := st.appUsers[f.ID]
	if !b.newObjectID(path, api.PrefixApplicationUser, f.ID, taken) {
		return
	}
	if _, ok := st.applications[f.ApplicationID]; !ok {
		b.fe.add(path+".application_id", "application %s is not in the fixtures", f.ApplicationID)
		return
	}
	username := b.fe.username(path+".username", f.Username)
	if _, dup := st.appUsernames[scopedKey(f.ApplicationID, username)]; dup {
		b.fe.add(path+".username", "application %s already has a user named %q", f.ApplicationID, username)
	}
	email := f.Email
	if email != "" {
		email = b.fe.email(path+".email", email)
	}
	a := &appUserRecord{ApplicationUser: api.ApplicationUser{
		ID: f.ID, ApplicationID: f.ApplicationID, Username: username, DisplayName: f.DisplayName, Email: email,
		Enabled: !f.Disabled, Version: st.next(), CreatedAt: b.now, UpdatedAt: b.now,
	}}
	if a.DisplayName == "" {
		a.DisplayName = a.Username
	}
	st.appUsers[a.ID] = a
	st.appUsernames[scopedKey(a.ApplicationID, a.Username)] = a.ID
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
	var kind string
	if len(fe) == 0 {
		var err error
		if kind, err = st.checkGrantee(f.GranteeID, f.Permissions); err == nil {
			err = requireMailbox(mailbox)
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
		MailboxID: f.MailboxID, CustomerID: mailbox.CustomerID, GranteeID: f.GranteeID, GranteeKind: kind, Permissions: perms, Version: st.next(),
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
