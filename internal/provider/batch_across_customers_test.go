package provider

import (
	"context"
	"fmt"
	"iter"
	"sync"
	"sync/atomic"
	"testing"
)

// spread is the objects of many customers for the batcher: key k<customer><object>, listed per customer or,
// for the subtree scope, all of them; it counts the listings of each scope and the single reads.
type spread struct {
	customers, each int
	mu              sync.Mutex
	listings        map[string]int
	singleReads     atomic.Int32
	meAsked         atomic.Int32
}

func (s *spread) key(c, i int) string { return fmt.Sprintf("k%03d%03d", c, i) }

func (s *spread) list(_ context.Context, scope string) iter.Seq2[string, error] {
	s.mu.Lock()
	s.listings[scope]++
	s.mu.Unlock()
	return func(yield func(string, error) bool) {
		for c := range s.customers {
			if scope != subtreeScopePrefix+"top" && scope != fmt.Sprint(c) {
				continue
			}
			for i := range s.each {
				if !yield(s.key(c, i), nil) {
					return
				}
			}
		}
	}
}

// readSpread reads every object of every customer concurrently, as a refresh does, each in its customer's scope.
func (s *spread) readSpread(t *testing.T, bt *batcher[string]) {
	t.Helper()
	var wg sync.WaitGroup
	for c := range s.customers {
		for i := range s.each {
			key := s.key(c, i)
			wg.Go(func() {
				got, err := bt.read(context.Background(), fmt.Sprint(c), key, func(context.Context) (string, error) {
					s.singleReads.Add(1)
					return key, nil
				})
				if err != nil || got != key {
					t.Errorf("%s: %q, %v", key, got, err)
				}
			})
		}
	}
	wg.Wait()
}

func newSpread(customers, each int, reachesSubtree bool) (*spread, *batcher[string]) {
	s := &spread{customers: customers, each: each, listings: map[string]int{}}
	b := newBatchReads(true)
	b.reachTop = func(context.Context) (string, bool) {
		s.meAsked.Add(1)
		return "top", reachesSubtree
	}
	return s, newBatcher(b, "test", s.list, func(k string) string { return k }).acrossCustomers()
}

// Objects spread over many customers, with a token that reaches them all from one top: after the reads of
// two customers, one listing of the subtree serves every later read, whatever customer it is of. So 1,000
// objects of 100 customers cost a few reads alone and one listing, not a listing (or reads) per customer.
func TestBatchAcrossCustomersListsTheSubtree(t *testing.T) {
	s, bt := newSpread(100, 10, true)
	s.readSpread(t, bt)
	if got := s.listings[subtreeScopePrefix+"top"]; got != 1 {
		t.Errorf("%d listings of the subtree, want 1 (all listings: %v)", got, s.listings)
	}
	// Only the first customer read can have had a listing of its own, started before a second customer's
	// read came: every later read of any customer goes to the subtree's.
	if len(s.listings) > 2 {
		t.Errorf("listings of single customers beside the subtree's: %v", s.listings)
	}
	if reads := s.singleReads.Load(); reads > 10 {
		t.Errorf("%d objects read alone, want a few (the reads before the listing)", reads)
	}
	if s.meAsked.Load() != 1 {
		t.Errorf("the reach was asked %d times, want once", s.meAsked.Load())
	}
}

// The objects of one customer are listed in that customer's scope: no subtree listing, no GET /me.
func TestBatchOneCustomerNeverWidens(t *testing.T) {
	s, bt := newSpread(1, 50, true)
	s.readSpread(t, bt)
	if s.listings["0"] != 1 || len(s.listings) != 1 || s.meAsked.Load() != 0 {
		t.Errorf("listings %v, reach asked %d times; want one listing of customer 0 and no question", s.listings, s.meAsked.Load())
	}
}

// A token whose reach is its own customer alone (no subtree) keeps the customers' own listings.
func TestBatchAcrossCustomersWithoutSubtree(t *testing.T) {
	s, bt := newSpread(3, 20, false)
	s.readSpread(t, bt)
	if s.listings[subtreeScopePrefix+"top"] != 0 {
		t.Errorf("a subtree listing for a token without one: %v", s.listings)
	}
	for c := range 3 {
		if s.listings[fmt.Sprint(c)] > 1 {
			t.Errorf("customer %d listed %d times", c, s.listings[fmt.Sprint(c)])
		}
	}
}
