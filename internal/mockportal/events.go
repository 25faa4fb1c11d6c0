package mockportal

import "time"

// Operations recorded in the audit log (Event.Operation).
const (
	OpUserCreate            = "user.create"
	OpUserUpdate            = "user.update"
	OpUserDelete            = "user.delete"
	OpHostedExchangePut     = "hosted_exchange.put"
	OpHostedExchangeDelete  = "hosted_exchange.delete"
	OpJobStart              = "job.start"
	OpJobFinish             = "job.finish"
	OpPermissionPut         = "permission.put"
	OpPermissionDelete      = "permission.delete"
	OpSubmailboxCreate      = "submailbox.create"
	OpSubmailboxUpdate      = "submailbox.update"
	OpSubmailboxDelete      = "submailbox.delete"
	OpApplicationUserCreate = "application_user.create"
	OpApplicationUserUpdate = "application_user.update"
	OpApplicationUserDelete = "application_user.delete"
	OpTokenIssue            = "token.issue"
	OpMailboxSettingsPatch  = "hosted_exchange.patch"
	// Changes of a mailbox's calendar: its default access, and its entries ([mailbox user ID, grantee ID]).
	OpCalendarUpdate           = "calendar.update"
	OpCalendarPermissionPut    = "calendar_permission.put"
	OpCalendarPermissionDelete = "calendar_permission.delete"
)

// Principal IDs of changes not made by an API principal.
const (
	// PrincipalOperator makes the changes of the operator functions (an operator clicking in the portal).
	PrincipalOperator = "operator"
	// PrincipalSystem makes the changes of provisioning jobs.
	PrincipalSystem = "system"
)

// Event is one committed mutation in the audit log (Portal.Events).
type Event struct {
	// Seq orders events; it is strictly increasing.
	Seq         int64     `json:"seq"`
	Time        time.Time `json:"time"`
	PrincipalID string    `json:"principal_id"`
	Operation   string    `json:"operation"`
	// TargetIDs are the objects changed, the main one first: e.g. [mailbox user ID, grantee ID] for a
	// permission change ([submailbox ID, grantee ID] on a submailbox), [user ID, job ID] for a service
	// change, [submailbox ID, mailbox user ID] for a submailbox change.
	TargetIDs []string `json:"target_ids"`
	// MailboxLoginEnabled is, for a change of a mailbox's service, submailboxes or permissions (its
	// submailboxes' included), the mailbox user's login_enabled at the moment of the change (R6 says it is
	// always true for requests). Nil otherwise.
	MailboxLoginEnabled *bool `json:"mailbox_login_enabled,omitempty"`
}
