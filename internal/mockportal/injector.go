package mockportal

import (
	"math"
	"math/rand/v2"
	"sync"
	"time"
)

// rolls are the random draws of one request, taken together when it arrives so that the PRNG is
// consulted in request-arrival order whatever the request then does: the same seed and the same
// sequential requests give the same faults.
type rolls struct {
	err, reset, lost, job float64
}

// injector holds the fault settings, their PRNG and the rate limiter's bucket.
type injector struct {
	mu     sync.Mutex
	f      Faults
	rng    *rand.Rand
	bucket tokenBucket
}

func newInjector(f Faults) *injector {
	in := &injector{}
	in.set(f)
	return in
}

func (in *injector) settings() Faults {
	in.mu.Lock()
	defer in.mu.Unlock()
	return in.f
}

// set replaces the settings, re-seeds the PRNG and refills the bucket.
func (in *injector) set(f Faults) {
	in.mu.Lock()
	defer in.mu.Unlock()
	in.f = f
	// A seeded, reproducible PRNG is the point here: faults are not secrets.
	in.rng = rand.New(rand.NewPCG(uint64(f.Seed), 0x6d6f636b706f7274)) //nolint:gosec // stream "mockport"
	in.bucket = tokenBucket{}
}

// arrive registers a request: it takes the request's rolls and a rate-limit token. When the bucket is
// empty it returns how long until the next token.
func (in *injector) arrive(now time.Time) (Faults, rolls, time.Duration) {
	in.mu.Lock()
	defer in.mu.Unlock()
	r := rolls{err: in.rng.Float64(), reset: in.rng.Float64(), lost: in.rng.Float64(), job: in.rng.Float64()}
	var wait time.Duration
	if in.f.RateLimit > 0 {
		wait = in.bucket.take(now, in.f.RateLimit)
	}
	return in.f, r, wait
}

// jobRoll draws a job roll for a job started outside a request (operator functions).
func (in *injector) jobRoll() float64 {
	in.mu.Lock()
	defer in.mu.Unlock()
	return in.rng.Float64()
}

// plan decides a job's fate from the settings and a roll.
func (f Faults) plan(roll float64) jobPlan {
	return jobPlan{fail: roll < f.JobFailureRate, duration: baseJobDuration + f.JobDelay}
}

// tokenBucket is a rate limiter holding at most one second of requests (at least one).
type tokenBucket struct {
	tokens float64
	last   time.Time
}

// take removes a token and returns 0, or returns how long until a token is available.
func (b *tokenBucket) take(now time.Time, rate float64) time.Duration {
	capacity := math.Max(1, rate)
	if b.last.IsZero() {
		b.tokens = capacity
	} else {
		b.tokens = math.Min(capacity, b.tokens+now.Sub(b.last).Seconds()*rate)
	}
	b.last = now
	if b.tokens >= 1 {
		b.tokens--
		return 0
	}
	return time.Duration((1 - b.tokens) / rate * float64(time.Second))
}

// retryAfterSeconds rounds a wait up to whole seconds, at least 1 (Retry-After has no fractions).
func retryAfterSeconds(wait time.Duration) int {
	return max(1, int(math.Ceil(wait.Seconds())))
}
