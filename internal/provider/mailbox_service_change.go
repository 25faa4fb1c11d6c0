package provider

import (
	"context"

	"github.com/csportal/terraform-provider-portal/internal/api"
)

// serviceChange is everything one apply changes of a shared mailbox's service, made inside the mailbox's one
// R6 dance (changeMailbox) in this order: the provisioning, then the settings (Exchange's Set-Mailbox, one
// PATCH), then the calendar's default access — the provisioning first because the settings and the calendar
// belong to the mailbox it makes. A part left nil is not changed.
type serviceChange struct {
	spec     *api.HostedExchangeSpec
	settings *api.MailboxSettings
	calendar *string
}

func (c serviceChange) empty() bool { return c.spec == nil && c.settings == nil && c.calendar == nil }

// changeService returns the change to run inside the mailbox's R6 dance. The dance may run it again after a
// refusal (409 user_disabled, the login disabled by someone else meanwhile): a part that succeeded is not
// repeated, so a provisioning is never started twice.
func (d *providerData) changeService(id string, c serviceChange) func(context.Context) error {
	return func(ctx context.Context) error {
		if c.spec != nil {
			if err := d.provision(ctx, id, *c.spec); err != nil {
				return err
			}
			c.spec = nil
		}
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
