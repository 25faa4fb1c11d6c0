package ctxwait

import (
	"context"
	"testing"
	"time"
)

func TestSleepWaits(t *testing.T) {
	if !Sleep(t.Context(), time.Millisecond) {
		t.Fatal("Sleep with a live context reported that it was cut short")
	}
}

func TestSleepEndsWithTheContext(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if Sleep(ctx, time.Hour) {
		t.Fatal("Sleep with an ended context reported that it waited an hour")
	}
}

// Each pause lies in the upper half of its step; the steps double from the minimum and stop at the maximum.
func TestBackoffDoublesWithinTheUpperHalf(t *testing.T) {
	const minWait, maxWait = 50 * time.Millisecond, 2 * time.Second
	for attempt, ms := range []int64{50, 100, 200, 400, 800, 1600, 2000, 2000} {
		step := time.Duration(ms) * time.Millisecond
		for range 200 {
			if d := Backoff(minWait, maxWait, attempt); d < step/2 || d > step {
				t.Fatalf("attempt %d: pause %s, want within [%s, %s]", attempt, d, step/2, step)
			}
		}
	}
}
