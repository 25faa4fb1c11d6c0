package mockportal

import (
	"maps"
	"net/http"
	"sync"
)

// Stats counts the API requests received (faulted ones included), by method and route pattern, e.g.
// {"total": 3, "requests": {"GET /api/v1/users/{id}": 2, "POST /api/v1/users": 1}}. Requests that match
// no route count under "<METHOD> <unmatched>". /_mock requests are not counted. RateLimited counts the
// requests among them that the rate_limit fault answered 429, so that a benchmark can tell the requests
// that did work from those refused.
type Stats struct {
	Total       int64            `json:"total"`
	Requests    map[string]int64 `json:"requests"`
	RateLimited int64            `json:"rate_limited"`
}

type statsCounter struct {
	mu          sync.Mutex
	total       int64
	byKey       map[string]int64
	rateLimited int64
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
	return Stats{Total: c.total, Requests: maps.Clone(c.byKey), RateLimited: c.rateLimited}
}

func (c *statsCounter) countRateLimited() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.rateLimited++
}

func (c *statsCounter) reset() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.total, c.rateLimited = 0, 0
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
