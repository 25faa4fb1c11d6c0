# The mailbox, managed here or elsewhere (see portal_shared_mailbox).
data "portal_shared_mailbox" "accounts" {
  email_address = "accounts@acme.example"
}

# Invoices at the mailbox's top level, and a submailbox per year inside it: Invoices/2026.
resource "portal_submailbox" "invoices" {
  mailbox_id = data.portal_shared_mailbox.accounts.id
  name       = "Invoices"
}

resource "portal_submailbox" "invoices_2026" {
  mailbox_id = data.portal_shared_mailbox.accounts.id
  parent_id  = portal_submailbox.invoices.id # Terraform deletes this one before its parent
  name       = "2026"
}

data "portal_user" "bookkeeper" {
  email = "carol@acme.example"
}

# Permissions do not carry over: a grant on Invoices gives nothing on Invoices/2026, so each is granted
# on its own.
resource "portal_mailbox_permission" "bookkeeper_2026" {
  mailbox_id  = portal_submailbox.invoices_2026.id
  user_id     = data.portal_user.bookkeeper.id
  permissions = ["view", "extract_messages"]
}
