package soak

import (
	"fmt"
	"strings"

	"github.com/csportal/terraform-provider-portal/internal/api"
	"github.com/csportal/terraform-provider-portal/internal/mockportal"
	"github.com/csportal/terraform-provider-portal/internal/tfharness"
)

// The configurations of the kill harness (kills.go): every kind of object an apply creates, updates and
// deletes — shared mailboxes, submailboxes (one inside another), grants on mailboxes and on a submailbox,
// an access list, application users (one with a write-only password) — in three shapes that the harness
// moves between, each move an apply that it kills.

// Names of what the kill harness's configurations make: every object of the run starts with them.
const (
	killMailboxPrefix = "kill-m" // portal_shared_mailbox usernames
	killAppUserPrefix = "kill-a" // portal_application_user usernames
)

// killShape is one configuration of the kill harness.
type killShape int

const (
	// killFull is everything, as first created.
	killFull killShape = iota
	// killUpdated is everything with a change of each kind made in place: addresses and names of the
	// mailboxes, a submailbox's name, permission sets, an access list, application users' names.
	killUpdated
	// killReduced keeps one mailbox, its submailboxes and one grant, and one application user: going there
	// deletes the rest.
	killReduced
)

func (s killShape) String() string {
	return [...]string{"create", "update", "delete"}[s]
}

// phase is what an apply to the shape does, coming from the one before it in the cycle.
func (s killShape) phase() string { return s.String() }

// killConfig writes the shape's configuration.
func killConfig(s killShape) string {
	var b strings.Builder
	b.WriteString(tfharness.PortalConfigHeader("portal-kills"))
	updated := s == killUpdated
	block := func(typ, name, body string) { fmt.Fprintf(&b, "\nresource %q %q {\n%s}\n", typ, name, body) }
	mailboxes := []string{"m1", "m2", "m3"}
	apps := []string{"a1", "a2", "a3"}
	if s == killReduced {
		mailboxes, apps = mailboxes[:1], apps[:1]
	}

	for i, name := range apps {
		username := killAppUserPrefix + name[1:]
		display := "Kill agent " + name
		if updated {
			display += " (renamed)"
		}
		// Acme's records: R16 lets only application users of the mailbox's customer be granted on it.
		body := fmt.Sprintf("  application_id = %q\n  customer_id    = %q\n  username       = %q\n  display_name   = %q\n",
			[]string{mockportal.DemoIDs.B2BGateway, mockportal.DemoIDs.Archiver}[i%2], mockportal.DemoIDs.Acme, username, display)
		if name == "a3" {
			body += "  password_wo         = \"kill-password-a3\"\n  password_wo_version = 1\n"
		}
		block("portal_application_user", name, body)
	}

	for _, name := range mailboxes {
		username := killMailboxPrefix + name[1:]
		body := fmt.Sprintf("  customer_id   = %q\n  username      = %q\n  first_name    = \"Kill\"\n  last_name     = %q\n"+
			"  email_address = %q\n  deletion_protection = false\n",
			mockportal.DemoIDs.Acme, username, "Mailbox "+name, username+"@acme.example")
		if updated {
			body += fmt.Sprintf("  email_aliases = [%q]\n  display_name  = %q\n", username+"-alias@acme.example", "Kill mailbox "+name)
		}
		block("portal_shared_mailbox", name, body)
	}

	inbox := "Invoices"
	if updated {
		inbox = "Invoices-2026"
	}
	block("portal_submailbox", "m1_invoices", fmt.Sprintf(
		"  mailbox_id = portal_shared_mailbox.m1.id\n  name       = %q\n  deletion_protection = false\n", inbox))
	block("portal_submailbox", "m1_paid", "  mailbox_id = portal_shared_mailbox.m1.id\n  parent_id  = portal_submailbox.m1_invoices.id\n"+
		"  name       = \"Paid\"\n  deletion_protection = false\n")

	grant := func(name, mailbox, grantee string, perms ...string) {
		block("portal_mailbox_permission", name, fmt.Sprintf("  mailbox_id  = %s\n  user_id     = %s\n  permissions = [%s]\n",
			mailbox, grantee, quoteAll(perms)))
	}
	alice, bob := fmt.Sprintf("%q", mockportal.DemoIDs.Alice), fmt.Sprintf("%q", mockportal.DemoIDs.Bob)
	if updated {
		grant("m1_alice", "portal_shared_mailbox.m1.id", alice, api.PermissionView, api.PermissionSendAs)
	} else {
		grant("m1_alice", "portal_shared_mailbox.m1.id", alice, api.PermissionView)
	}
	if s == killReduced {
		return b.String()
	}
	grant("m1_a1", "portal_shared_mailbox.m1.id", "portal_application_user.a1.id", api.PermissionCreateMessages)
	grant("invoices_bob", "portal_submailbox.m1_invoices.id", bob, api.PermissionView)
	if updated {
		grant("m2_bob", "portal_shared_mailbox.m2.id", bob, api.PermissionFullAccess, api.PermissionSendAs)
	} else {
		grant("m2_bob", "portal_shared_mailbox.m2.id", bob, api.PermissionFullAccess)
	}
	grant("m2_a2", "portal_shared_mailbox.m2.id", "portal_application_user.a2.id", api.PermissionChangeProperties)
	block("portal_submailbox", "m2_orders", "  mailbox_id = portal_shared_mailbox.m2.id\n  name       = \"Orders\"\n  deletion_protection = false\n")

	access := fmt.Sprintf("    (%s) = [%q]\n    (portal_application_user.a3.id) = [%q]\n", alice, api.PermissionView, api.PermissionCreateMessages)
	if updated {
		access = fmt.Sprintf("    (%s) = [%q, %q]\n    (%s) = [%q]\n", alice, api.PermissionView, api.PermissionSendAs, bob, api.PermissionView)
	}
	block("portal_mailbox_access", "m3", fmt.Sprintf("  mailbox_id = portal_shared_mailbox.m3.id\n  grants = {\n%s  }\n", access))
	return b.String()
}
