package provider

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/csportal/terraform-provider-portal/internal/client"
	"github.com/csportal/terraform-provider-portal/internal/ctxwait"
)

// The portal is eventually consistent: an object it has just created can stay invisible to reads for a
// while (GET answers 404) although writes already see it. A refresh inside that window would take the new
// object for one deleted out of band, drop it from the state and plan to create it again, which the portal
// then refuses because the name is taken; a create that goes on to read its own object would fail. So
// every create waits until its object can be read back before it returns.

// Bounds of the wait for a new object to become readable.
const (
	firstVisibilityPoll = 100 * time.Millisecond
	maxVisibilityPoll   = 2 * time.Second
	maxVisibilityWait   = 2 * time.Minute
)

// errNotListedYet is what a read given to awaitVisible answers when the portal's listing does not show a
// new object yet: a listing answers 200 without it where a GET of the object would answer 404.
var errNotListedYet = errors.New("not listed yet")

// awaitVisible calls read until it no longer answers 404 (or errNotListedYet): at once, then after waits
// that double from firstVisibilityPoll up to maxVisibilityPoll, for at most maxVisibilityWait. Any other
// outcome of read ends the wait and is returned.
func awaitVisible(ctx context.Context, what string, read func(context.Context) error) error {
	ctx, cancel := context.WithTimeout(ctx, maxVisibilityWait)
	defer cancel()
	wait := firstVisibilityPoll
	for {
		err := read(ctx)
		if !client.IsNotFound(err) && !errors.Is(err, errNotListedYet) {
			return err
		}
		if !ctxwait.Sleep(ctx, wait) {
			return fmt.Errorf("the portal created %s, but reading it back still answered 404 when waiting stopped "+
				"(%w); the portal may be slow to show new objects, apply again: %w", what, context.Cause(ctx), err)
		}
		wait = min(2*wait, maxVisibilityPoll)
	}
}

// awaitAllListed waits (as awaitVisible) until a listing shows every one of ids: list reads the listing,
// keyed as ids are; each names one object in the error of a wait that ran out ("the grant of").
func awaitAllListed[V any](ctx context.Context, what, each string, ids []string, list func(context.Context) (map[string]V, error)) error {
	return awaitVisible(ctx, what, func(ctx context.Context) error {
		held, err := list(ctx)
		if err != nil {
			return err
		}
		for _, id := range ids {
			if _, ok := held[id]; !ok {
				return fmt.Errorf("%s %s: %w", each, id, errNotListedYet)
			}
		}
		return nil
	})
}
