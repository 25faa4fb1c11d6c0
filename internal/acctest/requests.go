package acctest

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/csportal/terraform-provider-portal/internal/mockportal"
)

// ExpectRequests checks the mock's request counts since its stats were last reset (a PreConfig of
// ts.ResetStats): exactly want per route ("GET /api/v1/customers/{id}/mailboxes": 1), and no request to any
// other route. It is a query check, for the cost of a `terraform query`, and a state check, for the cost
// of a plan and apply.
func ExpectRequests(ts *mockportal.TestServer, want map[string]int64) RequestsCheck {
	return RequestsCheck{ts: ts, want: want}
}

// RequestsCheck is ExpectRequests.
type RequestsCheck struct {
	ts   *mockportal.TestServer
	want map[string]int64
}

var (
	_ querycheck.QueryResultCheck = RequestsCheck{}
	_ statecheck.StateCheck       = RequestsCheck{}
)

func (c RequestsCheck) CheckQuery(_ context.Context, _ querycheck.CheckQueryRequest, resp *querycheck.CheckQueryResponse) {
	resp.Error = c.check()
}

func (c RequestsCheck) CheckState(_ context.Context, _ statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	resp.Error = c.check()
}

func (c RequestsCheck) check() error {
	got := c.ts.Stats().Requests
	if maps.Equal(got, c.want) {
		return nil
	}
	var lines []string
	for _, route := range slices.Sorted(maps.Keys(got)) {
		lines = append(lines, fmt.Sprintf("%s: %d (want %d)", route, got[route], c.want[route]))
	}
	for _, route := range slices.Sorted(maps.Keys(c.want)) {
		if _, ok := got[route]; !ok {
			lines = append(lines, fmt.Sprintf("%s: 0 (want %d)", route, c.want[route]))
		}
	}
	return fmt.Errorf("portal requests differ:\n  %s", strings.Join(lines, "\n  "))
}
