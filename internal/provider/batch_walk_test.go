package provider

import (
	"bytes"
	"context"
	"fmt"
	"iter"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-log/tflog"
	"github.com/hashicorp/terraform-plugin-log/tflogtest"
)

// A listing's walk outlives the Read that started it: these tests hold pages back to act between them.

// pagedScope lists n keys in pages; each page after the first waits for pages to be let through (or the
// walk's context to end), and logs through the walk's context as the client does for each request.
type pagedScope struct {
	*fakeScope
	next     chan struct{} // one receive lets one more page through
	walkErrs chan error    // the walk's context error when it ended while waiting
}

func newPagedScope(n int) *pagedScope {
	return &pagedScope{fakeScope: newFakeScope(n), next: make(chan struct{}, 10), walkErrs: make(chan error, 1)}
}

func (p *pagedScope) list(ctx context.Context, _ string) iter.Seq2[string, error] {
	p.listings.Add(1)
	return func(yield func(string, error) bool) {
		for i, k := range p.keys {
			if i%listPageSize == 0 {
				if i > 0 {
					select {
					case <-p.next:
					case <-ctx.Done():
						p.walkErrs <- ctx.Err()
						yield("", ctx.Err())
						return
					}
				}
				tflog.Debug(ctx, "listing page", map[string]any{"page": i / listPageSize})
				p.pages.Add(1)
			}
			if !yield(k, nil) {
				return
			}
		}
	}
}

// readAsync reads key in scope with ctx, and delivers the outcome.
func readAsync(ctx context.Context, bt *batcher[string], f *fakeScope, key string) <-chan error {
	done := make(chan error, 1)
	go func() {
		v, err := bt.read(ctx, "scope", key, f.single(key))
		if err == nil && v != key {
			err = fmt.Errorf("read %q, got %q", key, v)
		}
		done <- err
	}()
	return done
}

// waitFor polls cond for up to 5 s.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); !cond(); time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
	}
}

// syncBuffer is a log sink that several goroutines write.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// With TF_LOG=DEBUG, the requests of a listing are logged like any other, also those it makes after the
// Read that started it has returned and the framework has released that Read's context.
func TestBatchListingLogsAfterItsReadReturned(t *testing.T) {
	var logs syncBuffer
	root := tflogtest.RootLogger(context.Background(), &logs)
	p := newPagedScope(3 * listPageSize)
	b := newBatchReads(true)
	bt := newBatcher(b, "test", p.list, func(s string) string { return s })

	request := func() (context.Context, func()) { return releasableContext(root) }
	ctx, release := request()
	if err := <-readAsync(ctx, bt, p.fakeScope, "k0000"); err != nil { // alone
		t.Fatal(err)
	}
	release()
	starter, releaseStarter := request()
	started := readAsync(starter, bt, p.fakeScope, "k0001") // starts the listing: first page
	waitFor(t, "the listing to start", func() bool { return p.listings.Load() == 1 })
	later, releaseLater := request()
	defer releaseLater()
	waiting := readAsync(later, bt, p.fakeScope, p.keys[2*listPageSize+1]) // on the third page
	waitFor(t, "the third Read", func() bool {
		bt.mu.Lock()
		defer bt.mu.Unlock()
		return bt.scopes["scope"].reads == 3
	})
	if err := <-started; err != nil {
		t.Fatal(err)
	}
	releaseStarter() // the Read that started the listing is over
	p.next <- struct{}{}
	p.next <- struct{}{}
	if err := <-waiting; err != nil {
		t.Fatal(err)
	}
	if p.singleRead.Load() != 1 {
		t.Fatalf("%d single reads, want 1: the listing served the others", p.singleRead.Load())
	}
	for page := range 3 {
		if !strings.Contains(logs.String(), fmt.Sprintf(`"page":%d`, page)) {
			t.Errorf("page %d of the listing is not in the log:\n%s", page, logs.String())
		}
	}
}

// Terraform stopping the provider (StopProvider, on Ctrl-C) stops a listing's walk: the Reads waiting on
// it read alone, and no more pages are asked for.
func TestBatchListingStopsWithTheProvider(t *testing.T) {
	stopped, stop := context.WithCancel(context.Background())
	defer stop()
	p := newPagedScope(3 * listPageSize)
	b := newBatchReads(true).stoppedWith(stopped)
	bt := newBatcher(b, "test", p.list, func(s string) string { return s })
	if err := <-readAsync(context.Background(), bt, p.fakeScope, "k0000"); err != nil {
		t.Fatal(err)
	}
	waiting := readAsync(context.Background(), bt, p.fakeScope, p.keys[2*listPageSize+1])
	if err := <-readAsync(context.Background(), bt, p.fakeScope, "k0001"); err != nil {
		t.Fatal(err)
	}
	stop()
	select {
	case err := <-p.walkErrs:
		if err == nil {
			t.Error("the walk ended without its context ending")
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the listing still waits for its next page 5 s after the provider was stopped")
	}
	if err := <-waiting; err != nil {
		t.Fatal(err)
	}
	if p.pages.Load() != 1 || p.singleRead.Load() != 2 {
		t.Errorf("%d pages and %d single reads; want the first page only, and the waiting Read alone", p.pages.Load(), p.singleRead.Load())
	}
}

// A write makes the listings unusable: the Reads waiting on one read alone at once, instead of waiting
// for a page that they would not use anyway, and the walk asks for no page after the one under way.
func TestBatchWriteWakesWaitingReads(t *testing.T) {
	p := newPagedScope(3 * listPageSize)
	b := newBatchReads(true)
	bt := newBatcher(b, "test", p.list, func(s string) string { return s })
	if err := <-readAsync(context.Background(), bt, p.fakeScope, "k0000"); err != nil {
		t.Fatal(err)
	}
	if err := <-readAsync(context.Background(), bt, p.fakeScope, "k0001"); err != nil { // starts the listing
		t.Fatal(err)
	}
	waiting := readAsync(context.Background(), bt, p.fakeScope, p.keys[2*listPageSize+1])
	waitFor(t, "the third Read to wait on the listing", func() bool {
		bt.mu.Lock()
		defer bt.mu.Unlock()
		return bt.scopes["scope"].reads == 3
	})
	time.Sleep(20 * time.Millisecond) // into its wait for the page
	b.wrote()
	select {
	case err := <-waiting:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("a Read still waits for a page of a listing that a write made unusable")
	}
	if p.singleRead.Load() != 2 {
		t.Errorf("%d single reads, want 2: the first Read and the one the write woke", p.singleRead.Load())
	}
	p.next <- struct{}{}
	p.next <- struct{}{}
	time.Sleep(20 * time.Millisecond)
	if p.pages.Load() != 2 {
		t.Errorf("the walk fetched %d pages, want 2: the one asked for when the write came, and none after", p.pages.Load())
	}
}

// The server's StopProvider reaches the provider's own stop, then the framework's.
func TestStopProviderStopsTheProvider(t *testing.T) {
	stopped, stop := context.WithCancel(context.Background())
	s, err := providerserver.NewProtocol6WithError(&PortalProvider{version: "test", stopped: stopped})()
	if err != nil {
		t.Fatal(err)
	}
	server := releasingServer{frameworkServer: s.(frameworkServer), stop: stop}
	if _, err := server.StopProvider(t.Context(), &tfprotov6.StopProviderRequest{}); err != nil {
		t.Fatal(err)
	}
	if stopped.Err() == nil {
		t.Error("StopProvider did not stop the provider's listings")
	}
}
