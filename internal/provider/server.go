package provider

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

// NewProtocol6Server returns the provider's protocol 6 server, which main serves and the acceptance tests
// run: the framework's, with the calls Terraform makes once per resource or data source given a request
// context that lets go of the request when the call returns.
//
// The framework (terraform-plugin-framework v1.19) keeps the cancel function of every request's context
// until StopProvider, which Terraform sends only on an interrupt. Each one holds its context's whole chain:
// gRPC's stream and terraform-plugin-go's loggers, some 13 KB a call. A plan of 1,000 objects makes about
// 4,000 such calls, and all of them stayed reachable: 51 MB of live heap by the end of the plan, marked
// again by every garbage collection, and a peak RSS of 150 MB (make bench, BENCHMARKS.md). Behind a
// releasable context, what the framework keeps of a call is a few small structs.
//
// Each server has a provider of its own, which learns from the wrapper when Terraform stops it
// (StopProvider): the framework cancels the requests it is serving, and the provider what runs beyond them.
func NewProtocol6Server(version string) func() (tfprotov6.ProviderServer, error) {
	return func() (tfprotov6.ProviderServer, error) {
		stopped, stop := context.WithCancel(context.Background())
		s, err := providerserver.NewProtocol6WithError(&PortalProvider{version: version, stopped: stopped})()
		if err != nil {
			stop()
			return nil, err
		}
		full, ok := s.(frameworkServer)
		if !ok {
			stop()
			return nil, fmt.Errorf("the framework's protocol 6 server (%T) lacks RPCs the provider passes on", s)
		}
		return releasingServer{frameworkServer: full, stop: stop}, nil
	}
}

// frameworkServer is every RPC set the framework's server implements. terraform-plugin-go finds the
// optional sets (list resources, actions, state stores) by type assertion, so the wrapper must keep them.
type frameworkServer interface {
	tfprotov6.ProviderServer
	tfprotov6.ListResourceServer
	tfprotov6.ActionServer
	tfprotov6.StateStoreServer
}

// releasingServer passes the calls made once per resource or data source through a releasable context;
// those made once per provider process go to the framework unchanged.
type releasingServer struct {
	frameworkServer
	stop context.CancelFunc // ends the provider's stopped context
}

// StopProvider stops what the provider runs beyond the requests, then the requests (the framework).
func (s releasingServer) StopProvider(ctx context.Context, req *tfprotov6.StopProviderRequest) (*tfprotov6.StopProviderResponse, error) {
	s.stop()
	return s.frameworkServer.StopProvider(ctx, req)
}

func (s releasingServer) ValidateResourceConfig(ctx context.Context, req *tfprotov6.ValidateResourceConfigRequest) (*tfprotov6.ValidateResourceConfigResponse, error) {
	return withReleasedContext(ctx, req, s.frameworkServer.ValidateResourceConfig)
}

func (s releasingServer) UpgradeResourceState(ctx context.Context, req *tfprotov6.UpgradeResourceStateRequest) (*tfprotov6.UpgradeResourceStateResponse, error) {
	return withReleasedContext(ctx, req, s.frameworkServer.UpgradeResourceState)
}

func (s releasingServer) ReadResource(ctx context.Context, req *tfprotov6.ReadResourceRequest) (*tfprotov6.ReadResourceResponse, error) {
	return withReleasedContext(ctx, req, s.frameworkServer.ReadResource)
}

func (s releasingServer) PlanResourceChange(ctx context.Context, req *tfprotov6.PlanResourceChangeRequest) (*tfprotov6.PlanResourceChangeResponse, error) {
	return withReleasedContext(ctx, req, s.frameworkServer.PlanResourceChange)
}

func (s releasingServer) ApplyResourceChange(ctx context.Context, req *tfprotov6.ApplyResourceChangeRequest) (*tfprotov6.ApplyResourceChangeResponse, error) {
	return withReleasedContext(ctx, req, s.frameworkServer.ApplyResourceChange)
}

