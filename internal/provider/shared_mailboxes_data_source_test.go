package provider_test

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/csportal/terraform-provider-portal/internal/acctest"
	"github.com/csportal/terraform-provider-portal/internal/api"
	"github.com/csportal/terraform-provider-portal/internal/mockportal"
)

// TestAccSharedMailboxesDataSource lists a customer's shared mailboxes with every attribute of the resource,
// and nothing else: no regular user's mailbox, no user without one, no administrator, no mailbox whose
// provisioning failed; in one request per page.
func TestAccSharedMailboxesDataSource(t *testing.T) {
	ts, legacy := acctest.NewLegacyMock(t)
	acme := slices.Sorted(slices.Values(legacy.SharedMailboxes[mockportal.DemoIDs.Acme]))
	// A shared mailbox whose re-provisioning failed is not adoptable as it is.
	broken := acme[len(acme)-1]
	acctest.AsOperator(t, ts, broken, func() error {
		if err := ts.SetFaults(mockportal.Faults{JobFailureRate: 1}); err != nil {
			return err
		}
		defer func() { _ = ts.SetFaults(mockportal.Faults{}) }()
		service, _ := ts.HostedExchange(broken)
		job, err := ts.PutHostedExchange(broken, api.HostedExchangeSpec{UserPlan: mockportal.PlanSharedMailbox, PrimaryEmail: service.PrimaryEmail})
		if err == nil && job.Status != api.JobFailed {
			err = fmt.Errorf("job %+v did not fail", job)
		}
		return err
	})
	listed := acme[:len(acme)-1]
	first := listed[0]
	user, _ := ts.User(first)
	service, _ := ts.HostedExchange(first)
	aliases := make([]knownvalue.Check, 0, len(service.EmailAliases))
	for _, a := range service.EmailAliases {
		aliases = append(aliases, knownvalue.StringExact(a))
	}
	ids := make([]knownvalue.Check, 0, len(listed))
	for _, m := range listed {
		ids = append(ids, knownvalue.ObjectPartial(map[string]knownvalue.Check{"id": knownvalue.StringExact(m)}))
	}
	const addr = "data.portal_shared_mailboxes.acme"
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      acctest.Config(ts, `data "portal_shared_mailboxes" "bad" { customer_id = "Acme" }`),
				ExpectError: regexp.MustCompile(`must be a customer ID such as cus_0123456789abcdef`),
			},
			{
				Config:      acctest.Config(ts, `data "portal_shared_mailboxes" "unknown" { customer_id = "cus_0000000000000099" }`),
				ExpectError: regexp.MustCompile(`Cannot list the shared mailboxes of customer cus_0000000000000099[\s\S]*404`),
			},
			{
				PreConfig: ts.ResetStats,
				Config: acctest.Config(ts, fmt.Sprintf(`
data "portal_shared_mailboxes" "acme" {
  customer_id = %q
}

data "portal_shared_mailboxes" "none" {
  customer_id = %q
}
`, mockportal.DemoIDs.Acme, mockportal.DemoIDs.NoPlanCustomer)),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("mailboxes"), knownvalue.ListExact(ids)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("mailboxes").AtSliceIndex(0), knownvalue.ObjectExact(map[string]knownvalue.Check{
						"id":                  knownvalue.StringExact(first),
						"customer_id":         knownvalue.StringExact(mockportal.DemoIDs.Acme),
						"username":            knownvalue.StringExact(user.Username),
						"login_name":          knownvalue.StringExact(user.Username),
						"first_name":          knownvalue.StringExact(user.FirstName),
						"last_name":           knownvalue.StringExact(user.LastName),
						"display_name":        knownvalue.StringExact(user.DisplayName),
						"email_address":       knownvalue.StringExact(service.PrimaryEmail),
						"email_aliases":       knownvalue.SetExact(aliases),
						"user_plan":           knownvalue.StringExact(mockportal.PlanSharedMailbox),
						"login_enabled":       knownvalue.Bool(user.LoginEnabled),
						"provisioning_status": knownvalue.StringExact(api.ServiceProvisioned),
						"calendar": knownvalue.ObjectExact(map[string]knownvalue.Check{
							"name": knownvalue.StringExact(user.DisplayName + " Calendar"), "shared": knownvalue.Bool(true),
							"default_access": knownvalue.StringExact("availability_only"),
						}),
						"forwarding_address":        forwardingOf(service),
						"forwarding_keep_copy":      knownvalue.Bool(service.ForwardingKeepCopy),
						"keep_sent_as_copy":         knownvalue.Bool(service.KeepSentAsCopy),
						"keep_sent_on_behalf_copy":  knownvalue.Bool(service.KeepSentOnBehalfCopy),
						"hidden_from_address_lists": knownvalue.Bool(service.HiddenFromAddressLists),
						"storage_limit_mb":          knownvalue.Int64Exact(51200),
						"storage_used_mb":           knownvalue.Int64Exact(service.StorageUsedMB),
					})),
					statecheck.ExpectKnownValue("data.portal_shared_mailboxes.none", tfjsonpath.New("mailboxes"), knownvalue.ListSizeExact(0)),
					acctest.ExpectRequests(ts, map[string]int64{"GET /api/v1/customers/{id}/mailboxes": 2}),
				},
			},
		},
	})
}

// TestAccMailboxPermissionsDataSource_customer lists every grant on a customer's shared mailboxes and on
// their submailboxes in one paged listing, and refuses a configuration that names both a mailbox and a
// customer.
func TestAccMailboxPermissionsDataSource_customer(t *testing.T) {
	ts, legacy := acctest.NewLegacyMock(t)
	stark := slices.Sorted(slices.Values(legacy.Grants[mockportal.LegacyCustomerStark]))
	firstMailbox, _, _ := strings.Cut(stark[0], "/")
	var onSubmailboxes int
	for _, g := range stark {
		if strings.HasPrefix(g, api.PrefixSubmailbox) {
			onSubmailboxes++
		}
	}
	if onSubmailboxes == 0 {
		t.Fatal("the legacy portal has no grants on Stark's submailboxes")
	}
	const addr = "data.portal_mailbox_permissions.stark"
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: acctest.Config(ts, fmt.Sprintf(`
data "portal_mailbox_permissions" "both" {
  customer_id = %q
  mailbox_id  = %q
}
`, mockportal.LegacyCustomerStark, mockportal.DemoIDs.Alice)),
				ExpectError: regexp.MustCompile(`These attributes cannot be configured together: \[mailbox_id,customer_id\]`),
			},
			{
				PreConfig: ts.ResetStats,
				Config: acctest.Config(ts, fmt.Sprintf(`
data "portal_mailbox_permissions" "stark" {
  customer_id = %q
}
`, mockportal.LegacyCustomerStark)),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("grants"), knownvalue.ListSizeExact(len(stark))),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("grants").AtSliceIndex(0).AtMapKey("mailbox_id"),
						knownvalue.StringExact(firstMailbox)),
					acctest.ExpectRequests(ts, map[string]int64{"GET /api/v1/customers/{id}/permissions": 1}),
				},
			},
		},
	})
}

// forwardingOf is a mailbox's forwarding_address as the data sources show it: null without forwarding.
func forwardingOf(service api.HostedExchange) knownvalue.Check {
	if service.ForwardingAddress == "" {
		return knownvalue.Null()
	}
	return knownvalue.StringExact(service.ForwardingAddress)
}
