package mockportal

import "github.com/csportal/terraform-provider-portal/internal/api"

// principal is who makes a request: a portal user, an application user, or the operator (Go API).
type principal struct {
	ID            string
	Kind          string
	Role          string
	Name          string
	ApplicationID string
}

func (p principal) admin() bool { return p.Role == api.RoleAdmin }

func (p principal) me() api.Me {
	return api.Me{ID: p.ID, Kind: p.Kind, Role: p.Role, Name: p.Name, ApplicationID: p.ApplicationID}
}

// operator is the principal of the operator functions: an administrator clicking in the portal.
var operator = principal{ID: PrincipalOperator, Kind: "operator", Role: api.RoleAdmin, Name: "operator"}

// system is the principal of provisioning jobs.
var system = principal{ID: PrincipalSystem, Kind: "system", Role: api.RoleAdmin, Name: "system"}
