package mockportal

import (
	"time"

	"github.com/csportal/terraform-provider-portal/internal/api"
)

// baseJobDuration is how long a provisioning job takes without the job_delay fault. Jobs go
// requested → in_progress after a fifth of their duration, then end.
const baseJobDuration = 50 * time.Millisecond

// jobPlan is a job's fate, decided when it is accepted (from the fault settings and the request's rolls),
// so that the same seed and request sequence give the same outcomes.
type jobPlan struct {
	fail     bool
	duration time.Duration
}

// jobFailure is the error a failed job reports.
const jobFailure = "provisioning failed in Exchange (simulated by the job_failure_rate fault)"

// startJobLocked creates a job for the user's service, marks the service requested and schedules the
// job's transitions. Called under the write lock.
func (s *store) startJobLocked(st *state, now time.Time, u *userRecord, op string, plan jobPlan) *jobRecord {
	j := &jobRecord{
		Job: api.Job{
			ID:        st.freshID(api.PrefixJob, func(id string) bool { _, ok := st.jobs[id]; return ok }),
			UserID:    u.ID,
			Operation: op,
			Status:    api.JobRequested,
			CreatedAt: now,
			UpdatedAt: now,
		},
		CustomerID: u.CustomerID,
		Fail:       plan.fail,
		StartAt:    now.Add(plan.duration / 5),
		DoneAt:     now.Add(plan.duration),
	}
	st.jobs[j.ID] = j
	u.Service.Status, u.Service.JobID, u.Service.Version = api.ServiceRequested, j.ID, st.next()
	s.scheduleLocked(j)
	return j
}

// scheduleLocked arms the timers of a job that has not ended. The timers carry the store generation: a job
// of a state that was reset, replaced or retired (Close) never advances.
func (s *store) scheduleLocked(j *jobRecord) {
	gen, now := s.gen, s.now()
	if j.Status == api.JobRequested {
		time.AfterFunc(j.StartAt.Sub(now), func() { s.advanceJob(j.ID, gen, false) })
	}
	time.AfterFunc(j.DoneAt.Sub(now), func() { s.advanceJob(j.ID, gen, true) })
}

// advanceJob moves a job to in_progress, or (finish) to its planned end, and the service with it.
func (s *store) advanceJob(id string, gen uint64, finish bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if gen != s.gen {
		return
	}
	st, now := s.st, s.now().UTC()
	j, ok := st.jobs[id]
	if !ok || j.Done() || (!finish && j.Status != api.JobRequested) {
		return
	}
	u := st.users[j.UserID] // a user with a running job cannot be deleted
	j.UpdatedAt = now
	if !finish {
		j.Status = api.JobInProgress
		u.Service.Status, u.Service.Version = api.ServiceInProgress, st.next()
		st.record(now, system, OpJobStart, ptr(u.LoginEnabled), u.ID, j.ID)
		return
	}
	switch {
	case j.Fail:
		j.Status, j.Error = api.JobFailed, jobFailure
		u.Service.Status = api.ServiceFailed
	case j.Operation == api.OperationProvision:
		j.Status = api.JobProvisioned
		u.Service.Status, u.Service.MailboxExists = api.ServiceProvisioned, true
		st.settleCalendar(now, u)
	default:
		j.Status = api.JobProvisioned
		st.releaseMailbox(now, u)
	}
	u.Service.Version = st.next()
	st.record(now, system, OpJobFinish, ptr(u.LoginEnabled), u.ID, j.ID)
	for _, w := range s.waiters[id] {
		close(w)
	}
	delete(s.waiters, id)
}

// jobDone returns a channel closed when the job has ended (or the state was replaced).
func (s *store) jobDone(id string) <-chan struct{} {
	s.mu.Lock()
	defer s.mu.Unlock()
	ch := make(chan struct{})
	if j, ok := s.st.jobs[id]; !ok || j.Done() {
		close(ch)
		return ch
	}
	s.waiters[id] = append(s.waiters[id], ch)
	return ch
}

// getJob returns a job of a user of a customer the actor reaches (404 otherwise).
func (s *store) getJob(actor principal, id string) (api.Job, error) {
	var out api.Job
	err := s.read(func(st *state, _ time.Time) error {
		j, ok := st.jobs[id]
		if !ok || !st.reaches(actor, j.CustomerID) {
			return errNotFound("job %s does not exist", id)
		}
		out = j.Job
		return nil
	})
	return out, err
}

// resumeJobs schedules the unfinished jobs of a state loaded from a file.
func (s *store) resumeJobs() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, j := range s.st.jobs {
		if !j.Done() {
			s.scheduleLocked(j)
		}
	}
}
