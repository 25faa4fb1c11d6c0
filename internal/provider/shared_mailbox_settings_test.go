package provider_test

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/csportal/terraform-provider-portal/internal/acctest"
	"github.com/csportal/terraform-provider-portal/internal/api"
	"github.com/csportal/terraform-provider-portal/internal/mockportal"
)

// settingsInMock checks the mailbox's settings as the portal holds them.
func settingsInMock(ts *mockportal.TestServer, want api.MailboxSettings) resource.TestCheckFunc {
	return mailboxInMock(ts, func(_ api.User, s api.HostedExchange) error {
		if s.MailboxSettings != want {
			return fmt.Errorf("the portal holds the settings %+v, want %+v", s.MailboxSettings, want)
		}
		return nil
	})
}

func expectSettings(forwarding knownvalue.Check, keepCopy, sentAs, sentOnBehalf, hidden bool) []statecheck.StateCheck {
	return []statecheck.StateCheck{
		expectMailboxAttr("forwarding_address", forwarding),
		expectMailboxAttr("forwarding_keep_copy", knownvalue.Bool(keepCopy)),
		expectMailboxAttr("keep_sent_as_copy", knownvalue.Bool(sentAs)),
		expectMailboxAttr("keep_sent_on_behalf_copy", knownvalue.Bool(sentOnBehalf)),
		expectMailboxAttr("hidden_from_address_lists", knownvalue.Bool(hidden)),
	}
}

// allSettingsChanged is infoMailbox with every setting away from its default.
var allSettingsChanged = infoMailbox().with(
	`forwarding_address        = "alice@acme.example"`,
	`forwarding_keep_copy      = false`,
	`keep_sent_as_copy         = false`,
	`keep_sent_on_behalf_copy  = false`,
	`hidden_from_address_lists = true`,
)

