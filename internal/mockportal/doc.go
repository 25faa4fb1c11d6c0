// Package mockportal is a mock of the portal's provisioning API: a real HTTP server that enforces every
// domain rule (R1–R17 of DESIGN.md, the tenancy of R14–R17 included) and every API convention of
// ARCHITECTURE.md, so that the provider is tested against the same constraints the real portal imposes.
//
// It is used in-process by tests (NewTestServer, or New + Portal.Handler) and as a binary by
// cmd/portal-mock. Its pieces:
//
//   - a store (in-memory, one mutex, every write validated completely before it mutates anything) with the
//     domain rules, asynchronous provisioning jobs and an audit event log;
//   - net/http handlers for /api/v1 (api.OpenAPI is their contract) and the mock-only admin endpoints
//     under /_mock (faults, stats, reset, tokens);
//   - conventions: bearer auth, Idempotency-Key replay, ETag/If-Match, pagination, problem+json;
//   - seeded, reproducible fault injection (latency, 5xx, 429, connection resets, lost responses after a
//     commit, job delays and failures, eventual consistency);
//   - contract validation of every request and response with kin-openapi;
//   - a Go API for tests: operator functions that make out-of-band changes through the same rules, and
//     inspection of the store, the stats and the events.
//
// A test typically starts a server with the demo fixtures (IDs in DemoIDs), points the code under test at
// ts.URL with ts.AdminToken, makes out-of-band changes as an operator would, and inspects the result:
//
//	ts := mockportal.NewTestServer(t)                      // contract-validated; closed by t.Cleanup
//	c := client.New(ts.URL, ts.AdminToken)                 // the code under test
//	...
//	if err := ts.SetLoginEnabled(mockportal.DemoIDs.Alice, false); err != nil { // drift made by hand
//		t.Fatal(err)
//	}
//	grants := ts.Permissions(mailboxID)                    // the truth, consistency delay or not
//	sub, _ := ts.Submailbox(submailboxID)                  // submailboxes: CreateSubmailbox, RenameSubmailbox, …
//	_ = ts.SetFaults(mockportal.Faults{Seed: 1, ErrorRate: 0.2, LostResponseRate: 0.1})
//	n := ts.Stats().Requests["PUT /api/v1/users/{id}/hosted-exchange/permissions/{grantee_id}"]
//
// The admin token acts as the root customer's administrator and reaches everything; any other caller (a
// reseller's or a customer's administrator, a regular user, an application user) gets a token from
// ts.Token(t, principalID) (or POST /_mock/tokens) and reaches what its principal reaches (R14). Refusals of
// the operator functions, which act on the whole portal, are *Error values whose Code is the API's problem
// code (see ErrorCode).
//
// The contract validator reports an invalid request only when the mock accepted it (a 4xx answer means
// the mock and the contract agree that it is invalid, which is what bad-input tests expect), a 2xx on a
// route the contract lacks, and every response that does not match the contract.
package mockportal
