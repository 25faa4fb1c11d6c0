// Package ctxwait is the one wait that every retry loop of the client and the provider uses: a pause that
// Terraform's interrupt or an operation's time limit cuts short.
package ctxwait

import (
	"context"
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
