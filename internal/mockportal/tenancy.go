package mockportal

import (
	"time"

	"github.com/csportal/terraform-provider-portal/internal/api"
)

// Tenancy (R14): customers form a tree, the service provider at its root. A principal reaches its own
// customer and, if it is an administrator, every customer below it; users with role "user" and application
// users reach their own customer only (and write nothing: withAuth refuses their writes first). Everything
// of a customer out of reach answers as if it did not exist: the scoped lookups below return the very same
// 404 for both, listings and filters leave it out, and writes go through the same lookups.
//
// Reach is decided by walking up from the object's customer to the principal's, so it costs the depth of
// the tree, never the number of customers.

// below reports whether customer id is strictly below ancestor. The walk is bounded by the number of
// customers, so that a cycle (which the fixtures refuse) could not hang it.
func (st *state) below(id, ancestor string) bool {
	c := st.customers[id]
	for steps := 0; c != nil && c.ParentID != "" && steps < len(st.customers); steps++ {
		if c.ParentID == ancestor {
			return true
		}
		c = st.customers[c.ParentID]
	}
	return false
}

// within reports whether customer id is root or below it.
func (st *state) within(id, root string) bool { return id == root || st.below(id, root) }

// reaches reports whether the principal reaches customer id.
func (st *state) reaches(p principal, id string) bool {
	if _, ok := st.customers[id]; !ok {
		return false
	}
	if p.everywhere || id == p.CustomerID {
		return true
	}
	return p.admin() && st.below(id, p.CustomerID)
}

// offeredTo reports whether the application is offered to customer id: by it or by a customer above it.
func (st *state) offeredTo(a api.Application, id string) bool { return st.within(id, a.CustomerID) }

// seesApplication reports whether the principal sees the application: it reaches the customer offering it,
// or the application is offered to the principal's own customer (the service provider's applications are
// seen by everyone).
func (st *state) seesApplication(p principal, a api.Application) bool {
	return st.reaches(p, a.CustomerID) || st.offeredTo(a, p.CustomerID)
}

// customerRef names a customer.
func (st *state) customerRef(id string) api.CustomerRef {
	c, ok := st.customers[id]
	if !ok {
		return api.CustomerRef{ID: id}
	}
	return api.CustomerRef{ID: c.ID, Name: c.Name, Code: c.Code}
}

// describeCustomer names a customer in a message: Acme (cus_…, ACME).
func (st *state) describeCustomer(id string) string {
	r := st.customerRef(id)
	return r.Name + " (" + r.ID + ", " + r.Code + ")"
}

// me is what GET /me answers: the principal, its customer and its reach. Constant cost: the reach is its
// root and whether it extends below, never a list of customers.
func (st *state) me(p principal) api.Me {
	customer := st.customerRef(p.CustomerID)
	return api.Me{ID: p.ID, Kind: p.Kind, Role: p.Role, Name: p.Name, ApplicationID: p.ApplicationID,
		Customer: customer, Reach: api.Reach{Root: customer, Subtree: p.admin(), ReadOnly: !p.admin()}}
}

// customer returns a customer the principal reaches; one out of reach is not found, like an unknown one.
func (st *state) customer(p principal, id string) (*customerRecord, error) {
	if !st.reaches(p, id) {
		return nil, errNotFound("customer %s does not exist", id)
	}
	return st.customers[id], nil
}

// subtreeOf returns the customers a listing of customer id covers: id alone, or with subtree every customer
// below it, in both cases only those the principal reaches.
func (st *state) subtreeOf(p principal, id string, subtree bool) map[string]bool {
	out := map[string]bool{id: true}
	if !subtree {
		return out
	}
	for cid := range st.customers {
		if st.below(cid, id) && st.reaches(p, cid) {
			out[cid] = true
		}
	}
	return out
}

// root returns the root customer, the service provider.
func (st *state) root() string {
	for id, c := range st.customers {
		if c.ParentID == "" {
			return id
		}
	}
	return ""
}

// view is the wire form of a customer; its domains are a copy, never nil.
func (c *customerRecord) view() api.Customer {
	out := c.Customer
	out.Domains = append([]string{}, c.Domains...)
	return out
}

// me answers GET /me for the principal.
func (s *store) me(p principal) api.Me {
	var out api.Me
	_ = s.read(func(st *state, _ time.Time) error {
		out = st.me(p)
		return nil
	})
	return out
}