// TestAccSharedMailbox_settings creates a mailbox with the settings' defaults — sent-item copies on,
// which the portal's own default is not: the provider sends what the configuration says — changes each
// setting in place in one R6 dance without a provisioning job, imports it, and changes the plan, whose
// size the plan knows before apply.
func TestAccSharedMailbox_settings(t *testing.T) {
	ts := acctest.NewMock(t)
	sameID := statecheck.CompareValue(compare.ValuesSame())
	var id string
	var mark int64
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             acctest.CheckSharedMailboxesDestroyed(ts),
		Steps: []resource.TestStep{
			{
				Config: acctest.Config(ts, infoMailbox().String()),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectKnownValue(mailboxAddr, mailboxAttr("storage_limit_mb"), knownvalue.Int64Exact(51200)),
				}},
				ConfigStateChecks: append(expectSettings(knownvalue.Null(), true, true, true, false),
					sameID.AddStateValue(mailboxAddr, mailboxAttr("id")),
					expectMailboxAttr("storage_limit_mb", knownvalue.Int64Exact(51200))),
				Check: resource.ComposeAggregateTestCheckFunc(
					saveMailboxID(&id),
					settingsInMock(ts, api.MailboxSettings{ForwardingKeepCopy: true, KeepSentAsCopy: true, KeepSentOnBehalfCopy: true}),
					loginDisabledMailbox(ts, mockportal.PlanSharedMailbox, "info@acme.example"),
					// The job runs with the login disabled (provisionMailbox); the settings follow in a dance of their own.
					acctest.CheckWrites(ts, &mark, func() []string {
						return []string{"user.create " + id, "hosted_exchange.put " + id + " " + lastJob(ts, id) + " +", "user.update " + id, "user.update " + id,
							"hosted_exchange.patch " + id + " +", "user.update " + id}
					}),
				),
			},
			{
				// Every setting changes in place: one PATCH of the mailbox inside one enable and disable (R6), no job.
				Config:           acctest.Config(ts, allSettingsChanged.String()),
				ConfigPlanChecks: mailboxAction(plancheck.ResourceActionUpdate),
				ConfigStateChecks: append(expectSettings(knownvalue.StringExact("alice@acme.example"), false, false, false, true),
					sameID.AddStateValue(mailboxAddr, mailboxAttr("id"))),
				Check: resource.ComposeAggregateTestCheckFunc(
					settingsInMock(ts, api.MailboxSettings{ForwardingAddress: mockportal.AliceEmail, HiddenFromAddressLists: true}),
					loginDisabledMailbox(ts, mockportal.PlanSharedMailbox, "info@acme.example"),
					acctest.CheckWrites(ts, &mark, func() []string {
						return []string{"user.update " + id, "hosted_exchange.patch " + id + " +", "user.update " + id}
					}),
				),
			},
			{
				ResourceName:            mailboxAddr,
				ImportState:             true,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"timeouts", "deletion_protection"},
			},
			{
				// Writing the address in another case is no change.
				Config:           acctest.Config(ts, infoMailbox().with(allSettingsChanged.lines[1:]...).with(`forwarding_address = "ALICE@acme.example"`).String()),
				ConfigPlanChecks: expectNoMailboxChange,
			},
			{
				// Back to the defaults: forwarding stops; and a plan change comes with its size, known at plan time.
				Config: acctest.Config(ts, infoMailbox().with(`user_plan = "Standard"`).String()),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(mailboxAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(mailboxAddr, mailboxAttr("storage_limit_mb"), knownvalue.Int64Exact(10240)),
				}},
				ConfigStateChecks: append(expectSettings(knownvalue.Null(), true, true, true, false),
					sameID.AddStateValue(mailboxAddr, mailboxAttr("id")),
					expectMailboxAttr("storage_limit_mb", knownvalue.Int64Exact(10240))),
				Check: resource.ComposeAggregateTestCheckFunc(
					settingsInMock(ts, api.MailboxSettings{ForwardingKeepCopy: true, KeepSentAsCopy: true, KeepSentOnBehalfCopy: true}),
					loginDisabledMailbox(ts, mockportal.PlanStandard, "info@acme.example"),
					// The plan's job runs with the login disabled; the settings follow in a dance of their own.
					acctest.CheckWrites(ts, &mark, func() []string {
						return []string{"user.update " + id, "hosted_exchange.put " + id + " " + lastJob(ts, id) + " +", "user.update " + id, "user.update " + id,
							"hosted_exchange.patch " + id + " +", "user.update " + id}
					}),
				),
			},
		},
	})
}

// lastJob is the mailbox's latest provisioning job.
func lastJob(ts *mockportal.TestServer, id string) string {
	he, _ := ts.HostedExchange(id)
	return he.JobID
}

