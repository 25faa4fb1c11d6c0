package provider_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/csportal/terraform-provider-portal/internal/acctest"
	"github.com/csportal/terraform-provider-portal/internal/api"
	"github.com/csportal/terraform-provider-portal/internal/mockportal"
)

// Remains and tenancy (R14): a creation mark proves which configuration made an object, not who may take
// it. These tests leave the remains of an interrupted create in one customer and apply the very same
// configuration with the token of a principal that does not reach that customer — a reseller's pipeline
// for a customer beside the reseller, a customer's for its sibling — or whose configuration lands in its
// own customer: nothing of the remains may change, and only a principal that reaches them adopts them.

// unchangedUsers checks that the portal's users are as saved: same version (no write of any kind, the
// claim of an adoption included) and same creation mark.
func unchangedUsers(t *testing.T, ts *mockportal.TestServer, saved map[string]api.User) {
	t.Helper()
	for id, was := range saved {
		u, ok := ts.User(id)
		if !ok || u.Version != was.Version || u.CreationMark != was.CreationMark || u.LoginEnabled != was.LoginEnabled {
			t.Errorf("user %s changed by a principal that does not reach it: %+v, was %+v", id, u, was)
		}
	}
}

// TestAccSharedMailbox_remainsBeyondReach: the remains of a mailbox of Initech (a customer beside the
// reseller, whose usernames carry its code, R17) are not adopted by the reseller's token, nor those of an
// Acme mailbox by Globex's administrator: each apply is refused before it creates anything, and the
// remains keep their mark and version. The master token, which reaches both, then adopts both.
func TestAccSharedMailbox_remainsBeyondReach(t *testing.T) {
	ts := acctest.NewMock(t)
	far := infoMailbox()
	// A username that already ends with Initech's code is stored as given (R17), as the resource needs until
	// it knows the customers' naming convention.
	far.customerID, far.username, far.email = mockportal.DemoIDs.Initech, "info_initech", "info@initech.example"
	farCfg := strings.Replace(far.String(), `"test"`, `"far"`, 1)
	acmeCfg := strings.Replace(infoMailbox().String(), `"test"`, `"acme"`, 1)
	const farAddr, acmeAddr = "portal_shared_mailbox.far", "portal_shared_mailbox.acme"
	asReseller := acctest.ProviderConfigWithToken(ts, ts.Token(t, mockportal.DemoIDs.ResellerAdmin))
	asGlobex := acctest.ProviderConfigWithToken(ts, ts.Token(t, mockportal.DemoIDs.GlobexAdmin))
	saved := map[string]api.User{}
	byID := func() map[string]api.User {
		out := map[string]api.User{}
		for _, u := range saved {
			out[u.ID] = u
		}
		return out
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             acctest.CheckSharedMailboxesDestroyed(ts),
		Steps: []resource.TestStep{
			{Config: acctest.Config(ts, farCfg, acmeCfg)},
			{Config: acctest.Config(ts, forget(farAddr, acmeAddr)), Check: func(*terraform.State) error {
				for _, addr := range []string{farAddr, acmeAddr} {
					users := acctest.UsersNamed(ts, map[string]string{farAddr: far.customerID, acmeAddr: mockportal.DemoIDs.Acme}[addr],
						map[string]string{farAddr: far.username, acmeAddr: "info"}[addr])
					if len(users) != 1 || users[0].CreationMark == "" {
						return fmt.Errorf("%s left %+v, want one user with its creation mark", addr, users)
					}
					saved[addr] = users[0]
				}
				return nil
			}},
			{
				// The reseller does not reach Initech: the portal answers as for an unknown customer, and the
				// plan stops there, before any create (R14, at customer_id).
				Config:      asReseller + farCfg,
				ExpectError: acctest.MessageRegexp("Customer outside the API token's reach", mockportal.DemoIDs.Initech),
			},
			{
				// Globex's administrator does not reach Acme, its sibling.
				PreConfig:   func() { unchangedUsers(t, ts, byID()) },
				Config:      asGlobex + acmeCfg,
				ExpectError: acctest.MessageRegexp("Customer outside the API token's reach", mockportal.DemoIDs.Acme),
			},
			{
				// The remains were adoptable all along, by a principal that reaches them.
				PreConfig: func() { unchangedUsers(t, ts, byID()) },
				Config:    acctest.Config(ts, farCfg, acmeCfg),
				Check: func(s *terraform.State) error {
					for addr, was := range saved {
						if rs := s.RootModule().Resources[addr]; rs == nil || rs.Primary.ID != was.ID {
							return fmt.Errorf("%s: state %v, want the adopted %s", addr, rs, was.ID)
						}
					}
					return nil
				},
			},
		},
	})
}

