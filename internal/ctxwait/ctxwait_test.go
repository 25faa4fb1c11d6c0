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