// TestAccSharedMailbox_settingsDrift changes the settings by hand in the portal, as an operator must (R6:
// login enabled for it): the next plan shows it and apply puts them back. Mail arriving changes the
// mailbox's usage, which is no change at all: the data source shows it.
func TestAccSharedMailbox_settingsDrift(t *testing.T) {
	ts := acctest.NewMock(t)
	cfg := acctest.Config(ts, infoMailbox().with(`forwarding_address = "alice@acme.example"`, `hidden_from_address_lists = true`).String())
	want := api.MailboxSettings{ForwardingAddress: mockportal.AliceEmail, ForwardingKeepCopy: true, KeepSentAsCopy: true,
		KeepSentOnBehalfCopy: true, HiddenFromAddressLists: true}
	var id string
	const dataSource = `
data "portal_shared_mailbox" "info" {
  id = portal_shared_mailbox.test.id
}
`
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             acctest.CheckSharedMailboxesDestroyed(ts),
		Steps: []resource.TestStep{
			{
				Config: cfg,
				Check:  resource.ComposeAggregateTestCheckFunc(saveMailboxID(&id), settingsInMock(ts, want)),
			},
			{
				PreConfig: func() {
					acctest.AsOperator(t, ts, id, func() error {
						_, err := ts.PatchMailboxSettings(id, api.MailboxSettings{ForwardingAddress: "bob@acme.example"}.SetAll())
						return err
					})
				},
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(mailboxAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(mailboxAddr, mailboxAttr("forwarding_address"), knownvalue.StringExact("alice@acme.example")),
					plancheck.ExpectKnownValue(mailboxAddr, mailboxAttr("forwarding_keep_copy"), knownvalue.Bool(true)),
					plancheck.ExpectKnownValue(mailboxAddr, mailboxAttr("keep_sent_as_copy"), knownvalue.Bool(true)),
					plancheck.ExpectKnownValue(mailboxAddr, mailboxAttr("keep_sent_on_behalf_copy"), knownvalue.Bool(true)),
					plancheck.ExpectKnownValue(mailboxAddr, mailboxAttr("hidden_from_address_lists"), knownvalue.Bool(true)),
				}},
				Check: resource.ComposeAggregateTestCheckFunc(settingsInMock(ts, want),
					loginDisabledMailbox(ts, mockportal.PlanSharedMailbox, "info@acme.example")),
			},
			{
				// Mail comes and goes by the minute: never a change of the resource.
				PreConfig: func() {
					if err := ts.DeliverMail(id, 420, 315); err != nil {
						t.Fatal(err)
					}
				},
				Config:           cfg,
				ConfigPlanChecks: expectNoMailboxChange,
			},
			{
				Config: cfg + dataSource,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.portal_shared_mailbox.info", mailboxAttr("storage_used_mb"), knownvalue.Int64Exact(315)),
					statecheck.ExpectKnownValue("data.portal_shared_mailbox.info", mailboxAttr("storage_limit_mb"), knownvalue.Int64Exact(51200)),
					statecheck.ExpectKnownValue("data.portal_shared_mailbox.info", mailboxAttr("forwarding_address"), knownvalue.StringExact("alice@acme.example")),
					statecheck.ExpectKnownValue("data.portal_shared_mailbox.info", mailboxAttr("hidden_from_address_lists"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue("data.portal_shared_mailbox.info", mailboxAttr("keep_sent_as_copy"), knownvalue.Bool(true)),
				},
			},
			{
				PreConfig: func() {
					if err := ts.DeliverMail(id, 10, 5); err != nil {
						t.Fatal(err)
					}
				},
				Config:           cfg + dataSource,
				ConfigPlanChecks: expectNoMailboxChange,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.portal_shared_mailbox.info", mailboxAttr("storage_used_mb"), knownvalue.Int64Exact(320)),
				},
			},
		},
	})
}

// TestAccSharedMailbox_settingsAfterReprovisioning: a mailbox deprovisioned by hand comes back with the
// portal's default settings; the apply that provisions it again sets them, in the same dance.
func TestAccSharedMailbox_settingsAfterReprovisioning(t *testing.T) {
	ts := acctest.NewMock(t)
	cfg := acctest.Config(ts, allSettingsChanged.String())
	var id string
	var mark int64
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             acctest.CheckSharedMailboxesDestroyed(ts),
		Steps: []resource.TestStep{
			{Config: cfg, Check: saveMailboxID(&id)},
			{
				PreConfig: func() {
					acctest.Deprovision(t, ts, id)
					mark = acctest.LastEvent(ts)
				},
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(mailboxAddr, plancheck.ResourceActionUpdate),
					// The plan comes back with its size, known before apply.
					plancheck.ExpectKnownValue(mailboxAddr, mailboxAttr("storage_limit_mb"), knownvalue.Int64Exact(51200)),
				}},
				Check: resource.ComposeAggregateTestCheckFunc(
					settingsInMock(ts, api.MailboxSettings{ForwardingAddress: mockportal.AliceEmail, HiddenFromAddressLists: true}),
					loginDisabledMailbox(ts, mockportal.PlanSharedMailbox, "info@acme.example"),
					// The operator left the login enabled: the provider changes without a dance and disables it.
					acctest.CheckWrites(ts, &mark, func() []string {
						return []string{"hosted_exchange.put " + id + " " + lastJob(ts, id) + " +", "user.update " + id, "user.update " + id, "hosted_exchange.patch " + id + " +",
							"user.update " + id}
					}),
				),
			},
		},
	})
}

