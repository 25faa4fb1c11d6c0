package mockportal

import (
	"net/http"
	"slices"
	"strings"

	"github.com/csportal/terraform-provider-portal/internal/api"
)

func (p *Portal) listCustomers(w http.ResponseWriter, r *http.Request) error {
	var f customerFilter
	var err error
	if f.name, err = queryFilter(r, "name"); err != nil {
		return err
	}
	if f.code, err = queryFilter(r, "code"); err != nil {
		return err
	}
	return servePage(w, r, func(c api.Customer) string { return c.ID }, func() ([]api.Customer, error) {
		return p.store.listCustomers(infoOf(r).principal, f), nil
	})
}

func (p *Portal) getCustomer(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id", api.PrefixCustomer)
	if err != nil {
		return err
	}
	c, err := p.store.customer(infoOf(r).principal, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, c.Customer)
	return nil
}

// listUserPlans lists the plans offered to the customer, sorted by name: none while its Hosted Exchange
// is disabled (R2).
func (p *Portal) listUserPlans(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id", api.PrefixCustomer)
	if err != nil {
		return err
	}
	return servePage(w, r, func(pl api.UserPlan) string { return pl.Name }, func() ([]api.UserPlan, error) {
		c, err := p.store.customer(infoOf(r).principal, id)
		if err != nil || !c.HostedExchangeEnabled {
			return nil, err
		}
		plans := slices.Clone(c.Plans)
		slices.SortFunc(plans, func(a, b api.UserPlan) int { return strings.Compare(a.Name, b.Name) })
		return plans, nil
	})
}

// customerListing reads the customer and the shared_mailbox, subtree and grantee_id filters of a customer
// listing (400 naming the malformed one).
func customerListing(r *http.Request) (listingFilter, error) {
	f := listingFilter{actor: infoOf(r).principal}
	var err error
	if f.customerID, err = pathID(r, "id", api.PrefixCustomer); err != nil {
		return f, err
	}
	if f.sharedOnly, err = queryBool(r, "shared_mailbox"); err != nil {
		return f, err
	}
	if f.subtree, err = queryBool(r, "subtree"); err != nil {
		return f, err
	}
	f.granteeID, err = queryGranteeID(r)
	return f, err
}

func (p *Portal) listCustomerMailboxes(w http.ResponseWriter, r *http.Request) error {
	f, err := customerListing(r)
	if err != nil {
		return err
	}
	return servePage(w, r, func(m api.Mailbox) string { return m.User.ID }, func() ([]api.Mailbox, error) {
		return p.store.listCustomerMailboxes(f)
	})
}

func (p *Portal) listCustomerPermissions(w http.ResponseWriter, r *http.Request) error {
	f, err := customerListing(r)
	if err != nil {
		return err
	}
	return servePage(w, r, permissionListingKey, func() ([]api.Permission, error) {
		return p.store.listCustomerPermissions(f)
	})
}

func (p *Portal) listCustomerCalendarPermissions(w http.ResponseWriter, r *http.Request) error {
	f, err := customerListing(r)
	if err != nil {
		return err
	}
	return servePage(w, r, calendarListingKey, func() ([]api.CalendarPermission, error) {
		return p.store.listCustomerCalendarPermissions(f)
	})
}

func (p *Portal) listCustomerSubmailboxes(w http.ResponseWriter, r *http.Request) error {
	f, err := customerListing(r)
	if err != nil {
		return err
	}
	return servePage(w, r, func(sm api.Submailbox) string { return sm.ID }, func() ([]api.Submailbox, error) {
		return p.store.listCustomerSubmailboxes(f)
	})
}
