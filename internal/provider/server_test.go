package provider

import (
	"context"
	"errors"
	"runtime"
	"testing"
	"time"
	"weak"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

type testKey struct{}

// TestReleasableContextPassesParentThrough: while the call runs, the context has the parent's values and
// deadline and ends with the parent, cause included.
func TestReleasableContextPassesParentThrough(t *testing.T) {
	deadline := time.Now().Add(time.Hour)
	parent, cancelParent := context.WithDeadline(context.WithValue(t.Context(), testKey{}, "v"), deadline)
	ctx, release := releasableContext(parent)
	defer release()

	if got := ctx.Value(testKey{}); got != "v" {
		t.Errorf("value %v, want v", got)
	}
	if got, ok := ctx.Deadline(); !ok || !got.Equal(deadline) {
		t.Errorf("deadline %v %t, want %v", got, ok, deadline)
	}
	if ctx.Err() != nil {
		t.Fatalf("done before the parent: %v", ctx.Err())
	}
	cancelParent()
	select {
	case <-ctx.Done():
	case <-time.After(5 * time.Second):
		t.Fatal("not done after the parent was cancelled")
	}
	if !errors.Is(ctx.Err(), context.Canceled) || !errors.Is(context.Cause(ctx), context.Canceled) {
		t.Errorf("err %v, cause %v; want canceled", ctx.Err(), context.Cause(ctx))
	}
}

// TestReleasableContextLetsGoOfParent is why it exists: once released, a context kept by someone else (as
// the framework keeps every request's) is done, finds no values, and no longer keeps its parent alive.
func TestReleasableContextLetsGoOfParent(t *testing.T) {
	// The test's context is cancellable, as gRPC's are: the release must also undo the registration with it.
	parent, collected := contextHolding(t.Context())
	ctx, release := releasableContext(parent)
	kept, keptCancel := context.WithCancel(ctx) // what the framework's registerContext does with it
	defer keptCancel()
	if kept.Value(testKey{}) == nil {
		t.Fatal("no value before the release")
	}
	release()
	if kept.Err() == nil || kept.Value(testKey{}) != nil {
		t.Fatalf("after the release: err %v, value %v; want done and no value", kept.Err(), kept.Value(testKey{}))
	}
	for i := 0; i < 10 && collected.Value() != nil; i++ {
		runtime.GC()
	}
	if collected.Value() != nil {
		t.Error("the parent's value is still reachable through the released context")
	}
	runtime.KeepAlive(kept)
}

// contextHolding returns a child of parent holding a large value, and a weak pointer that tells whether
// the value is still reachable.
func contextHolding(parent context.Context) (context.Context, weak.Pointer[[1 << 16]byte]) {
	value := new([1 << 16]byte)
	return context.WithValue(parent, testKey{}, value), weak.Make(value)
}

// TestReleasableContextWithoutDeadline: no deadline is invented, and the release cancels.
func TestReleasableContextWithoutDeadline(t *testing.T) {
	ctx, release := releasableContext(t.Context())
	if _, ok := ctx.Deadline(); ok {
		t.Error("a deadline without one in the parent")
	}
	release()
	if !errors.Is(ctx.Err(), context.Canceled) {
		t.Errorf("after the release: %v, want canceled", ctx.Err())
	}
}

// TestNewProtocol6Server: the framework's server keeps every optional RPC set behind the wrapper, which
// terraform-plugin-go looks for by type assertion.
func TestNewProtocol6Server(t *testing.T) {
	s, err := NewProtocol6Server("test")()
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := s.(frameworkServer); !ok {
		t.Fatalf("%T lacks RPC sets of the framework's server", s)
	}
	resp, err := s.GetProviderSchema(t.Context(), &tfprotov6.GetProviderSchemaRequest{})
	if err != nil || len(resp.ResourceSchemas) == 0 {
		t.Fatalf("GetProviderSchema through the wrapper: %v, %d resource schemas", err, len(resp.ResourceSchemas))
	}
}
