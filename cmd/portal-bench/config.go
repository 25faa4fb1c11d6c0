package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/csportal/terraform-provider-portal/internal/api"
	"github.com/csportal/terraform-provider-portal/internal/mockportal"
	"github.com/csportal/terraform-provider-portal/internal/tfharness"
)

// shape is what a benchmark of N objects holds: N/4 shared mailboxes, each with two permissions (N/2),
// and N/4 application users. A mailbox's first grant goes to one of a pool of regular users, its second to
// "its" application user, so that every kind of grantee is planned and refreshed.
type shape struct {
	Mailboxes, Permissions, AppUsers int
	// Grantees is the pool of regular users (fixtures of the mock) that the first grants go to, in turn.
	Grantees int
}

func newShape(n, grantees int) (shape, error) {
	if n < 4 || n%4 != 0 {
		return shape{}, fmt.Errorf("-n %d: must be a multiple of 4, at least 4 (N/4 mailboxes, N/2 permissions, N/4 application users)", n)
	}
	if grantees < 1 {
		return shape{}, errors.New("there must be at least one grantee")
	}
	m := n / 4
	return shape{Mailboxes: m, Permissions: 2 * m, AppUsers: m, Grantees: min(grantees, m)}, nil
}

func (s shape) objects() int { return s.Mailboxes + s.Permissions + s.AppUsers }

// distinctGrantees counts who the grants go to: the regular users used and every application user.
func (s shape) distinctGrantees() int { return s.Grantees + s.AppUsers }

// lookupBudget bounds the plan-time lookups of a plan that creates everything when they are remembered for
// the run: one GET per distinct regular grantee (an application user's kind shows in its ID, so it needs
// none), one GET /me for the token's role, one GET of the one customer (its reach and domains, R14-R15), one
// list of its user plans, and one lookup of each address a mailbox asks for (is it taken?), one per mailbox here.
func (s shape) lookupBudget() int { return s.Grantees + 3 + s.Mailboxes }

// Names of what the benchmark creates.
const (
	mailboxPrefix = "bench-mbx-"
	appUserPrefix = "bench-app-"
	domain        = "acme.example"
	configFile    = "main.tf"
)

// granteeID is the fixed ID of regular grantee i (1-based): the fixtures are reloaded between runs, and
// the configuration names the grantees by ID.
func granteeID(i int) string { return fmt.Sprintf("usr_be0c%012x", i) }

// fixtures are the demo set plus the pool of regular grantees.
func (s shape) fixtures() *mockportal.Fixtures {
	f := mockportal.DemoFixtures()
	for i := 1; i <= s.Grantees; i++ {
		f.Users = append(f.Users, mockportal.FixtureUser{ID: granteeID(i), CustomerID: mockportal.DemoIDs.Acme,
			Username: fmt.Sprintf("bench-grantee-%03d", i), FirstName: "Bench", LastName: fmt.Sprintf("Grantee %03d", i),
			Role: api.RoleUser})
	}
	return f
}

func writeFixtures(path string, f *mockportal.Fixtures) error {
	b, err := json.MarshalIndent(f, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, b, 0o600)
}

// regularPermissions are the sets given to regular grantees, in turn; application users get
// create_messages, the one value they may always hold (R11).
var regularPermissions = [][]string{
	{api.PermissionView},
	{api.PermissionView, api.PermissionSendAs},
	{api.PermissionFullAccess},
}

// portalConfig is the configuration of the portal objects.
func (s shape) portalConfig() string {
	var b strings.Builder
	b.WriteString(tfharness.PortalConfigHeader("portal-bench"))
	apps := []string{mockportal.DemoIDs.B2BGateway, mockportal.DemoIDs.Archiver}
	for i := 1; i <= s.AppUsers; i++ {
		username := fmt.Sprintf("%s%04d", appUserPrefix, i)
		fmt.Fprintf(&b, `
resource "portal_application_user" "a%04d" {
  application_id = %q
  customer_id    = %q
  username       = %q
  display_name   = "Bench agent %04d"
  email          = "%s@%s"
}
`, i, apps[i%len(apps)], mockportal.DemoIDs.Acme, username, i, username, domain)
	}
	for i := 1; i <= s.Mailboxes; i++ {
		username := fmt.Sprintf("%s%04d", mailboxPrefix, i)
		fmt.Fprintf(&b, `
resource "portal_shared_mailbox" "m%04d" {
  customer_id   = %q
  username      = %q
  first_name    = "Bench"
  last_name     = "Mailbox %04d"
  email_address = "%s@%s"
}

resource "portal_mailbox_permission" "m%04d_1" {
  mailbox_id  = portal_shared_mailbox.m%04d.id
  user_id     = %q
  permissions = %s
}

resource "portal_mailbox_permission" "m%04d_2" {
  mailbox_id  = portal_shared_mailbox.m%04d.id
  user_id     = portal_application_user.a%04d.id
  permissions = [%q]
}
`, i, mockportal.DemoIDs.Acme, username, i, username, domain,
			i, i, granteeID((i-1)%s.Grantees+1), hclList(regularPermissions[i%len(regularPermissions)]),
			i, i, i, api.PermissionCreateMessages)
	}
	return b.String()
}

// floorConfig is the same graph of terraform_data resources: the same number of resources, the same
// references between them and inputs of about the same size, which Terraform plans without any provider
// process. It is what Terraform itself costs for this configuration.
func (s shape) floorConfig() string {
	var b strings.Builder
	b.WriteString("# Generated by portal-bench: Terraform's own floor, terraform_data only (built in, no provider).\n")
	for i := 1; i <= s.AppUsers; i++ {
		fmt.Fprintf(&b, `
resource "terraform_data" "a%04d" {
  input = {
    username     = "%s%04d"
    display_name = "Bench agent %04d"
  }
}
`, i, appUserPrefix, i, i)
	}
	for i := 1; i <= s.Mailboxes; i++ {
		fmt.Fprintf(&b, `
resource "terraform_data" "m%04d" {
  input = {
    username      = "%s%04d"
    email_address = "%s%04d@%s"
  }
}

resource "terraform_data" "m%04d_1" {
  input = {
    mailbox_id  = terraform_data.m%04d.id
    user_id     = %q
    permissions = %s
  }
}

resource "terraform_data" "m%04d_2" {
  input = {
    mailbox_id  = terraform_data.m%04d.id
    user_id     = terraform_data.a%04d.id
    permissions = [%q]
  }
}
`, i, mailboxPrefix, i, mailboxPrefix, i, domain,
			i, i, granteeID((i-1)%s.Grantees+1), hclList(regularPermissions[i%len(regularPermissions)]),
			i, i, i, api.PermissionCreateMessages)
	}
	return b.String()
}

// hclList writes strings as an HCL list: a JSON array of strings is one.
func hclList(values []string) string {
	b, _ := json.Marshal(values) // strings always encode
	return string(b)
}
