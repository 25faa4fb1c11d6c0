package mockportal

import (
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/csportal/terraform-provider-portal/internal/api"
)

// A customer's listings carry in one page what the single reads carry object by object, so that a client
// lists or refreshes a customer's mailboxes and grants in about one request per page.

// listingFilter is the query of the customer listings.
type listingFilter struct {
	actor      principal
	customerID string
	// sharedOnly keeps shared mailboxes (R1) and what lies on them.
	sharedOnly bool
	// subtree adds every customer below customerID that the actor reaches.
	subtree bool
	// granteeID keeps what this grantee holds ("": everyone's).
	granteeID string
}

// customers returns the customers the listing covers, or 404 when the actor does not reach customerID.
func (f listingFilter) customers(st *state) (map[string]bool, error) {
	if _, err := st.customer(f.actor, f.customerID); err != nil {
		return nil, err
	}
	return st.subtreeOf(f.actor, f.customerID, f.subtree), nil
}

// listCustomerMailboxes returns the users of the listing's customers that have a Hosted Exchange service
// (any status but not_provisioned), each with its service, sorted by user ID; 404 for a customer that is
// unknown or out of reach.
func (s *store) listCustomerMailboxes(f listingFilter) ([]api.Mailbox, error) {
	var out []api.Mailbox
	err := s.read(func(st *state, now time.Time) error {
		customers, err := f.customers(st)
		if err != nil {
			return err
		}
		for _, u := range sortedValues(st.users) {
			if customers[u.CustomerID] && st.listedMailbox(u, f, now) {
				out = append(out, api.Mailbox{User: userView(u), HostedExchange: serviceView(u)})
			}
		}
		return nil
	})
	return out, err
}

// listedMailbox reports whether a customer listing shows user u of one of its customers.
func (st *state) listedMailbox(u *userRecord, f listingFilter, now time.Time) bool {
	return u.listed(now) && u.Service.Status != api.ServiceNotProvisioned && (!f.sharedOnly || u.Service.SharedMailbox)
}

// listCustomerPermissions returns every grant on the customer's mailboxes and their submailboxes, sorted
// by mailbox key and grantee ID. As GET .../permissions, it never lists administrators (R12) and shows only
// grants on mailboxes that can carry them (provisioned).
func (s *store) listCustomerPermissions(f listingFilter) ([]api.Permission, error) {
	var out []api.Permission
	err := s.read(func(st *state, now time.Time) error {
		customers, err := f.customers(st)
		if err != nil {
			return err
		}
		for _, key := range slices.Sorted(maps.Keys(st.perms)) {
			owner, err := st.mailboxOwner(f.actor, key)
			if err != nil || !customers[owner.CustomerID] || f.sharedOnly && !owner.Service.SharedMailbox ||
				st.requireVisibleMailbox(f.actor, key, now) != nil {
				continue
			}
			for _, g := range st.visibleGrants(key, now) {
				if f.granteeID == "" || g.GranteeID == f.granteeID {
					out = append(out, g)
				}
			}
		}
		return nil
	})
	return out, err
}

// listCustomerCalendarPermissions returns every entry on the calendars of the listing's customers' mailboxes
// (those of f.granteeID alone unless it is ""), sorted by mailbox and grantee ID, as the per-mailbox listing
// shows them; 404 for a customer that is unknown or out of reach.
func (s *store) listCustomerCalendarPermissions(f listingFilter) ([]api.CalendarPermission, error) {
	var out []api.CalendarPermission
	err := s.read(func(st *state, now time.Time) error {
		customers, err := f.customers(st)
		if err != nil {
			return err
		}
		for _, mailboxID := range slices.Sorted(maps.Keys(st.calendars)) {
			owner, ok := st.users[mailboxID]
			if !ok || !customers[owner.CustomerID] || !owner.readable(now) || owner.Service.Calendar == nil {
				continue
			}
			out = append(out, st.visibleCalendarEntries(mailboxID, f.granteeID, now)...)
		}
		return nil
	})
	return out, err
}

// permissionListingKey is the sort key of a customer's grants: mailbox keys and grantee IDs have one
// length each, so the concatenation sorts by mailbox, then grantee.
func permissionListingKey(g api.Permission) string {
	return strings.Join([]string{g.MailboxID, g.GranteeID}, "/")
}

// listCustomerSubmailboxes returns every submailbox of the listing's customers' mailboxes, sorted by ID, as
// the per-mailbox listing shows them.
func (s *store) listCustomerSubmailboxes(f listingFilter) ([]api.Submailbox, error) {
	var out []api.Submailbox
	err := s.read(func(st *state, now time.Time) error {
		customers, err := f.customers(st)
		if err != nil {
			return err
		}
		for _, sm := range sortedValues(st.submailboxes) {
			owner, ok := st.users[sm.MailboxID]
			if ok && customers[owner.CustomerID] && st.requireVisibleMailbox(f.actor, sm.MailboxID, now) == nil && sm.listed(now) {
				out = append(out, st.submailboxView(sm))
			}
		}
		return nil
	})
	return out, err
}
