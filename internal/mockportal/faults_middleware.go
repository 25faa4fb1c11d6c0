package mockportal

import (
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/csportal/terraform-provider-portal/internal/api"
)

// withFaults injects the configured faults into API requests, in this order: latency, rate limit (429),
// error (503), connection reset; then, for writes, the lost response. Everything but the lost response
// happens before processing, so nothing is committed.
func (p *Portal) withFaults(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f, rl, wait := p.faults.arrive(time.Now())
		info := infoOf(r)
		info.rolls = rl
		if f.Latency > 0 {
			t := time.NewTimer(f.Latency)
			select {
			case <-t.C:
			case <-r.Context().Done():
				t.Stop()
				info.aborted = true // the client left before the answer: there is none to check or to write
				return
			}
		}
		switch {
		case wait > 0:
			p.stats.countRateLimited()
			w.Header().Set(api.HeaderRetryAfter, strconv.Itoa(retryAfterSeconds(wait)))
			writeError(w, &Error{Status: http.StatusTooManyRequests, Code: api.CodeRateLimited,
				Detail: fmt.Sprintf("more than %g requests per second; retry later", f.RateLimit)})
		case rl.err < f.ErrorRate:
			writeError(w, &Error{Status: http.StatusServiceUnavailable, Code: api.CodeServiceUnavailable,
				Detail: "the portal is temporarily unavailable (simulated by the error_rate fault); nothing was changed"})
		case rl.reset < f.ResetRate:
			abortConnection(w, info)
		case isWrite(r.Method) && rl.lost < f.LostResponseRate:
			buf := newResponseBuffer()
			next.ServeHTTP(buf, r)
			if buf.code() >= 200 && buf.code() < 300 {
				abortConnection(w, info) // committed, but the client never hears of it
				return
			}
			buf.replay(w)
		default:
			next.ServeHTTP(w, r)
		}
	})
}

// abortConnection closes the client's connection without a response. Where the connection cannot be
// hijacked (HTTP/2, recorders) it aborts the handler, which makes net/http drop the stream or connection.
func abortConnection(w http.ResponseWriter, info *requestInfo) {
	info.aborted = true
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	_ = conn.Close()
}
