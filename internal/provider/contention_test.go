package provider_test

import (
	"bytes"
	"fmt"
	"sync/atomic"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/csportal/terraform-provider-portal/internal/acctest"
	"github.com/csportal/terraform-provider-portal/internal/api"
	"github.com/csportal/terraform-provider-portal/internal/mockportal"
)

// These tests force, one at a time, the interleavings that many Terraform runs on separate states (and
// operators) produce on one mailbox: the mock's hooks make another actor's change at the exact moment
// between this provider's requests. Every such refusal is someone else's doing; the change must still be
// made, and the mailbox's login must end as it rests (disabled).

// rival is the other actor of a test: armed by a step's PreConfig (the mailbox set first: the atomic flag
// orders the two for the hooks' goroutines), it acts at most times times, or without end when times < 0.
type rival struct {
	mailbox string
	armed   atomic.Bool
	acted   atomic.Int32
	times   int32
}

func (r *rival) arm(mailbox string) {
	r.mailbox = mailbox
	r.armed.Store(true)
}

// turn reports whether a request of the provider is the rival's moment: armed, on the rival's mailbox,
// and acts left.
func (r *rival) turn(req mockportal.HookRequest, route string) bool {
	if !r.armed.Load() || req.Route != route || req.PathValue("id") != r.mailbox {
		return false
	}
	if r.times >= 0 && r.acted.Load() >= r.times {
		return false
	}
	r.acted.Add(1) // the provider's requests on one mailbox come one at a time
	return true
}

// enablesLogin reports whether the request is the provider enabling a login.
func enablesLogin(req mockportal.HookRequest) bool {
	return bytes.Contains(req.Body, []byte(`"login_enabled":true`))
}

// mockDisablingAfterEnable is a mock portal in which the rival disables the login right after the
// provider enabled it, as long as it has acts left.
func mockDisablingAfterEnable(t *testing.T, other *rival) *mockportal.TestServer {
	var ts *mockportal.TestServer
	ts = acctest.NewMock(t, mockportal.Options{Hooks: &mockportal.Hooks{
		After: func(req mockportal.HookRequest, _ int) {
			if enablesLogin(req) && other.turn(req, routePatchUser) {
				operatorMust(t, ts.SetLoginEnabled(other.mailbox, false))
			}
		},
	}})
	return ts
}

// mockStartingJobs is a mock portal in which the rival starts a provisioning job of the mailbox (unless
// one runs) just before each of the provider's changes of its service, as long as it has acts left.
func mockStartingJobs(t *testing.T, other *rival) *mockportal.TestServer {
	var ts *mockportal.TestServer
	ts = acctest.NewMock(t, mockportal.Options{Hooks: &mockportal.Hooks{
		Before: func(req mockportal.HookRequest) {
			if other.turn(req, routePutExchange) {
				restartJob(t, ts, other.mailbox)
			}
		},
	}})
	return ts
}

// testOwnerAliasChange runs the mailbox's own state: it creates the mailbox, then — with the rival armed —
// changes its aliases, which must come through with the login disabled; check adds what the test is about.
func testOwnerAliasChange(t *testing.T, ts *mockportal.TestServer, other *rival, check resource.TestCheckFunc) {
	var id string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             acctest.CheckSharedMailboxesDestroyed(ts),
		Steps: []resource.TestStep{
			{Config: acctest.Config(ts, infoMailbox().String()), Check: saveMailboxID(&id)},
			{
				PreConfig: func() { other.arm(id) },
				Config:    acctest.Config(ts, infoMailbox().with(`email_aliases = ["hello@acme.example"]`).String()),
				Check: resource.ComposeAggregateTestCheckFunc(
					loginDisabledMailbox(ts, mockportal.PlanSharedMailbox, "info@acme.example", "hello@acme.example"), check),
			},
		},
	})
}

// actedTimes checks that the rival acted exactly want times: else the test tested something else.
func actedTimes(other *rival, want int32, what string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if n := other.acted.Load(); n != want {
			return fmt.Errorf("%s %d times, want %d", what, n, want)
		}
		return nil
	}
}

// loginRestoredAndGranted checks that the mailbox's login ended disabled and that alice holds the grant.
func loginRestoredAndGranted(ts *mockportal.TestServer, mailboxID, grantOn string) resource.TestCheckFunc {
	return resource.ComposeAggregateTestCheckFunc(
		acctest.CheckLoginEnabled(ts, mailboxID, false),
		acctest.CheckGrant(ts, grantOn, mockportal.DemoIDs.Alice, api.PermissionView, api.PermissionSendAs),
	)
}

var aliceViewSendAs = []string{api.PermissionView, api.PermissionSendAs}

