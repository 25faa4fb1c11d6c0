package client

import (
	"context"

	"github.com/csportal/terraform-provider-portal/internal/api"
)

// Me returns the principal the token belongs to, its customer and what it reaches (R14).
func (c *Client) Me(ctx context.Context) (api.Me, error) {
	return get[api.Me](ctx, c, "me")
}

// ListCustomers returns every customer the token reaches, or those matching name when it is not empty.
func (c *Client) ListCustomers(ctx context.Context, name string) ([]api.Customer, error) {
	return c.FindCustomers(ctx, CustomerFilter{Name: name})
}

// CustomerFilter narrows FindCustomers; empty fields do not filter. Both match without regard to case.
type CustomerFilter struct{ Name, Code string }

// FindCustomers returns the customers the token reaches that match f: a customer out of reach is never
// listed, so a code that finds nothing may belong to one.
func (c *Client) FindCustomers(ctx context.Context, f CustomerFilter) ([]api.Customer, error) {
	return list[api.Customer](ctx, c, map[string]string{"name": f.Name, "code": f.Code}, "customers")
}

// GetCustomer returns one customer.
func (c *Client) GetCustomer(ctx context.Context, id string) (api.Customer, error) {
	return get[api.Customer](ctx, c, "customers", id)
}

// ListUserPlans returns the Hosted Exchange user plans the customer is offered (R2).
func (c *Client) ListUserPlans(ctx context.Context, customerID string) ([]api.UserPlan, error) {
	return list[api.UserPlan](ctx, c, nil, "customers", customerID, "user-plans")
}
