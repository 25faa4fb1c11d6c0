package main

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/csportal/terraform-provider-portal/internal/api"
	"github.com/csportal/terraform-provider-portal/internal/client"
)

// The calendar part of the drift: billing@'s shared calendar is declared in examples/complete (the visit
// team edits it, the office reviews it), and an operator gives a newcomer an entry on it by hand.

// calendarNewcomer is the colleague the operator creates and adds to billing@'s calendar by hand.
const calendarNewcomer = "carol"

// calendarEntryOnBilling creates a newcomer and gives them reviewer on billing@'s calendar by hand, with the
// login enabled for the change (R6) and disabled again.
func (o *operator) calendarEntryOnBilling(ctx context.Context) error {
	mailbox, err := o.c.GetUser(ctx, o.billingID)
	if err != nil {
		return err
	}
	password, err := randomPassword()
	if err != nil {
		return err
	}
	newcomer, err := o.c.CreateUser(ctx, api.UserCreate{CustomerID: mailbox.CustomerID, Username: calendarNewcomer,
		FirstName: "Carol", LastName: "Newcomer", Password: password})
	if err != nil {
		return err
	}
	o.newcomer = newcomer.ID
	o.note(`POST   /users {"username": %q} (a new colleague)`, calendarNewcomer)
	for _, step := range []func() error{
		func() error { return o.setLogin(ctx, o.billingID, true) },
		func() error {
			if _, err := o.c.PutCalendarPermission(ctx, o.billingID, newcomer.ID, api.CalendarPermissionSpec{Access: api.CalendarAccessReviewer}); err != nil {
				return err
			}
			o.note(`PUT    /users/%s/hosted-exchange/calendar/permissions/%s {"access": "reviewer"} (%s)`, o.billingID, newcomer.ID, calendarNewcomer)
			return nil
		},
		func() error { return o.setLogin(ctx, o.billingID, false) },
	} {
		if err := step(); err != nil {
			return err
		}
	}
	return nil
}

// reportCalendar shows, from the portal's side, that the apply removed the hand-made calendar entry and kept
// the declared ones.
func (o *operator) reportCalendar(ctx context.Context) error {
	entries, err := o.c.ListCalendarPermissions(ctx, o.billingID)
	if err != nil {
		return err
	}
	var held []string
	for _, e := range entries {
		if e.GranteeID == o.newcomer {
			return fmt.Errorf("%s's hand-made entry on billing@'s calendar was not removed: %+v", calendarNewcomer, e)
		}
		held = append(held, describeEntry(ctx, o.c, e))
	}
	sort.Strings(held)
	o.note("the portal now says: billing@'s calendar has %s; none of %s's", strings.Join(held, ", "), calendarNewcomer)
	return nil
}

// describeEntry is "bob: editor (delegate)".
func describeEntry(ctx context.Context, c *client.Client, e api.CalendarPermission) string {
	who := e.GranteeID
	if u, err := c.GetUser(ctx, e.GranteeID); err == nil {
		who = u.Username
	}
	if e.Delegate {
		return who + ": " + e.Access + " (delegate)"
	}
	return who + ": " + e.Access
}