// TestAccContention_momentEndsBeforeTheGrant: this run reads the mailbox's login while another state's
// change of its addresses has it enabled (its provisioning job running), and that moment ends before this
// run's grant arrives. The enabled login was not the mailbox's resting state: the portal refuses the grant
// (409 user_disabled), and the run must then enable the login itself, grant, and disable it again.
func TestAccContention_momentEndsBeforeTheGrant(t *testing.T) {
	testMomentEndsBeforeTheGrant(t, false)
}

// TestAccContention_momentEndsBeforeTheSubmailboxGrant is the same on a submailbox: R6 is about the login
// of the mailbox it is in.
func TestAccContention_momentEndsBeforeTheSubmailboxGrant(t *testing.T) {
	testMomentEndsBeforeTheGrant(t, true)
}

func testMomentEndsBeforeTheGrant(t *testing.T, onSubmailbox bool) {
	var ts *mockportal.TestServer
	other := &rival{times: 1}
	ts = acctest.NewMock(t, mockportal.Options{Hooks: &mockportal.Hooks{
		Before: func(req mockportal.HookRequest) {
			if other.armed.Load() && other.acted.Load() == 0 && req.Route == routeGetUser && req.PathValue("id") == other.mailbox {
				// Another state's change of the addresses is under way: login enabled, its job running.
				operatorMust(t, ts.SetLoginEnabled(other.mailbox, true))
				_, err := ts.StartHostedExchange(other.mailbox, api.HostedExchangeSpec{UserPlan: mockportal.PlanSharedMailbox,
					PrimaryEmail: "ops@acme.example", EmailAliases: []string{"ops-team@acme.example"}})
				operatorMust(t, err)
			}
		},
		After: func(req mockportal.HookRequest, _ int) {
			if other.turn(req, routeGetUser) {
				// ... and it ends, the login disabled again, before this run's grant arrives.
				operatorMust(t, ts.SetLoginEnabled(other.mailbox, false))
			}
		},
	}})
	mailbox := acctest.NewDisabledMailbox(t, ts, "ops")
	grantOn := mailbox
	if onSubmailbox {
		grantOn = acctest.NewSubmailbox(t, ts, mailbox, "", "Invoices")
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             grantsGoneLoginDisabled(ts, mailbox),
		Steps: []resource.TestStep{{
			PreConfig: func() { other.arm(mailbox) },
			Config:    acctest.Config(ts, grantConfig(grantOn, mockportal.DemoIDs.Alice, aliceViewSendAs...)),
			Check: resource.ComposeAggregateTestCheckFunc(
				loginRestoredAndGranted(ts, mailbox, grantOn),
				func(*terraform.State) error {
					if other.acted.Load() == 0 {
						return fmt.Errorf("the other state's change never happened: the test tested nothing")
					}
					return nil
				},
			),
		}},
	})
}

// TestAccContention_disabledRightAfterThisEnable: three times, another actor disables the login the moment
// after this run enabled it for its grant (another state ending its own change, or an operator). Each
// refusal is someone else's doing: the run enables again and retries, and the grant is made.
func TestAccContention_disabledRightAfterThisEnable(t *testing.T) {
	other := &rival{times: 3}
	ts := mockDisablingAfterEnable(t, other)
	mailbox := acctest.NewDisabledMailbox(t, ts, "ops")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             grantsGoneLoginDisabled(ts, mailbox),
		Steps: []resource.TestStep{{
			PreConfig: func() { other.arm(mailbox) },
			Config:    acctest.Config(ts, grantConfig(mailbox, mockportal.DemoIDs.Alice, aliceViewSendAs...)),
			Check:     loginRestoredAndGranted(ts, mailbox, mailbox),
		}},
	})
	if n := other.acted.Load(); n < 3 {
		t.Errorf("the login was disabled under the grant %d times, want 3: the test tested less than it says", n)
	}
}

// TestAccContention_loginKeptDisabled: when another actor disables the login after every one of this run's
// enables, the grant fails when its time limit runs out — with an error that says what was contending —
// and the login ends disabled.
func TestAccContention_loginKeptDisabled(t *testing.T) {
	other := &rival{times: -1}
	ts := mockDisablingAfterEnable(t, other)
	mailbox := acctest.NewDisabledMailbox(t, ts, "ops")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			PreConfig: func() { other.arm(mailbox) },
			Config: acctest.Config(ts, fmt.Sprintf(`
resource "portal_mailbox_permission" "test" {
  mailbox_id  = %q
  user_id     = %q
  permissions = ["view"]
  timeouts    = { create = "2s" }
}
`, mailbox, mockportal.DemoIDs.Alice)),
			ExpectError: permissionError("Cannot grant permissions on mailbox "+mailbox,
				"the login of mailbox "+mailbox+" was disabled by someone else", "times",
				"The create ran out of time (2s)"),
		}},
	})
	if u, _ := ts.User(mailbox); u.LoginEnabled {
		t.Errorf("mailbox %s was left with its login enabled", mailbox)
	}
	if g := ts.Permissions(mailbox); len(g) != 0 {
		t.Errorf("grants on %s: %+v, want none", mailbox, g)
	}
}

