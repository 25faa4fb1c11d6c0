# The mailbox, managed here or elsewhere (see portal_shared_mailbox).
data "portal_shared_mailbox" "support" {
  email_address = "support@acme.example"
}

data "portal_user" "alice" {
  email = "alice@acme.example"
}

# Alice works the support queue: she reads it and answers as support@.
resource "portal_mailbox_permission" "alice" {
  mailbox_id  = data.portal_shared_mailbox.support.id
  user_id     = data.portal_user.alice.id
  permissions = ["view", "full_access", "send_as"]
  # full_access maps support@ into Alice's Outlook by itself unless automapping is false (the default is true).
  automapping = false
}

data "portal_application" "b2b_gateway" {
  name = "b2b-gateway"
}

data "portal_application_user" "acme_orders" {
  application_id = data.portal_application.b2b_gateway.id
  username       = "acme-orders"
}

# An application user may only hold the application permissions: create_messages and change_properties.
resource "portal_mailbox_permission" "gateway" {
  mailbox_id  = data.portal_shared_mailbox.support.id
  user_id     = data.portal_application_user.acme_orders.id
  permissions = ["create_messages"]
}
