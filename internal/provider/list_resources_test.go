package provider_test

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck/queryfilter"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/csportal/terraform-provider-portal/internal/acctest"
	"github.com/csportal/terraform-provider-portal/internal/api"
	"github.com/csportal/terraform-provider-portal/internal/mockportal"
)

// The list resources against a legacy portal (acctest.NewLegacyMock): what `terraform query` finds, what it
// leaves out, its limit, paging, the resource objects of include_resource, and what it costs in requests.
// `terraform query` needs Terraform 1.14: these tests run on the matrix's newest Terraform.

var needsQuery = []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)}

// queryCase is a query test: a first step that only configures the provider (a query runs in an
// initialised working directory), then the query steps.
func queryCase(ts *mockportal.TestServer, steps ...resource.TestStep) resource.TestCase {
	return resource.TestCase{
		TerraformVersionChecks:   needsQuery,
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps:                    append([]resource.TestStep{{Config: acctest.ProviderConfig(ts)}}, steps...),
	}
}

// listBlock is a list block of the query file with its config arguments, written as they are.
func listBlock(typ, name string, extra string, config ...string) string {
	return fmt.Sprintf(`
list %q %q {
  provider = portal
  %s
  config {
    %s
  }
}
`, typ, name, extra, strings.Join(config, "\n    "))
}

func id(value string) map[string]knownvalue.Check {
	return map[string]knownvalue.Check{"id": knownvalue.StringExact(value)}
}

func TestAccSharedMailboxList(t *testing.T) {
	ts, legacy := acctest.NewLegacyMock(t)
	acme := legacy.SharedMailboxes[mockportal.DemoIDs.Acme]
	first := acme[0]
	user, _ := ts.User(first)
	service, _ := ts.HostedExchange(first)
	resource.ParallelTest(t, queryCase(ts,
		resource.TestStep{
			PreConfig: ts.ResetStats,
			Query:     true,
			Config: listBlock("portal_shared_mailbox", "acme", "include_resource = true", fmt.Sprintf("customer_id = %q", mockportal.DemoIDs.Acme)) +
				listBlock("portal_shared_mailbox", "stark", "limit = 5", fmt.Sprintf("customer_id = %q", mockportal.LegacyCustomerStark)) +
				listBlock("portal_shared_mailbox", "none", "", fmt.Sprintf("customer_id = %q", mockportal.DemoIDs.NoPlanCustomer)),
			QueryResultChecks: append([]querycheck.QueryResultCheck{
				querycheck.ExpectLength("portal_shared_mailbox.acme", len(acme)),
				querycheck.ExpectLength("portal_shared_mailbox.stark", 5),
				querycheck.ExpectLength("portal_shared_mailbox.none", 0),
				querycheck.ExpectIdentity("portal_shared_mailbox.acme", id(first)),
				querycheck.ExpectResourceDisplayName("portal_shared_mailbox.acme", queryfilter.ByResourceIdentity(id(first)),
					knownvalue.StringExact(service.PrimaryEmail)),
				querycheck.ExpectResourceKnownValues("portal_shared_mailbox.acme", queryfilter.ByResourceIdentity(id(first)), []querycheck.KnownValueCheck{
					{Path: tfjsonpath.New("customer_id"), KnownValue: knownvalue.StringExact(mockportal.DemoIDs.Acme)},
					{Path: tfjsonpath.New("username"), KnownValue: knownvalue.StringExact(user.Username)},
					{Path: tfjsonpath.New("display_name"), KnownValue: knownvalue.StringExact(user.DisplayName)},
					{Path: tfjsonpath.New("email_address"), KnownValue: knownvalue.StringExact(service.PrimaryEmail)},
					{Path: tfjsonpath.New("email_aliases"), KnownValue: knownvalue.SetSizeExact(len(service.EmailAliases))},
					{Path: tfjsonpath.New("user_plan"), KnownValue: knownvalue.StringExact(mockportal.PlanSharedMailbox)},
					{Path: tfjsonpath.New("login_enabled"), KnownValue: knownvalue.Bool(user.LoginEnabled)},
					{Path: tfjsonpath.New("provisioning_status"), KnownValue: knownvalue.StringExact(api.ServiceProvisioned)},
					{Path: tfjsonpath.New("password_wo"), KnownValue: knownvalue.Null()},
					// As an import leaves it: a mailbox Terraform did not make starts protected.
					{Path: tfjsonpath.New("deletion_protection"), KnownValue: knownvalue.Bool(true)},
				}),
				// One page per list block: never a read per mailbox.
				acctest.ExpectRequests(ts, map[string]int64{"GET /api/v1/customers/{id}/mailboxes": 3}),
			}, notListed("portal_shared_mailbox.acme", legacy.NotSharedMailboxes)...),
		},
		resource.TestStep{
			Query:       true,
			Config:      listBlock("portal_shared_mailbox", "bad", "", `customer_id = "acme"`),
			ExpectError: regexp.MustCompile(`customer_id[\s\S]*must be a customer ID such as cus_0123456789abcdef`),
		},
		resource.TestStep{
			Query:       true,
			Config:      listBlock("portal_shared_mailbox", "unknown", "", `customer_id = "cus_0000000000000099"`),
			ExpectError: regexp.MustCompile(`Cannot list the shared mailboxes of customer cus_0000000000000099[\s\S]*404`),
		},
	))
}

