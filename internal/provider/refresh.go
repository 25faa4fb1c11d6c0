package provider

import (
	"context"
	"encoding/json"
	"slices"

	"github.com/csportal/terraform-provider-portal/internal/api"
	"github.com/csportal/terraform-provider-portal/internal/client"
	"github.com/hashicorp/terraform-plugin-framework/diag"
)

// The reads of a refresh (each resource's Read), through the batchers of batch_reads.go: each names the
// scope whose listing holds the object, and its own read for when the listing does not serve it. An answer
// that is not the object is taken only from a verified portal, and a 404 becomes a *goneError only when the
// object's owner is within the token's reach (fail_closed.go): whether the object came from a listing or
// its own read.

// refreshMailbox reads a shared mailbox of a customer: its generic user and its service.
func (d *providerData) refreshMailbox(ctx context.Context, customerID, id string) (api.User, api.HostedExchange, error) {
	// A mailbox never changes customer: its state says where it and what lies on it are.
	d.reads.learnCustomer(id, customerID)
	m, err := verifiedRead(ctx, d, func(ctx context.Context) (api.Mailbox, error) {
		return d.reads.mailboxes.read(ctx, customerID, id, func(ctx context.Context) (api.Mailbox, error) {
			user, service, err := d.readMailbox(ctx, id)
			return api.Mailbox{User: user, HostedExchange: service}, err
		})
	}, func(m api.Mailbox) bool { return m.User.ID == id })
	if client.IsNotFound(err) {
		err = d.confirmAbsent(ctx, "shared mailbox "+id, customerOwner(customerID), err)
	}
	if err == nil {
		d.reads.learnCustomer(id, m.User.CustomerID)
	}
	return m.User, m.HostedExchange, err
}

// refreshGrant reads a grant; customerHint is its mailbox's customer as the resource last recorded it. A
// grant whose mailbox has lost its service is gone too.
func (d *providerData) refreshGrant(ctx context.Context, customerHint, mailboxID, granteeID string) (api.Permission, error) {
	scope := d.reads.customerOf(mailboxID, customerHint)
	g, err := verifiedRead(ctx, d, func(ctx context.Context) (api.Permission, error) {
		return d.reads.grants.read(ctx, scope, permissionID(mailboxID, granteeID), func(ctx context.Context) (api.Permission, error) {
			return d.client.GetPermission(ctx, mailboxID, granteeID)
		})
	}, func(g api.Permission) bool { return g.MailboxID == mailboxID && g.GranteeID == granteeID })
	err = d.settleMailboxRead(ctx, "the grant "+permissionID(mailboxID, granteeID), mailboxID, scope, err)
	if err == nil {
		d.reads.learnCustomer(mailboxID, g.CustomerID)
	}
	return g, err
}

// refreshSubmailbox reads a submailbox of mailboxID; customerHint as for refreshGrant.
func (d *providerData) refreshSubmailbox(ctx context.Context, customerHint, mailboxID, id string) (api.Submailbox, error) {
	scope := d.reads.customerOf(mailboxID, customerHint)
	sm, err := verifiedRead(ctx, d, func(ctx context.Context) (api.Submailbox, error) {
		return d.reads.submailboxes.read(ctx, scope, id, func(ctx context.Context) (api.Submailbox, error) {
			return d.client.GetSubmailbox(ctx, id)
		})
	}, func(sm api.Submailbox) bool { return sm.ID == id })
	if client.IsNotFound(err) {
		err = d.confirmAbsent(ctx, "submailbox "+id, d.mailboxOwner(ctx, mailboxID, scope), err)
	}
	if err == nil {
		d.reads.learnCustomer(sm.ID, sm.CustomerID)
		d.reads.learnCustomer(sm.MailboxID, sm.CustomerID)
	}
	return sm, err
}

// refreshCalendarEntry reads a person's entry on a mailbox's calendar; customerHint as for refreshGrant. It
// fails closed as a grant does: only a *goneError removes the entry.
func (d *providerData) refreshCalendarEntry(ctx context.Context, customerHint, mailboxID, granteeID string) (api.CalendarPermission, error) {
	scope := d.reads.customerOf(mailboxID, customerHint)
	e, err := verifiedRead(ctx, d, func(ctx context.Context) (api.CalendarPermission, error) {
		return d.reads.calendarEntries.read(ctx, scope, permissionID(mailboxID, granteeID), func(ctx context.Context) (api.CalendarPermission, error) {
			return d.client.GetCalendarPermission(ctx, mailboxID, granteeID)
		})
	}, func(e api.CalendarPermission) bool { return e.MailboxID == mailboxID && e.GranteeID == granteeID })
	err = d.settleMailboxRead(ctx, "the calendar entry "+permissionID(mailboxID, granteeID), mailboxID, scope, err)
	if err == nil {
		d.reads.learnCustomer(mailboxID, e.CustomerID)
	}
	return e, err
}

