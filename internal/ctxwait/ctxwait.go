// Package ctxwait is how every retry loop of the client and the provider waits: pauses that Terraform's
// interrupt or an operation's time limit cuts short, and the jittered exponential backoff they grow by.
package ctxwait

import (
	"context"
	"math/rand/v2"
	"time"
)

// Sleep waits for d and reports whether it did: false when ctx ended first.
func Sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}

// Backoff is the pause before retry number attempt (0 for the first): a random point in the upper half of
// minWait·2^attempt, capped at maxWait ("equal jitter": never shorter than half the exponential step, yet
// spread out so that parallel operations that collided do not retry in step).
func Backoff(minWait, maxWait time.Duration, attempt int) time.Duration {
	step := minWait
	for i := 0; i < attempt && step < maxWait; i++ {
		if step > maxWait/2 {
			step = maxWait
			break
		}
		step *= 2
	}
	step = min(step, maxWait)
	half := step / 2
	return half + rand.N(half+1) //nolint:gosec // jitter spreads retries; it needs no secrecy
}
