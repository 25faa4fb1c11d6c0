package mockportal

import (
	"fmt"
	"slices"
	"strings"

	"github.com/csportal/terraform-provider-portal/internal/api"
)

// grantee is who a grant goes to (R4): a portal user or an application user of a customer.
type grantee struct {
	id         string
	kind       string // api.GranteeUser or api.GranteeApplicationUser
	customerID string
}

// checkGrantee is the one check of who may be given rights on a mailbox of the owner's customer. Every kind
// of grant goes through it — mailbox and submailbox grants over the API, the operator's, the fixtures' — so
// that the rule is the same everywhere (and a new kind of grant, such as a calendar's entries, gets it by
// calling it). In order:
//
//   - the grantee exists within the actor's reach, else 422 grantee_not_found: the same answer for an ID out
//     of reach as for an unknown one (R14);
//   - it is not an administrator who reaches the mailbox's customer, who has every right there already, else
//     422 admin_has_all_permissions (R12);
//   - it belongs to the mailbox's customer, else 422 grantee_other_customer naming both customers (R16); an
//     administrator of another customer, who does not reach this one, is refused here;
//   - an application user's application is offered to that customer, else 422 application_not_available.
//
// The values a grantee may hold (R11 for mailbox permissions) are the caller's to check after.
func (st *state) checkGrantee(actor principal, owner *userRecord, granteeID string) (grantee, error) {
	notFound := errUnprocessable(api.CodeGranteeNotFound, "grantee %s is neither a user nor an application user", granteeID)
	var g grantee
	if u, ok := st.users[granteeID]; ok {
		g = grantee{id: granteeID, kind: api.GranteeUser, customerID: u.CustomerID}
	} else if a, ok := st.appUsers[granteeID]; ok && st.seesApplication(actor, st.applications[a.ApplicationID]) {
		g = grantee{id: granteeID, kind: api.GranteeApplicationUser, customerID: a.CustomerID}
	}
	if g.id == "" || !st.reaches(actor, g.customerID) {
		return grantee{}, notFound
	}
	if p, _ := st.principal(granteeID); p.admin() && st.reaches(p, owner.CustomerID) {
		return grantee{}, errUnprocessable(api.CodeAdminHasAllPermissions,
			"user %s is an administrator; administrators have all permissions and cannot be granted any", granteeID)
	}
	if g.customerID != owner.CustomerID {
		e := errUnprocessable(api.CodeGranteeOtherCustomer, "grantee %s belongs to customer %s, but mailbox %s belongs "+
			"to customer %s: rights on a mailbox go only to users of its customer and to its application users",
			granteeID, st.describeCustomer(g.customerID), owner.ID, st.describeCustomer(owner.CustomerID))
		e.Fields = []api.FieldError{{Field: "grantee_id", Message: fmt.Sprintf("a grantee of customer %s, not of %s",
			st.customerRef(owner.CustomerID).Name, st.customerRef(g.customerID).Name)}}
		return grantee{}, e
	}
	if g.kind == api.GranteeApplicationUser {
		if app := st.applications[st.appUsers[granteeID].ApplicationID]; !st.offeredTo(app, owner.CustomerID) {
			return grantee{}, errApplicationNotOffered(st, app, owner.CustomerID)
		}
	}
	return g, nil
}

// checkApplicationPermissions enforces R11: an application user may hold only the application permissions.
// Each refused value is named by its index in the request.
func checkApplicationPermissions(g grantee, requested []string) error {
	if g.kind != api.GranteeApplicationUser {
		return nil
	}
	var refused []api.FieldError
	for i, v := range requested {
		if !slices.Contains(api.ApplicationPermissions, v) {
			refused = append(refused, api.FieldError{Field: fmt.Sprintf("permissions[%d]", i),
				Message: fmt.Sprintf("%s is not an application permission", v)})
		}
	}
	if len(refused) == 0 {
		return nil
	}
	e := errUnprocessable(api.CodePermissionNotAllowed,
		"application user %s can only be given the application permissions %s", g.id,
		strings.Join(api.ApplicationPermissions, ", "))
	e.Fields = refused
	return e
}

// errApplicationNotOffered is 422 application_not_available: the application is not offered to the customer.
// The customer offering it is named by its ID only, which the application shows anyway: the caller may not
// reach it.
func errApplicationNotOffered(st *state, app api.Application, customerID string) *Error {
	return errUnprocessable(api.CodeApplicationUnavailable, "application %s (%s) is offered by customer %s to it and "+
		"the customers below it, not to customer %s", app.ID, app.Name, app.CustomerID, st.describeCustomer(customerID))
}
