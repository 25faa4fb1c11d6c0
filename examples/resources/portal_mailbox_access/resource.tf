# The mailbox, managed here or elsewhere (see portal_shared_mailbox).
data "portal_shared_mailbox" "billing" {
  email_address = "billing@acme.example"
}

data "portal_user" "alice" {
  email = "alice@acme.example"
}

data "portal_user" "bob" {
  email = "bob@acme.example"
}

data "portal_application" "b2b_gateway" {
  name = "b2b-gateway"
}

data "portal_application_user" "acme_invoices" {
  application_id = data.portal_application.b2b_gateway.id
  username       = "acme-invoices"
}

# Exactly these grants on billing@, and no others: a grant made by hand in the portal shows in the next
# plan as one to revoke, and one removed or changed by hand as one to restore.
resource "portal_mailbox_access" "billing" {
  mailbox_id = data.portal_shared_mailbox.billing.id
  grants = {
    (data.portal_user.alice.id)                     = ["view", "full_access", "send_as"]
    (data.portal_user.bob.id)                       = ["view"]
    (data.portal_application_user.acme_invoices.id) = ["create_messages"]
  }

  # Alice opens billing@ in Outlook when she needs it: her full_access does not map it by itself.
  full_access_without_automapping = [data.portal_user.alice.id]

  # And exactly these entries on its calendar (leave calendar out to manage none of them): Bob edits the
  # appointments as its delegate, Alice reads them. Calendar access is for people, not application users.
  calendar = {
    (data.portal_user.bob.id)   = { access = "editor", delegate = true }
    (data.portal_user.alice.id) = { access = "reviewer" }
  }
}
