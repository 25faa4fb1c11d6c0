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
// Every write of the login counts in the portal's login_version, and a dancer's two writes are conditional
// on it: the enable on the version the run read (someone who set the login in between made it not this
// run's to dance on: it looks again), the disable on the version its enable left (someone who wrote the
// login since decides it now: an owner turning it on, an operator, or another dancer whose own disable
// comes later). So the last write of all is a disable by the last dancer: a mailbox that was disabled
// before they all began ends disabled, and one that rests enabled is never disabled, because nobody finds
// it disabled.
//
// Owners write unconditionally: the mailbox's own portal_shared_mailbox knows its resting state from the
// configuration and ends its own changes by writing it (finalLogin; setLogin for a change of the login
// alone). An owner turning the login on while another state's dance has it enabled is therefore not undone
// by that dance's disable: the disable misses, because the owner's write changed the login version.

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
// the mailbox's resting state — the mailbox's own resource does — and the change ends with it written;
// nil ends it as the rule does: disabled again when this call enabled it (and nobody set the login since),
// untouched otherwise.
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
	changeErr := dance.change(ctx, user, change)
	switch {
	case finalLogin == nil && dance.enabled:
		return errors.Join(changeErr, dance.disable(ctx))
	case finalLogin != nil && !*finalLogin:
		// The owner's resting state: written whoever enabled the login.
		return errors.Join(changeErr, dance.restore(ctx, api.UserPatch{LoginEnabled: ptr(false)}))
	case finalLogin != nil && !dance.wrote:
		// The owner rests enabled, but found the login enabled by someone else, whose conditional disable
		// would end it: a write of the login of its own makes that disable miss (login_version).
		return errors.Join(changeErr, dance.restore(ctx, api.UserPatch{LoginEnabled: ptr(true)}))
	}
	return changeErr
}

// loginDance is one changeMailbox's part in the rule.
type loginDance struct {
	d      *providerData
	userID string
	// enabled says that this call may have enabled the login: its enable succeeded, or its outcome is
	// unknown (no answer, or 5xx), so its last login write must be a disable. A definite refusal (403 for a
	// token that is not an administrator, say) enabled nothing.
	enabled bool
	// wrote says that this call's enable succeeded; loginVersion is the login version it left, on which
	// the disable is conditional: whoever wrote the login since (an owner turning it on, an operator,
	// another run's dance) decides its state now.
	wrote        bool
	loginVersion int64
	// refusals counts the portal's 409 user_disabled answers to the change: each is someone else's disable.
	refusals int
}

// errLoginWritten is an enable that did not happen because someone wrote the login after this run read it.
var errLoginWritten = errors.New("the login was written since it was read")

// change makes the change, enabling the login first unless it was found enabled, and again after each
// refusal, until the change is made, fails otherwise, or ctx ends.
func (l *loginDance) change(ctx context.Context, user api.User, change func(context.Context) error) error {
	var wait backoff
	for {
		if !user.LoginEnabled {
			err := l.enable(ctx, user.LoginVersion)
			if errors.Is(err, errLoginWritten) {
				// Someone set the login in between: look again, and dance only if it is still disabled.
				if user, err = l.d.client.GetUser(ctx, l.userID); err != nil {
					return l.contended(ctx, err)
				}
				continue
			}
			if err != nil {
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
		// The enable is conditional on the login version, which the refusal does not tell.
		if user, err = l.d.client.GetUser(ctx, l.userID); err != nil {
			return l.contended(ctx, err)
		}
	}
}

// enable turns the login on if nobody wrote it since it was read at loginVersion. Only an enable whose
// outcome is unknown counts as possibly made besides one that succeeded: a refusal (4xx) is definite,
// because the request's Idempotency-Key makes a retry after a lost answer get that answer again.
func (l *loginDance) enable(ctx context.Context, loginVersion int64) error {
	tflog.Debug(ctx, "enabling the mailbox login for a change (R6)", map[string]any{"user_id": l.userID, "refusals": l.refusals})
	u, err := l.d.client.UpdateUser(ctx, l.userID, api.UserPatch{LoginEnabled: ptr(true), IfLoginVersion: &loginVersion})
	if err == nil {
		l.enabled, l.wrote, l.loginVersion = true, true, u.LoginVersion
		return nil
	}
	if client.HasCode(err, api.CodePreconditionFailed) {
		return errLoginWritten
	}
	if apiErr, ok := client.AsError(err); !ok || apiErr.Status >= 500 {
		l.enabled = true // no answer, or a failure after which the portal may have made it: disable to be safe
	}
	return err
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

// disable ends the dance: the login off again, unless someone set it after this run's enable. Without a
// known enable (its answer never came) it disables unconditionally: an open login is the worse mistake.
func (l *loginDance) disable(ctx context.Context) error {
	patch := api.UserPatch{LoginEnabled: ptr(false)}
	if l.wrote {
		patch.IfLoginVersion = &l.loginVersion
	}
	return l.restore(ctx, patch)
}

// restore makes the dance's last login write. It runs even when the operation's context was cancelled
// (restoreTimeout).
func (l *loginDance) restore(ctx context.Context, patch api.UserPatch) error {
	restoreCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), restoreTimeout)
	defer cancel()
	_, err := l.d.client.UpdateUser(restoreCtx, l.userID, patch)
	switch {
	case err == nil:
		tflog.Debug(ctx, "mailbox login restored (R6)", map[string]any{"user_id": l.userID, "login_enabled": *patch.LoginEnabled})
		return nil
	case client.IsNotFound(err):
		return nil // the user is gone, and its login with it
	case patch.IfLoginVersion != nil && client.HasCode(err, api.CodePreconditionFailed):
		// Someone wrote the login after this run's enable: an owner turning it on, an operator, or another
		// run, which then disables it itself. Theirs to decide.
		tflog.Debug(ctx, "the mailbox login was set by someone else during the change: left as they set it (R6)",
			map[string]any{"user_id": l.userID})
		return nil
	}
	if *patch.LoginEnabled {
		return fmt.Errorf("%w: the login of mailbox %s may be left disabled, although its configuration enables "+
			"it; the next plan shows the drift and apply enables it again: %w", errRestoreFailed, l.userID, err)
	}
	return fmt.Errorf("%w: mailbox %s is left with login ENABLED; the next plan shows the drift and "+
		"apply disables it again: %w", errRestoreFailed, l.userID, err)
}

func ptr[T any](v T) *T { return &v }