// notListed checks that none of the users is a result of the list block.
func notListed(address string, userIDs []string) []querycheck.QueryResultCheck {
	var checks []querycheck.QueryResultCheck
	for _, u := range userIDs {
		checks = append(checks, querycheck.ExpectNoIdentity(address, id(u)))
	}
	return checks
}

func grantIdentity(key string) map[string]knownvalue.Check {
	mailbox, grantee, _ := strings.Cut(key, "/")
	return map[string]knownvalue.Check{"mailbox_id": knownvalue.StringExact(mailbox), "user_id": knownvalue.StringExact(grantee)}
}

func TestAccMailboxPermissionList(t *testing.T) {
	ts, legacy := acctest.NewLegacyMock(t)
	stark := legacy.Grants[mockportal.LegacyCustomerStark]
	// A Stark mailbox with submailboxes, and the grants on it and on its first submailbox.
	var mailbox string
	for _, m := range legacy.SharedMailboxes[mockportal.LegacyCustomerStark] {
		if len(legacy.Submailboxes[m]) > 0 {
			mailbox = m
			break
		}
	}
	sub := legacy.Submailboxes[mailbox][0]
	onMailbox, onSub := grantsOn(stark, mailbox), grantsOn(stark, sub)
	if len(onMailbox) == 0 || len(onSub) == 0 {
		t.Fatalf("the legacy portal has no grants on %s (%d) or on its submailbox %s (%d)", mailbox, len(onMailbox), sub, len(onSub))
	}
	service, _ := ts.HostedExchange(mailbox)
	submailbox, _ := ts.Submailbox(sub)
	granteeOnSub := strings.Split(onSub[0], "/")[1]
	grant := ts.Permissions(sub)[0]
	// An application user of Stark's that holds grants there.
	var integration string
	for _, a := range slices.Concat(legacy.ApplicationUsers[mockportal.DemoIDs.B2BGateway], legacy.ApplicationUsers[mockportal.DemoIDs.Archiver]) {
		if len(grantsOf(stark, a)) > 0 {
			integration = a
			break
		}
	}
	if integration == "" {
		t.Fatal("no application user holds a grant in Stark")
	}
	resource.ParallelTest(t, queryCase(ts,
		resource.TestStep{
			PreConfig: ts.ResetStats,
			Query:     true,
			Config: listBlock("portal_mailbox_permission", "stark", "include_resource = true", fmt.Sprintf("customer_id = %q", mockportal.LegacyCustomerStark)) +
				listBlock("portal_mailbox_permission", "mailbox", "", fmt.Sprintf("mailbox_id = %q", mailbox)) +
				listBlock("portal_mailbox_permission", "submailbox", "", fmt.Sprintf("mailbox_id = %q", sub)),
			QueryResultChecks: []querycheck.QueryResultCheck{
				querycheck.ExpectLength("portal_mailbox_permission.stark", len(stark)),
				// A mailbox's grants do not carry its submailboxes' (R8), nor the other way round.
				querycheck.ExpectLength("portal_mailbox_permission.mailbox", len(onMailbox)),
				querycheck.ExpectLength("portal_mailbox_permission.submailbox", len(onSub)),
				querycheck.ExpectIdentity("portal_mailbox_permission.submailbox", grantIdentity(onSub[0])),
				querycheck.ExpectResourceDisplayName("portal_mailbox_permission.stark", queryfilter.ByResourceIdentity(grantIdentity(onSub[0])),
					knownvalue.StringRegexp(regexp.MustCompile(`^[a-z0-9-]+( \([a-z0-9-]+\))? → `+regexp.QuoteMeta(service.PrimaryEmail+"/"+submailbox.Path)+`$`))),
				querycheck.ExpectResourceKnownValues("portal_mailbox_permission.stark", queryfilter.ByResourceIdentity(grantIdentity(onSub[0])), []querycheck.KnownValueCheck{
					{Path: tfjsonpath.New("id"), KnownValue: knownvalue.StringExact(onSub[0])},
					{Path: tfjsonpath.New("mailbox_id"), KnownValue: knownvalue.StringExact(sub)},
					{Path: tfjsonpath.New("user_id"), KnownValue: knownvalue.StringExact(granteeOnSub)},
					{Path: tfjsonpath.New("permissions"), KnownValue: setOfStrings(grant.Permissions...)},
				}),
				// The grants come in one page per list block; the names of grantees and mailboxes from the
				// customer's listings and the applications', never one read per grant.
				acctest.ExpectRequests(ts, map[string]int64{
					"GET /api/v1/customers/{id}/permissions":             1,
					"GET /api/v1/users/{id}/hosted-exchange/permissions": 1,
					"GET /api/v1/submailboxes/{id}/permissions":          1,
					"GET /api/v1/users/{id}":                             1, // the customer of the mailbox_id block on a mailbox
					"GET /api/v1/submailboxes/{id}":                      1, // the customer of the one on a submailbox
					"GET /api/v1/customers/{id}/mailboxes":               3,
					"GET /api/v1/customers/{id}/submailboxes":            3,
					"GET /api/v1/users":                                  3,
					"GET /api/v1/applications":                           3,
					"GET /api/v1/applications/{id}/users":                6,
				}),
			},
		},
		resource.TestStep{
			// A leaver's grants: every grant the grantee holds in its customer, on mailboxes and submailboxes, in one
			// request for the grants (one for the grantee's customer), and only those.
			PreConfig: ts.ResetStats,
			Query:     true,
			Config: listBlock("portal_mailbox_permission", "leaver", "include_resource = true", fmt.Sprintf("grantee_id = %q", granteeOnSub)) +
				listBlock("portal_mailbox_permission", "leaver_here", "", fmt.Sprintf("grantee_id = %q", granteeOnSub), fmt.Sprintf("mailbox_id = %q", sub)),
			QueryResultChecks: []querycheck.QueryResultCheck{
				querycheck.ExpectLength("portal_mailbox_permission.leaver", len(grantsOf(stark, granteeOnSub))),
				querycheck.ExpectIdentity("portal_mailbox_permission.leaver", grantIdentity(onSub[0])),
				querycheck.ExpectLength("portal_mailbox_permission.leaver_here", 1),
				querycheck.ExpectIdentity("portal_mailbox_permission.leaver_here", grantIdentity(onSub[0])),
			},
		},
		resource.TestStep{
			PreConfig: ts.ResetStats,
			Query:     true,
			Config:    listBlock("portal_mailbox_permission", "leaver", "", fmt.Sprintf("grantee_id = %q", granteeOnSub)),
			QueryResultChecks: []querycheck.QueryResultCheck{
				acctest.ExpectRequests(ts, map[string]int64{
					"GET /api/v1/users/{id}":                  1, // the grantee's customer
					"GET /api/v1/customers/{id}/permissions":  1, // its grants, filtered by the portal
					"GET /api/v1/customers/{id}/mailboxes":    1, // and the names of the results
					"GET /api/v1/customers/{id}/submailboxes": 1,
					"GET /api/v1/users":                       1,
					"GET /api/v1/applications":                1,
					"GET /api/v1/applications/{id}/users":     2,
				}),
			},
		},
		resource.TestStep{
			Query: true,
			Config: listBlock("portal_mailbox_permission", "both", "",
				fmt.Sprintf("customer_id = %q", mockportal.LegacyCustomerStark), fmt.Sprintf("mailbox_id = %q", mailbox)),
			ExpectError: regexp.MustCompile(`These attributes cannot be configured together: \[mailbox_id,customer_id\]`),
		},
		resource.TestStep{
			// None of the three, and no provider customer_id: the block says how to set one.
			Query:       true,
			Config:      listBlock("portal_mailbox_permission", "none", ""),
			ExpectError: regexp.MustCompile(`(?s)Missing customer_id.*portal_mailbox_permission list block without mailbox_id or grantee_id needs a customer`),
		},
		resource.TestStep{
			// An integration's grants: an application user's rights lie in its own customer (Stark's here), which
			// the block finds by looking for it in each application.
			Query:  true,
			Config: listBlock("portal_mailbox_permission", "integration", "", fmt.Sprintf("grantee_id = %q", integration)),
			QueryResultChecks: []querycheck.QueryResultCheck{
				querycheck.ExpectLength("portal_mailbox_permission.integration", len(grantsOf(stark, integration))),
				querycheck.ExpectIdentity("portal_mailbox_permission.integration", grantIdentity(grantsOf(stark, integration)[0])),
			},
		},
	))
}

