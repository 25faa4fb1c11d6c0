package provider

import (
	"context"
	"fmt"

	"github.com/csportal/terraform-provider-portal/internal/api"
	"github.com/csportal/terraform-provider-portal/internal/client"
)

// provision puts the Hosted Exchange service of user userID on spec and waits for the job. The caller runs
// it inside changeMailbox (R6).
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

// runServiceJob starts a job with start and waits for it. While the portal answers that another job of the
// user is running (409 job_in_progress: another run's change of the mailbox, an operator's, or a retried
// request of this one whose first answer was lost), it waits for that job and starts again, pausing with
// backoff and jitter between tries, until ctx ends.
func (d *providerData) runServiceJob(ctx context.Context, userID string, start func(context.Context) (api.Job, error)) error {
	var wait backoff
	var others []string // the running jobs this change found in its way, oldest first
	for {
		job, err := start(ctx)
		if err == nil {
			_, err = d.client.WaitJob(ctx, job.ID)
			return err
		}
		if !client.HasCode(err, api.CodeJobInProgress) {
			return jobsInTheWay(ctx, userID, others, err)
		}
		service, getErr := d.client.GetHostedExchange(ctx, userID)
		if getErr != nil {
			return jobsInTheWay(ctx, userID, others, getErr)
		}
		if service.JobID != "" {
			if len(others) == 0 || others[len(others)-1] != service.JobID {
				others = append(others, service.JobID)
			}
			// The running job's outcome does not matter: the next start decides.
			if _, waitErr := d.client.WaitJob(ctx, service.JobID); waitErr != nil && ctx.Err() != nil {
				return jobsInTheWay(ctx, userID, others, waitErr)
			}
		}
		if !wait.pause(ctx) {
			return jobsInTheWay(ctx, userID, others, err)
		}
	}
}

// jobsInTheWay says, when the operation ran out of time (or was interrupted) while jobs of other changes
// of the mailbox kept it from starting its own, which job kept running.
func jobsInTheWay(ctx context.Context, userID string, others []string, err error) error {
	if ctx.Err() == nil || len(others) == 0 {
		return err
	}
	return fmt.Errorf("job %s of another change kept running on mailbox %s, so this change could not start its own "+
		"(it waited for %d jobs of other changes in all): %w", others[len(others)-1], userID, len(others), err)
}
