package soak

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"

	"github.com/csportal/terraform-provider-portal/internal/api"
	"github.com/csportal/terraform-provider-portal/internal/mockportal"
	"github.com/csportal/terraform-provider-portal/internal/tfharness"
)

// Names of what a run creates. The prefixes tell the run's objects from the fixtures when the portal is
// inspected: every object whose name starts with one of them was made by the run.
const (
	mailboxPrefix      = "soak-mbx-"   // portal_shared_mailbox (Terraform)
	appUserPrefix      = "soak-app-"   // portal_application_user (Terraform)
	granteePrefix      = "soak-user-"  // regular users the harness creates as grantees
	appGranteePrefix   = "soak-agent-" // application users the harness creates as grantees
	mailboxDomain      = "acme.example"
	configFile         = "main.tf"
	woPasswordVersion  = 1
	soakPasswordPrefix = "soak-password-" // long enough for the portal's 12-character minimum
)

// grantee is someone a mailbox permission can be given to: a literal ID, or a reference to an application
// user of the configuration.
type grantee struct {
	id          string // literal ID, or "" for a reference
	ref         string // Terraform expression of the ID
	application bool
}

func (g grantee) expr() string {
	if g.ref != "" {
		return g.ref
	}
	return fmt.Sprintf("%q", g.id)
}

// configuration is the generated Terraform configuration and what it asks for.
type configuration struct {
	text        string
	mailboxes   int
	permissions int
	appUsers    int
	// blocks holds each resource block by address, to tell which ones a change of configuration touched.
	blocks map[string]string
}

func (c configuration) resources() int { return c.mailboxes + c.permissions + c.appUsers }

// changedFrom counts the resources whose blocks differ from those of before.
func (c configuration) changedFrom(before configuration) int {
	n := 0
	for addr, block := range c.blocks {
		if before.blocks[addr] != block {
			n++
		}
	}
	return n
}

