package main

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/csportal/terraform-provider-portal/internal/mockportal"
)

// The routes a refresh reads, by the stats' keys.
const (
	routeUser       = "GET /api/v1/users/{id}"
	routeService    = "GET /api/v1/users/{id}/hosted-exchange"
	routePermission = "GET /api/v1/users/{id}/hosted-exchange/permissions/{grantee_id}"
	routeAppUser    = "GET /api/v1/applications/{id}/users/{apu_id}"
	routeMe         = "GET /api/v1/me"
	routeUserPlans  = "GET /api/v1/customers/{id}/user-plans"
	routeCustomer   = "GET /api/v1/customers/{id}"
	routeByAddress  = "GET /api/v1/users" // ?email=: the plan-time check that an address is free
	peakRSSTargetMB = 100
	refreshTarget   = 1.5
	latencyTarget   = 1.3
	// Targets of the batched refresh at N=1000.
	highLatencyTarget     = 1.5 // the refresh at a real portal's latency against the refresh without
	batchedRequestsTarget = 50
	oneObjectRequests     = 2 // what one shared mailbox's refresh cost before batching: GET user, GET service
	batchedFloorTarget    = 2.0
	applyTimeTarget       = 1.3
	bytesPerMB            = 1e6
	secondsPrecision      = 10 * time.Millisecond
)

// row is one line of the table: a measure, its result, the target and whether it was met (no target:
// met is nil).
type row struct {
	section, measure, result, target string
	met                              *bool
}

func check(ok bool) *bool { return &ok }

// rows turns the results into the table of the issue.
func (r results) rows() []row {
	if r.Only == sectionCustomers {
		return r.customersRows()
	}
	sh := r.Shape
	floor := median(r.Floor, elapsedOf)
	refresh := median(r.Refresh, elapsedOf)
	// The reads one by one: the refresh with batch_reads = false.
	reads := maxStats(r.Batch.Unbatched)
	latency := median(r.Latency, elapsedOf)

	perMailbox := float64(reads.Requests[routeUser]+reads.Requests[routeService]) / float64(sh.Mailboxes)
	perPermission := float64(reads.Requests[routePermission]) / float64(sh.Permissions)
	perAppUser := float64(reads.Requests[routeAppUser]) / float64(sh.AppUsers)
	others := reads.Total - reads.Requests[routeUser] - reads.Requests[routeService] - reads.Requests[routePermission] -
		reads.Requests[routeAppUser]
	totalBudget := sh.objects() + sh.distinctGrantees() // the bound, stricter than the reads' own plus lookups

	lookups := r.Lookups.Total
	refreshRatio := ratio(refresh.Elapsed, floor.Elapsed)
	// With batching the latency's ideal cost is no longer a request's each: the refresh without latency.
	latencyRatio := ratio(latency.Elapsed, refresh.Elapsed)

	rows := []row{
		{"1", fmt.Sprintf("Floor: `terraform plan` of %d `terraform_data`", sh.objects()),
			timing(r.Floor), "", nil},
		{"2", fmt.Sprintf("Refresh: `terraform plan` of %d portal objects, no latency", sh.objects()),
			fmt.Sprintf("%s = **%.2f× floor**", timing(r.Refresh), refreshRatio), fmt.Sprintf("≤ %g× floor", refreshTarget),
			check(refreshRatio <= refreshTarget)},
		{"3", "Refresh requests per shared mailbox, `batch_reads = false`", fmt.Sprintf("**%.2f** (GET user %.2f, GET hosted-exchange %.2f)", perMailbox,
			float64(reads.Requests[routeUser])/float64(sh.Mailboxes), float64(reads.Requests[routeService])/float64(sh.Mailboxes)),
			"≤ 2", check(perMailbox <= 2)},
		{"3", "Refresh requests per permission, `batch_reads = false`", fmt.Sprintf("**%.2f**", perPermission), "≤ 1", check(perPermission <= 1)},
		{"3", "Refresh requests per application user, `batch_reads = false`", fmt.Sprintf("**%.2f**", perAppUser), "≤ 1", check(perAppUser <= 1)},
		{"3", "Requests of the refresh plan, all, `batch_reads = false`", fmt.Sprintf("**%d** (%d besides the reads above)", reads.Total, others),
			fmt.Sprintf("≤ objects %d + distinct grantees %d = %d", sh.objects(), sh.distinctGrantees(), totalBudget),
			check(reads.Total <= int64(totalBudget))},
		{"3", fmt.Sprintf("Plan-time lookups: plan from empty (%d grants, %d to %d regular users)", sh.Permissions, sh.Mailboxes, sh.Grantees),
			fmt.Sprintf("**%d** (%s)", lookups, describeRequests(r.Lookups)),
			fmt.Sprintf("≤ %d: 1 per regular grantee, 1 per address, GET /me, the customer (tenancy checks), 1 user-plan list", sh.lookupBudget()),
			check(lookups <= int64(sh.lookupBudget()))},
		{"4", fmt.Sprintf("Refresh with %s latency", r.Latency20),
			fmt.Sprintf("%s = **%.2f× the refresh without latency** (%d requests); the latency adds %s",
				timing(r.Latency), latencyRatio, latency.Stats.Total, seconds(latency.Elapsed-refresh.Elapsed)),
			fmt.Sprintf("≤ %g× the refresh without latency", latencyTarget), check(latencyRatio <= latencyTarget)},
	}
	rows = append(rows, r.applyRows()...)
	p := r.RefreshUsage.Provider
	rss := row{"6", "Provider peak RSS during the refresh", "not measured (no /proc)", fmt.Sprintf("≤ %d MB", peakRSSTargetMB), check(false)}
	if p.Processes > 0 {
		rss.result = fmt.Sprintf("**%.1f MB** (VmHWM, largest of %d provider processes)", float64(p.PeakRSS)/bytesPerMB, p.Processes)
		rss.met = check(float64(p.PeakRSS) <= peakRSSTargetMB*bytesPerMB)
	}
	cpu := row{"2", "CPU time of one plan (untimed run), where the time goes",
		fmt.Sprintf("floor: Terraform %s; refresh: Terraform %s, provider %s, portal-mock %s", seconds(r.FloorUsage.Terraform),
			seconds(r.RefreshUsage.Terraform), seconds(p.CPU), seconds(r.RefreshUsage.Mock)), "", nil}
	rows = append(rows, rss, cpu)
	rows = append(rows, r.batchRows(floor, refresh)...)
	rows = append(rows, r.adoptRows(refresh)...)
	return append(rows, r.customersRows()...)
}

