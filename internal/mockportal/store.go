package mockportal

import (
	"sync"
	"time"
)

// store guards the state with one mutex. Every write runs entirely under the lock and validates completely
// before it mutates anything, so a refused write changes nothing and concurrent requests serialise like
// transactions. Reads take the read lock and return copies, never pointers into the state.
type store struct {
	mu  sync.RWMutex
	st  *state
	gen uint64 // bumped when the state is replaced or retired; stale job timers compare it and do nothing

	// waiters are closed when a job ends (operator functions block on them). Runtime only.
	waiters map[string][]chan struct{}

	now func() time.Time
	// faults are the fault settings in force: the consistency delays decide when a new object appears.
	faults func() Faults
}

func newStore(st *state, faults func() Faults) *store {
	return &store{st: st, waiters: map[string][]chan struct{}{}, now: time.Now, faults: faults}
}

// write runs fn under the write lock with the current time.
func (s *store) write(fn func(st *state, now time.Time) error) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return fn(s.st, s.now().UTC())
}

// read runs fn under the read lock with the current time.
func (s *store) read(fn func(st *state, now time.Time) error) error {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return fn(s.st, s.now().UTC())
}

// appearing is when an object created at now appears: to reads after the consistency delay, to lists
// after the listing delay too.
func (s *store) appearing(now time.Time) appearance {
	var a appearance
	f := s.faults()
	if f.ConsistencyDelay > 0 {
		a.VisibleAt = now.Add(f.ConsistencyDelay)
	}
	if f.ListingDelay > 0 {
		a.ListedAt = now.Add(f.ConsistencyDelay + f.ListingDelay)
	}
	return a
}

// replace swaps in a new state (reset, load), releasing everybody waiting on a job of the old one.
func (s *store) replace(st *state) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.st = st
	s.retireLocked()
}

// retire stops the current state's pending jobs from advancing (Close).
func (s *store) retire() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.retireLocked()
}

func (s *store) retireLocked() {
	s.gen++
	for id, ws := range s.waiters {
		for _, w := range ws {
			close(w)
		}
		delete(s.waiters, id)
	}
}

func ptr[T any](v T) *T { return &v }
