package mockportal

import "github.com/csportal/terraform-provider-portal/internal/api"

// principal is who makes a request: a portal user, an application user, or the operator (Go API).
type principal struct {
	ID            string
	Kind          string
	Role          string
	Name          string
	ApplicationID string
	// CustomerID is the customer the principal belongs to: the root of what it reaches (R14).
	CustomerID string
	// everywhere marks the operator and the provisioning jobs, which act on the whole portal.
	everywhere bool
}

func (p principal) admin() bool { return p.Role == api.RoleAdmin }

// operator is the principal of the operator functions: the service provider's staff clicking in the portal.
var operator = principal{ID: PrincipalOperator, Kind: "operator", Role: api.RoleAdmin, Name: "operator", everywhere: true}

// system is the principal of provisioning jobs.
var system = principal{ID: PrincipalSystem, Kind: "system", Role: api.RoleAdmin, Name: "system", everywhere: true}
