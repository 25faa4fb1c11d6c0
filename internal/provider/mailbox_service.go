package provider

import (
	"context"
	"fmt"

	"github.com/csportal/terraform-provider-portal/internal/api"
	"github.com/csportal/terraform-provider-portal/internal/client"
)

// provisionMailbox puts the Hosted Exchange service of user userID on spec (R6: under changeMailbox, whose
// finalLogin it passes on) and waits for the job. The login is enabled only until the portal has accepted
// the change: the job runs on with the login as it rests, so that a mailbox is never open for the length
// of a provisioning job, and a create or update killed while the job runs leaves no open login behind.
func (d *providerData) provisionMailbox(ctx context.Context, userID string, finalLogin *bool, spec api.HostedExchangeSpec) error {
	var job api.Job
	err := d.changeMailbox(ctx, userID, finalLogin, func(ctx context.Context) error {
		var err error
		job, err = d.startServiceJob(ctx, userID, func(ctx context.Context) (api.Job, error) {
			return d.client.PutHostedExchange(ctx, userID, spec)
		})
		return err
	})
	if err != nil {
		return err
	}
	_, err = d.client.WaitJob(ctx, job.ID)
	return err
}

// deprovisionMailbox removes the Hosted Exchange service of user userID (R6: under changeMailbox) and waits
// for the job, the login disabled again meanwhile; a service that is already gone is success. It can be
// gone because of this very call: when the answer to a DELETE is lost, the retry finds the service removed
// (409 service_not_provisioned).
func (d *providerData) deprovisionMailbox(ctx context.Context, userID string) error {
	var job api.Job
	err := d.changeMailbox(ctx, userID, nil, func(ctx context.Context) error {
		var err error
		job, err = d.startServiceJob(ctx, userID, func(ctx context.Context) (api.Job, error) {
			return d.client.DeleteHostedExchange(ctx, userID)
		})
		if client.IsNotFound(err) || client.HasCode(err, api.CodeServiceNotProvisioned) {
			job = api.Job{}
			return nil
		}
		return err
	})
	if err != nil || job.ID == "" {
		return err
	}
	_, err = d.client.WaitJob(ctx, job.ID)
	return err
}

// startServiceJob starts a job with start and returns it without waiting for it. While the portal answers
// that another job of the user is running (409 job_in_progress: another run's change of the mailbox, an
// operator's, or a retried request of this one whose first answer was lost), it waits for that job and
// starts again, pausing with backoff and jitter between tries, until ctx ends.
func (d *providerData) startServiceJob(ctx context.Context, userID string, start func(context.Context) (api.Job, error)) (api.Job, error) {
	var wait backoff
	var others []string // the running jobs this change found in its way, oldest first
	for {
		job, err := start(ctx)
		if err == nil {
			return job, nil
		}
		if !client.HasCode(err, api.CodeJobInProgress) {
			return api.Job{}, jobsInTheWay(ctx, userID, others, err)
		}
		service, getErr := d.client.GetHostedExchange(ctx, userID)
		if getErr != nil {
			return api.Job{}, jobsInTheWay(ctx, userID, others, getErr)
		}
		if service.JobID != "" {
			if len(others) == 0 || others[len(others)-1] != service.JobID {
				others = append(others, service.JobID)
			}
			// The running job's outcome does not matter: the next start decides.
			if _, waitErr := d.client.WaitJob(ctx, service.JobID); waitErr != nil && ctx.Err() != nil {
				return api.Job{}, jobsInTheWay(ctx, userID, others, waitErr)
			}
		}
		if !wait.pause(ctx) {
			return api.Job{}, jobsInTheWay(ctx, userID, others, err)
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
