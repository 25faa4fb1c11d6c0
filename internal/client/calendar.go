package client

import (
	"context"
	"iter"
	"net/http"

	"github.com/csportal/terraform-provider-portal/internal/api"
)

// A mailbox's calendar (R7): its default access and its entries, one per person. Only a mailbox on a
// shared-mailbox plan has one (409 service_not_provisioned otherwise); submailboxes have none.

// GetCalendar returns a mailbox's calendar.
func (c *Client) GetCalendar(ctx context.Context, mailboxID string) (api.Calendar, error) {
	return get[api.Calendar](ctx, c, calendarPath(mailboxID)...)
}

// SetCalendarDefaultAccess changes what everyone without an entry of their own may see of the calendar.
func (c *Client) SetCalendarDefaultAccess(ctx context.Context, mailboxID, access string) (api.Calendar, error) {
	return send[api.Calendar](ctx, c, http.MethodPatch, api.CalendarPatch{DefaultAccess: &access}, calendarPath(mailboxID)...)
}

// ListCalendarPermissions returns every entry on a mailbox's calendar; administrators are never listed.
func (c *Client) ListCalendarPermissions(ctx context.Context, mailboxID string) ([]api.CalendarPermission, error) {
	return list[api.CalendarPermission](ctx, c, nil, calendarPath(mailboxID, "permissions")...)
}

// EachCalendarPermission walks the entries on one mailbox's calendar.
func (c *Client) EachCalendarPermission(ctx context.Context, mailboxID string, pageSize int) iter.Seq2[api.CalendarPermission, error] {
	return each[api.CalendarPermission](ctx, c, nil, pageSize, calendarPath(mailboxID, "permissions")...)
}

// GetCalendarPermission returns one person's entry on a mailbox's calendar; 404 when there is none.
func (c *Client) GetCalendarPermission(ctx context.Context, mailboxID, granteeID string) (api.CalendarPermission, error) {
	return get[api.CalendarPermission](ctx, c, calendarPath(mailboxID, "permissions", granteeID)...)
}

// PutCalendarPermission replaces the person's entry on a mailbox's calendar (idempotent).
func (c *Client) PutCalendarPermission(ctx context.Context, mailboxID, granteeID string, spec api.CalendarPermissionSpec) (api.CalendarPermission, error) {
	return send[api.CalendarPermission](ctx, c, http.MethodPut, spec, calendarPath(mailboxID, "permissions", granteeID)...)
}

// DeleteCalendarPermission removes the person's entry on a mailbox's calendar.
func (c *Client) DeleteCalendarPermission(ctx context.Context, mailboxID, granteeID string) error {
	return remove(ctx, c, calendarPath(mailboxID, "permissions", granteeID)...)
}

// EachCustomerCalendarPermission walks the entries on the calendars of the customer's mailboxes (with
// Subtree, of the customers below it in reach too); a granteeID keeps that person's alone.
func (c *Client) EachCustomerCalendarPermission(ctx context.Context, customerID, granteeID string, pageSize int, opts ...ListingOption) iter.Seq2[api.CalendarPermission, error] {
	return each[api.CalendarPermission](ctx, c, granteeListingFilter(granteeID, opts), pageSize,
		"customers", customerID, "calendar-permissions")
}

// EachGranteePermission walks the grants one grantee holds on the customer's mailboxes and their
// submailboxes (with Subtree, below it too): what the grantee can open there, in one request per page.
func (c *Client) EachGranteePermission(ctx context.Context, customerID, granteeID string, pageSize int, opts ...ListingOption) iter.Seq2[api.Permission, error] {
	return each[api.Permission](ctx, c, granteeListingFilter(granteeID, opts), pageSize, "customers", customerID, "permissions")
}

// granteeListingFilter is the query of a customer listing of rights kept to one grantee ("": everyone's).
func granteeListingFilter(granteeID string, opts []ListingOption) map[string]string {
	f := customerListingFilter(false, opts)
	f["grantee_id"] = granteeID
	return f
}

func calendarPath(mailboxID string, more ...string) []string {
	return append([]string{"users", mailboxID, "hosted-exchange", "calendar"}, more...)
}