// batchRows are the batched refresh's: at a real portal's latency, its requests against the reads one by
// one, the refresh of one object in the large portal, and the peer.
func (r results) batchRows(floor, refresh timed) []row {
	b := r.Batch
	high, highUnbatched := median(b.High, elapsedOf), median(b.HighUnbatched, elapsedOf)
	batched, unbatched := maxStats(r.Refresh), maxStats(b.Unbatched)
	n := r.Shape.objects()
	highRatio := ratio(high.Elapsed, refresh.Elapsed)
	floorRatio := ratio(refresh.Elapsed, floor.Elapsed)
	rows := []row{
		{"7", fmt.Sprintf("Refresh with %s latency (a real portal's), batched", b.HighLatency),
			fmt.Sprintf("%s = **%.2f× the refresh without latency**, %d requests", timing(b.High), highRatio, high.Stats.Total),
			fmt.Sprintf("≤ %g× the refresh without latency", highLatencyTarget), check(highRatio <= highLatencyTarget)},
		{"7", fmt.Sprintf("Refresh with %s latency, `batch_reads = false`", b.HighLatency),
			fmt.Sprintf("%s, %d requests: batching makes it **%.1f× faster**", timing(b.HighUnbatched), highUnbatched.Stats.Total,
				ratio(highUnbatched.Elapsed, high.Elapsed)), "", nil},
		{"7", "Refresh requests, batched (the default)",
			fmt.Sprintf("**%d** = %.3f per object (%s); `batch_reads = false`: %d = %.2f per object", batched.Total,
				float64(batched.Total)/float64(n), describeRequests(batched), unbatched.Total, float64(unbatched.Total)/float64(n)),
			fmt.Sprintf("≤ %d", batchedRequestsTarget), check(batched.Total <= batchedRequestsTarget)},
		{"7", fmt.Sprintf("Refresh of one shared mailbox in the portal of %d: requests", r.Shape.Mailboxes),
			fmt.Sprintf("**%d** (%s)", b.OneObject.Stats.Total, describeRequests(b.OneObject.Stats)),
			fmt.Sprintf("≤ %d, what it cost before batching", oneObjectRequests), check(b.OneObject.Stats.Total <= oneObjectRequests)},
		{"7", "Refresh without latency against the floor (row 1), batched",
			fmt.Sprintf("**%.2f× floor**", floorRatio), fmt.Sprintf("≤ %g× floor, where the CPU allows", batchedFloorTarget),
			check(floorRatio <= batchedFloorTarget)},
	}
	if b.PeerSkipped != "" {
		return append(rows, row{"7", "Peer: the same refresh with `hashicorp/random`", b.PeerSkipped, "", nil})
	}
	peer := median(b.Peer, elapsedOf)
	return append(rows, row{"7", fmt.Sprintf("Peer: the same refresh shape with `hashicorp/random` %s (no backend)", b.PeerVersion),
		fmt.Sprintf("%s; this provider's refresh is **%.2f× the peer's**", timing(b.Peer), ratio(refresh.Elapsed, peer.Elapsed)),
		"< 1× the peer's (ahead of it)", check(refresh.Elapsed < peer.Elapsed)})
}