// generate writes a configuration of sz, drawing the grantees and permission sets from a PRNG seeded with
// seed. users and agents are the IDs of the grantees the harness created beforehand (regular and application
// users). With update, about a quarter of the resources change in place: names, addresses, mailbox settings
// (forwarding, sent-item copies, the address lists), permission sets, the automapping of full_access grants
// (removed and granted again under faults) and write-only passwords (password_wo_version); the same seed
// makes the same changes.
func generate(sz Sizes, seed int64, users, agents []string, update bool) (configuration, error) {
	rng := rand.New(rand.NewPCG(uint64(seed), 0x736f616b))     //nolint:gosec // reproducible on purpose
	changes := rand.New(rand.NewPCG(uint64(seed), 0x75706474)) //nolint:gosec // reproducible on purpose
	var b strings.Builder
	b.WriteString(tfharness.PortalConfigHeader("portal-soak"))
	c := configuration{mailboxes: sz.Mailboxes, appUsers: sz.ApplicationUsers, blocks: map[string]string{}}
	block := func(typ, name, body string) {
		c.blocks[typ+"."+name] = body
		fmt.Fprintf(&b, "\nresource %q %q {\n%s}\n", typ, name, body)
	}
	// A changed resource is every fifth one, offset so that the kinds of change spread over the kinds of
	// resource configuration.
	changed := func(i, offset int) bool { return update && (i+offset)%5 == 0 }
	version := func(i int) int {
		if changed(i, 3) {
			return woPasswordVersion + 1
		}
		return woPasswordVersion
	}
	password := func(name string, v int) string { return fmt.Sprintf("%s%s-v%d", soakPasswordPrefix, name, v) }

	pool := []grantee{{id: mockportal.DemoIDs.Alice}, {id: mockportal.DemoIDs.Bob}}
	for _, id := range users {
		pool = append(pool, grantee{id: id})
	}
	for _, id := range agents {
		pool = append(pool, grantee{id: id, application: true})
	}

	apps := []string{mockportal.DemoIDs.B2BGateway, mockportal.DemoIDs.Archiver}
	for i := 1; i <= sz.ApplicationUsers; i++ {
		name := fmt.Sprintf("a%03d", i)
		username := fmt.Sprintf("%s%03d", appUserPrefix, i)
		var body strings.Builder
		fmt.Fprintf(&body, "  application_id = %q\n  customer_id    = %q\n  username       = %q\n",
			apps[i%len(apps)], mockportal.DemoIDs.Acme, username)
		if i%2 == 0 || changed(i, 0) {
			displayName, email := "Soak agent "+name, username+"@"+mailboxDomain
			if changed(i, 0) {
				displayName, email = displayName+" (renamed)", username+"-renamed@"+mailboxDomain
			}
			fmt.Fprintf(&body, "  display_name   = %q\n  email          = %q\n", displayName, email)
		}
		// Both ways of giving a password, and none, so that each path runs under faults.
		switch i % 3 {
		case 0:
			fmt.Fprintf(&body, "  password_wo         = %q\n  password_wo_version = %d\n", password(name, version(i)), version(i))
		case 1:
			fmt.Fprintf(&body, "  password       = %q\n", password(name, version(i)))
		}
		block("portal_application_user", name, body.String())
		pool = append(pool, grantee{ref: "portal_application_user." + name + ".id", application: true})
	}

	if sz.PermissionsPerMailbox > len(pool) {
		return c, fmt.Errorf("%d permissions per mailbox need as many grantees, but there are only %d (raise -extra-users)",
			sz.PermissionsPerMailbox, len(pool))
	}
	for i := 1; i <= sz.Mailboxes; i++ {
		name := fmt.Sprintf("m%03d", i)
		username := fmt.Sprintf("%s%03d", mailboxPrefix, i)
		var body strings.Builder
		fmt.Fprintf(&body, "  customer_id   = %q\n  username      = %q\n", mockportal.DemoIDs.Acme, username)
		fmt.Fprintf(&body, "  first_name    = \"Soak\"\n  last_name     = %q\n", "Mailbox "+name)
		fmt.Fprintf(&body, "  email_address = %q\n", username+"@"+mailboxDomain)
		body.WriteString("  deletion_protection = false\n") // the soak destroys what it made
		switch {
		case changed(i, 0): // a service change: the login is enabled for it and disabled again (R6)
			fmt.Fprintf(&body, "  email_aliases = [%q]\n", username+"-renamed@"+mailboxDomain)
		case i%3 == 0:
			fmt.Fprintf(&body, "  email_aliases = [%q]\n", username+"-alias@"+mailboxDomain)
		}
		if changed(i, 1) { // the calendar is named after it (R7)
			fmt.Fprintf(&body, "  display_name  = %q\n", "Soak mailbox "+name)
		}
		if i%4 == 0 {
			fmt.Fprintf(&body, "  password_wo         = %q\n  password_wo_version = %d\n", password(name, version(i)), version(i))
		}
		body.WriteString(mailboxSettings(i, changed(i, 4)))
		block("portal_shared_mailbox", name, body.String())

		for k, g := range pick(rng, pool, sz.PermissionsPerMailbox) {
			perms := permissionSet(rng, g.application)
			if changed(i+k, 2) {
				perms = permissionSet(changes, g.application)
			}
			grant := fmt.Sprintf("  mailbox_id  = portal_shared_mailbox.%s.id\n  user_id     = %s\n  permissions = [%s]\n", name, g.expr(), quoteAll(perms))
			// Some full_access grants without automapping, and in the update others turned off: a regrant.
			if slices.Contains(perms, api.PermissionFullAccess) && (i+k)%3 == 0 != changed(i+k, 4) {
				grant += "  automapping = false\n"
			}
			block("portal_mailbox_permission", fmt.Sprintf("%s_%d", name, k+1), grant)
			c.permissions++
		}
	}
	c.text = b.String()
	return c, nil
}

// mailboxSettings are the settings lines of mailbox i: some hidden, forwarding or without sent-item copies
// from the start; changed turns each of them the other way.
func mailboxSettings(i int, changed bool) string {
	var b strings.Builder
	if i%6 == 1 != changed {
		fmt.Fprintf(&b, "  forwarding_address        = %q\n  forwarding_keep_copy      = false\n", fmt.Sprintf("%sarchive@%s", mailboxPrefix, mailboxDomain))
	}
	if i%7 == 2 != changed {
		b.WriteString("  hidden_from_address_lists = true\n")
	}
	if i%5 == 3 != changed {
		b.WriteString("  keep_sent_as_copy         = false\n  keep_sent_on_behalf_copy  = false\n")
	}
	return b.String()
}

// pick returns n distinct elements of pool in random order.
func pick[T any](rng *rand.Rand, pool []T, n int) []T {
	idx := rng.Perm(len(pool))[:n]
	out := make([]T, n)
	for i, j := range idx {
		out[i] = pool[j]
	}
	return out
}

// permissionSet returns a random non-empty set of the values a grantee of this kind may hold (R11).
func permissionSet(rng *rand.Rand, application bool) []string {
	allowed := api.AllPermissions
	if application {
		allowed = api.ApplicationPermissions
	}
	var out []string
	for len(out) == 0 {
		for _, p := range allowed {
			if rng.IntN(3) == 0 {
				out = append(out, p)
			}
		}
	}
	return out
}

func quoteAll(values []string) string {
	q := make([]string, len(values))
	for i, v := range values {
		q[i] = fmt.Sprintf("%q", v)
	}
	return strings.Join(q, ", ")
}