// grantsOf returns the grants ("mailbox/grantee") a grantee holds.
func grantsOf(grants []string, granteeID string) []string {
	var out []string
	for _, g := range grants {
		if strings.HasSuffix(g, "/"+granteeID) {
			out = append(out, g)
		}
	}
	return out
}

// The calendar entries of a customer, of one mailbox and of one person (a leaver's), named by person and
// mailbox, each as an import would store it.
func TestAccCalendarPermissionList(t *testing.T) {
	ts, legacy := acctest.NewLegacyMock(t)
	acme := legacy.CalendarEntries[mockportal.DemoIDs.Acme]
	mailbox, person, _ := strings.Cut(acme[0], "/")
	entry := ts.CalendarPermissions(mailbox)[0]
	for _, e := range ts.CalendarPermissions(mailbox) {
		if e.GranteeID == person {
			entry = e
		}
	}
	service, _ := ts.HostedExchange(mailbox)
	user, _ := ts.User(person)
	identity := grantIdentity(acme[0])
	resource.ParallelTest(t, queryCase(ts,
		resource.TestStep{
			PreConfig: ts.ResetStats,
			Query:     true,
			Config: listBlock("portal_calendar_permission", "acme", "include_resource = true", fmt.Sprintf("customer_id = %q", mockportal.DemoIDs.Acme)) +
				listBlock("portal_calendar_permission", "mailbox", "", fmt.Sprintf("mailbox_id = %q", mailbox)) +
				listBlock("portal_calendar_permission", "person", "", fmt.Sprintf("grantee_id = %q", person)),
			QueryResultChecks: []querycheck.QueryResultCheck{
				querycheck.ExpectLength("portal_calendar_permission.acme", len(acme)),
				querycheck.ExpectLength("portal_calendar_permission.mailbox", len(ts.CalendarPermissions(mailbox))),
				querycheck.ExpectLength("portal_calendar_permission.person", len(grantsOf(acme, person))),
				querycheck.ExpectIdentity("portal_calendar_permission.person", identity),
				querycheck.ExpectResourceDisplayName("portal_calendar_permission.acme", queryfilter.ByResourceIdentity(identity),
					knownvalue.StringExact(user.Username+" → "+service.PrimaryEmail+" (calendar)")),
				querycheck.ExpectResourceKnownValues("portal_calendar_permission.acme", queryfilter.ByResourceIdentity(identity), []querycheck.KnownValueCheck{
					{Path: tfjsonpath.New("id"), KnownValue: knownvalue.StringExact(acme[0])},
					{Path: tfjsonpath.New("access"), KnownValue: knownvalue.StringExact(entry.Access)},
					{Path: tfjsonpath.New("delegate"), KnownValue: knownvalue.Bool(entry.Delegate)},
					{Path: tfjsonpath.New("see_private_items"), KnownValue: knownvalue.Bool(entry.SeePrivateItems)},
				}),
			},
		},
		resource.TestStep{
			Query:       true,
			Config:      listBlock("portal_calendar_permission", "app", "", fmt.Sprintf("grantee_id = %q", legacy.ApplicationUsers[mockportal.DemoIDs.Archiver][0])),
			ExpectError: regexp.MustCompile(`Application users cannot be given calendar access`),
		},
	))
}

