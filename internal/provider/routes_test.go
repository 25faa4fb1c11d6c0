package provider_test

// The mock's routes, as its stats count requests ("METHOD pattern"), that the tests count or hook.
const (
	routeGetUser       = "GET /api/v1/users/{id}"
	routePatchUser     = "PATCH /api/v1/users/{id}"
	routeGetService    = "GET /api/v1/users/{id}/hosted-exchange"
	routePutExchange   = "PUT /api/v1/users/{id}/hosted-exchange"
	routeGetGrant      = "GET /api/v1/users/{id}/hosted-exchange/permissions/{grantee_id}"
	routeGetAppUser    = "GET /api/v1/applications/{id}/users/{apu_id}"
	routeListMailboxes = "GET /api/v1/customers/{id}/mailboxes"
	routeListGrants    = "GET /api/v1/customers/{id}/permissions"
	routeListAppUsers  = "GET /api/v1/applications/{id}/users"
)
