package provider_test

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/csportal/terraform-provider-portal/internal/acctest"
	"github.com/csportal/terraform-provider-portal/internal/api"
	"github.com/csportal/terraform-provider-portal/internal/mockportal"
)

// bigCustomerMailboxes is the size of the customer of the "what can this user open?" test.
const bigCustomerMailboxes = 300

// bigCustomer is the demo fixtures with bigCustomerMailboxes shared mailboxes in Acme, provisioned from the
// start (box000@acme.example, …), and their user IDs.
func bigCustomer() (*mockportal.Fixtures, []string) {
	f := mockportal.DemoFixtures()
	ids := make([]string, bigCustomerMailboxes)
	for i := range ids {
		ids[i] = fmt.Sprintf("usr_b0c5%012x", i)
		f.Users = append(f.Users, mockportal.FixtureUser{ID: ids[i], CustomerID: mockportal.DemoIDs.Acme,
			Username: fmt.Sprintf("box%03d", i), FirstName: "Box", LastName: fmt.Sprintf("%03d", i), Role: api.RoleUser,
			HostedExchange: &api.HostedExchangeSpec{UserPlan: mockportal.PlanSharedMailbox,
				PrimaryEmail: fmt.Sprintf("box%03d@acme.example", i), EmailAliases: []string{}}})
	}
	return f, ids
}

func userAccessConfig(userID string) string {
	return fmt.Sprintf(`
data "portal_user_access" "test" {
  user_id = %q
}
`, userID)
}

const userAccessAddr = "data.portal_user_access.test"