// adoptionRequestsTarget bounds the requests per object of listing hand-made objects: pages of up to 500
// and a few lookups for names, never a read per object.
const adoptionRequestsTarget = 0.05

// adoptRows are the adoption's: the query, the imports and the refresh of what was adopted, beside the
// refresh of as many objects made by Terraform.
func (r results) adoptRows(refresh timed) []row {
	a := r.Adopt
	if a.Skipped != "" {
		return []row{{"8", "Adoption of hand-made objects with `terraform query`", a.Skipped, "", nil}}
	}
	n := objects(a.Size)
	query, imports := maxStats(a.Query), maxStats(a.Import)
	perObject := float64(query.Total) / float64(n)
	what := fmt.Sprintf("%d hand-made objects (%d shared mailboxes, %d submailboxes, %d grants, %d application users; %s)",
		n, a.Size.SharedMailboxes, 2*a.Size.SubmailboxTrees, a.Size.Grants, a.Size.ApplicationUsers, a.CLI)
	return []row{
		{"8", "Adoption: `terraform query -generate-config-out` of " + what,
			fmt.Sprintf("%s, **%d requests = %.3f per object** (%s)", timing(a.Query), query.Total, perObject, describeRequests(query)),
			fmt.Sprintf("≤ %g per object: pages, never a read per object", adoptionRequestsTarget), check(perObject <= adoptionRequestsTarget)},
		{"8", "Adoption: the apply that imports them (N imported, 0 added, 0 changed)",
			fmt.Sprintf("%s, %d requests = %.2f per object, none of them a write", timing(a.Import), imports.Total, float64(imports.Total)/float64(n)), "", nil},
		{"8", "Adoption: refresh of the adopted objects",
			fmt.Sprintf("%s, %d requests; the refresh of %d objects made by Terraform (row 2): %s", timing(a.Refresh),
				maxStats(a.Refresh).Total, r.Shape.objects(), seconds(refresh.Elapsed)), "", nil},
	}
}

// applyRows are the rate-limited apply's: errors in any run, and the median run's time against the ideal
// of the requests that did work (those answered 429 excluded) at the rate limit.
func (r results) applyRows() []row {
	apply := median(r.Applies, func(a applyRun) time.Duration { return a.Elapsed })
	errs, exits := 0, []string{}
	for _, a := range r.Applies {
		errs += a.Errors
		exits = append(exits, fmt.Sprint(a.ExitCode))
	}
	work := apply.Stats.Total - apply.Stats.RateLimited
	ideal := time.Duration(float64(work) / r.RateLimit * float64(time.Second))
	applyRatio := ratio(apply.Elapsed, ideal)
	return []row{
		{"5", fmt.Sprintf("Rate-limited apply from empty (%g req/s): errors", r.RateLimit),
			fmt.Sprintf("**%d** (exit codes %s)", errs, strings.Join(exits, ", ")), "0", check(errs == 0)},
		{"5", "Rate-limited apply: time",
			fmt.Sprintf("%s = **%.2f× ideal** (%d requests / %g req/s = %s; %d more answered 429)", timing(applyTimes(r.Applies)), applyRatio,
				work, r.RateLimit, seconds(ideal), apply.Stats.RateLimited),
			fmt.Sprintf("≤ %g× ideal", applyTimeTarget), check(applyRatio <= applyTimeTarget)},
	}
}

