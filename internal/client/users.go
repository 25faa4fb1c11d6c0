package client

import (
	"context"
	"net/http"

	"github.com/csportal/terraform-provider-portal/internal/api"
)

// CreateUser creates a portal user. The request carries a fresh Idempotency-Key that every retry of this
// call reuses, so a response lost after the portal committed cannot lead to a second user.
func (c *Client) CreateUser(ctx context.Context, in api.UserCreate) (api.User, error) {
	return create[api.User](ctx, c, in, "users")
}

// GetUser returns one user.
func (c *Client) GetUser(ctx context.Context, id string) (api.User, error) {
	return get[api.User](ctx, c, "users", id)
}

// UserFilter narrows ListUsers; empty fields do not filter.
type UserFilter struct{ CustomerID, Username, Email string }

// ListUsers returns every user matching f, following pagination.
func (c *Client) ListUsers(ctx context.Context, f UserFilter) ([]api.User, error) {
	filters := map[string]string{"customer_id": f.CustomerID, "username": f.Username, "email": f.Email}
	return list[api.User](ctx, c, filters, "users")
}

// UpdateUser changes the fields set in p and returns the user as it now is. The request carries an
// Idempotency-Key that every retry of this call reuses: a patch conditional on the login version
// (p.IfLoginVersion) that is retried after its answer was lost gets that answer again, instead of a 412
// caused by its own first write.
func (c *Client) UpdateUser(ctx context.Context, id string, p api.UserPatch) (api.User, error) {
	var out api.User
	err := c.do(ctx, request{method: http.MethodPatch, segments: []string{"users", id}, body: p, idempotent: true}, &out)
	return out, err
}

// DeleteUser deletes a user. The portal refuses (409 service_provisioned) while its mailbox exists.
func (c *Client) DeleteUser(ctx context.Context, id string) error {
	return remove(ctx, c, "users", id)
}
