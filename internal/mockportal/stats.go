package mockportal

import (
	"maps"
	"net/http"
	"sync"
)

// Stats counts the API requests received (faulted ones included), by method and route pattern, e.g.
// {"total": 3, "requests": {"GET /api/v1/users/{id}": 2, "POST /api/v1/users": 1}}. Requests that match
// no route count under "<METHOD> <unmatched>". /_mock requests are not counted.
type Stats struct {
	Total    int64            `json:"total"`
	Requests map[string]int64 `json:"requests"`
}

type statsCounter struct {
	mu    sync.Mutex
	total int64
	byKey map[string]int64
}

func newStatsCounter() *statsCounter { return &statsCounter{byKey: map[string]int64{}} }

func (c *statsCounter) count(key string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.total++
	c.byKey[key]++
}

func (c *statsCounter) snapshot() Stats {
	c.mu.Lock()
	defer c.mu.Unlock()
	return Stats{Total: c.total, Requests: maps.Clone(c.byKey)}
}

func (c *statsCounter) reset() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.total = 0
	clear(c.byKey)
}

// withStats counts every API request as it arrives.
func (p *Portal) withStats(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		key := infoOf(r).pattern
		if key == "" {
			key = r.Method + " <unmatched>"
		}
		p.stats.count(key)
		next.ServeHTTP(w, r)
	})
}
