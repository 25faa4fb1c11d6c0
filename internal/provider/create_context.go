package provider

import (
	"context"
	"time"
)

// createGrace bounds how long a create request may run on after Terraform was interrupted.
const createGrace = 30 * time.Second

// uninterruptible gives a create request a context that Ctrl-C does not cancel, bounded by createGrace.
// Once the request is sent, the portal may commit the object at any moment; only the answer tells the
// provider its ID to save in state. Cancelled in flight, the call would leave an object nobody tracks,
// which the next apply trips over as "already exists". Everything after the create still stops at once.
func uninterruptible(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.WithoutCancel(ctx), createGrace)
}
