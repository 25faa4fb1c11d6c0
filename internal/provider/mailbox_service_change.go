package provider

import (
	"context"

	"github.com/csportal/terraform-provider-portal/internal/api"
)

// serviceChange is everything one apply changes of a shared mailbox's service, in this order: the
// provisioning, then the settings (Exchange's Set-Mailbox, one PATCH), then the calendar's default access —
// the provisioning first because the settings and the calendar belong to the mailbox it makes. A part left
// nil is not changed. changeMailboxService says which R6 dances make it.
type serviceChange struct {
	spec     *api.HostedExchangeSpec
	settings *api.MailboxSettings
	calendar *string
}

func (c serviceChange) empty() bool { return c.spec == nil && c.settings == nil && c.calendar == nil }

// changeMailboxService makes c under R6, the login resting as finalLogin says at the end. A provisioning's
// job runs with the login as it rests (provisionMailbox: a mailbox is never open for the length of a job,
// nor left open by a kill while it runs); the settings and the calendar's default access, which need the
// provisioned mailbox, follow in one dance of their own. Without a provisioning, all of c is one dance.
func (d *providerData) changeMailboxService(ctx context.Context, id string, finalLogin *bool, c serviceChange) error {
	if c.spec != nil {
		if err := d.provisionMailbox(ctx, id, finalLogin, *c.spec); err != nil {
			return err
		}
		c.spec = nil
	}
	if c.empty() {
		return nil
	}
	return d.changeMailbox(ctx, id, finalLogin, d.changeService(id, c))
}

// changeService returns the settings and calendar part of c to run inside the mailbox's R6 dance. The dance
// may run it again after a refusal (409 user_disabled, the login disabled by someone else meanwhile): a
// part that succeeded is not repeated.
func (d *providerData) changeService(id string, c serviceChange) func(context.Context) error {
	return func(ctx context.Context) error {
		if c.settings != nil {
			if err := d.applyMailboxSettings(ctx, id, *c.settings); err != nil {
				return err
			}
			c.settings = nil
		}
		if c.calendar == nil {
			return nil
		}
		return d.setCalendarDefault(ctx, id, *c.calendar)
	}
}
