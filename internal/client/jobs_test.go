package client

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/csportal/terraform-provider-portal/internal/api"
)

// jobServer answers GET /jobs/job_1 with the statuses in turn, repeating the last one.
func jobServer(statuses ...string) *recorder {
	return &recorder{answer: func(w http.ResponseWriter, _ *http.Request, attempt int) {
		job := api.Job{ID: "job_1", UserID: "usr_1", Operation: api.OperationProvision, Status: statuses[min(attempt, len(statuses))-1]}
		if job.Status == api.JobFailed {
			job.Error = "mailbox store offline"
		}
		writeJSON(w, 200, job)
	}}
}

func TestWaitJobSuccess(t *testing.T) {
	rec := jobServer(api.JobRequested, api.JobInProgress, api.JobInProgress, api.JobProvisioned)
	c := newTestClient(t, rec)
	job, err := c.WaitJob(context.Background(), "job_1")
	if err != nil || job.Status != api.JobProvisioned || rec.count() != 4 {
		t.Fatalf("got %+v, %v after %d polls; want provisioned after 4", job, err, rec.count())
	}
}

func TestWaitJobFailure(t *testing.T) {
	rec := jobServer(api.JobInProgress, api.JobFailed)
	c := newTestClient(t, rec)
	job, err := c.WaitJob(context.Background(), "job_1")
	var failed *JobFailedError
	if !errors.As(err, &failed) || failed.Job.ID != "job_1" || job.Status != api.JobFailed {
		t.Fatalf("got %+v, %v; want *JobFailedError", job, err)
	}
	if msg := err.Error(); !strings.Contains(msg, "job_1") || !strings.Contains(msg, "mailbox store offline") {
		t.Errorf("message %q should name the job and its error", msg)
	}
}

func TestWaitJobDeadline(t *testing.T) {
	rec := jobServer(api.JobInProgress)
	c := newTestClient(t, rec, func(cfg *Config) { cfg.JobPollInterval = 10 * time.Millisecond })
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	start := time.Now()
	job, err := c.WaitJob(ctx, "job_1")
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("returned after %s; want soon after the 300ms deadline", d)
	}
	if !errors.Is(err, context.DeadlineExceeded) || job.Status != api.JobInProgress {
		t.Fatalf("got %+v, %v; want the deadline and the last job", job, err)
	}
	if msg := err.Error(); !strings.Contains(msg, "job_1") || !strings.Contains(msg, "in_progress") {
		t.Errorf("message %q should name the job and its last status", msg)
	}
	// Polls at 0, 10, 30, 70, 150 and 310ms with the interval doubling; a fixed 10ms would make about 30.
	if n := rec.count(); n < 2 || n > 8 {
		t.Errorf("%d polls in 300ms; want the interval to grow", n)
	}
}

func TestWaitJobGetError(t *testing.T) {
	rec := &recorder{answer: func(w http.ResponseWriter, _ *http.Request, _ int) {
		writeJSON(w, 404, problem(404, api.CodeNotFound, "no such job"))
	}}
	c := newTestClient(t, rec)
	_, err := c.WaitJob(context.Background(), "job_1")
	if !IsNotFound(err) || !strings.Contains(err.Error(), "waiting for job job_1") {
		t.Fatalf("got %v; want the 404, naming the job", err)
	}
}