// grantsOn returns the grants ("mailbox/grantee") on one mailbox key.
func grantsOn(grants []string, mailboxKey string) []string {
	var out []string
	for _, g := range grants {
		if strings.HasPrefix(g, mailboxKey+"/") {
			out = append(out, g)
		}
	}
	return out
}

func TestAccApplicationUserList(t *testing.T) {
	ts, legacy := acctest.NewLegacyMock(t)
	// An application past one page of the portal's listing (500).
	for i := range 520 {
		acctest.NewApplicationUser(t, ts, mockportal.DemoIDs.Archiver, fmt.Sprintf("bulk-%03d", i))
	}
	gateway := legacy.ApplicationUsers[mockportal.DemoIDs.B2BGateway]
	record, _ := acctest.ApplicationUser(ts, mockportal.DemoIDs.B2BGateway, gateway[0])
	identity := map[string]knownvalue.Check{
		"application_id": knownvalue.StringExact(mockportal.DemoIDs.B2BGateway), "id": knownvalue.StringExact(record.ID),
	}
	resource.ParallelTest(t, queryCase(ts,
		resource.TestStep{
			PreConfig: ts.ResetStats,
			Query:     true,
			Config: listBlock("portal_application_user", "gateway", "include_resource = true", fmt.Sprintf("application_id = %q", mockportal.DemoIDs.B2BGateway)) +
				listBlock("portal_application_user", "archiver", "limit = 1000", fmt.Sprintf("application_id = %q", mockportal.DemoIDs.Archiver)),
			QueryResultChecks: []querycheck.QueryResultCheck{
				querycheck.ExpectLength("portal_application_user.gateway", len(gateway)),
				querycheck.ExpectLength("portal_application_user.archiver", len(legacy.ApplicationUsers[mockportal.DemoIDs.Archiver])+520),
				querycheck.ExpectIdentity("portal_application_user.gateway", identity),
				querycheck.ExpectResourceDisplayName("portal_application_user.gateway", queryfilter.ByResourceIdentity(identity),
					knownvalue.StringExact(record.Username)),
				querycheck.ExpectResourceKnownValues("portal_application_user.gateway", queryfilter.ByResourceIdentity(identity), []querycheck.KnownValueCheck{
					{Path: tfjsonpath.New("username"), KnownValue: knownvalue.StringExact(record.Username)},
					{Path: tfjsonpath.New("email"), KnownValue: knownvalue.StringExact(record.Email)},
					{Path: tfjsonpath.New("enabled"), KnownValue: knownvalue.Bool(true)},
					{Path: tfjsonpath.New("password"), KnownValue: knownvalue.Null()},
				}),
				// 525 users of archiver in two pages of 500; the gateway's in one.
				acctest.ExpectRequests(ts, map[string]int64{"GET /api/v1/applications/{id}/users": 3}),
			},
		},
		resource.TestStep{
			PreConfig: ts.ResetStats,
			Query:     true,
			Config:    listBlock("portal_application_user", "first", "limit = 3", fmt.Sprintf("application_id = %q", mockportal.DemoIDs.Archiver)),
			QueryResultChecks: []querycheck.QueryResultCheck{
				querycheck.ExpectLength("portal_application_user.first", 3),
				// A limit asks for no more than it needs: one page of three.
				acctest.ExpectRequests(ts, map[string]int64{"GET /api/v1/applications/{id}/users": 1}),
			},
		},
	))
}

