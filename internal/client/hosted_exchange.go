package client

import (
	"context"
	"net/http"

	"github.com/csportal/terraform-provider-portal/internal/api"
)

// GetHostedExchange returns a user's Hosted Exchange service; without one its status is "not_provisioned".
func (c *Client) GetHostedExchange(ctx context.Context, userID string) (api.HostedExchange, error) {
	return get[api.HostedExchange](ctx, c, "users", userID, "hosted-exchange")
}

// PutHostedExchange provisions or changes the service. The portal accepts it (202) and returns the job
// that does the work; pass its ID to WaitJob.
func (c *Client) PutHostedExchange(ctx context.Context, userID string, s api.HostedExchangeSpec) (api.Job, error) {
	return send[api.Job](ctx, c, http.MethodPut, s, "users", userID, "hosted-exchange")
}

// DeleteHostedExchange deprovisions the service and returns the job that does it.
func (c *Client) DeleteHostedExchange(ctx context.Context, userID string) (api.Job, error) {
	return send[api.Job](ctx, c, http.MethodDelete, nil, "users", userID, "hosted-exchange")
}

// PatchMailboxSettings changes the settings of a provisioned mailbox that the patch names (forwarding,
// copies of sent items, the address lists), at once and without a job, and returns the whole service. R6
// applies: the portal refuses it while the user's login is disabled.
func (c *Client) PatchMailboxSettings(ctx context.Context, userID string, p api.MailboxSettingsPatch) (api.HostedExchange, error) {
	return send[api.HostedExchange](ctx, c, http.MethodPatch, p, "users", userID, "hosted-exchange")
}
