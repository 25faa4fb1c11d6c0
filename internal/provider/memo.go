package provider

import "sync"

// memo remembers lookups for the life of the provider process, which is one Terraform command: plan-time
// checks of 1,000 resources against the same customer or grantee cost one request, not 1,000. Concurrent
// callers of one key share a single load.
type memo[V any] struct {
	mu      sync.Mutex
	entries map[string]*memoEntry[V]
}

type memoEntry[V any] struct {
	once  sync.Once
	value V
	err   error
}

func (m *memo[V]) get(key string, load func() (V, error)) (V, error) {
	m.mu.Lock()
	if m.entries == nil {
		m.entries = map[string]*memoEntry[V]{}
	}
	e, ok := m.entries[key]
	if !ok {
		e = &memoEntry[V]{}
		m.entries[key] = e
	}
	m.mu.Unlock()

	e.once.Do(func() { e.value, e.err = load() })
	if e.err != nil {
		// A failed lookup is not remembered: the next caller may have better luck (or a live context).
		m.mu.Lock()
		if m.entries[key] == e {
			delete(m.entries, key)
		}
		m.mu.Unlock()
	}
	return e.value, e.err
}
