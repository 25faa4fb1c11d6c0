package client

import (
	"context"
	"net/http"

	"github.com/csportal/terraform-provider-portal/internal/api"
)

// ListApplications returns every application, or those matching name when it is not empty.
func (c *Client) ListApplications(ctx context.Context, name string) ([]api.Application, error) {
	return list[api.Application](ctx, c, map[string]string{"name": name}, "applications")
}

// GetApplication returns one application.
func (c *Client) GetApplication(ctx context.Context, id string) (api.Application, error) {
	return get[api.Application](ctx, c, "applications", id)
}

// CreateApplicationUser creates a user record in one application for a customer (in.CustomerID, else the
// token's own customer), with an Idempotency-Key reused by every retry of this call (see CreateUser).
func (c *Client) CreateApplicationUser(ctx context.Context, appID string, in api.ApplicationUserCreate) (api.ApplicationUser, error) {
	return create[api.ApplicationUser](ctx, c, in, "applications", appID, "users")
}

// ListApplicationUsers returns the application's users of the customers the token reaches, or those
// matching username when it is not empty.
func (c *Client) ListApplicationUsers(ctx context.Context, appID, username string) ([]api.ApplicationUser, error) {
	return c.FindApplicationUsers(ctx, appID, ApplicationUserFilter{Username: username})
}

// ApplicationUserFilter narrows FindApplicationUsers; empty fields do not filter.
type ApplicationUserFilter struct{ Username, CustomerID string }

// FindApplicationUsers returns the application's users of the customers the token reaches that match f.
// A username is unique per application and customer (R13): without CustomerID, several customers' records
// of one name may match.
func (c *Client) FindApplicationUsers(ctx context.Context, appID string, f ApplicationUserFilter) ([]api.ApplicationUser, error) {
	filters := map[string]string{"username": f.Username, "customer_id": f.CustomerID}
	return list[api.ApplicationUser](ctx, c, filters, "applications", appID, "users")
}

// GetApplicationUser returns one application user.
func (c *Client) GetApplicationUser(ctx context.Context, appID, id string) (api.ApplicationUser, error) {
	return get[api.ApplicationUser](ctx, c, "applications", appID, "users", id)
}

// UpdateApplicationUser changes the fields set in p and returns the record as it now is.
func (c *Client) UpdateApplicationUser(ctx context.Context, appID, id string, p api.ApplicationUserPatch) (api.ApplicationUser, error) {
	return send[api.ApplicationUser](ctx, c, http.MethodPatch, p, "applications", appID, "users", id)
}

// DeleteApplicationUser deletes the record and every grant it holds.
func (c *Client) DeleteApplicationUser(ctx context.Context, appID, id string) error {
	return remove(ctx, c, "applications", appID, "users", id)
}