func (s releasingServer) ImportResourceState(ctx context.Context, req *tfprotov6.ImportResourceStateRequest) (*tfprotov6.ImportResourceStateResponse, error) {
	return withReleasedContext(ctx, req, s.frameworkServer.ImportResourceState)
}

func (s releasingServer) ValidateDataResourceConfig(ctx context.Context, req *tfprotov6.ValidateDataResourceConfigRequest) (*tfprotov6.ValidateDataResourceConfigResponse, error) {
	return withReleasedContext(ctx, req, s.frameworkServer.ValidateDataResourceConfig)
}

func (s releasingServer) ReadDataSource(ctx context.Context, req *tfprotov6.ReadDataSourceRequest) (*tfprotov6.ReadDataSourceResponse, error) {
	return withReleasedContext(ctx, req, s.frameworkServer.ReadDataSource)
}

// withReleasedContext runs call with a releasable copy of ctx, released when call returns.
func withReleasedContext[Req, Resp any](ctx context.Context, req Req, call func(context.Context, Req) (Resp, error)) (Resp, error) {
	ctx, release := releasableContext(ctx)
	defer release()
	return call(ctx, req)
}

// releasableContext returns a context with the values, deadline and cancellation of parent, and the
// function that cancels it and drops its reference to parent: whatever still holds the context after that
// holds a few small structs, not parent's chain. Values looked up after the release are not found (a
// logger then logs nothing), which is why it is released only when the call is over.
func releasableContext(parent context.Context) (context.Context, func()) {
	values := &releasableValues{}
	values.parent.Store(&parent)
	ctx, cancel := context.WithCancelCause(values)
	// Registered with parent only until the release: the registration would otherwise tie ctx to it.
	stop := context.AfterFunc(parent, func() { cancel(context.Cause(parent)) })
	release := func() {
		stop()
		cancel(context.Canceled)
		values.release()
	}
	deadline, ok := parent.Deadline()
	if !ok {
		return ctx, release
	}
	ctx, cancelDeadline := context.WithDeadline(ctx, deadline)
	return ctx, func() {
		cancelDeadline()
		release()
	}
}

// releasableValues is a context of values only, never done and without deadline (the context built on
// it carries those), that looks values up in its parent until released and finds none after — or, when
// pinned at the release (keepValues), until the last pin is let go.
type releasableValues struct {
	parent atomic.Pointer[context.Context]

	mu       sync.Mutex
	pins     int
	released bool
}

// releasableValuesKey finds the releasableValues of a context chain.
type releasableValuesKey struct{}

// release drops the parent, now or (pinned) when the last pin goes.
func (v *releasableValues) release() {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.released = true
	if v.pins == 0 {
		v.parent.Store(nil)
	}
}

// pin keeps the parent until the returned function is called, however the call ends.
func (v *releasableValues) pin() func() {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.pins++
	return sync.OnceFunc(func() {
		v.mu.Lock()
		defer v.mu.Unlock()
		if v.pins--; v.pins == 0 && v.released {
			v.parent.Store(nil)
		}
	})
}

// keepValues returns ctx with its values kept beyond the end of the request it belongs to, for work that
// outlives the request (a listing's walk): until the returned function is called. A context that is not a
// request's (no releasable values in its chain) is returned as it is.
func keepValues(ctx context.Context) (context.Context, func()) {
	v, ok := ctx.Value(releasableValuesKey{}).(*releasableValues)
	if !ok {
		return ctx, func() {}
	}
	return ctx, v.pin()
}

func (*releasableValues) Deadline() (time.Time, bool) { return time.Time{}, false }
func (*releasableValues) Done() <-chan struct{}       { return nil }
func (*releasableValues) Err() error                  { return nil }

func (v *releasableValues) Value(key any) any {
	if key == (releasableValuesKey{}) {
		return v
	}
	if p := v.parent.Load(); p != nil {
		return (*p).Value(key)
	}
	return nil
}