// TestAccSharedMailbox_settingsInvalid refuses bad settings at plan time with the attribute: an address
// that is none, forwarding to the mailbox itself, and forwarding outside the customer's accepted domains,
// which the customer does not allow — until the hosting provider allows it. The accepted domains are the
// customer's own (R15): Acme's second domain is inside although no mailbox uses it, Globex's is outside.
func TestAccSharedMailbox_settingsInvalid(t *testing.T) {
	f := mockportal.DemoFixtures()
	acme := f.Customer(mockportal.DemoIDs.Acme)
	acme.Domains = append(acme.Domains, "acme-sales.example")
	ts := acctest.NewMock(t, mockportal.Options{Fixtures: f})
	forwarding := func(address string) string {
		return acctest.Config(ts, infoMailbox().with(`email_aliases = ["hello@acme.example"]`, fmt.Sprintf("forwarding_address = %q", address)).String())
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             acctest.CheckSharedMailboxesDestroyed(ts),
		Steps: []resource.TestStep{
			{
				Config:      forwarding("alice.acme.example"),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`Attribute forwarding_address must be an email address`),
			},
			{
				Config:      forwarding("Info@Acme.example"),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)Mailbox forwards to itself.*forwarding_address = "Info@Acme.example".*"Info@Acme.example" is an\s+address of\s+this\s+mailbox`),
			},
			{
				Config:      forwarding("HELLO@acme.example"),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)Mailbox forwards to itself.*forwarding_address = "HELLO@acme.example"`),
			},
			{
				// The size limit comes from the plan, and the mailbox's usage is no attribute of the resource.
				Config:      acctest.Config(ts, infoMailbox().with(`storage_limit_mb = 1024`).String()),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)Invalid Configuration for Read-Only Attribute.*storage_limit_mb`),
			},
			{
				Config:      acctest.Config(ts, infoMailbox().with(`storage_used_mb = 10`).String()),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`An argument named "storage_used_mb" is not expected here`),
			},
			{
				Config:             forwarding("desk@Acme-Sales.example"),
				PlanOnly:           true,
				ExpectNonEmptyPlan: true, // the mailbox to create: no error, inside a domain of Acme's
			},
			{
				Config:   forwarding("orders@partner.example"),
				PlanOnly: true,
				ExpectError: regexp.MustCompile(`(?s)External forwarding not allowed.*forwarding_address = "orders@partner.example".*` +
					`orders@partner.example is outside the accepted domains of customer Acme\s+\(cus_ac3e000000000001\)\s+` +
					`\(acme-sales.example,\s+acme.example\).*acme-sales.example\s+or\s+acme.example.*allow_external_forwarding`),
			},
			{
				Config:      forwarding("homer@globex.example"),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)External forwarding not allowed.*homer@globex.example is outside the accepted domains`),
			},
			{
				// The hosting provider allows it: the same configuration plans and applies.
				PreConfig: func() {
					if err := ts.SetAllowExternalForwarding(mockportal.DemoIDs.Acme, true); err != nil {
						t.Fatal(err)
					}
				},
				Config: forwarding("orders@partner.example") + `
data "portal_customer" "acme" {
  name = "Acme"
}
`,
				ConfigStateChecks: []statecheck.StateCheck{
					expectMailboxAttr("forwarding_address", knownvalue.StringExact("orders@partner.example")),
					statecheck.ExpectKnownValue("data.portal_customer.acme", mailboxAttr("allow_external_forwarding"), knownvalue.Bool(true)),
				},
				Check: settingsInMock(ts, api.MailboxSettings{ForwardingAddress: "orders@partner.example", ForwardingKeepCopy: true,
					KeepSentAsCopy: true, KeepSentOnBehalfCopy: true}),
			},
		},
	})
}
