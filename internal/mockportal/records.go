package mockportal

import (
	"slices"
	"time"

	"github.com/csportal/terraform-provider-portal/internal/api"
)

// Records are the store's rows. They embed the wire types where the shapes agree and add what the API does
// not show. All fields are exported for the JSON state file (persist.go).

type customerRecord struct {
	api.Customer
	Plans []api.UserPlan `json:"user_plans"`
}

// plan returns the customer's plan of that exact name, if it is offered (R2: Hosted Exchange enabled and
// the plan made available to the customer).
func (c *customerRecord) plan(name string) (api.UserPlan, bool) {
	if !c.HostedExchangeEnabled {
		return api.UserPlan{}, false
	}
	i := slices.IndexFunc(c.Plans, func(p api.UserPlan) bool { return p.Name == name })
	if i < 0 {
		return api.UserPlan{}, false
	}
	return c.Plans[i], true
}

type userRecord struct {
	api.User
	Service serviceRecord `json:"service"`
	appearance
}

// serviceRecord is a user's Hosted Exchange service. The spec fields hold the accepted spec from the PUT
// on; its addresses stay reserved until deprovisioning finishes or the user is deleted.
type serviceRecord struct {
	Status        string   `json:"status"`
	Plan          string   `json:"user_plan"`
	SharedMailbox bool     `json:"shared_mailbox"`
	PrimaryEmail  string   `json:"primary_email"`
	Aliases       []string `json:"email_aliases"`
	// MailboxExists is true once a provisioning job succeeded and until a deprovisioning job succeeds: only
	// then can the mailbox carry grants (a re-provisioning in flight keeps it).
	MailboxExists bool   `json:"mailbox_exists"`
	JobID         string `json:"job_id"`
	Version       int64  `json:"version"`
	// Calendar is the mailbox's shared calendar (R7), nil without one (see store_calendar.go).
	Calendar *calendarRecord `json:"calendar,omitempty"`
	// Settings are the mailbox's Exchange settings; Usage its size limit (from the plan) and what it holds.
	// Both stay through a re-provisioning (a plan or address change) and are reset by deprovisioning.
	Settings api.MailboxSettings `json:"settings"`
	Usage    api.MailboxUsage    `json:"usage"`
}

// newService is the service of a user without a mailbox: not provisioned, with the portal's default
// settings for when it is.
func newService(version int64) serviceRecord {
	return serviceRecord{Status: api.ServiceNotProvisioned, Aliases: []string{}, Settings: api.DefaultMailboxSettings, Version: version}
}

// addresses are the mailbox's reserved addresses, primary first.
func (s *serviceRecord) addresses() []string {
	if s.PrimaryEmail == "" {
		return nil
	}
	return append([]string{s.PrimaryEmail}, s.Aliases...)
}

// jobRunning reports whether the service's last job has not ended.
func (s *serviceRecord) jobRunning() bool {
	return s.Status == api.ServiceRequested || s.Status == api.ServiceInProgress
}

type permissionRecord struct {
	api.Permission
	appearance
}

// view is the wire form of a grant; the slice is a copy, so callers cannot change the store through it.
func (g *permissionRecord) view() api.Permission {
	out := g.Permission
	out.Permissions = slices.Clone(g.Permissions)
	if g.Automapping != nil {
		out.Automapping = ptr(*g.Automapping)
	}
	return out
}

// submailboxRecord is a submailbox. Its path is not stored: it follows from the names of its ancestors,
// which a rename changes (submailboxView).
type submailboxRecord struct {
	ID        string `json:"id"`
	MailboxID string `json:"mailbox_id"`
	ParentID  string `json:"parent_id"`
	Name      string `json:"name"`
	Version   int64  `json:"version"`
	// CreationMark is the mark its creator gave it (see creation_marks.go).
	CreationMark string `json:"creation_mark,omitempty"`
	appearance
}

type appUserRecord struct {
	api.ApplicationUser
	appearance
}

// jobRecord is a provisioning job. Its outcome and timing are fixed when it is accepted, so that a seeded
// run is reproducible and a job restored from a state file ends as it would have.
type jobRecord struct {
	api.Job
	// CustomerID is the customer of the job's user: who may read the job (R14), even after the user is gone.
	CustomerID string    `json:"customer_id"`
	Fail       bool      `json:"fail"`
	StartAt    time.Time `json:"start_at"` // requested → in_progress
	DoneAt     time.Time `json:"done_at"`  // in_progress → provisioned | failed
}

// appearance is when a new object shows: to reads of it (VisibleAt: the consistency_delay fault) and to the
// lists it is in (ListedAt: listing_delay on top, a list index that lags behind the store). Zero: at once.
type appearance struct {
	VisibleAt time.Time `json:"visible_at,omitzero"`
	ListedAt  time.Time `json:"listed_at,omitzero"`
}

// readable reports whether a read of the object (GET by ID) sees it at now.
func (a appearance) readable(now time.Time) bool { return visible(a.VisibleAt, now) }

// listed reports whether the lists the object is in show it at now.
func (a appearance) listed(now time.Time) bool {
	return visible(a.VisibleAt, now) && visible(a.ListedAt, now)
}

// visible reports whether a moment has come at now; zero has always come.
func visible(at, now time.Time) bool { return at.IsZero() || !now.Before(at) }
