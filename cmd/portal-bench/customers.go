package main

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/csportal/terraform-provider-portal/internal/api"
	"github.com/csportal/terraform-provider-portal/internal/mockportal"
	"github.com/csportal/terraform-provider-portal/internal/tfharness"
)

// The refresh across customers: a reseller's pipeline holds the objects of many small customers, each too
// small for a listing of its own to pay. N objects in the benchmark's proportions are spread over C customers
// of the demo reseller (C = N/10, 100 at N=1000), applied, and refreshed at a real portal's latency against
// the same refresh without latency, with the reseller's administrator's token; and a configuration of one
// shared mailbox of one of those customers is refreshed too, which must cost what one object cost before.

// sectionCustomers is the -only value that runs the refresh across customers alone.
const sectionCustomers = "customers"

// customersResults are the measures of the refresh across customers.
type customersResults struct {
	Customers   int
	Zero, High  []timed
	OneObject   timed
	HighLatency time.Duration
}

// customerCount is C for N objects.
func customerCount(sh shape) int { return max(2, sh.objects()/10) }

// benchCustomerID, benchUserID and benchCode name customer i (1-based) of the spread and its one regular user.
func benchCustomerID(i int) string { return fmt.Sprintf("cus_bc%014x", i) }
func benchUserID(i int) string     { return fmt.Sprintf("usr_bc%014x", i) }
func benchCode(i int) string       { return fmt.Sprintf("BC%03d", i) }
func benchDomain(i int) string     { return strings.ToLower(benchCode(i)) + ".example" }

// customerOf is the customer (1-based) of mailbox i (1-based): round robin.
func customerOf(i, customers int) int { return (i-1)%customers + 1 }

// spreadFixtures are the demo set with customers more customers below the reseller, each with Hosted
// Exchange and a regular user, the grantee of its mailboxes' first grants.
func spreadFixtures(customers int) *mockportal.Fixtures {
	f := mockportal.DemoFixtures()
	var plans []api.UserPlan
	for _, c := range f.Customers {
		if c.ID == mockportal.DemoIDs.Acme {
			plans = c.UserPlans
		}
	}
	for i := 1; i <= customers; i++ {
		f.Customers = append(f.Customers, mockportal.FixtureCustomer{ID: benchCustomerID(i), Name: fmt.Sprintf("Bench Customer %03d", i),
			ParentID: mockportal.DemoIDs.Reseller, Code: benchCode(i), Domains: []string{benchDomain(i)}, HostedExchangeEnabled: true,
			UserPlans: plans})
		f.Users = append(f.Users, mockportal.FixtureUser{ID: benchUserID(i), CustomerID: benchCustomerID(i),
			Username: fmt.Sprintf("staff-%03d", i), FirstName: "Bench", LastName: fmt.Sprintf("Staff %03d", i), Role: api.RoleUser})
	}
	return f
}

// spreadConfig is the benchmark's configuration with mailbox i, its grants and application user i in
// customer customerOf(i): its first grant to that customer's user, its second to application user i.
func (s shape) spreadConfig(customers int) string {
	var b strings.Builder
	b.WriteString(tfharness.PortalConfigHeader("portal-bench"))
	for i := 1; i <= s.Mailboxes; i++ {
		c := customerOf(i, customers)
		fmt.Fprintf(&b, `
resource "portal_application_user" "a%04[1]d" {
  application_id = %[2]q
  customer_id    = %[3]q
  username       = "feed-%04[1]d"
}

resource "portal_shared_mailbox" "m%04[1]d" {
  customer_id         = %[3]q
  username            = "desk-%04[1]d"
  first_name          = "Bench"
  last_name           = "Desk %04[1]d"
  email_address       = "desk-%04[1]d@%[4]s"
  deletion_protection = false
}

resource "portal_mailbox_permission" "m%04[1]d_1" {
  mailbox_id  = portal_shared_mailbox.m%04[1]d.id
  user_id     = %[5]q
  permissions = ["view"]
}

resource "portal_mailbox_permission" "m%04[1]d_2" {
  mailbox_id  = portal_shared_mailbox.m%04[1]d.id
  user_id     = portal_application_user.a%04[1]d.id
  permissions = [%[6]q]
}
`, i, mockportal.DemoIDs.B2BGateway, benchCustomerID(c), benchDomain(c), benchUserID(c), api.PermissionCreateMessages)
	}
	return b.String()
}

