package main

import (
	"context"
	"fmt"

	"github.com/csportal/terraform-provider-portal/internal/api"
	"github.com/csportal/terraform-provider-portal/internal/client"
	"github.com/csportal/terraform-provider-portal/internal/tfharness"
)

// The customers whose mailboxes make adopt takes over (those of the legacy portal), by name.
var adoptedCustomers = []string{"Acme", "Stark Industries"}

// legacyPortal is what an operator's audit of the portal finds, through the same listings the provider
// uses: the objects to adopt and the users that are no shared mailbox.
type legacyPortal struct {
	customers                        map[string]string // name → ID
	applications                     map[string]string // name → ID
	mailboxes, disabled, withAliases int
	forwarding, hidden               int
	submailboxes, grants, appUsers   int
	calendarEntries                  int
	notShared                        int
}

func surveyLegacyPortal(ctx context.Context, mock *tfharness.Mock) (legacyPortal, error) {
	l := legacyPortal{customers: map[string]string{}, applications: map[string]string{}}
	c, err := mock.Client()
	if err != nil {
		return l, err
	}
	for _, name := range adoptedCustomers {
		customers, err := c.ListCustomers(ctx, name)
		if err != nil {
			return l, fmt.Errorf("looking up customer %q: %w", name, err)
		}
		if len(customers) != 1 {
			return l, fmt.Errorf("looking up customer %q: %d found, want 1", name, len(customers))
		}
		if err := l.surveyCustomer(ctx, c, customers[0]); err != nil {
			return l, err
		}
	}
	apps, err := c.ListApplications(ctx, "")
	if err != nil {
		return l, err
	}
	for _, app := range apps {
		l.applications[app.Name] = app.ID
		for _, err := range c.EachApplicationUser(ctx, app.ID, 0) {
			if err != nil {
				return l, err
			}
			l.appUsers++
		}
	}
	return l, nil
}

func (l *legacyPortal) surveyCustomer(ctx context.Context, c *client.Client, customer api.Customer) error {
	l.customers[customer.Name] = customer.ID
	shared := map[string]bool{}
	for m, err := range c.EachCustomerMailbox(ctx, customer.ID, true, 0) {
		if err != nil {
			return err
		}
		shared[m.User.ID] = true
		l.mailboxes++
		if !m.User.LoginEnabled {
			l.disabled++
		}
		if len(m.HostedExchange.EmailAliases) > 0 {
			l.withAliases++
		}
		if m.HostedExchange.ForwardingAddress != "" {
			l.forwarding++
		}
		if m.HostedExchange.HiddenFromAddressLists {
			l.hidden++
		}
	}
	for sm, err := range c.EachCustomerSubmailbox(ctx, customer.ID, 0) {
		if err != nil {
			return err
		}
		if shared[sm.MailboxID] {
			l.submailboxes++
		}
	}
	for _, err := range c.EachCustomerPermission(ctx, customer.ID, true, 0) {
		if err != nil {
			return err
		}
		l.grants++
	}
	for e, err := range c.EachCustomerCalendarPermission(ctx, customer.ID, "", 0) {
		if err != nil {
			return err
		}
		if shared[e.MailboxID] {
			l.calendarEntries++
		}
	}
	users, err := c.ListUsers(ctx, client.UserFilter{CustomerID: customer.ID})
	if err != nil {
		return err
	}
	l.notShared += len(users) - len(shared)
	return nil
}

func (l legacyPortal) String() string {
	return fmt.Sprintf("%d shared mailboxes in %d customers (%d with their login disabled, %d with aliases, %d forwarding, "+
		"%d hidden from the address lists), %d submailboxes, %d grants, %d calendar entries, %d application users in %d "+
		"applications, and %d users who are no shared mailbox (regular users, administrators)", l.mailboxes,
		len(l.customers), l.disabled, l.withAliases, l.forwarding, l.hidden, l.submailboxes, l.grants, l.calendarEntries,
		l.appUsers, len(l.applications), l.notShared)
}

// count is how many objects of a resource type the portal holds.
func (l legacyPortal) count(kind string) int {
	return map[string]int{
		"portal_shared_mailbox":     l.mailboxes,
		"portal_submailbox":         l.submailboxes,
		"portal_mailbox_permission": l.grants,
		"portal_application_user":   l.appUsers,
		// The entries on the shared mailboxes' calendars.
		"portal_calendar_permission": l.calendarEntries,
	}[kind]
}

func (l legacyPortal) noun(kind string) string {
	return map[string]string{
		"portal_shared_mailbox":     "shared mailboxes",
		"portal_submailbox":         "submailboxes",
		"portal_mailbox_permission": "grants",
		"portal_application_user":   "application users",
		// The entries on the shared mailboxes' calendars.
		"portal_calendar_permission": "calendar entries",
	}[kind]
}
