package provider

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/csportal/terraform-provider-portal/internal/client"
)

// fakeScope is a scope's listing for the batcher's unit tests: keys k0000…, sorted, and counts of what was
// asked of it.
type fakeScope struct {
	keys    []string
	missing map[string]bool // listed as absent although a single read finds them (a lagging listing)
	// gate, when set, holds the first page back until it is closed, so that Reads pile up on the listing.
	gate       chan struct{}
	listings   atomic.Int32 // walks started
	pages      atomic.Int32 // pages fetched
	singleRead atomic.Int32
}

func newFakeScope(n int) *fakeScope {
	f := &fakeScope{missing: map[string]bool{}}
	for i := range n {
		f.keys = append(f.keys, fmt.Sprintf("k%04d", i))
	}
	return f
}

func (f *fakeScope) list(context.Context, string) iter.Seq2[string, error] {
	f.listings.Add(1)
	return func(yield func(string, error) bool) {
		for i, k := range f.keys {
			if i%listPageSize == 0 {
				if i == 0 && f.gate != nil {
					<-f.gate
				}
				f.pages.Add(1)
			}
			if f.missing[k] {
				continue
			}
			if !yield(k, nil) {
				return
			}
		}
	}
}

func (f *fakeScope) single(key string) func(context.Context) (string, error) {
	return func(context.Context) (string, error) {
		f.singleRead.Add(1)
		for _, k := range f.keys {
			if k == key {
				return k, nil
			}
		}
		return "", &client.Error{Status: 404, Code: "not_found"}
	}
}

func newTestBatcher(f *fakeScope, enabled bool) (*batchReads, *batcher[string]) {
	b := newBatchReads(enabled)
	return b, newBatcher(b, "test", f.list, func(s string) string { return s })
}

// readAll reads keys concurrently, as Terraform's refresh does, and returns what each read got.
func readAll(t *testing.T, bt *batcher[string], f *fakeScope, keys []string) map[string]error {
	t.Helper()
	var mu sync.Mutex
	got := map[string]error{}
	var wg sync.WaitGroup
	for _, k := range keys {
		wg.Go(func() {
			v, err := bt.read(context.Background(), "scope", k, f.single(k))
			if err == nil && v != k {
				err = fmt.Errorf("read %q, got %q", k, v)
			}
			mu.Lock()
			got[k] = err
			mu.Unlock()
		})
	}
	wg.Wait()
	return got
}

// A refresh of one object of a scope reads it alone, whatever the scope's size: no listing.
func TestBatchOneReadListsNothing(t *testing.T) {
	f := newFakeScope(5000)
	_, bt := newTestBatcher(f, true)
	if errs := readAll(t, bt, f, []string{"k4321"}); errs["k4321"] != nil {
		t.Fatal(errs)
	}
	if f.listings.Load() != 0 || f.singleRead.Load() != 1 {
		t.Fatalf("%d listings, %d single reads; want none and one", f.listings.Load(), f.singleRead.Load())
	}
}

// Parallel Reads of a scope share one listing: the first reads alone, the rest wait for the listing and
// are served from it.
func TestBatchCoalescesParallelReads(t *testing.T) {
	f := newFakeScope(300)
	f.gate = make(chan struct{})
	_, bt := newTestBatcher(f, true)
	// One read alone, then the second starts the listing, held until the others have piled up on it.
	if errs := readAll(t, bt, f, []string{"k0000"}); errs["k0000"] != nil {
		t.Fatal(errs)
	}
	done := make(chan map[string]error)
	go func() { done <- readAll(t, bt, f, f.keys[1:]) }()
	for {
		bt.mu.Lock()
		reads := bt.scopes["scope"].reads
		bt.mu.Unlock()
		if reads == len(f.keys) {
			break
		}
		time.Sleep(time.Millisecond)
	}
	close(f.gate)
	for k, err := range <-done {
		if err != nil {
			t.Errorf("%s: %v", k, err)
		}
	}
	if f.listings.Load() != 1 || f.pages.Load() != 1 || f.singleRead.Load() != 1 {
		t.Fatalf("%d listings of %d pages, %d single reads; want one listing of one page and the first read alone",
			f.listings.Load(), f.pages.Load(), f.singleRead.Load())
	}
}