// writeTable writes the rows as a Markdown table, then the load averages and a summary line.
func (r results) writeTable(w io.Writer) (missed []string) {
	_, _ = fmt.Fprintln(w, "| # | Measure | Result | Target at N=1000 | |")
	_, _ = fmt.Fprintln(w, "|---|---|---|---|---|")
	for _, row := range r.rows() {
		verdict := ""
		if row.met != nil {
			verdict = "met"
			if !*row.met {
				verdict = "**missed**"
				missed = append(missed, row.measure)
			}
		}
		_, _ = fmt.Fprintf(w, "| %s | %s | %s | %s | %s |\n", row.section, row.measure, row.result, row.target, verdict)
	}
	_, _ = fmt.Fprintf(w, "\nEvery Terraform run acts as the reseller's administrator (%s, a token of a reseller's pipeline), "+
		"not with the mock's master token.\n", principal)
	if r.Only == sectionCustomers {
		_, _ = fmt.Fprintf(w, "\nTimes are the median of %d runs (the range in brackets). 1-minute load average before each run: "+
			"without latency %s; with %s latency %s.\n", r.Runs, loads(r.Customers.Zero), r.Customers.HighLatency, loads(r.Customers.High))
		return missed
	}
	_, _ = fmt.Fprintf(w, "\nTimes are the median of %d runs (the range in brackets). 1-minute load average before each run: "+
		"floor %s; refresh %s; with latency %s; with %s latency %s (batch_reads = false: %s); applies %s.\n", r.Runs,
		loads(r.Floor), loads(r.Refresh), loads(r.Latency), r.Batch.HighLatency, loads(r.Batch.High), loads(r.Batch.HighUnbatched),
		loads(applyTimes(r.Applies)))
	return missed
}

func elapsedOf(t timed) time.Duration { return t.Elapsed }

func applyTimes(runs []applyRun) []timed {
	out := make([]timed, len(runs))
	for i, a := range runs {
		out[i] = a.timed
	}
	return out
}

// timing is "1.23 s (1.20–1.31 s)": the median and the range of the runs.
func timing(runs []timed) string {
	if len(runs) == 0 {
		return "—"
	}
	lo, hi := runs[0].Elapsed, runs[0].Elapsed
	for _, t := range runs {
		lo, hi = min(lo, t.Elapsed), max(hi, t.Elapsed)
	}
	m := median(runs, elapsedOf).Elapsed
	if len(runs) == 1 {
		return seconds(m)
	}
	return fmt.Sprintf("%s (%s–%s)", seconds(m), seconds(lo), seconds(hi))
}

func seconds(d time.Duration) string {
	return fmt.Sprintf("%.2f s", d.Round(secondsPrecision).Seconds())
}

func ratio(a, b time.Duration) float64 {
	if b <= 0 {
		return 0
	}
	return float64(a) / float64(b)
}

func loads(runs []timed) string {
	l := make([]string, len(runs))
	for i, t := range runs {
		l[i] = t.Load
	}
	return strings.Join(l, " ")
}

// maxStats is the largest count of each route over the runs, and the largest total: the runs of one plan
// should make the same requests, and where they do not, the worst counts.
func maxStats(runs []timed) mockportal.Stats {
	out := mockportal.Stats{Requests: map[string]int64{}}
	for _, t := range runs {
		out.Total = max(out.Total, t.Stats.Total)
		for k, n := range t.Stats.Requests {
			out.Requests[k] = max(out.Requests[k], n)
		}
	}
	return out
}

// describeRequests lists the counts by route, shortest names for the lookups a plan makes.
func describeRequests(s mockportal.Stats) string {
	names := map[string]string{routeMe: "GET /me", routeUserPlans: "GET user-plans", routeCustomer: "GET customer", routeUser: "GET user", routeByAddress: "GET users by address",
		routeService: "GET hosted-exchange", routePermission: "GET grant", routeAppUser: "GET application user"}
	maps.Copy(names, mockportal.ListingRoutes)
	var parts []string
	for _, k := range slices.Sorted(maps.Keys(s.Requests)) {
		name := names[k]
		if name == "" {
			name = k
		}
		parts = append(parts, fmt.Sprintf("%s %d", name, s.Requests[k]))
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, ", ")
}
