package mockportal

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/csportal/terraform-provider-portal/internal/api"
)

// handlerFunc is an API handler: it writes a success response itself and returns refusals as errors.
type handlerFunc func(w http.ResponseWriter, r *http.Request) error

// route is one API endpoint; the routes are exactly the operations of api.OpenAPI (a test checks both
// ways).
type route struct {
	pattern string
	handle  handlerFunc
}

// ListingRoutes are the paged listings that the provider's batched refresh and its list resources read
// through, each with the short name a report gives it (Stats.Requests counts them by these keys).
var ListingRoutes = map[string]string{
	"GET /api/v1/customers/{id}/mailboxes":    "list mailboxes",
	"GET /api/v1/customers/{id}/permissions":  "list grants",
	"GET /api/v1/customers/{id}/submailboxes": "list submailboxes",
	"GET /api/v1/applications/{id}/users":     "list application users",
	// The calendar entries of a customer's mailboxes.
	"GET /api/v1/customers/{id}/calendar-permissions": "list calendar entries",
}

func (p *Portal) routes() []route {
	return []route{
		{"GET /api/v1/me", p.getMe},
		{"GET /api/v1/customers", p.listCustomers},
		{"GET /api/v1/customers/{id}", p.getCustomer},
		{"GET /api/v1/customers/{id}/user-plans", p.listUserPlans},
		{"GET /api/v1/customers/{id}/mailboxes", p.listCustomerMailboxes},
		{"GET /api/v1/customers/{id}/permissions", p.listCustomerPermissions},
		{"GET /api/v1/customers/{id}/submailboxes", p.listCustomerSubmailboxes},
		{"GET /api/v1/customers/{id}/calendar-permissions", p.listCustomerCalendarPermissions},
		{"POST /api/v1/users", p.createUser},
		{"GET /api/v1/users", p.listUsers},
		{"GET /api/v1/users/{id}", p.getUser},
		{"PATCH /api/v1/users/{id}", p.updateUser},
		{"DELETE /api/v1/users/{id}", p.deleteUser},
		{"GET /api/v1/users/{id}/hosted-exchange", p.getHostedExchange},
		{"PUT /api/v1/users/{id}/hosted-exchange", p.putHostedExchange},
		{"DELETE /api/v1/users/{id}/hosted-exchange", p.deleteHostedExchange},
		{"PATCH /api/v1/users/{id}/hosted-exchange", p.patchMailboxSettings},
		{"GET /api/v1/users/{id}/hosted-exchange/permissions", p.listPermissions(api.PrefixUser)},
		{"GET /api/v1/users/{id}/hosted-exchange/permissions/{grantee_id}", p.getPermission(api.PrefixUser)},
		{"PUT /api/v1/users/{id}/hosted-exchange/permissions/{grantee_id}", p.putPermission(api.PrefixUser)},
		{"DELETE /api/v1/users/{id}/hosted-exchange/permissions/{grantee_id}", p.deletePermission(api.PrefixUser)},
		{"POST /api/v1/users/{id}/hosted-exchange/submailboxes", p.createSubmailbox},
		{"GET /api/v1/users/{id}/hosted-exchange/submailboxes", p.listSubmailboxes},
		{"GET /api/v1/submailboxes/{id}", p.getSubmailbox},
		{"PATCH /api/v1/submailboxes/{id}", p.updateSubmailbox},
		{"DELETE /api/v1/submailboxes/{id}", p.deleteSubmailbox},
		{"GET /api/v1/submailboxes/{id}/permissions", p.listPermissions(api.PrefixSubmailbox)},
		{"GET /api/v1/submailboxes/{id}/permissions/{grantee_id}", p.getPermission(api.PrefixSubmailbox)},
		{"PUT /api/v1/submailboxes/{id}/permissions/{grantee_id}", p.putPermission(api.PrefixSubmailbox)},
		{"DELETE /api/v1/submailboxes/{id}/permissions/{grantee_id}", p.deletePermission(api.PrefixSubmailbox)},
		{"GET /api/v1/users/{id}/hosted-exchange/calendar", p.getCalendar},
		{"PATCH /api/v1/users/{id}/hosted-exchange/calendar", p.updateCalendar},
		{"GET /api/v1/users/{id}/hosted-exchange/calendar/permissions", p.listCalendarPermissions},
		{"GET /api/v1/users/{id}/hosted-exchange/calendar/permissions/{grantee_id}", p.getCalendarPermission},
		{"PUT /api/v1/users/{id}/hosted-exchange/calendar/permissions/{grantee_id}", p.putCalendarPermission},
		{"DELETE /api/v1/users/{id}/hosted-exchange/calendar/permissions/{grantee_id}", p.deleteCalendarPermission},
		{"GET /api/v1/jobs/{id}", p.getJob},
		{"GET /api/v1/applications", p.listApplications},
		{"GET /api/v1/applications/{id}", p.getApplication},
		{"POST /api/v1/applications/{id}/users", p.createApplicationUser},
		{"GET /api/v1/applications/{id}/users", p.listApplicationUsers},
		{"GET /api/v1/applications/{id}/users/{apu_id}", p.getApplicationUser},
		{"PATCH /api/v1/applications/{id}/users/{apu_id}", p.updateApplicationUser},
		{"DELETE /api/v1/applications/{id}/users/{apu_id}", p.deleteApplicationUser},
	}
}

// RoutePatterns lists the API routes the portal serves, as net/http patterns ("GET /api/v1/users/{id}").
func RoutePatterns() []string {
	var out []string
	for _, rt := range (&Portal{}).routes() {
		out = append(out, rt.pattern)
	}
	return out
}

// adapt turns a handlerFunc into an http.Handler. A refusal that is not an *Error is a bug of the mock: it
// is answered 500 and reported.
func (p *Portal) adapt(h handlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		err := h(w, r)
		if err == nil {
			return
		}
		if _, ok := errors.AsType[*Error](err); !ok {
			p.report(fmt.Errorf("%s %s: unexpected error: %w", r.Method, r.URL.Path, err))
		}
		writeError(w, err)
	})
}