// TestAccContention_ownerChangeDisabledUnderIt: the mailbox's own state changes its aliases while other
// runs' grants end their R6 moments: twice the login is disabled right after this run enabled it for the
// change. The run enables again, the aliases change, and the login ends disabled.
func TestAccContention_ownerChangeDisabledUnderIt(t *testing.T) {
	other := &rival{times: 2}
	testOwnerAliasChange(t, mockDisablingAfterEnable(t, other), other, actedTimes(other, 2, "the login was disabled under the change"))
}

// restartJob starts, unless one is running, a provisioning job of the mailbox as another state's change
// would: the addresses it holds, again.
func restartJob(t *testing.T, ts *mockportal.TestServer, mailbox string) {
	svc, _ := ts.HostedExchange(mailbox)
	if svc.JobID != "" {
		if j, _ := ts.Job(svc.JobID); !j.Done() {
			return // one is running already
		}
	}
	_, err := ts.StartHostedExchange(mailbox, api.HostedExchangeSpec{UserPlan: svc.UserPlan, PrimaryEmail: svc.PrimaryEmail,
		EmailAliases: svc.EmailAliases})
	operatorMust(t, err)
}

// TestAccContention_jobsOfOtherChanges: four times, just before this run's change of the mailbox's aliases
// reaches the portal, another change of the same mailbox starts a provisioning job (409 job_in_progress).
// The run waits for each and tries again, within its time limit, and its aliases win in the end.
func TestAccContention_jobsOfOtherChanges(t *testing.T) {
	other := &rival{times: 4}
	testOwnerAliasChange(t, mockStartingJobs(t, other), other, actedTimes(other, 4, "other changes started jobs under this one"))
}

// TestAccContention_jobKeptRunning: when another change starts a job before every one of this run's
// attempts, the update fails when its time limit runs out, saying which job kept running; the login ends
// disabled.
func TestAccContention_jobKeptRunning(t *testing.T) {
	other := &rival{times: -1}
	ts := mockStartingJobs(t, other)
	var id string
	limited := func(aliases string) string {
		return acctest.Config(ts, infoMailbox().with(`email_aliases = `+aliases, `timeouts = { update = "2s" }`).String())
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             acctest.CheckSharedMailboxesDestroyed(ts),
		Steps: []resource.TestStep{
			{Config: limited(`[]`), Check: saveMailboxID(&id)},
			{
				PreConfig:   func() { other.arm(id) },
				Config:      limited(`["hello@acme.example"]`),
				ExpectError: permissionError("Cannot update shared mailbox", "of another change kept running", "The update ran out of time (2s)"),
			},
			{
				PreConfig: func() {
					other.armed.Store(false)
					if u, _ := ts.User(id); u.LoginEnabled {
						t.Errorf("mailbox %s was left with its login enabled", id)
					}
				},
				Config: limited(`["hello@acme.example"]`),
				Check:  loginDisabledMailbox(ts, mockportal.PlanSharedMailbox, "info@acme.example", "hello@acme.example"),
			},
		},
	})
}

// TestAccContention_momentDuringTheOwnersReadBack: the mailbox's own state changes its aliases and reads
// the mailbox back just as another run's grant has its login enabled for a moment. That login is not the
// mailbox's: the state records the login the owner's change left (disabled), not the moment.
func TestAccContention_momentDuringTheOwnersReadBack(t *testing.T) {
	var ts *mockportal.TestServer
	var stage atomic.Int32 // 0: before the owner's disable; 1: another run's moment; 2: over
	other := &rival{times: -1}
	ts = acctest.NewMock(t, mockportal.Options{Hooks: &mockportal.Hooks{
		After: func(req mockportal.HookRequest, _ int) {
			switch {
			case stage.Load() == 0 && !enablesLogin(req) && other.turn(req, routePatchUser):
				operatorMust(t, ts.SetLoginEnabled(other.mailbox, true))
				stage.Store(1)
			case stage.Load() == 1 && other.turn(req, routeGetUser):
				operatorMust(t, ts.SetLoginEnabled(other.mailbox, false))
				stage.Store(2)
			}
		},
	}})
	testOwnerAliasChange(t, ts, other, func(*terraform.State) error {
		if stage.Load() != 2 {
			return fmt.Errorf("the other run's moment did not fall on the read-back (stage %d)", stage.Load())
		}
		return nil
	})
}
