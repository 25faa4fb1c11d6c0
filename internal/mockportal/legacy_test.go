package mockportal

import (
	"slices"
	"strings"
	"testing"

	"github.com/csportal/terraform-provider-portal/internal/api"
)

// newLegacyTestServer is a test server holding the default legacy portal, and what it holds.
func newLegacyTestServer(t *testing.T) (*TestServer, LegacyContent) {
	t.Helper()
	ts := NewTestServer(t, Options{Fixtures: LegacyFixtures()})
	content, err := ts.BuildLegacyPortal(DefaultLegacyPortal)
	if err != nil {
		t.Fatal(err)
	}
	return ts, content
}

// The legacy portal holds what the issue of adoption promises, as the customer listings show it: 26
// shared mailboxes in two customers (some disabled, some with aliases), 60 grants (some on submailboxes),
// 10 application users in two applications, 20 calendar entries, and users who are no shared mailbox.
func TestLegacyPortal(t *testing.T) {
	ts, content := newLegacyTestServer(t)
	admin := adminOf(t, ts)
	var mailboxes, disabled, withAliases, grants, onSubmailboxes, calendarEntries int
	var forwarding, hidden, sentCopies, unmapped, withMail int
	for _, customer := range []string{DemoIDs.Acme, LegacyCustomerStark} {
		listed, _ := listAll[api.Mailbox](t, admin, "/customers/"+customer+"/mailboxes?shared_mailbox=true", 500)
		if got := mailboxUserIDs(listed); !slices.Equal(got, slices.Sorted(slices.Values(content.SharedMailboxes[customer]))) {
			t.Errorf("customer %s lists %v, made %v", customer, got, content.SharedMailboxes[customer])
		}
		for _, m := range listed {
			mailboxes++
			if !m.User.LoginEnabled {
				disabled++
			}
			if len(m.HostedExchange.EmailAliases) > 0 {
				withAliases++
			}
			settings := m.HostedExchange.MailboxSettings
			forwarding += count1(settings.ForwardingAddress != "")
			hidden += count1(settings.HiddenFromAddressLists)
			sentCopies += count1(settings.KeepSentAsCopy)
			withMail += count1(m.HostedExchange.ItemCount > 0)
			if slices.Contains(content.NotSharedMailboxes, m.User.ID) {
				t.Errorf("%s (%s) is listed as a shared mailbox", m.User.ID, m.User.Username)
			}
		}
		granted, _ := listAll[api.Permission](t, admin, "/customers/"+customer+"/permissions?shared_mailbox=true", 500)
		for _, g := range granted {
			grants++
			if strings.HasPrefix(g.MailboxID, api.PrefixSubmailbox) {
				onSubmailboxes++
			}
			unmapped += count1(g.Automapping != nil && !*g.Automapping)
		}
		if len(granted) != len(content.Grants[customer]) {
			t.Errorf("customer %s lists %d grants, made %d", customer, len(granted), len(content.Grants[customer]))
		}
		entries, _ := listAll[api.CalendarPermission](t, admin, "/customers/"+customer+"/calendar-permissions", 500)
		calendarEntries += len(entries)
		var keys []string
		for _, e := range entries {
			keys = append(keys, e.MailboxID+"/"+e.GranteeID)
			if u, _ := ts.User(e.GranteeID); u.CustomerID != customer || u.Role == api.RoleAdmin {
				t.Errorf("calendar entry %+v is given to %+v", e, u)
			}
		}
		if !slices.Equal(keys, slices.Sorted(slices.Values(content.CalendarEntries[customer]))) {
			t.Errorf("customer %s lists calendar entries %v, made %v", customer, keys, content.CalendarEntries[customer])
		}
	}
	if calendarEntries != DefaultLegacyPortal.CalendarEntries {
		t.Errorf("%d calendar entries, want %d", calendarEntries, DefaultLegacyPortal.CalendarEntries)
	}
	appUsers := len(ts.ApplicationUsers(DemoIDs.B2BGateway)) + len(ts.ApplicationUsers(DemoIDs.Archiver))
	if mailboxes != 26 || grants != 60 || appUsers != 10 || disabled == 0 || disabled == mailboxes ||
		withAliases == 0 || onSubmailboxes == 0 || len(content.NotSharedMailboxes) < 4 {
		t.Fatalf("%d mailboxes (%d disabled, %d with aliases), %d grants (%d on submailboxes), %d application users, "+
			"%d users who are no shared mailbox", mailboxes, disabled, withAliases, grants, onSubmailboxes, appUsers, len(content.NotSharedMailboxes))
	}
	// What operators set by hand, for adoption to carry over: forwarding, hidden mailboxes, copies of sent
	// items, full_access without automapping; and every mailbox holds mail.
	if forwarding == 0 || hidden == 0 || sentCopies == 0 || unmapped == 0 || withMail != mailboxes {
		t.Fatalf("%d mailboxes forwarding, %d hidden, %d keeping sent items, %d with mail; %d grants without automapping",
			forwarding, hidden, sentCopies, withMail, unmapped)
	}
}

func count1(b bool) int {
	if b {
		return 1
	}
	return 0
}

// A portal too small for the grants asked says so rather than making fewer.
func TestLegacyPortalRefusesMoreGrantsThanFit(t *testing.T) {
	ts := NewTestServer(t, Options{Fixtures: LegacyFixtures()})
	if _, err := ts.BuildLegacyPortal(LegacyPortal{SharedMailboxes: 1, Grants: 1000}); err == nil {
		t.Fatal("1,000 grants on one mailbox were accepted")
	}
	if _, err := ts.BuildLegacyPortal(LegacyPortal{SharedMailboxes: 6, SubmailboxTrees: 3}); err == nil {
		t.Fatal("three submailbox trees in six mailboxes were accepted (every third mailbox holds one)")
	}
}
