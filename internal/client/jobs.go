package client

import (
	"context"
	"fmt"

	"github.com/csportal/terraform-provider-portal/internal/api"
	"github.com/csportal/terraform-provider-portal/internal/ctxwait"
)

// GetJob returns a provisioning job.
func (c *Client) GetJob(ctx context.Context, id string) (api.Job, error) {
	return get[api.Job](ctx, c, "jobs", id)
}

// WaitJob polls the job until it is done or ctx ends, waiting JobPollInterval at first and twice as long
// each time after, up to 2s: quick jobs finish quickly, slow ones are not hammered. A failed job returns
// *JobFailedError; the job last seen is returned with every error.
func (c *Client) WaitJob(ctx context.Context, id string) (api.Job, error) {
	wait := c.cfg.JobPollInterval
	limit := max(maxJobPollInterval, wait)
	var job api.Job
	for {
		latest, err := c.GetJob(ctx, id)
		if err != nil && ctx.Err() == nil {
			return job, fmt.Errorf("portal: waiting for job %s: %w", id, err)
		}
		if err == nil {
			job = latest
			switch {
			case job.Status == api.JobFailed:
				return job, &JobFailedError{Job: job}
			case job.Done():
				return job, nil
			}
		}
		if !ctxwait.Sleep(ctx, wait) {
			if job.Status == "" {
				return job, fmt.Errorf("portal: job %s: waiting stopped before its status could be read: %w", id, ctx.Err())
			}
			return job, fmt.Errorf("portal: job %s was still %s when waiting stopped: %w", id, job.Status, ctx.Err())
		}
		wait = min(2*wait, limit)
	}
}