// oneSpreadMailbox is one shared mailbox of the spread's first customer.
func oneSpreadMailbox() string {
	return tfharness.PortalConfigHeader("portal-bench") + fmt.Sprintf(`
resource "portal_shared_mailbox" "one" {
  customer_id         = %q
  username            = "bench-one"
  first_name          = "Bench"
  last_name           = "One"
  email_address       = "bench-one@%s"
  deletion_protection = false
}
`, benchCustomerID(1), benchDomain(1))
}

// acrossCustomers measures the refresh across customers against a portal-mock of its own.
func (b *benchmark) acrossCustomers(ctx context.Context) error {
	res := &b.res.Customers
	res.Customers = customerCount(b.sh)
	fixtures := filepath.Join(b.o.WorkDir, "customers-fixtures.json")
	if err := writeFixtures(fixtures, spreadFixtures(res.Customers)); err != nil {
		return err
	}
	mock, err := tfharness.StartMock(ctx, filepath.Join(b.o.BinDir, tfharness.MockBinary), nil, "--fixtures", fixtures)
	if err != nil {
		return err
	}
	defer func() { _ = mock.Stop() }()
	b.logf("across customers: portal-mock at %s; %d objects over %d customers of the reseller", mock.URL, b.sh.objects(), res.Customers)

	ws, err := b.workspace(ctx, b.o.Terraform, "", mock)
	if err != nil {
		return err
	}
	defer ws.Close()
	if err := ws.WriteFile(configFile, b.sh.spreadConfig(res.Customers)); err != nil {
		return err
	}
	if err := b.terraform(ctx, ws, "across customers: apply", 0, "apply", "-auto-approve"); err != nil {
		return err
	}
	refresh := func(label string) ([]timed, error) {
		var runs []timed
		for i := 1; i <= b.o.Runs; i++ {
			t, _, err := b.timedRun(ctx, mock, ws, fmt.Sprintf("across customers: refresh%s %d/%d", label, i, b.o.Runs), "plan", "-detailed-exitcode")
			if err != nil {
				return nil, err
			}
			runs = append(runs, t)
		}
		return runs, nil
	}
	if res.Zero, err = refresh(""); err != nil {
		return err
	}
	if err := mock.SetFaults(ctx, mockportal.Faults{Latency: b.o.HighLatency}); err != nil {
		return err
	}
	res.HighLatency = b.o.HighLatency
	if res.High, err = refresh(fmt.Sprintf(" with %s latency", b.o.HighLatency)); err != nil {
		return err
	}
	if err := mock.SetFaults(ctx, mockportal.Faults{}); err != nil {
		return err
	}

	res.OneObject, err = b.refreshAlone(ctx, mock, oneSpreadMailbox(), "across customers: one object")
	return err
}

// customersRows are the refresh across customers'.
func (r results) customersRows() []row {
	c := r.Customers
	zero, high := median(c.Zero, elapsedOf), median(c.High, elapsedOf)
	requests := maxStats(c.High)
	highRatio := ratio(high.Elapsed, zero.Elapsed)
	what := fmt.Sprintf("%d objects over %d customers of one reseller", r.Shape.objects(), c.Customers)
	return []row{
		{"9", fmt.Sprintf("Refresh of %s with %s latency, batched", what, c.HighLatency),
			fmt.Sprintf("%s = **%.2f× the same refresh without latency** (%s)", timing(c.High), highRatio, timing(c.Zero)),
			fmt.Sprintf("≤ %g× the refresh without latency", highLatencyTarget), check(highRatio <= highLatencyTarget)},
		{"9", fmt.Sprintf("Refresh of %s: requests", what),
			fmt.Sprintf("**%d** (%s)", requests.Total, describeRequests(requests)),
			fmt.Sprintf("≤ %d", batchedRequestsTarget), check(requests.Total <= batchedRequestsTarget)},
		{"9", fmt.Sprintf("Refresh of one shared mailbox of one of the %d customers: requests", c.Customers),
			fmt.Sprintf("**%d** (%s)", c.OneObject.Stats.Total, describeRequests(c.OneObject.Stats)),
			fmt.Sprintf("≤ %d, what it cost before batching", oneObjectRequests), check(c.OneObject.Stats.Total <= oneObjectRequests)},
	}
}