// What can this user open? In a customer of 300 mailboxes, a leaver with grants on 3 mailboxes and a
// submailbox and entries on 2 calendars gets all of them, with their rights and addresses, in a small
// constant number of requests (the customer's listings filtered by grantee, never a read per mailbox), and
// nobody else's rights; a user of another customer sees none of them.
func TestAccUserAccessDataSource(t *testing.T) {
	fixtures, boxes := bigCustomer()
	ts := acctest.NewMock(t, mockportal.Options{Fixtures: fixtures})
	leaver := acctest.NewUser(t, ts, "leaver")
	wile := acctest.NewUserOf(t, ts, mockportal.DemoIDs.Globex, "wile")
	grant := func(mailbox, grantee string, perms ...string) {
		t.Helper()
		if _, err := ts.PutPermission(mailbox, grantee, perms); err != nil {
			t.Fatal(err)
		}
	}
	for _, i := range []int{7, 150, 299} {
		grant(boxes[i], leaver, "view", "send_as")
	}
	invoices := acctest.NewSubmailbox(t, ts, boxes[42], "", "Invoices")
	year := acctest.NewSubmailbox(t, ts, boxes[42], invoices, "2026")
	grant(year, leaver, "view", "extract_messages")
	for i, e := range map[int]api.CalendarPermissionSpec{3: {Access: "editor", Delegate: true, SeePrivateItems: true}, 200: {Access: "reviewer"}} {
		if _, err := ts.PutCalendarPermission(boxes[i], leaver, e); err != nil {
			t.Fatal(err)
		}
	}
	orders := acctest.NewApplicationUser(t, ts, mockportal.DemoIDs.B2BGateway, "orders")
	grant(boxes[5], orders, "create_messages")
	globexBot, err := ts.CreateApplicationUser(mockportal.DemoIDs.B2BGateway, api.ApplicationUserCreate{
		CustomerID: mockportal.DemoIDs.Globex, Username: "globex-orders"})
	if err != nil {
		t.Fatal(err)
	}
	// Everyone else's rights, which must not show: bob's on a hundred mailboxes and calendars.
	for _, i := range []int{3, 7, 42, 150, 200, 299} {
		grant(boxes[i], mockportal.DemoIDs.Bob, "view")
	}
	for i := range 100 {
		grant(boxes[i+100], mockportal.DemoIDs.Bob, "full_access")
		if _, err := ts.PutCalendarPermission(boxes[i], mockportal.DemoIDs.Bob, api.CalendarPermissionSpec{Access: "author"}); err != nil {
			t.Fatal(err)
		}
	}

	mailbox := func(i int) knownvalue.Check {
		return knownvalue.ObjectExact(map[string]knownvalue.Check{
			"mailbox_id": knownvalue.StringExact(boxes[i]), "address": knownvalue.StringExact(fmt.Sprintf("box%03d@acme.example", i)),
			"permissions": setOfStrings("view", "send_as"),
		})
	}
	calendar := func(i int, access string, delegate bool) knownvalue.Check {
		return knownvalue.ObjectExact(map[string]knownvalue.Check{
			"mailbox_id": knownvalue.StringExact(boxes[i]), "address": knownvalue.StringExact(fmt.Sprintf("box%03d@acme.example", i)),
			"access": knownvalue.StringExact(access), "delegate": knownvalue.Bool(delegate), "see_private_items": knownvalue.Bool(delegate),
		})
	}
	// The requests of one read of the data source: the user (its customer), its grants, its calendar entries,
	// the customer's submailboxes (for the path) and mailboxes (for the addresses), a page of 500 each.
	oneRead := map[string]int64{
		"GET /api/v1/users/{id}":                          1,
		"GET /api/v1/customers/{id}/permissions":          1,
		"GET /api/v1/customers/{id}/calendar-permissions": 1,
		"GET /api/v1/customers/{id}/submailboxes":         1,
		"GET /api/v1/customers/{id}/mailboxes":            1,
	}

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				PreConfig: ts.ResetStats,
				Config:    acctest.Config(ts, userAccessConfig(leaver)),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(userAccessAddr, tfjsonpath.New("customer_id"), knownvalue.StringExact(mockportal.DemoIDs.Acme)),
					statecheck.ExpectKnownValue(userAccessAddr, tfjsonpath.New("mailboxes"), knownvalue.ListExact([]knownvalue.Check{
						mailbox(7), mailbox(150), mailbox(299)})),
					statecheck.ExpectKnownValue(userAccessAddr, tfjsonpath.New("submailboxes"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectExact(map[string]knownvalue.Check{
							"submailbox_id": knownvalue.StringExact(year), "mailbox_id": knownvalue.StringExact(boxes[42]),
							"address": knownvalue.StringExact("box042@acme.example"), "path": knownvalue.StringExact("Invoices/2026"),
							"permissions": setOfStrings("view", "extract_messages"),
						})})),
					statecheck.ExpectKnownValue(userAccessAddr, tfjsonpath.New("calendars"), knownvalue.ListExact([]knownvalue.Check{
						calendar(3, "editor", true), calendar(200, "reviewer", false)})),
					// The data source is read once, when Terraform plans: five requests for 300 mailboxes.
					acctest.ExpectRequests(ts, oneRead),
				},
			},
			{
				Config: acctest.Config(ts, userAccessConfig(wile)),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(userAccessAddr, tfjsonpath.New("customer_id"), knownvalue.StringExact(mockportal.DemoIDs.Globex)),
					statecheck.ExpectKnownValue(userAccessAddr, tfjsonpath.New("mailboxes"), knownvalue.ListSizeExact(0)),
					statecheck.ExpectKnownValue(userAccessAddr, tfjsonpath.New("submailboxes"), knownvalue.ListSizeExact(0)),
					statecheck.ExpectKnownValue(userAccessAddr, tfjsonpath.New("calendars"), knownvalue.ListSizeExact(0)),
				},
			},
			{
				// An application user's rights lie in its own customer too: found by looking for it in each
				// application (the list of applications, and a read per application tried: Archiver, then the
				// B2B gateway), not named.
				PreConfig: ts.ResetStats,
				Config:    acctest.Config(ts, userAccessConfig(orders)),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(userAccessAddr, tfjsonpath.New("customer_id"), knownvalue.StringExact(mockportal.DemoIDs.Acme)),
					statecheck.ExpectKnownValue(userAccessAddr, tfjsonpath.New("mailboxes"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectExact(map[string]knownvalue.Check{
							"mailbox_id": knownvalue.StringExact(boxes[5]), "address": knownvalue.StringExact("box005@acme.example"),
							"permissions": setOfStrings("create_messages"),
						})})),
					statecheck.ExpectKnownValue(userAccessAddr, tfjsonpath.New("calendars"), knownvalue.ListSizeExact(0)),
					acctest.ExpectRequests(ts, map[string]int64{
						"GET /api/v1/applications":                     1,
						"GET /api/v1/applications/{id}/users/{apu_id}": 2,
						"GET /api/v1/customers/{id}/permissions":       1,
						"GET /api/v1/customers/{id}/mailboxes":         1,
					}),
				},
			},
			{
				// An application user of another customer: that customer, where it holds nothing.
				Config: acctest.Config(ts, userAccessConfig(globexBot.ID)),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(userAccessAddr, tfjsonpath.New("customer_id"), knownvalue.StringExact(mockportal.DemoIDs.Globex)),
					statecheck.ExpectKnownValue(userAccessAddr, tfjsonpath.New("mailboxes"), knownvalue.ListSizeExact(0)),
				},
			},
			{
				Config: acctest.Config(ts, fmt.Sprintf(`
data "portal_user_access" "test" {
  user_id     = %q
  customer_id = %q
}
`, orders, mockportal.DemoIDs.Acme)),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(userAccessAddr, tfjsonpath.New("mailboxes"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectExact(map[string]knownvalue.Check{
							"mailbox_id": knownvalue.StringExact(boxes[5]), "address": knownvalue.StringExact("box005@acme.example"),
							"permissions": setOfStrings("create_messages"),
						})})),
					statecheck.ExpectKnownValue(userAccessAddr, tfjsonpath.New("calendars"), knownvalue.ListSizeExact(0)),
				},
			},
			{
				Config:      acctest.Config(ts, userAccessConfig("usr_00000000000000ff")),
				ExpectError: permissionError("Cannot find the customer of user usr_00000000000000ff", "404 not_found"),
			},
			{
				Config:      acctest.Config(ts, userAccessConfig("apu_00000000000000ff")),
				ExpectError: permissionError("Cannot find the customer of user apu_00000000000000ff", "no application has a user apu_00000000000000ff"),
			},
		},
	})
}
