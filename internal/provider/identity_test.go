package provider_test

import (
	"fmt"
	"testing"

	"github.com/csportal/terraform-provider-portal/internal/acctest"
	"github.com/csportal/terraform-provider-portal/internal/mockportal"
)

// The identity of every resource (Terraform and OpenTofu 1.12+; skipped below): each test makes an object
// by hand in the mock, as an operator would, and runs acctest.IdentityTest on it — import blocks with the
// wrong kind of ID or an unknown one refused, the object adopted by identity, imported again by identity
// and by ID, and recreated after an out-of-band delete with an identity that follows it.

// TestAccSharedMailbox_identity: the identity is {id}, the generic user's ID.
func TestAccSharedMailbox_identity(t *testing.T) {
	ts := acctest.NewMock(t)
	id := acctest.NewDisabledMailbox(t, ts, "hand")
	// Protected, as an import records it, until the test lets it be destroyed. A mailbox made in the portal
	// keeps no copies of sent items (the portal's default, not the provider's): the configuration says so,
	// as one describing it would, so that the import plans no change.
	hand := mailbox{customerID: mockportal.DemoIDs.Acme, username: "hand", firstName: "Test", lastName: "hand",
		email: "hand@acme.example", protected: true}.with(`keep_sent_as_copy = false`, `keep_sent_on_behalf_copy = false`)
	unprotected := hand
	unprotected.protected = false
	acctest.IdentityTest(t, acctest.IdentityCase{
		Resource:    mailboxAddr,
		Config:      acctest.Config(ts, hand.String()),
		Unprotected: acctest.Config(ts, unprotected.String()),
		Existing:    map[string]string{"id": id},
		WrongKind:   map[string]string{"id": "apu_0123456789abcdef"},
		WrongKindError: acctest.MessageRegexp(`Invalid import identity for portal_shared_mailbox`,
			`The identity's id, "apu_0123456789abcdef", must be the user ID of a mailbox, such as usr_0123456789abcdef`,
			`identity = {`, `id = "usr_0123456789abcdef"`),
		Unknown: map[string]string{"id": "usr_00000000000000ff"},
		UnknownError: acctest.MessageRegexp(`Cannot import portal_shared_mailbox by identity`,
			`The portal has no portal_shared_mailbox with the identity { id = "usr_00000000000000ff" }`,
			`404 not_found`),
		DeleteByHand: func() {
			acctest.Deprovision(t, ts, id)
			if err := ts.DeleteUser(id); err != nil {
				t.Fatalf("deleting %s by hand: %v", id, err)
			}
		},
		Renewed:      []string{"id"},
		CheckDestroy: acctest.CheckSharedMailboxesDestroyed(ts),
	})
}

// TestAccMailboxPermission_identity: the identity is {mailbox_id, user_id}, which a grant made again
// after an out-of-band removal keeps.
func TestAccMailboxPermission_identity(t *testing.T) {
	ts := acctest.NewMock(t)
	mailboxID := acctest.NewDisabledMailbox(t, ts, "hand")
	grantee := acctest.NewUser(t, ts, "handy")
	acctest.AsOperator(t, ts, mailboxID, func() error {
		_, err := ts.PutPermission(mailboxID, grantee, []string{"view"})
		return err
	})
	acctest.IdentityTest(t, acctest.IdentityCase{
		Resource: permissionAddr,
		Config: acctest.Config(ts, fmt.Sprintf(`
resource "portal_mailbox_permission" "test" {
  mailbox_id  = %q
  user_id     = %q
  permissions = ["view"]
}
`, mailboxID, grantee)),
		Existing: map[string]string{"mailbox_id": mailboxID, "user_id": grantee},
		// An application's ID where the mailbox goes, a customer's where the grantee does: both named.
		WrongKind: map[string]string{"mailbox_id": mockportal.DemoIDs.B2BGateway, "user_id": mockportal.DemoIDs.Acme},
		WrongKindError: acctest.MessageRegexp(`Invalid import identity for portal_mailbox_permission`,
			`The identity's mailbox_id, "`+mockportal.DemoIDs.B2BGateway+`", must be the user ID of a mailbox`,
			`The identity's user_id, "`+mockportal.DemoIDs.Acme+`", must be a portal user ID (usr_…) or an application user ID (apu_…)`),
		// Alice exists but holds nothing on the mailbox (R9).
		Unknown: map[string]string{"mailbox_id": mailboxID, "user_id": mockportal.DemoIDs.Alice},
		UnknownError: acctest.MessageRegexp(`Cannot import portal_mailbox_permission by identity`,
			fmt.Sprintf(`The portal has no portal_mailbox_permission with the identity { mailbox_id = %q, user_id = %q }`,
				mailboxID, mockportal.DemoIDs.Alice)),
		DeleteByHand: func() {
			acctest.AsOperator(t, ts, mailboxID, func() error { return ts.DeletePermission(mailboxID, grantee) })
		},
		CheckDestroy: acctest.CheckPermissionsDestroyed(ts),
	})
}

