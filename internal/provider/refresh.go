package provider

import (
	"context"
	"encoding/json"

	"github.com/csportal/terraform-provider-portal/internal/api"
	"github.com/hashicorp/terraform-plugin-framework/diag"
)

// The reads of a refresh (each resource's Read), through the batchers of batch_reads.go: each names the
// scope whose listing holds the object, and its own read for when the listing does not serve it.

// refreshMailbox reads a shared mailbox of a customer: its generic user and its service.
func (d *providerData) refreshMailbox(ctx context.Context, customerID, id string) (api.User, api.HostedExchange, error) {
	m, err := d.reads.mailboxes.read(ctx, customerID, id, func(ctx context.Context) (api.Mailbox, error) {
		user, service, err := d.readMailbox(ctx, id)
		return api.Mailbox{User: user, HostedExchange: service}, err
	})
	if err == nil {
		d.reads.learnCustomer(id, m.User.CustomerID)
	}
	return m.User, m.HostedExchange, err
}

// refreshGrant reads a grant; customerHint is its mailbox's customer as the resource last recorded it.
func (d *providerData) refreshGrant(ctx context.Context, customerHint, mailboxID, granteeID string) (api.Permission, error) {
	scope := d.reads.customerOf(mailboxID, customerHint)
	g, err := d.reads.grants.read(ctx, scope, permissionID(mailboxID, granteeID), func(ctx context.Context) (api.Permission, error) {
		return d.client.GetPermission(ctx, mailboxID, granteeID)
	})
	if err == nil {
		d.reads.learnCustomer(mailboxID, g.CustomerID)
	}
	return g, err
}

// refreshSubmailbox reads a submailbox of mailboxID; customerHint as for refreshGrant.
func (d *providerData) refreshSubmailbox(ctx context.Context, customerHint, mailboxID, id string) (api.Submailbox, error) {
	scope := d.reads.customerOf(mailboxID, customerHint)
	sm, err := d.reads.submailboxes.read(ctx, scope, id, func(ctx context.Context) (api.Submailbox, error) {
		return d.client.GetSubmailbox(ctx, id)
	})
	if err == nil {
		d.reads.learnCustomer(sm.ID, sm.CustomerID)
		d.reads.learnCustomer(sm.MailboxID, sm.CustomerID)
	}
	return sm, err
}

// refreshCalendarEntry reads a person's entry on a mailbox's calendar; customerHint as for refreshGrant.
func (d *providerData) refreshCalendarEntry(ctx context.Context, customerHint, mailboxID, granteeID string) (api.CalendarPermission, error) {
	scope := d.reads.customerOf(mailboxID, customerHint)
	e, err := d.reads.calendarEntries.read(ctx, scope, permissionID(mailboxID, granteeID), func(ctx context.Context) (api.CalendarPermission, error) {
		return d.client.GetCalendarPermission(ctx, mailboxID, granteeID)
	})
	if err == nil {
		d.reads.learnCustomer(mailboxID, e.CustomerID)
	}
	return e, err
}

// refreshApplicationUser reads a user of an application.
func (d *providerData) refreshApplicationUser(ctx context.Context, appID, id string) (api.ApplicationUser, error) {
	return d.reads.appUsers.read(ctx, appID, id, func(ctx context.Context) (api.ApplicationUser, error) {
		return d.client.GetApplicationUser(ctx, appID, id)
	})
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