func TestAccSubmailboxList(t *testing.T) {
	ts, legacy := acctest.NewLegacyMock(t)
	var mailbox string
	for m, subs := range legacy.Submailboxes {
		if len(subs) > 0 && (mailbox == "" || m < mailbox) {
			mailbox = m
		}
	}
	service, _ := ts.HostedExchange(mailbox)
	customer, _ := ts.User(mailbox)
	var inCustomer int
	for _, m := range legacy.SharedMailboxes[customer.CustomerID] {
		inCustomer += len(legacy.Submailboxes[m])
	}
	// A regular user's own mailbox can have submailboxes too: they are no shared mailbox's.
	var personal string
	for _, u := range ts.Users() {
		if u.CustomerID == customer.CustomerID && u.PrimaryEmail != "" && slices.Contains(legacy.NotSharedMailboxes, u.ID) {
			personal = acctest.NewSubmailbox(t, ts, u.ID, "", "Personal")
			break
		}
	}
	if personal == "" {
		t.Fatal("the legacy portal has no regular user with a mailbox in the customer")
	}
	tree := ts.Submailboxes(mailbox)
	slices.SortFunc(tree, func(a, b api.Submailbox) int { return strings.Compare(a.Path, b.Path) })
	top, inner := tree[0], tree[1]
	resource.ParallelTest(t, queryCase(ts,
		resource.TestStep{
			PreConfig: ts.ResetStats,
			Query:     true,
			Config:    listBlock("portal_submailbox", "tree", "include_resource = true", fmt.Sprintf("mailbox_id = %q", mailbox)),
			QueryResultChecks: []querycheck.QueryResultCheck{
				querycheck.ExpectLength("portal_submailbox.tree", len(tree)),
				querycheck.ExpectResourceDisplayName("portal_submailbox.tree", queryfilter.ByResourceIdentity(id(inner.ID)),
					knownvalue.StringExact(service.PrimaryEmail+"/"+inner.Path)),
				querycheck.ExpectResourceKnownValues("portal_submailbox.tree", queryfilter.ByResourceIdentity(id(inner.ID)), []querycheck.KnownValueCheck{
					{Path: tfjsonpath.New("mailbox_id"), KnownValue: knownvalue.StringExact(mailbox)},
					{Path: tfjsonpath.New("parent_id"), KnownValue: knownvalue.StringExact(top.ID)},
					{Path: tfjsonpath.New("name"), KnownValue: knownvalue.StringExact(inner.Name)},
					{Path: tfjsonpath.New("path"), KnownValue: knownvalue.StringExact(inner.Path)},
					{Path: tfjsonpath.New("deletion_protection"), KnownValue: knownvalue.Bool(true)},
				}),
				querycheck.ExpectResourceKnownValues("portal_submailbox.tree", queryfilter.ByResourceIdentity(id(top.ID)), []querycheck.KnownValueCheck{
					{Path: tfjsonpath.New("parent_id"), KnownValue: knownvalue.Null()},
				}),
				acctest.ExpectRequests(ts, map[string]int64{
					"GET /api/v1/users/{id}":                              1,
					"GET /api/v1/users/{id}/hosted-exchange/submailboxes": 1,
				}),
			},
		},
		resource.TestStep{
			PreConfig: ts.ResetStats,
			Query:     true,
			Config:    listBlock("portal_submailbox", "customer", "", fmt.Sprintf("customer_id = %q", customer.CustomerID)),
			QueryResultChecks: []querycheck.QueryResultCheck{
				querycheck.ExpectLength("portal_submailbox.customer", inCustomer),
				querycheck.ExpectIdentity("portal_submailbox.customer", id(inner.ID)),
				querycheck.ExpectNoIdentity("portal_submailbox.customer", id(personal)),
				querycheck.ExpectResourceDisplayName("portal_submailbox.customer", queryfilter.ByResourceIdentity(id(inner.ID)),
					knownvalue.StringExact(service.PrimaryEmail+"/"+inner.Path)),
				// The customer's whole tree in a page of its submailboxes and one of its shared mailboxes.
				acctest.ExpectRequests(ts, map[string]int64{
					"GET /api/v1/customers/{id}/mailboxes":    1,
					"GET /api/v1/customers/{id}/submailboxes": 1,
				}),
			},
		},
		resource.TestStep{
			Query:       true,
			Config:      listBlock("portal_submailbox", "bad", "", fmt.Sprintf("mailbox_id = %q", top.ID)),
			ExpectError: regexp.MustCompile(`mailbox_id[\s\S]*must be the user ID of a mailbox`),
		},
		resource.TestStep{
			Query: true,
			// Neither, and no provider customer_id: the block says how to set one.
			Config:      listBlock("portal_submailbox", "neither", ""),
			ExpectError: regexp.MustCompile(`(?s)Missing customer_id.*portal_submailbox list block without mailbox_id needs a customer`),
		},
	))
}
