package mockportal

import (
	"maps"
	"slices"
	"time"

	"github.com/csportal/terraform-provider-portal/internal/api"
)

// serviceView is the wire form of a user's Hosted Exchange service, with its shared calendar (R7) when it
// has one (see store_calendar.go).
func serviceView(u *userRecord) api.HostedExchange {
	s := u.Service
	out := api.HostedExchange{
		UserID:             u.ID,
		ProvisioningStatus: s.Status,
		UserPlan:           s.Plan,
		PrimaryEmail:       s.PrimaryEmail,
		EmailAliases:       append([]string{}, s.Aliases...),
		JobID:              s.JobID,
		Version:            s.Version,
		MailboxSettings:    s.Settings,
		MailboxUsage:       s.Usage,
	}
	out.Calendar = calendarView(u)
	return out
}

func (s *store) getHostedExchange(actor principal, userID string) (api.HostedExchange, error) {
	return readVisibleUser(s, actor, userID, serviceView)
}

// putHostedExchange accepts a (re-)provisioning of the user's mailbox with this spec and starts its job.
// The checks run in the order the contract documents: body, user in reach, plan (R2), domains (R15),
// addresses free (R3), login (R6), running job, If-Match.
func (s *store) putHostedExchange(actor principal, userID string, spec api.HostedExchangeSpec, cond precondition, plan jobPlan) (api.Job, error) {
	var fe fieldErrors
	if spec.UserPlan == "" {
		fe.add("user_plan", "is required")
	}
	fe.maxLen("user_plan", spec.UserPlan, maxPlanNameLen)
	primary, aliases := fe.addresses(spec.PrimaryEmail, spec.EmailAliases)
	if err := fe.err(); err != nil {
		return api.Job{}, err
	}
	var out api.Job
	err := s.write(func(st *state, now time.Time) error {
		u, err := st.user(actor, userID)
		if err != nil {
			return err
		}
		customer := st.customers[u.CustomerID]
		userPlan, ok := customer.plan(spec.UserPlan)
		if !ok {
			return errUnprocessable(api.CodePlanNotAvailable,
				"user plan %q is not available to customer %s's Hosted Exchange service", spec.UserPlan, u.CustomerID)
		}
		if err := mailFits(u, userPlan); err != nil {
			return err
		}
		if err := customer.checkDomains(primary, aliases); err != nil {
			return err
		}
		for _, a := range append([]string{primary}, aliases...) {
			if owner, taken := st.emails[a]; taken && owner != userID {
				return errAlreadyExists(owner, "address %s belongs to user %s", a, owner)
			}
		}
		if err := checkManageable(u); err != nil {
			return err
		}
		if err := cond.check(u.Service.Version); err != nil {
			return err
		}
		for _, a := range u.Service.addresses() {
			delete(st.emails, a)
		}
		for _, a := range append([]string{primary}, aliases...) {
			st.emails[a] = userID
		}
		j := s.startJobLocked(st, now, u, api.OperationProvision, plan)
		svc := &u.Service
		svc.Plan, svc.SharedMailbox, svc.PrimaryEmail, svc.Aliases = userPlan.Name, userPlan.SharedMailbox, primary, aliases
		svc.Usage.StorageLimitMB = int64(userPlan.MailboxSizeMB)
		st.record(now, actor, OpHostedExchangePut, ptr(u.LoginEnabled), userID, j.ID)
		out = j.Job
		return nil
	})
	return out, err
}

// deleteHostedExchange accepts a deprovisioning of the user's mailbox and starts its job.
func (s *store) deleteHostedExchange(actor principal, userID string, cond precondition, plan jobPlan) (api.Job, error) {
	var out api.Job
	err := s.write(func(st *state, now time.Time) error {
		u, err := st.user(actor, userID)
		if err != nil {
			return err
		}
		if u.Service.Status == api.ServiceNotProvisioned {
			return errConflict(api.CodeServiceNotProvisioned, "user %s has no Hosted Exchange service", userID)
		}
		if err := checkManageable(u); err != nil {
			return err
		}
		if err := cond.check(u.Service.Version); err != nil {
			return err
		}
		j := s.startJobLocked(st, now, u, api.OperationDeprovision, plan)
		st.record(now, actor, OpHostedExchangeDelete, ptr(u.LoginEnabled), userID, j.ID)
		out = j.Job
		return nil
	})
	return out, err
}

// checkManageable enforces R6 (no service change while login is disabled) and one job at a time.
func checkManageable(u *userRecord) error {
	if !u.LoginEnabled {
		return errLoginDisabled(u.ID)
	}
	if u.Service.jobRunning() {
		return errConflict(api.CodeJobInProgress, "job %s of user %s is still running", u.Service.JobID, u.ID)
	}
	return nil
}

// releaseMailbox empties a deprovisioned service: addresses released, grants on the mailbox and its
// submailboxes removed with the submailboxes.
func (st *state) releaseMailbox(now time.Time, u *userRecord) {
	for _, a := range u.Service.addresses() {
		delete(st.emails, a)
	}
	for _, g := range st.removeGrantsOnMailbox(u.ID) {
		st.record(now, system, OpPermissionDelete, ptr(u.LoginEnabled), u.ID, g)
	}
	st.dropSubmailboxesOf(now, system, u, ptr(u.LoginEnabled))
	st.dropCalendar(now, system, u, ptr(u.LoginEnabled))
	svc := &u.Service
	svc.Status, svc.Plan, svc.SharedMailbox, svc.PrimaryEmail, svc.Aliases = api.ServiceNotProvisioned, "", false, "", []string{}
	svc.MailboxExists = false
	svc.Settings, svc.Usage = api.DefaultMailboxSettings, api.MailboxUsage{} // the mail went with the mailbox
}

// removeGrantsOnMailbox removes every grant on the mailbox and returns the grantee IDs, sorted.
func (st *state) removeGrantsOnMailbox(mailboxID string) []string {
	grantees := slices.Sorted(maps.Keys(st.perms[mailboxID]))
	delete(st.perms, mailboxID)
	return grantees
}