// An object the listing leaves out is read alone: kept when the portal has it (a listing that lags), gone
// only on its own 404.
func TestBatchUnlistedObjectsAreReadAlone(t *testing.T) {
	f := newFakeScope(50)
	f.missing["k0010"] = true
	_, bt := newTestBatcher(f, true)
	keys := append([]string{}, f.keys...)
	keys = append(keys, "k9999") // gone: neither listed nor readable
	errs := readAll(t, bt, f, keys)
	if errs["k0010"] != nil {
		t.Errorf("the unlisted but readable object: %v", errs["k0010"])
	}
	if !client.IsNotFound(errs["k9999"]) {
		t.Errorf("the gone object: %v, want the portal's 404", errs["k9999"])
	}
	for _, k := range f.keys {
		if k != "k0010" && errs[k] != nil {
			t.Errorf("%s: %v", k, errs[k])
		}
	}
}

// The listing asks for no more pages than the scope has had Reads: ten objects of a scope of 5,000 (ten
// pages) never cost more requests than ten reads would.
func TestBatchListingStopsWhenItNoLongerPays(t *testing.T) {
	f := newFakeScope(5000)
	_, bt := newTestBatcher(f, true)
	keys := []string{"k0001", "k0002", "k0003", "k4990", "k4991", "k4992", "k4993", "k4994", "k4995", "k4996"}
	for k, err := range readAll(t, bt, f, keys) {
		if err != nil {
			t.Errorf("%s: %v", k, err)
		}
	}
	if requests := f.pages.Load() + f.singleRead.Load(); f.pages.Load() > int32(len(keys)) || requests > 2*int32(len(keys)) {
		t.Fatalf("%d pages and %d single reads for %d objects", f.pages.Load(), f.singleRead.Load(), len(keys))
	}
}

// After a write, no Read is served from a listing made before it.
func TestBatchNoListingOutlivesAWrite(t *testing.T) {
	f := newFakeScope(20)
	b, bt := newTestBatcher(f, true)
	readAll(t, bt, f, f.keys) // lists
	before := f.singleRead.Load()
	readAll(t, bt, f, f.keys[:1])
	if f.singleRead.Load() != before {
		t.Fatalf("a read after the listing, with no write between, was read alone")
	}
	b.wrote()
	listings := f.listings.Load()
	readAll(t, bt, f, f.keys[:1])
	if f.singleRead.Load() != before+1 || f.listings.Load() != listings {
		t.Fatalf("after a write: %d single reads (want %d) and %d listings (want %d)", f.singleRead.Load(), before+1,
			f.listings.Load(), listings)
	}
}

// With batch_reads off, every Read is its own read.
func TestBatchOff(t *testing.T) {
	f := newFakeScope(20)
	_, bt := newTestBatcher(f, false)
	readAll(t, bt, f, f.keys)
	if f.listings.Load() != 0 || f.singleRead.Load() != 20 {
		t.Fatalf("%d listings, %d single reads", f.listings.Load(), f.singleRead.Load())
	}
}

// A failed listing is no failure of the Reads: they read alone.
func TestBatchFailedListing(t *testing.T) {
	f := newFakeScope(20)
	b := newBatchReads(true)
	bt := newBatcher(b, "test", func(context.Context, string) iter.Seq2[string, error] {
		return func(yield func(string, error) bool) { yield("", errors.New("listing broken")) }
	}, func(s string) string { return s })
	for k, err := range readAll(t, bt, f, f.keys) {
		if err != nil {
			t.Errorf("%s: %v", k, err)
		}
	}
	if f.singleRead.Load() != 20 {
		t.Fatalf("%d single reads, want 20", f.singleRead.Load())
	}
}
