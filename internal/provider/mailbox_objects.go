package provider

import (
	"context"
	"errors"
	"strings"

	"github.com/csportal/terraform-provider-portal/internal/api"
	"github.com/csportal/terraform-provider-portal/internal/client"
)

// Grants and submailboxes live on a mailbox, addressed by a mailbox key: the mailbox's user ID (usr_…) or
// a submailbox's ID (smb_…). Whichever the key, R6 and the per-mailbox lock are about the login of the
// shared mailbox itself, so every change is made under that mailbox's lock.

// owningMailbox returns the user ID of the mailbox a key names or lies in: the key itself for a mailbox,
// the submailbox's mailbox for a submailbox (one GET; a submailbox never moves to another mailbox).
func (d *providerData) owningMailbox(ctx context.Context, key string) (string, error) {
	if !strings.HasPrefix(key, api.PrefixSubmailbox) {
		return key, nil
	}
	sm, err := d.client.GetSubmailbox(ctx, key)
	if err != nil {
		return "", err
	}
	return sm.MailboxID, nil
}

// customerOfMailbox returns the customer of a mailbox key: the user's, or the one a submailbox names.
func (d *providerData) customerOfMailbox(ctx context.Context, key string) (string, error) {
	if strings.HasPrefix(key, api.PrefixSubmailbox) {
		sm, err := d.client.GetSubmailbox(ctx, key)
		return sm.CustomerID, err
	}
	u, err := d.client.GetUser(ctx, key)
	return u.CustomerID, err
}

// changeOnMailbox runs change under the lock of the mailbox the key names or lies in, with its login
// enabled for it as the rule of changeMailbox says. change may make several requests; it runs again from
// the start when the portal refuses one with 409 user_disabled, so each must be safe to repeat.
func (d *providerData) changeOnMailbox(ctx context.Context, key string, change func(context.Context) error) error {
	owner, err := d.owningMailbox(ctx, key)
	if err != nil {
		return err
	}
	return d.changeMailbox(ctx, owner, nil, change)
}

// changeOnMailboxFor is changeOnMailbox for a change that answers with the object it made or changed. The
// answer comes back even with an error (restoring the login failed afterwards): the change was made, so
// the caller records the object — a create is then tainted, not lost — and reports the error.
func changeOnMailboxFor[T any](ctx context.Context, d *providerData, key string, call func(context.Context) (T, error)) (*T, error) {
	var done *T
	err := d.changeOnMailbox(ctx, key, func(ctx context.Context) error {
		v, err := call(ctx)
		if err == nil {
			done = &v
		}
		return err
	})
	return done, err
}

// removeFromMailbox runs remove, the deletion of an object on the mailbox or submailbox key, as
// changeOnMailbox does. An object that is already gone, alone or with its (sub)mailbox, is success; a
// login that could not be restored is still reported.
func (d *providerData) removeFromMailbox(ctx context.Context, key string, remove func(context.Context) error) error {
	err := d.changeOnMailbox(ctx, key, func(ctx context.Context) error {
		if err := remove(ctx); err != nil && !client.IsNotFound(err) {
			return err
		}
		return nil
	})
	if client.IsNotFound(err) && !errors.Is(err, errRestoreFailed) {
		return nil
	}
	return err
}
