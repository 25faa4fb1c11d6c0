package mockportal

import (
	"time"

	"github.com/csportal/terraform-provider-portal/internal/api"
)

// Operator functions make out-of-band changes, as an operator clicking in the portal would: they go
// through the same rules as the API (R6 included: an operator must enable a login before changing the
// user's mailbox) and return *Error refusals with the same codes. They are recorded in the audit log
// with PrincipalOperator, are never faulted (except job_failure_rate and job_delay, which are about the
// jobs) and block until any job they start has ended.

// CreateUser creates a regular user (role "user").
func (p *Portal) CreateUser(in api.UserCreate) (api.User, error) {
	return p.store.createUser(operator, in, api.RoleUser)
}

// CreateAdministrator creates a user with role "admin" (the API cannot): e.g. an extra administrator for
// R12 tests.
func (p *Portal) CreateAdministrator(in api.UserCreate) (api.User, error) {
	return p.store.createUser(operator, in, api.RoleAdmin)
}

// UpdateUser patches a user, like PATCH /users/{id}.
func (p *Portal) UpdateUser(userID string, patch api.UserPatch) (api.User, error) {
	return p.store.updateUser(operator, userID, patch, precondition{})
}

// SetLoginEnabled enables or disables a user's login.
func (p *Portal) SetLoginEnabled(userID string, enabled bool) error {
	_, err := p.UpdateUser(userID, api.UserPatch{LoginEnabled: &enabled})
	return err
}

// DeleteUser deletes a user, like DELETE /users/{id}.
func (p *Portal) DeleteUser(userID string) error {
	return p.store.deleteUser(operator, userID, precondition{})
}

// PutHostedExchange provisions (or re-provisions) a user's mailbox and waits for the job: the returned
// job is "provisioned" or "failed".
func (p *Portal) PutHostedExchange(userID string, spec api.HostedExchangeSpec) (api.Job, error) {
	job, err := p.StartHostedExchange(userID, spec)
	if err != nil {
		return api.Job{}, err
	}
	return p.waitJob(job.ID)
}

// StartHostedExchange is PutHostedExchange without the wait: it returns once the job is accepted, for a
// test in which a client's change meets a job that is still running.
func (p *Portal) StartHostedExchange(userID string, spec api.HostedExchangeSpec) (api.Job, error) {
	return p.store.putHostedExchange(operator, userID, spec, precondition{}, p.operatorJobPlan())
}

// Deprovision removes a user's mailbox and waits for the job.
func (p *Portal) Deprovision(userID string) (api.Job, error) {
	job, err := p.store.deleteHostedExchange(operator, userID, precondition{}, p.operatorJobPlan())
	if err != nil {
		return api.Job{}, err
	}
	return p.waitJob(job.ID)
}

// PutPermission replaces a grantee's permission set on a mailbox, or on a submailbox given its ID.
func (p *Portal) PutPermission(mailboxID, granteeID string, permissions []string) (api.Permission, error) {
	return p.store.putPermission(operator, mailboxID, granteeID, api.PermissionSpec{Permissions: permissions}, precondition{})
}

// DeletePermission removes a grantee's permissions on a mailbox or submailbox.
func (p *Portal) DeletePermission(mailboxID, granteeID string) error {
	return p.store.deletePermission(operator, mailboxID, granteeID, precondition{})
}

// CreateSubmailbox creates a submailbox of a mailbox (R6 applies: the mailbox's login must be enabled).
func (p *Portal) CreateSubmailbox(mailboxID string, in api.SubmailboxCreate) (api.Submailbox, error) {
	return p.store.createSubmailbox(operator, mailboxID, in)
}

// RenameSubmailbox renames a submailbox, like PATCH /submailboxes/{id}.
func (p *Portal) RenameSubmailbox(id, name string) (api.Submailbox, error) {
	return p.store.updateSubmailbox(operator, id, api.SubmailboxPatch{Name: &name}, precondition{})
}

// DeleteSubmailbox deletes a submailbox without children, and the grants on it.
func (p *Portal) DeleteSubmailbox(id string) error {
	return p.store.deleteSubmailbox(operator, id, precondition{})
}

// CreateApplicationUser creates a user record of an application.
func (p *Portal) CreateApplicationUser(appID string, in api.ApplicationUserCreate) (api.ApplicationUser, error) {
	return p.store.createApplicationUser(operator, appID, in)
}

// UpdateApplicationUser patches an application user (found by its ID alone).
func (p *Portal) UpdateApplicationUser(id string, patch api.ApplicationUserPatch) (api.ApplicationUser, error) {
	appID, err := p.applicationOf(id)
	if err != nil {
		return api.ApplicationUser{}, err
	}
	return p.store.updateApplicationUser(operator, appID, id, patch, precondition{})
}

// DeleteApplicationUser deletes an application user and every grant it holds.
func (p *Portal) DeleteApplicationUser(id string) error {
	appID, err := p.applicationOf(id)
	if err != nil {
		return err
	}
	return p.store.deleteApplicationUser(operator, appID, id, precondition{})
}

// IssueToken returns a new bearer token acting as the principal (a user or an application user), for
// tests of non-admin callers.
func (p *Portal) IssueToken(principalID string) (string, error) {
	return p.store.issueToken(principalID)
}

// applicationOf returns the application of an application user.
func (p *Portal) applicationOf(id string) (string, error) {
	var appID string
	err := p.store.read(func(st *state, _ time.Time) error {
		a, ok := st.appUsers[id]
		if !ok {
			return errNotFound("application user %s does not exist", id)
		}
		appID = a.ApplicationID
		return nil
	})
	return appID, err
}

func (p *Portal) operatorJobPlan() jobPlan { return p.faults.settings().plan(p.faults.jobRoll()) }

// waitJob blocks until the job has ended and returns it.
func (p *Portal) waitJob(id string) (api.Job, error) {
	<-p.store.jobDone(id)
	return p.store.getJob(operator, id)
}
