package main

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/csportal/terraform-provider-portal/internal/api"
	"github.com/csportal/terraform-provider-portal/internal/client"
	"github.com/csportal/terraform-provider-portal/internal/tfharness"
)

// operator makes changes in the portal the way a person at its web console would: straight through the
// API, behind Terraform's back.
type operator struct {
	c                    *client.Client
	mailboxID, billingID string
	delegate             api.User
	note                 func(format string, args ...any)
	// newcomer is the user the operator gives an entry on billing@'s calendar (calendar.go).
	newcomer string
}

func newOperator(ctx context.Context, ws *tfharness.Workspace, mock *tfharness.Mock, note func(string, ...any)) (*operator, error) {
	mailboxID, err := ws.Output(ctx, "mailbox_id")
	if err != nil {
		return nil, err
	}
	billingID, err := ws.Output(ctx, "billing_mailbox_id")
	if err != nil {
		return nil, err
	}
	c, err := client.New(client.Config{Endpoint: mock.URL, Token: mock.AdminToken, UserAgent: "portal-demo-operator"})
	if err != nil {
		return nil, err
	}
	mailbox, err := c.GetUser(ctx, mailboxID)
	if err != nil {
		return nil, err
	}
	users, err := c.ListUsers(ctx, client.UserFilter{CustomerID: mailbox.CustomerID, Username: removedDelegate})
	if err != nil {
		return nil, err
	}
	if len(users) != 1 {
		return nil, fmt.Errorf("customer %s has %d users named %q, want 1", customerName, len(users), removedDelegate)
	}
	return &operator{c: c, mailboxID: mailboxID, billingID: billingID, delegate: users[0], note: note}, nil
}

// driftMailbox enables the mailbox's login (which the portal requires before its permissions can change,
// R6) and removes the delegate's grant, then forgets to disable the login again.
func (o *operator) driftMailbox(ctx context.Context) error {
	enabled := true
	user, err := o.c.UpdateUser(ctx, o.mailboxID, api.UserPatch{LoginEnabled: &enabled})
	if err != nil {
		return err
	}
	if !user.LoginEnabled {
		return errors.New("the portal did not enable the login")
	}
	o.note(`PATCH  /users/%s {"login_enabled": true}`, o.mailboxID)
	if err := o.c.DeletePermission(ctx, o.mailboxID, o.delegate.ID); err != nil {
		return err
	}
	o.note("DELETE /users/%s/hosted-exchange/permissions/%s (%s)", o.mailboxID, o.delegate.ID, removedDelegate)
	if _, err := o.c.PatchMailboxSettings(ctx, o.mailboxID, api.MailboxSettingsPatch{KeepSentAsCopy: new(false)}); err != nil {
		return err
	}
	o.note(`PATCH  /users/%s/hosted-exchange {"keep_sent_as_copy": false}`, o.mailboxID)
	if err := o.grantOnBilling(ctx); err != nil {
		return err
	}
	return o.calendarEntryOnBilling(ctx)
}

// grantOnBilling gives the delegate access to billing@ as a careful operator would: the login enabled for
// the change (R6) and disabled again, so that the grant is the only drift on that mailbox.
func (o *operator) grantOnBilling(ctx context.Context) error {
	for _, step := range []func() error{
		func() error { return o.setLogin(ctx, o.billingID, true) },
		func() error {
			perms := []string{api.PermissionView, api.PermissionExtractMessages}
			if _, err := o.c.PutPermission(ctx, o.billingID, o.delegate.ID, perms); err != nil {
				return err
			}
			o.note(`PUT    /users/%s/hosted-exchange/permissions/%s {"permissions": ["%s"]} (%s)`,
				o.billingID, o.delegate.ID, strings.Join(perms, `", "`), removedDelegate)
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

func (o *operator) setLogin(ctx context.Context, userID string, enabled bool) error {
	if _, err := o.c.UpdateUser(ctx, userID, api.UserPatch{LoginEnabled: &enabled}); err != nil {
		return err
	}
	o.note(`PATCH  /users/%s {"login_enabled": %t}`, userID, enabled)
	return nil
}

// reportMailbox shows, from the portal's side, that the apply undid the operator's change.
func (o *operator) reportMailbox(ctx context.Context) error {
	user, err := o.c.GetUser(ctx, o.mailboxID)
	if err != nil {
		return err
	}
	grant, err := o.c.GetPermission(ctx, o.mailboxID, o.delegate.ID)
	if err != nil {
		return fmt.Errorf("%s's permission was not restored: %w", removedDelegate, err)
	}
	if user.LoginEnabled {
		return errors.New("the mailbox's login is still enabled after the apply")
	}
	billing, err := o.c.ListPermissions(ctx, o.billingID)
	if err != nil {
		return err
	}
	for _, g := range billing {
		if g.GranteeID == o.delegate.ID {
			return fmt.Errorf("%s's hand-made grant on billing@ was not revoked: %v", removedDelegate, g.Permissions)
		}
	}
	service, err := o.c.GetHostedExchange(ctx, o.mailboxID)
	if err != nil {
		return err
	}
	if !service.KeepSentAsCopy {
		return errors.New("support@ still keeps no copy of what is sent as it after the apply")
	}
	o.note("the portal now says: support@'s login disabled, %s may %s on it, keep_sent_as_copy=true, forwarding to %s; "+
		"billing@ has %d grant(s), none of them %s's", removedDelegate, strings.Join(grant.Permissions, ", "),
		service.ForwardingAddress, len(billing), removedDelegate)
	return o.reportCalendar(ctx)
}

// reportMailboxKept shows, from the portal's side, that the refused destroy left the mailbox as it was.
func (o *operator) reportMailboxKept(ctx context.Context) error {
	service, err := o.c.GetHostedExchange(ctx, o.mailboxID)
	if err != nil {
		return err
	}
	if service.ProvisioningStatus != api.ServiceProvisioned {
		return fmt.Errorf("after the refused destroy the mailbox is %s, want still provisioned", service.ProvisioningStatus)
	}
	o.note("the portal still holds %s, provisioned: nothing was deleted", service.PrimaryEmail)
	return nil
}
