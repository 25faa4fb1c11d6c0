package mockportal

import (
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/csportal/terraform-provider-portal/internal/api"
)

// state is everything the portal holds. It is only touched under store.mu. The maps are the truth; the
// indexes are derived from them (reindex) and never persisted.
type state struct {
	seq     int64  // last version/event number handed out
	adminID string // the principal of the admin token

	customers    map[string]*customerRecord
	users        map[string]*userRecord
	perms        map[string]map[string]*permissionRecord // mailbox key (user or submailbox ID) → grantee ID → grant
	submailboxes map[string]*submailboxRecord
	applications map[string]api.Application
	appUsers     map[string]*appUserRecord
	jobs         map[string]*jobRecord
	tokens       map[string]string // issued token → principal ID
	events       []Event
	// calendars are the entries of the mailboxes' calendars: mailbox user ID → grantee ID → entry.
	calendars map[string]map[string]*calendarPermissionRecord

	usernames    map[string]string // customer ID + "/" + username → user ID
	emails       map[string]string // address → user ID holding it (R3)
	appUsernames map[string]string // application ID + "/" + customer ID + "/" + username → application user ID (R13)
	codes        map[string]string // customer code → customer ID
	domains      map[string]string // accepted domain → customer ID (R15)
}

func newState() *state {
	return &state{
		customers:    map[string]*customerRecord{},
		users:        map[string]*userRecord{},
		perms:        map[string]map[string]*permissionRecord{},
		submailboxes: map[string]*submailboxRecord{},
		applications: map[string]api.Application{},
		appUsers:     map[string]*appUserRecord{},
		jobs:         map[string]*jobRecord{},
		tokens:       map[string]string{},
		calendars:    map[string]map[string]*calendarPermissionRecord{},
		usernames:    map[string]string{},
		emails:       map[string]string{},
		appUsernames: map[string]string{},
		codes:        map[string]string{},
		domains:      map[string]string{},
	}
}

// reindex rebuilds the derived indexes from the records.
func (st *state) reindex() {
	clear(st.usernames)
	clear(st.emails)
	clear(st.appUsernames)
	clear(st.codes)
	clear(st.domains)
	for _, c := range st.customers {
		st.indexCustomer(c)
	}
	for _, u := range st.users {
		st.usernames[scopedKey(u.CustomerID, u.Username)] = u.ID
		for _, a := range u.Service.addresses() {
			st.emails[a] = u.ID
		}
	}
	for _, a := range st.appUsers {
		st.appUsernames[appUserKey(a.ApplicationID, a.CustomerID, a.Username)] = a.ID
	}
	st.reindexCalendars()
	// A state file written before grants carried their customer gets it from the mailbox's owner.
	for key, grants := range st.perms {
		for _, g := range grants {
			if g.CustomerID == "" {
				if owner, err := st.mailboxOwner(operator, key); err == nil {
					g.CustomerID = owner.CustomerID
				}
			}
			// And a full_access granted before grants had automapping was granted with it, Exchange's default.
			if g.Automapping == nil && slices.Contains(g.Permissions, api.PermissionFullAccess) {
				g.Automapping = ptr(true)
			}
		}
	}
}

func scopedKey(scope, name string) string { return scope + "/" + name }

// appUserKey is the scope of an application user's name: its application and its customer (R13).
func appUserKey(appID, customerID, username string) string {
	return scopedKey(scopedKey(appID, customerID), username)
}

// indexCustomer records a customer's code and domains.
func (st *state) indexCustomer(c *customerRecord) {
	st.codes[c.Code] = c.ID
	for _, d := range c.Domains {
		st.domains[d] = c.ID
	}
}

// next hands out the next number of the store-wide sequence. Versions come from it, so an ETag is never
// reused for the same URL even across delete and re-create.
func (st *state) next() int64 {
	st.seq++
	return st.seq
}

// freshID returns a new random ID that no object of the kind holds.
func (st *state) freshID(prefix string, taken func(string) bool) string {
	for {
		if id := newID(prefix); !taken(id) {
			return id
		}
	}
}

// maxEvents bounds the audit log of a long-running mock: past it, the oldest events are dropped.
const maxEvents = 100_000

func (st *state) record(now time.Time, actor principal, op string, loginEnabled *bool, targets ...string) {
	if len(st.events) >= maxEvents {
		st.events = slices.Delete(st.events, 0, len(st.events)-maxEvents+1)
	}
	st.events = append(st.events, Event{Seq: st.next(), Time: now, PrincipalID: actor.ID, Operation: op,
		TargetIDs: targets, MailboxLoginEnabled: loginEnabled})
}

// user returns a user of a customer the principal reaches, for a write (hidden users included:
// consistency_delay only hides from reads). Out of reach is not found, like an unknown ID (R14).
func (st *state) user(p principal, id string) (*userRecord, error) {
	u, ok := st.users[id]
	if !ok || !st.reaches(p, u.CustomerID) {
		return nil, errNotFound("user %s does not exist", id)
	}
	return u, nil
}

// visibleUser returns a user a read by the principal may see.
func (st *state) visibleUser(p principal, id string, now time.Time) (*userRecord, error) {
	u, err := st.user(p, id)
	if err != nil || !u.readable(now) {
		return nil, errNotFound("user %s does not exist", id)
	}
	return u, nil
}

// principal resolves a principal ID (portal user or application user) as of now.
func (st *state) principal(id string) (principal, bool) {
	if u, ok := st.users[id]; ok {
		return principal{ID: u.ID, Kind: api.KindUser, Role: u.Role, Name: u.Username, CustomerID: u.CustomerID}, true
	}
	if a, ok := st.appUsers[id]; ok {
		return principal{ID: a.ID, Kind: api.KindApplicationUser, Role: api.RoleUser, Name: a.Username,
			ApplicationID: a.ApplicationID, CustomerID: a.CustomerID}, true
	}
	return principal{}, false
}

// removeGrantsHeldBy removes every grant the grantee holds and returns the mailbox IDs, sorted.
func (st *state) removeGrantsHeldBy(granteeID string) []string {
	return removeHeldBy(st.perms, granteeID)
}

// removeHeldBy removes the grantee's right from every mailbox key of rights (mailbox key → grantee → right)
// and returns the mailbox keys it held one on, sorted.
func removeHeldBy[V any](rights map[string]map[string]V, granteeID string) []string {
	var mailboxes []string
	for _, mailbox := range slices.Sorted(maps.Keys(rights)) {
		if _, ok := rights[mailbox][granteeID]; ok {
			delete(rights[mailbox], granteeID)
			mailboxes = append(mailboxes, mailbox)
		}
	}
	return mailboxes
}

// revokeTokensOf forgets the issued tokens of a deleted principal.
func (st *state) revokeTokensOf(principalID string) {
	for tok, id := range st.tokens {
		if id == principalID {
			delete(st.tokens, tok)
		}
	}
}

// sortedValues returns a map's values sorted by key: every list of the API is sorted by ID.
func sortedValues[V any](m map[string]V) []V {
	out := make([]V, 0, len(m))
	for _, k := range slices.Sorted(maps.Keys(m)) {
		out = append(out, m[k])
	}
	return out
}

func eqFold(a, b string) bool { return strings.EqualFold(a, b) }
