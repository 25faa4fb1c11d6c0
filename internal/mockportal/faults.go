package mockportal

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"time"
)

// Faults are the fault-injection settings (GET/PUT /_mock/faults, the command's flags, Options.Faults).
// The zero value injects nothing. Faults apply only to /api/v1, never to /_mock.
//
// Random faults are drawn from a PRNG seeded with Seed, consulted in request-arrival order: the same seed
// and the same sequence of (sequential) requests give the same faults. Setting faults re-seeds the PRNG.
//
// In JSON, durations are strings ("150ms", "2s") and rates are fractions of requests in [0, 1]:
//
//	{"seed": 42, "latency": "0s", "error_rate": 0.1, "rate_limit": 0, "reset_rate": 0,
//	 "lost_response_rate": 0.05, "job_delay": "1s", "job_failure_rate": 0, "consistency_delay": "0s",
//	 "listing_delay": "0s"}
type Faults struct {
	Seed int64 `json:"seed"`
	// Latency is added to every request.
	Latency time.Duration `json:"latency"`
	// ErrorRate answers 503 service_unavailable before processing (nothing is committed).
	ErrorRate float64 `json:"error_rate"`
	// RateLimit is the allowed requests per second (token bucket, burst of one second); above it requests
	// are answered 429 rate_limited with Retry-After. 0 means unlimited.
	RateLimit float64 `json:"rate_limit"`
	// ResetRate closes the connection before processing (nothing is committed, no response).
	ResetRate float64 `json:"reset_rate"`
	// LostResponseRate closes the connection instead of answering a write that committed with 2xx: the
	// change is made but the client never learns it (retry with the same Idempotency-Key to recover).
	LostResponseRate float64 `json:"lost_response_rate"`
	// JobDelay is added to the duration of every provisioning job (50 ms without it).
	JobDelay time.Duration `json:"job_delay"`
	// JobFailureRate makes provisioning jobs end "failed".
	JobFailureRate float64 `json:"job_failure_rate"`
	// ConsistencyDelay hides each object created while it is set (users, application users, grants,
	// submailboxes) from reads (GET by ID and lists) for this long after its creation, while writes already
	// see it.
	ConsistencyDelay time.Duration `json:"consistency_delay"`
	// ListingDelay hides each object created while it is set from list responses for this much longer than
	// from a GET of it: a list index that lags behind the store, so a client that lists what it just made
	// can miss it although reading it by ID finds it.
	ListingDelay time.Duration `json:"listing_delay"`
}

// faultsJSON is Faults with durations as strings.
type faultsJSON struct {
	Seed             int64   `json:"seed"`
	Latency          string  `json:"latency"`
	ErrorRate        float64 `json:"error_rate"`
	RateLimit        float64 `json:"rate_limit"`
	ResetRate        float64 `json:"reset_rate"`
	LostResponseRate float64 `json:"lost_response_rate"`
	JobDelay         string  `json:"job_delay"`
	JobFailureRate   float64 `json:"job_failure_rate"`
	ConsistencyDelay string  `json:"consistency_delay"`
	ListingDelay     string  `json:"listing_delay"`
}

func (f Faults) MarshalJSON() ([]byte, error) {
	return json.Marshal(faultsJSON{Seed: f.Seed, Latency: f.Latency.String(), ErrorRate: f.ErrorRate,
		RateLimit: f.RateLimit, ResetRate: f.ResetRate, LostResponseRate: f.LostResponseRate,
		JobDelay: f.JobDelay.String(), JobFailureRate: f.JobFailureRate, ConsistencyDelay: f.ConsistencyDelay.String(),
		ListingDelay: f.ListingDelay.String()})
}

// UnmarshalJSON reads faults; absent durations are zero.
func (f *Faults) UnmarshalJSON(data []byte) error {
	var j faultsJSON
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields() // a misspelt setting must not be silently ignored
	if err := dec.Decode(&j); err != nil {
		return err
	}
	out := Faults{Seed: j.Seed, ErrorRate: j.ErrorRate, RateLimit: j.RateLimit, ResetRate: j.ResetRate,
		LostResponseRate: j.LostResponseRate, JobFailureRate: j.JobFailureRate}
	for _, d := range []struct {
		name string
		in   string
		out  *time.Duration
	}{{"latency", j.Latency, &out.Latency}, {"job_delay", j.JobDelay, &out.JobDelay},
		{"consistency_delay", j.ConsistencyDelay, &out.ConsistencyDelay}, {"listing_delay", j.ListingDelay, &out.ListingDelay}} {
		if d.in == "" {
			continue
		}
		v, err := time.ParseDuration(d.in)
		if err != nil {
			return errInvalid(d.name, fmt.Sprintf("must be a duration such as \"150ms\" or \"2s\": %v", err))
		}
		*d.out = v
	}
	*f = out
	return nil
}

// Validate reports every setting out of range, naming it by its JSON name.
func (f Faults) Validate() error {
	var fe fieldErrors
	for _, r := range []struct {
		name string
		v    float64
	}{{"error_rate", f.ErrorRate}, {"reset_rate", f.ResetRate}, {"lost_response_rate", f.LostResponseRate},
		{"job_failure_rate", f.JobFailureRate}} {
		if !(r.v >= 0 && r.v <= 1) { // written so that NaN fails too
			fe.add(r.name, "must be a fraction between 0 and 1")
		}
	}
	if !(f.RateLimit >= 0) || math.IsInf(f.RateLimit, 0) {
		fe.add("rate_limit", "must be 0 (unlimited) or a finite positive number of requests per second")
	}
	for _, d := range []struct {
		name string
		v    time.Duration
	}{{"latency", f.Latency}, {"job_delay", f.JobDelay}, {"consistency_delay", f.ConsistencyDelay}, {"listing_delay", f.ListingDelay}} {
		if d.v < 0 {
			fe.add(d.name, "must not be negative")
		}
	}
	return fe.err()
}