// refreshAccessList reads every grant on a mailbox or submailbox; customerHint as for refreshGrant. It
// returns the mailbox's customer where it is known, for the resource to record. A mailbox without its
// service has no grants to hold, and is gone for the access list too.
func (d *providerData) refreshAccessList(ctx context.Context, customerHint, mailboxKey string) ([]api.Permission, string, error) {
	scope := d.reads.customerOf(mailboxKey, customerHint)
	// An empty list is verified too: another API's empty listing would read as "revoke nothing, grant all".
	grants, err := verifiedRead(ctx, d, func(ctx context.Context) ([]api.Permission, error) {
		return d.client.ListPermissions(ctx, mailboxKey)
	}, func(list []api.Permission) bool {
		return len(list) > 0 && !slices.ContainsFunc(list, func(g api.Permission) bool { return g.MailboxID != mailboxKey })
	})
	err = d.settleMailboxRead(ctx, "the access list of mailbox "+mailboxKey, mailboxKey, scope, err)
	if err == nil && len(grants) > 0 {
		scope = grants[0].CustomerID
		d.reads.learnCustomer(mailboxKey, scope)
	}
	return grants, scope, err
}

// settleMailboxRead is confirmAbsent for what lies on a mailbox key: a 404 counts once the owner is within
// reach, and 409 service_not_provisioned, which the portal answers only about a mailbox the token sees,
// is gone at once.
func (d *providerData) settleMailboxRead(ctx context.Context, what, mailboxKey, customerHint string, err error) error {
	switch {
	case client.HasCode(err, api.CodeServiceNotProvisioned):
		return &goneError{err}
	case client.IsNotFound(err):
		return d.confirmAbsent(ctx, what, d.mailboxOwner(ctx, mailboxKey, customerHint), err)
	}
	return err
}

// mailboxOwner is the customer of a mailbox key for confirmAbsent: the hint (state, or what this process
// learned), else the portal's answer for the mailbox key itself; unknown when that answers 404 too.
func (d *providerData) mailboxOwner(ctx context.Context, mailboxKey, customerHint string) owner {
	if c := d.reads.customerOf(mailboxKey, customerHint); c != "" {
		return customerOwner(c)
	}
	if c, err := d.customerOfMailbox(ctx, mailboxKey); err == nil && c != "" {
		d.reads.learnCustomer(mailboxKey, c)
		return customerOwner(c)
	}
	return customerOwner("")
}

// refreshApplicationUser reads a user of an application; customerID is its customer as the state records
// it ("" for a record of a state written before application users belonged to a customer: then its
// application answers for it).
func (d *providerData) refreshApplicationUser(ctx context.Context, appID, customerID, id string) (api.ApplicationUser, error) {
	u, err := verifiedRead(ctx, d, func(ctx context.Context) (api.ApplicationUser, error) {
		return d.reads.appUsers.read(ctx, appID, id, func(ctx context.Context) (api.ApplicationUser, error) {
			return d.client.GetApplicationUser(ctx, appID, id)
		})
	}, func(u api.ApplicationUser) bool { return u.ID == id })
	if client.IsNotFound(err) {
		err = d.confirmAbsent(ctx, "application user "+id, applicationUserOwner(appID, customerID), err)
	}
	if err == nil {
		d.reads.learnCustomer(id, u.CustomerID) // for the plan-time check of its grants (R16)
	}
	return u, err
}

// applicationUserOwner is who decides whether the token sees an application user: its customer (R14,
// R16), else its application.
func applicationUserOwner(appID, customerID string) owner {
	if customerID != "" {
		return customerOwner(customerID)
	}
	return applicationOwner(appID)
}

// A grant's or a submailbox's customer is kept in the resource's private state (which Terraform stores
// with the state, never shown), so that its next refresh knows which customer's listing holds it.
const privateCustomerKey = "customer_id"

type privateReader interface {
	GetKey(ctx context.Context, key string) ([]byte, diag.Diagnostics)
}

type privateWriter interface {
	SetKey(ctx context.Context, key string, value []byte) diag.Diagnostics
}

// privateCustomer is the customer a resource's private state records, "" when none.
func privateCustomer(ctx context.Context, private privateReader) string {
	return privateString(ctx, private, privateCustomerKey)
}

// recordCustomer keeps customerID in a resource's private state.
func recordCustomer(ctx context.Context, private privateWriter, customerID string, diags *diag.Diagnostics) {
	if customerID != "" {
		setPrivateString(ctx, private, privateCustomerKey, customerID, diags)
	}
}

// privateString is the string a resource's private state keeps under key, "" when none.
func privateString(ctx context.Context, private privateReader, key string) string {
	if private == nil {
		return ""
	}
	raw, diags := private.GetKey(ctx, key)
	var s string
	if diags.HasError() || len(raw) == 0 || json.Unmarshal(raw, &s) != nil {
		return ""
	}
	return s
}

// setPrivateString keeps s under key in a resource's private state; "" removes the key.
func setPrivateString(ctx context.Context, private privateWriter, key, s string, diags *diag.Diagnostics) {
	if private == nil {
		return
	}
	var raw []byte
	if s != "" {
		raw, _ = json.Marshal(s) // a string always encodes
	}
	diags.Append(private.SetKey(ctx, key, raw)...)
}
