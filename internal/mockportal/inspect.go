package mockportal

import (
	"slices"
	"time"

	"github.com/csportal/terraform-provider-portal/internal/api"
)

// Inspection shows the store as it is: unlike API reads, it sees objects still hidden by the
// consistency_delay fault. Results are copies.

// User returns a user.
func (p *Portal) User(id string) (api.User, bool) { return inspectUser(p, id, userView) }

// inspectUser returns a view of a user, hidden or not.
func inspectUser[T any](p *Portal, id string, view func(*userRecord) T) (T, bool) {
	var out T
	found := p.store.read(func(st *state, _ time.Time) error {
		u, err := st.user(operator, id)
		if err == nil {
			out = view(u)
		}
		return err
	}) == nil
	return out, found
}

// Users returns every user, sorted by ID.
func (p *Portal) Users() []api.User {
	var out []api.User
	_ = p.store.read(func(st *state, _ time.Time) error {
		for _, u := range sortedValues(st.users) {
			out = append(out, userView(u))
		}
		return nil
	})
	return out
}

// HostedExchange returns a user's Hosted Exchange service.
func (p *Portal) HostedExchange(userID string) (api.HostedExchange, bool) {
	return inspectUser(p, userID, serviceView)
}

// Permissions returns every grant on a mailbox or, given a submailbox ID, on that submailbox (R8: the two
// never share grants), sorted by grantee ID.
func (p *Portal) Permissions(mailboxID string) []api.Permission {
	var out []api.Permission
	_ = p.store.read(func(st *state, _ time.Time) error {
		for _, g := range sortedValues(st.perms[mailboxID]) {
			out = append(out, g.view())
		}
		return nil
	})
	return out
}

// Submailbox returns a submailbox.
func (p *Portal) Submailbox(id string) (api.Submailbox, bool) {
	var out api.Submailbox
	found := p.store.read(func(st *state, _ time.Time) error {
		sm, err := st.submailbox(operator, id)
		if err == nil {
			out = st.submailboxView(sm)
		}
		return err
	}) == nil
	return out, found
}

// Submailboxes returns every submailbox of a mailbox, at any depth, sorted by ID.
func (p *Portal) Submailboxes(mailboxID string) []api.Submailbox {
	var out []api.Submailbox
	_ = p.store.read(func(st *state, _ time.Time) error {
		for _, sm := range sortedValues(st.submailboxes) {
			if sm.MailboxID == mailboxID {
				out = append(out, st.submailboxView(sm))
			}
		}
		return nil
	})
	return out
}

// ApplicationUsers returns the users of an application, sorted by ID.
func (p *Portal) ApplicationUsers(appID string) []api.ApplicationUser {
	var out []api.ApplicationUser
	_ = p.store.read(func(st *state, _ time.Time) error {
		for _, a := range sortedValues(st.appUsers) {
			if a.ApplicationID == appID {
				out = append(out, a.ApplicationUser)
			}
		}
		return nil
	})
	return out
}

// Job returns a provisioning job.
func (p *Portal) Job(id string) (api.Job, bool) {
	j, err := p.store.getJob(operator, id)
	return j, err == nil
}

// Events returns the audit log: every committed mutation, oldest first (the last 100,000 of a
// long-running portal).
func (p *Portal) Events() []Event {
	var out []Event
	_ = p.store.read(func(st *state, _ time.Time) error {
		out = slices.Clone(st.events)
		return nil
	})
	return out
}

// AdminID is the principal of the admin token.
func (p *Portal) AdminID() string {
	var id string
	_ = p.store.read(func(st *state, _ time.Time) error {
		id = st.adminID
		return nil
	})
	return id
}

// Stats returns the request counts.
func (p *Portal) Stats() Stats { return p.stats.snapshot() }

// ResetStats zeroes the request counts.
func (p *Portal) ResetStats() { p.stats.reset() }

// Faults returns the fault settings.
func (p *Portal) Faults() Faults { return p.faults.settings() }

// SetFaults replaces the fault settings and re-seeds the PRNG: from here on, the same requests give the
// same faults.
func (p *Portal) SetFaults(f Faults) error {
	if err := f.Validate(); err != nil {
		return err
	}
	p.faults.set(f)
	return nil
}

// Reset returns the portal to its fixtures, with faults off, stats zeroed and idempotency keys and issued
// tokens forgotten. Running jobs of the old state stop.
func (p *Portal) Reset() error {
	st, err := buildState(p.fixtures, time.Now().UTC())
	if err != nil {
		return err
	}
	p.store.replace(st)
	p.faults.set(Faults{})
	p.stats.reset()
	p.idem.reset()
	return nil
}
