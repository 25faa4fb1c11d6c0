package provider

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/csportal/terraform-provider-portal/internal/api"
	"github.com/csportal/terraform-provider-portal/internal/mockportal"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// The calendar of portal_mailbox_access fails closed as its grants do (issue 23): a refresh at a wrong
// endpoint, at another API, or with a token that no longer reaches the mailbox's customer is an error
// that says so, never a calendar that "nobody has an entry on" — which the next apply would make true.
func TestReadCalendarFailsClosed(t *testing.T) {
	ts := mockportal.NewTestServer(t)
	id := mockportal.DemoIDs
	ctx := context.Background()
	managed := types.MapValueMust(calendarEntryType, map[string]attr.Value{}) // calendar = {} in the state

	globex := providerAt(t, ts.URL, ts.Token(t, id.GlobexAdmin))
	// Globex's mailbox has no entries: from the portal itself, verified, that is an empty calendar.
	got, _, err := globex.readCalendar(ctx, id.GlobexMailbox, id.Globex, managed)
	if err != nil || got.IsNull() || len(got.Elements()) != 0 {
		t.Fatalf("within reach: %v, %v; want {}", got, err)
	}
	if unmanaged, _, err := globex.readCalendar(ctx, id.GlobexMailbox, id.Globex, types.MapNull(calendarEntryType)); err != nil || !unmanaged.IsNull() {
		t.Errorf("unmanaged calendar: %v, %v; want null, read nothing", unmanaged, err)
	}
	if _, _, err := globex.readCalendar(ctx, "usr_0000000000000099", id.Globex, managed); !isGone(err) {
		t.Errorf("a mailbox gone from a customer within reach: %v, want gone", err)
	}

	foreign := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"status": "ok", "items": []}`))
	}))
	t.Cleanup(foreign.Close)

	for name, tc := range map[string]struct {
		d      *providerData
		refuse bool // the endpoint is refused; otherwise the mailbox's customer is out of reach
	}{
		"wrong base path": {d: providerAt(t, ts.Server.URL+"/api/v2", ts.Token(t, id.GlobexAdmin)), refuse: true},
		"another API":     {d: providerAt(t, foreign.URL+api.BasePath, ts.Token(t, id.GlobexAdmin)), refuse: true},
		"revoked token":   {d: providerAt(t, ts.URL, "revoked-token"), refuse: true},
		"out of reach":    {d: providerAt(t, ts.URL, ts.Token(t, id.Admin))}, // Acme's administrator
	} {
		got, _, err := tc.d.readCalendar(ctx, id.GlobexMailbox, id.Globex, managed)
		var out *outOfReachError
		switch {
		case err == nil:
			t.Errorf("%s: read the calendar as %v, want an error", name, got)
		case isGone(err):
			t.Errorf("%s: the mailbox read as gone: %v", name, err)
		case tc.refuse && !isRefusal(err):
			t.Errorf("%s: %v, want the endpoint's refusal", name, err)
		case !tc.refuse && !errors.As(err, &out):
			t.Errorf("%s: %v, want an *outOfReachError", name, err)
		}
	}
}