// TestAccApplicationUser_identity: the identity is {application_id, id}. The record's own ID under
// another application names nothing there (R13).
func TestAccApplicationUser_identity(t *testing.T) {
	ts := acctest.NewMock(t)
	app := mockportal.DemoIDs.B2BGateway
	id := acctest.NewApplicationUser(t, ts, app, "hand")
	acctest.IdentityTest(t, acctest.IdentityCase{
		Resource: appUserAddr,
		Config: acctest.Config(ts, fmt.Sprintf(`
resource "portal_application_user" "test" {
  application_id = %q
  username       = "hand"
}
`, app)),
		Existing:  map[string]string{"application_id": app, "id": id},
		WrongKind: map[string]string{"application_id": app, "id": mockportal.DemoIDs.Bob},
		WrongKindError: acctest.MessageRegexp(`Invalid import identity for portal_application_user`,
			`The identity's id, "`+mockportal.DemoIDs.Bob+`", must be an application user ID such as apu_0123456789abcdef`),
		Unknown: map[string]string{"application_id": mockportal.DemoIDs.Archiver, "id": id},
		UnknownError: acctest.MessageRegexp(`Cannot import portal_application_user by identity`,
			fmt.Sprintf(`The portal has no portal_application_user with the identity { application_id = %q, id = %q }`,
				mockportal.DemoIDs.Archiver, id)),
		DeleteByHand: func() {
			if err := ts.DeleteApplicationUser(id); err != nil {
				t.Fatalf("deleting %s by hand: %v", id, err)
			}
		},
		Renewed:      []string{"id"},
		CheckDestroy: acctest.CheckApplicationUsersDestroyed(ts),
	})
}

// TestAccSubmailbox_identity: the identity is {id}, the submailbox's ID; the mailbox's ID, the likely
// mix-up, is refused.
func TestAccSubmailbox_identity(t *testing.T) {
	ts := acctest.NewMock(t)
	mailboxID := acctest.NewDisabledMailbox(t, ts, "hand")
	id := acctest.NewSubmailbox(t, ts, mailboxID, "", "Invoices")
	acctest.IdentityTest(t, acctest.IdentityCase{
		Resource: "portal_submailbox.test",
		// Protected, as an import records it, until the test lets it be destroyed.
		Config:      acctest.Config(ts, handSubmailbox(mailboxID, true)),
		Unprotected: acctest.Config(ts, handSubmailbox(mailboxID, false)),
		Existing:    map[string]string{"id": id},
		WrongKind:   map[string]string{"id": mailboxID},
		WrongKindError: acctest.MessageRegexp(`Invalid import identity for portal_submailbox`,
			`The identity's id, "`+mailboxID+`", must be the ID of a submailbox, such as smb_0123456789abcdef`),
		Unknown: map[string]string{"id": "smb_00000000000000ff"},
		UnknownError: acctest.MessageRegexp(`Cannot import portal_submailbox by identity`,
			`The portal has no portal_submailbox with the identity { id = "smb_00000000000000ff" }`),
		DeleteByHand: func() {
			acctest.AsOperator(t, ts, mailboxID, func() error { return ts.DeleteSubmailbox(id) })
		},
		Renewed:      []string{"id"},
		CheckDestroy: acctest.CheckSubmailboxesDestroyed(ts),
	})
}

// handSubmailbox is the configuration of the Invoices submailbox of the identity test.
func handSubmailbox(mailboxID string, protected bool) string {
	return fmt.Sprintf(`
resource "portal_submailbox" "test" {
  mailbox_id          = %q
  name                = "Invoices"
  deletion_protection = %t
}
`, mailboxID, protected)
}
