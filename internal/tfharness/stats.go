package tfharness

import (
	"context"
	"net/http"
)

// ResetStats zeroes the mock's request counts (DELETE /_mock/stats) and nothing else, so that the next
// Stats counts one phase of a run without losing what the portal holds.
func (m *Mock) ResetStats(ctx context.Context) error {
	return m.admin(ctx, http.MethodDelete, "stats", nil, nil)
}

// Reset puts the mock back to its fixtures (POST /_mock/reset): faults off, stats and idempotency keys
// cleared, everything created since gone.
func (m *Mock) Reset(ctx context.Context) error {
	return m.admin(ctx, http.MethodPost, "reset", nil, nil)
}

// PID is the process ID of the mock, for a harness that measures its resource use.
func (m *Mock) PID() int { return m.cmd.Process.Pid }
