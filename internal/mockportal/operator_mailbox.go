package mockportal

import (
	"github.com/csportal/terraform-provider-portal/internal/api"
)

// Operator functions of a mailbox's settings, its grants' automapping and its mail (see operator.go).

// PatchMailboxSettings changes a mailbox's settings, like PATCH /users/{id}/hosted-exchange (R6 applies).
func (p *Portal) PatchMailboxSettings(userID string, patch api.MailboxSettingsPatch) (api.HostedExchange, error) {
	return p.store.patchMailboxSettings(operator, userID, patch, precondition{})
}

// PutGrant replaces a grantee's grant on a mailbox or submailbox with spec, automapping included, like
// PUT .../permissions/{grantee_id}.
func (p *Portal) PutGrant(mailboxID, granteeID string, spec api.PermissionSpec) (api.Permission, error) {
	return p.store.putPermission(operator, mailboxID, granteeID, spec, precondition{})
}

// DeliverMail adds items and megabytes of mail to a provisioned mailbox (negative values take some away),
// as mail arriving and being deleted does, by the minute. It changes neither the service's version nor
// anything an API write could.
func (p *Portal) DeliverMail(userID string, items, sizeMB int64) error {
	return p.store.deliverMail(userID, items, sizeMB)
}

// SetAllowExternalForwarding changes whether a customer's mailboxes may forward outside its accepted
// domains: a decision of the hosting provider, which the API cannot change.
func (p *Portal) SetAllowExternalForwarding(customerID string, allow bool) error {
	return p.store.setAllowExternalForwarding(customerID, allow)
}
