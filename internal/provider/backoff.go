package provider

import (
	"context"
	"time"

	"github.com/csportal/terraform-provider-portal/internal/ctxwait"
)

// Bounds of the pause before a change that another actor's change refused is tried again.
const (
	contentionWaitMin = 50 * time.Millisecond
	contentionWaitMax = 2 * time.Second
)

// backoff paces the retries of a change that other runs' changes keep refusing: pauses that double from
// contentionWaitMin up to contentionWaitMax, each a random point in the upper half of its span
// (ctxwait.Backoff), so that two runs that collided do not collide again in step.
type backoff struct{ attempt int }

// pause waits before the next try and reports whether it did: false when ctx ended first (the operation's
// time limit ran out, or Terraform was interrupted).
func (b *backoff) pause(ctx context.Context) bool {
	d := ctxwait.Backoff(contentionWaitMin, contentionWaitMax, b.attempt)
	b.attempt++
	return ctxwait.Sleep(ctx, d)
}
