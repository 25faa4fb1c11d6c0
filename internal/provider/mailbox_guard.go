package provider

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/csportal/terraform-provider-portal/internal/api"
	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// mailboxLocks serialises every change to one mailbox inside this provider process. R6 makes a change to a
// disabled mailbox a three-step dance (enable, change, disable); two resources dancing on the same
// mailbox at once would disable it under each other's feet.
type mailboxLocks struct {
	mu    sync.Mutex
	locks map[string]chan struct{}
}

func newMailboxLocks() *mailboxLocks {
	return &mailboxLocks{locks: map[string]chan struct{}{}}
}

// lock waits for the mailbox's lock or for ctx to end, and returns the function that releases it.
func (l *mailboxLocks) lock(ctx context.Context, mailboxID string) (func(), error) {
	l.mu.Lock()
	ch, ok := l.locks[mailboxID]
	if !ok {
		ch = make(chan struct{}, 1)
		l.locks[mailboxID] = ch
	}
	l.mu.Unlock()

	select {
	case ch <- struct{}{}:
		return func() { <-ch }, nil
	case <-ctx.Done():
		return nil, fmt.Errorf("waiting for other changes to mailbox %s: %w", mailboxID, ctx.Err())
	}
}

// restoreTimeout bounds the restore of a mailbox's login state after the change; it runs even when the
// operation's own context was cancelled, because leaving a shared mailbox's login enabled is a security
// issue, not a tidy-up.
const restoreTimeout = 30 * time.Second

// errRestoreFailed marks the error of a change whose login restore failed: the mailbox is left enabled.
var errRestoreFailed = errors.New("restoring the login state failed")

// changeMailbox runs change on mailbox userID under its lock with the user's login enabled, as R6 demands
// for any service or permission change, and then sets the login to finalLogin (nil: back to what it was).
// The restore runs even when change fails.
func (d *providerData) changeMailbox(ctx context.Context, userID string, finalLogin *bool, change func(context.Context) error) error {
	unlock, err := d.mailboxes.lock(ctx, userID)
	if err != nil {
		return err
	}
	defer unlock()

	user, err := d.client.GetUser(ctx, userID)
	if err != nil {
		return err
	}
	want := user.LoginEnabled
	if finalLogin != nil {
		want = *finalLogin
	}
	if !user.LoginEnabled {
		tflog.Debug(ctx, "enabling the mailbox login for a change (R6)", map[string]any{"user_id": userID})
		if _, err := d.client.UpdateUser(ctx, userID, api.UserPatch{LoginEnabled: ptr(true)}); err != nil {
			return fmt.Errorf("enabling the login of mailbox %s so that it can be changed: %w", userID, err)
		}
	}

	changeErr := change(ctx)

	if want {
		return changeErr
	}
	restoreCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), restoreTimeout)
	defer cancel()
	if _, err := d.client.UpdateUser(restoreCtx, userID, api.UserPatch{LoginEnabled: ptr(false)}); err != nil {
		restore := fmt.Errorf("%w: mailbox %s is left with login ENABLED; the next plan shows the drift and "+
			"apply disables it again: %w", errRestoreFailed, userID, err)
		return errors.Join(changeErr, restore)
	}
	tflog.Debug(ctx, "mailbox login disabled again (R6)", map[string]any{"user_id": userID})
	return changeErr
}

func ptr[T any](v T) *T { return &v }
