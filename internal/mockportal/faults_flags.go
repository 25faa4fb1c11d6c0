package mockportal

import "flag"

// RegisterFlags defines the command-line flags of every fault but the seed on fs, each defaulting to
// the value f holds: portal-mock starts from none, portal-soak from its soak's faults.
func (f *Faults) RegisterFlags(fs *flag.FlagSet) {
	fs.DurationVar(&f.Latency, "latency", f.Latency, "latency added to every API request")
	fs.Float64Var(&f.ErrorRate, "error-rate", f.ErrorRate, "fraction of API requests answered 503 before processing")
	fs.Float64Var(&f.RateLimit, "rate-limit", f.RateLimit, "API requests per second before 429 + Retry-After (0: unlimited)")
	fs.Float64Var(&f.ResetRate, "reset-rate", f.ResetRate, "fraction of API requests whose connection is closed before processing")
	fs.Float64Var(&f.LostResponseRate, "lost-response-rate", f.LostResponseRate, "fraction of committed writes whose response is lost (connection closed)")
	fs.DurationVar(&f.JobDelay, "job-delay", f.JobDelay, "delay added to every provisioning job (50ms without it)")
	fs.Float64Var(&f.JobFailureRate, "job-failure-rate", f.JobFailureRate, "fraction of provisioning jobs that fail")
	fs.DurationVar(&f.ConsistencyDelay, "consistency-delay", f.ConsistencyDelay, "how long new objects stay invisible to reads")
	fs.DurationVar(&f.ListingDelay, "listing-delay", f.ListingDelay, "how much longer new objects stay out of list responses than out of reads")
}
