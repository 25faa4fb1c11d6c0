package provider

import (
	"context"
	"fmt"

	"github.com/csportal/terraform-provider-portal/internal/api"
	"github.com/csportal/terraform-provider-portal/internal/client"
)

// maxJobConflicts bounds how often a service change waits out a running job of the same user and tries
// again. A running job is normal after a retried request whose first response was lost.
const maxJobConflicts = 3

// provision puts the Hosted Exchange service of user userID on spec and waits for the job. The caller holds
// the mailbox's lock with its login enabled (R6).
func (d *providerData) provision(ctx context.Context, userID string, spec api.HostedExchangeSpec) error {
	return d.runServiceJob(ctx, userID, func(ctx context.Context) (api.Job, error) {
		return d.client.PutHostedExchange(ctx, userID, spec)
	})
}

// deprovision removes the Hosted Exchange service of user userID and waits for the job; a service that is
// already gone is success. It can be gone because of this very call: when the answer to a DELETE is lost,
// the retry finds the service removed (409 service_not_provisioned).
func (d *providerData) deprovision(ctx context.Context, userID string) error {
	err := d.runServiceJob(ctx, userID, func(ctx context.Context) (api.Job, error) {
		return d.client.DeleteHostedExchange(ctx, userID)
	})
	if client.IsNotFound(err) || client.HasCode(err, api.CodeServiceNotProvisioned) {
		return nil
	}
	return err
}

// runServiceJob starts a job with start and waits for it. When the portal answers that another job of the
// user is running, it waits for that job and starts again.
func (d *providerData) runServiceJob(ctx context.Context, userID string, start func(context.Context) (api.Job, error)) error {
	for range maxJobConflicts {
		job, err := start(ctx)
		if err == nil {
			_, err = d.client.WaitJob(ctx, job.ID)
			return err
		}
		if !client.HasCode(err, api.CodeJobInProgress) {
			return err
		}
		service, getErr := d.client.GetHostedExchange(ctx, userID)
		if getErr != nil {
			return getErr
		}
		if service.JobID != "" {
			// The running job's outcome does not matter: the next start decides.
			if _, waitErr := d.client.WaitJob(ctx, service.JobID); waitErr != nil && ctx.Err() != nil {
				return waitErr
			}
		}
	}
	return fmt.Errorf("user %s: another provisioning job kept running; apply again later", userID)
}
