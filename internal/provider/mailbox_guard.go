package provider

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/csportal/terraform-provider-portal/internal/api"
	"github.com/csportal/terraform-provider-portal/internal/client"
	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// R6 makes a change to a disabled mailbox a dance: enable its login, change, disable it again. Two dances
// on one mailbox must not step on each other: one's disable would land in the middle of the other's.
//
// Inside one provider process, mailboxLocks orders them. Across processes — Terraform runs on separate
// states, a nightly drift job beside the change pipelines, an operator toggling the login by hand — nothing
// can, and a run cannot tell whether a login it finds enabled rests enabled or is enabled for a moment by
// someone else's dance. It does not need to; the rule of changeMailbox is:
//
//   - A run that finds the login enabled makes its change without touching the login: whether the mailbox
//     rests enabled or another dance has it enabled, neither is this run's to undo.
//   - The portal refusing the change with 409 user_disabled proves that someone disabled the login after
//     the run looked: a dance ended, so the mailbox rests disabled. A run that finds the login disabled, or
//     is refused so, dances: it enables the login, changes, and disables it again — even when the change
//     failed. A refusal after its own enable means another dance's disable came in between: it enables
//     again and retries, with backoff and jitter, until the operation's time limit.
//
// So only dancers write the login, and the last write of each is its disable. Whatever the interleaving,
// the last write of all is a disable: a mailbox that was disabled before they all began ends disabled, and
// one that rests enabled (its portal_shared_mailbox says login_enabled = true) is never disabled, because
// nobody finds it disabled. The mailbox's own portal_shared_mailbox knows its resting state from the
// configuration and ends its own changes in it (finalLogin).

// mailboxLocks serialises every change to one mailbox inside this provider process.
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
// for any service or permission change, by the rule above. finalLogin is the login the caller declares as
// the mailbox's resting state — the mailbox's own resource does — and the change ends with it; nil ends
// it as the rule does: disabled again when this call enabled it, untouched otherwise.
//
// change may run more than once: again from the start each time the portal refuses it with 409
// user_disabled. It must be safe to repeat (PUTs are; a DELETE must take 404 for done), and a change of
// several requests is repeated whole.
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
	dance := &loginDance{d: d, userID: userID}
	changeErr := dance.change(ctx, user.LoginEnabled, change)
	disable := dance.enabled
	if finalLogin != nil {
		disable = !*finalLogin
	}
	if !disable {
		return changeErr
	}
	return errors.Join(changeErr, dance.disable(ctx))
}

// loginDance is one changeMailbox's part in the rule.
type loginDance struct {
	d      *providerData
	userID string
	// enabled says that this call may have enabled the login (a request whose answer was lost counts), so
	// its last login write must be a disable.
	enabled bool
	// refusals counts the portal's 409 user_disabled answers to the change: each is someone else's disable.
	refusals int
}

// change makes the change, enabling the login first unless it was found enabled, and again after each
// refusal, until the change is made, fails otherwise, or ctx ends.
func (l *loginDance) change(ctx context.Context, loginEnabled bool, change func(context.Context) error) error {
	var wait backoff
	for {
		if !loginEnabled {
			tflog.Debug(ctx, "enabling the mailbox login for a change (R6)", map[string]any{"user_id": l.userID, "refusals": l.refusals})
			l.enabled = true
			if _, err := l.d.client.UpdateUser(ctx, l.userID, api.UserPatch{LoginEnabled: ptr(true)}); err != nil {
				return l.contended(ctx, fmt.Errorf("enabling the login of mailbox %s so that it can be changed: %w", l.userID, err))
			}
		}
		err := change(ctx)
		if !client.HasCode(err, api.CodeUserDisabled) {
			return l.contended(ctx, err)
		}
		l.refusals++
		tflog.Debug(ctx, "the mailbox login was disabled by someone else before the change (R6)",
			map[string]any{"user_id": l.userID, "refusals": l.refusals, "enabled_by_this_run": l.enabled})
		// A first refusal without this run's enable is news that the mailbox rests disabled: dance at once.
		// After this run's own enable it is another dance ending in between: give it room first.
		if l.enabled && !wait.pause(ctx) {
			return l.contended(ctx, err)
		}
		loginEnabled = false
	}
}

// contended says, when the operation ran out of time (or was interrupted) after the login had been
// disabled under the change, what was contending: the error of the step that was cut short does not.
func (l *loginDance) contended(ctx context.Context, err error) error {
	if err == nil || ctx.Err() == nil || l.refusals == 0 {
		return err
	}
	return fmt.Errorf("the login of mailbox %s was disabled by someone else %d times while this change waited to be "+
		"made (other Terraform runs ending their own changes of the mailbox, or an operator): %w", l.userID, l.refusals, err)
}

// disable ends the dance. It runs even when the operation's context was cancelled (restoreTimeout).
func (l *loginDance) disable(ctx context.Context) error {
	restoreCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), restoreTimeout)
	defer cancel()
	_, err := l.d.client.UpdateUser(restoreCtx, l.userID, api.UserPatch{LoginEnabled: ptr(false)})
	if client.IsNotFound(err) {
		return nil // the user is gone, and its login with it
	}
	if err != nil {
		return fmt.Errorf("%w: mailbox %s is left with login ENABLED; the next plan shows the drift and "+
			"apply disables it again: %w", errRestoreFailed, l.userID, err)
	}
	tflog.Debug(ctx, "mailbox login disabled again (R6)", map[string]any{"user_id": l.userID})
	return nil
}

func ptr[T any](v T) *T { return &v }
