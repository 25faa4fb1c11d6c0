package client

import (
	"context"
	"net/http"

	"github.com/csportal/terraform-provider-portal/internal/api"
)

// CreateSubmailbox creates a submailbox of a mailbox (in.ParentID empty: at its top level), with an
// Idempotency-Key reused by every retry of this call (see CreateUser).
func (c *Client) CreateSubmailbox(ctx context.Context, mailboxID string, in api.SubmailboxCreate) (api.Submailbox, error) {
	return create[api.Submailbox](ctx, c, in, "users", mailboxID, "hosted-exchange", "submailboxes")
}

// GetSubmailbox returns one submailbox; 404 once it, or its mailbox, is gone.
func (c *Client) GetSubmailbox(ctx context.Context, id string) (api.Submailbox, error) {
	return get[api.Submailbox](ctx, c, "submailboxes", id)
}

// ListSubmailboxes returns every submailbox of a mailbox, at any depth.
func (c *Client) ListSubmailboxes(ctx context.Context, mailboxID string) ([]api.Submailbox, error) {
	return list[api.Submailbox](ctx, c, nil, "users", mailboxID, "hosted-exchange", "submailboxes")
}

// UpdateSubmailbox renames a submailbox and returns it as it now is.
func (c *Client) UpdateSubmailbox(ctx context.Context, id string, p api.SubmailboxPatch) (api.Submailbox, error) {
	return send[api.Submailbox](ctx, c, http.MethodPatch, p, "submailboxes", id)
}

// DeleteSubmailbox deletes a submailbox and the grants on it. The portal refuses (409 has_children) while
// other submailboxes are inside it.
func (c *Client) DeleteSubmailbox(ctx context.Context, id string) error {
	return remove(ctx, c, "submailboxes", id)
}
