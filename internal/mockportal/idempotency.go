package mockportal

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"io"
	"net/http"
	"sync"

	"github.com/csportal/terraform-provider-portal/internal/api"
)

// idempotency remembers the responses of POSTs sent with an Idempotency-Key, per principal, so that a
// retried create replays the first answer instead of creating a duplicate.
type idempotency struct {
	mu      sync.Mutex
	entries map[string]*idemEntry // principal ID + "\x00" + key
}

type idemEntry struct {
	fingerprint [32]byte      // of the route and the canonical body
	done        chan struct{} // closed when resp is set (or the attempt was forgotten)
	resp        *responseBuffer
}

func newIdempotency() *idempotency { return &idempotency{entries: map[string]*idemEntry{}} }

func (c *idempotency) reset() {
	c.mu.Lock()
	defer c.mu.Unlock()
	clear(c.entries)
}

// withIdempotency replays the first response to a POST (or PATCH) whose key was seen before with the same
// body, and answers 422 idempotency_key_reused for a different body. Concurrent requests with one key wait
// for the first. 5xx answers are not remembered: nothing was committed, so a retry runs again. A PATCH
// needs it when it is conditional (a user's if_login_version): its retry would fail on its own first write.
func (p *Portal) withIdempotency(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		key := r.Header.Get(api.HeaderIdempotencyKey)
		if r.Method != http.MethodPost && r.Method != http.MethodPatch || key == "" || infoOf(r).pattern == "" {
			next.ServeHTTP(w, r)
			return
		}
		if !validIdempotencyKey(key) {
			writeError(w, errInvalid(api.HeaderIdempotencyKey, "must be 1 to 255 printable ASCII characters"))
			return
		}
		body, err := io.ReadAll(io.LimitReader(r.Body, api.MaxBodyBytes+1))
		if err != nil || len(body) > api.MaxBodyBytes {
			// Too large or unreadable: the handler refuses it, and a refusal needs no replay.
			r.Body = io.NopCloser(io.MultiReader(bytes.NewReader(body), r.Body))
			next.ServeHTTP(w, r)
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		fp := fingerprint(r.URL.Path, body)
		id := infoOf(r).principal.ID + "\x00" + key
		for {
			p.idem.mu.Lock()
			e, seen := p.idem.entries[id]
			if !seen {
				e = &idemEntry{fingerprint: fp, done: make(chan struct{})}
				p.idem.entries[id] = e
			}
			p.idem.mu.Unlock()
			if !seen {
				p.idem.run(id, e, next, w, r)
				return
			}
			if e.fingerprint != fp {
				writeError(w, errUnprocessable(api.CodeIdempotencyKeyReused,
					"Idempotency-Key %q was used before with a different request; use a new key for a new request", key))
				return
			}
			select {
			case <-e.done:
			case <-r.Context().Done():
				return
			}
			if e.resp != nil {
				e.resp.replay(w)
				return
			}
			// The first attempt failed with 5xx and was forgotten: try to become the new first.
		}
	})
}

// run serves the first request with a key and remembers its response. A 5xx or a panic forgets the
// attempt (waiters then retry as if they were first); the panic itself goes on to the recover middleware.
func (c *idempotency) run(id string, e *idemEntry, next http.Handler, w http.ResponseWriter, r *http.Request) {
	buf := newResponseBuffer()
	completed := false
	defer func() {
		if completed && buf.code() < 500 {
			e.resp = buf
		} else {
			c.mu.Lock()
			delete(c.entries, id)
			c.mu.Unlock()
		}
		close(e.done)
	}()
	next.ServeHTTP(buf, r)
	completed = true
	buf.replay(w)
}

// fingerprint identifies a request for idempotency: its path and its body, canonicalised when it is JSON
// so that key order and spacing do not make a retry look different.
func fingerprint(path string, body []byte) [32]byte {
	var v any
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	if dec.Decode(&v) == nil {
		if canon, err := json.Marshal(v); err == nil {
			body = canon
		}
	}
	return sha256.Sum256(append([]byte(path+"\x00"), body...))
}

func validIdempotencyKey(k string) bool {
	if len(k) > 255 {
		return false
	}
	for i := range len(k) {
		if k[i] < 0x21 || k[i] > 0x7e {
			return false
		}
	}
	return true
}