// TestAccApplicationUser_remainsOfAnotherCustomer: an application user's record belongs to one customer
// (R13, R16). The remains of a record of Acme are not adopted by Globex's administrator (refused: Acme is
// beyond its reach); a configuration without customer_id, whose record is the token's customer's, makes
// Globex its own record and leaves the reseller's remains of that very configuration alone — the same
// fingerprint, another customer. The reseller, which reaches Acme, then adopts Acme's remains.
func TestAccApplicationUser_remainsOfAnotherCustomer(t *testing.T) {
	ts := acctest.NewMock(t)
	app := mockportal.DemoIDs.B2BGateway
	acmeCfg := appUserResource("acme", app, "gateway", acmeRecord, `display_name = "Gateway"`)
	ownCfg := appUserResource("own", app, "agent", `display_name = "Agent"`) // the token's customer
	const acmeAddr, ownAddr = "portal_application_user.acme", "portal_application_user.own"
	asReseller := acctest.ProviderConfigWithToken(ts, ts.Token(t, mockportal.DemoIDs.ResellerAdmin))
	asGlobex := acctest.ProviderConfigWithToken(ts, ts.Token(t, mockportal.DemoIDs.GlobexAdmin))
	saved := map[string]api.ApplicationUser{}
	save := func(s *terraform.State) error {
		for _, addr := range []string{acmeAddr, ownAddr} {
			rs := s.RootModule().Resources[addr]
			if rs == nil {
				return fmt.Errorf("%s is not in the state", addr)
			}
			saved[addr], _ = acctest.ApplicationUser(ts, app, rs.Primary.ID)
		}
		return nil
	}
	unchanged := func(addrs ...string) {
		for _, addr := range addrs {
			was := saved[addr]
			u, ok := acctest.ApplicationUser(ts, app, was.ID)
			if !ok || u.Version != was.Version || u.CreationMark != was.CreationMark {
				t.Errorf("%s's remains %s changed by a principal of another customer: %+v, was %+v", addr, was.ID, u, was)
			}
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             acctest.CheckApplicationUsersDestroyed(ts),
		Steps: []resource.TestStep{
			{Config: asReseller + acmeCfg + ownCfg, Check: save},
			{Config: asReseller + forget(acmeAddr, ownAddr)},
			{
				// Acme is beyond Globex's reach: the plan is refused at customer_id, before any create (R14).
				Config:      asGlobex + acmeCfg,
				ExpectError: acctest.MessageRegexp("Customer outside the API token's reach", "customer_id", mockportal.DemoIDs.Acme),
			},
			{
				PreConfig: func() { unchanged(acmeAddr, ownAddr) },
				Config:    asGlobex + ownCfg,
				Check: acctest.WithID(ownAddr, func(id string) error {
					u, _ := acctest.ApplicationUser(ts, app, id)
					if id == saved[ownAddr].ID || u.CustomerID != mockportal.DemoIDs.Globex || saved[ownAddr].CustomerID != mockportal.DemoIDs.Reseller {
						return fmt.Errorf("Globex's create holds %+v; the reseller's remains are %+v: want a record of Globex's own", u, saved[ownAddr])
					}
					return nil
				}),
			},
			{
				PreConfig: func() { unchanged(acmeAddr, ownAddr) },
				Config:    asReseller + acmeCfg + ownCfg,
				Check: acctest.WithID(acmeAddr, func(id string) error {
					if id != saved[acmeAddr].ID {
						return fmt.Errorf("the state holds %s, want the adopted %s", id, saved[acmeAddr].ID)
					}
					return nil
				}),
			},
		},
	})
}
