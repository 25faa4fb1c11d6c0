# The complete scenario: a team shared mailbox for the customer Acme, the people who work it, the B2B
# gateway that delivers into it, and an audit of who may do what with it; and a second mailbox whose
# complete access list — its grants and the entries on its shared calendar — is declared here, so that any
# grant or calendar entry made on it by hand is drift.
#
# The provider reads PORTAL_ENDPOINT and PORTAL_API_TOKEN (an administrator's token) from the environment.
# `make demo` runs this against a throw-away mock portal; see README.md.
terraform {
  required_version = ">= 1.11"
  required_providers {
    portal = {
      source = "csportal/portal"
    }
  }
}

provider "portal" {}

data "portal_customer" "acme" {
  name = "Acme"
}

# Steps 1 and 3 of the portal's process: a generic user with Hosted Exchange on the "Shared Mailbox" plan
# and the team's addresses, its login disabled afterwards. Nobody logs in as support: the delegates below
# are given rights on it instead.
resource "portal_shared_mailbox" "support" {
  customer_id   = data.portal_customer.acme.id
  username      = "support"
  first_name    = "Support"
  last_name     = "Team"
  email_address = "support@acme.example"
  email_aliases = ["help@acme.example", "service@acme.example"]

  # Mail to support@ also goes to the ticket system, and stays in the mailbox (forwarding_keep_copy).
  forwarding_address   = "tickets@acme.example"
  forwarding_keep_copy = true
  # What a delegate sends as support@ or on its behalf is kept in support@'s Sent Items too, so that the
  # whole team sees every answer. (Both default to true for a shared mailbox; the portal's default is false.)
  keep_sent_as_copy        = true
  keep_sent_on_behalf_copy = true

  # Deleting the mailbox deletes its mail in the portal. While this is true (the default, written out here),
  # any plan that would delete it — destroy, removal, a new username — fails; set false and apply first.
  deletion_protection = true
}

# Step 2: delegate rights on the mailbox. Nobody has any until granted, and each right is its own flag.
locals {
  delegates = {
    # Alice leads the team: she reads everything, answers as support@ and tidies the mailbox.
    alice = ["view", "full_access", "send_as", "delete_messages"]
    # Bob helps out: he reads the mailbox and answers on its behalf.
    bob = ["view", "send_on_behalf"]
  }
}

data "portal_user" "delegate" {
  for_each    = local.delegates
  customer_id = data.portal_customer.acme.id
  username    = each.key
}

resource "portal_mailbox_permission" "delegate" {
  for_each    = local.delegates
  mailbox_id  = portal_shared_mailbox.support.id
  user_id     = data.portal_user.delegate[each.key].id
  permissions = each.value
}

# The B2B gateway drops customers' orders into the support mailbox. Its application user may hold only the
# application permissions (create_messages, change_properties), and only on its own customer's mailboxes:
# it is Acme's record of the gateway, which the service provider offers to every customer.
data "portal_application" "b2b_gateway" {
  name = "b2b-gateway"
}

resource "portal_application_user" "gateway" {
  application_id = data.portal_application.b2b_gateway.id
  customer_id    = data.portal_customer.acme.id
  username       = "acme-support"
  display_name   = "Acme support feed"
  email          = "integrations@acme.example"

  # Write-only: sent to the portal, never stored in plan or state. Bump the version to rotate it.
  password_wo         = var.gateway_password
  password_wo_version = 1
}

resource "portal_mailbox_permission" "gateway" {
  mailbox_id  = portal_shared_mailbox.support.id
  user_id     = portal_application_user.gateway.id
  permissions = ["create_messages"]
}

# The gateway's orders are filed into Orders/2026. Permissions do not carry over to submailboxes, so Bob,
# who handles orders, is granted on that submailbox alone; his rights on the mailbox itself stay as above.
resource "portal_submailbox" "orders" {
  mailbox_id = portal_shared_mailbox.support.id
  name       = "Orders"

  deletion_protection = true # its mail goes with it too
}

resource "portal_submailbox" "orders_2026" {
  mailbox_id = portal_shared_mailbox.support.id
  parent_id  = portal_submailbox.orders.id # Terraform deletes this one before its parent
  name       = "2026"

  deletion_protection = true
}

resource "portal_mailbox_permission" "bob_orders" {
  mailbox_id  = portal_submailbox.orders_2026.id
  user_id     = data.portal_user.delegate["bob"].id
  permissions = ["view", "extract_messages", "delete_messages"]
}

# The audit: every grant on the mailbox as the portal holds it, including any made by hand.
data "portal_mailbox_permissions" "support" {
  mailbox_id = portal_shared_mailbox.support.id

  # Read after the grants above are made, so that the audit shows them.
  depends_on = [portal_mailbox_permission.delegate, portal_mailbox_permission.gateway]
}

# A second team mailbox, billing@, whose access list is complete and authoritative: only Alice, who runs
# invoicing, may use it. A grant made on it by hand to anyone else shows in the next plan and is revoked
# by apply. (support@ above keeps one portal_mailbox_permission per grantee, the simpler resource, which
# leaves grants it does not manage alone. Manage each mailbox with one of the two, never both.)
resource "portal_shared_mailbox" "billing" {
  customer_id   = data.portal_customer.acme.id
  username      = "billing"
  first_name    = "Billing"
  last_name     = "Team"
  email_address = "billing@acme.example"

  deletion_protection = true
}

# billing@'s shared calendar holds the customer visits. The people who make them enter their appointments
# in it (editor; the first of them is its delegate, who also receives the meeting requests sent to billing@),
# and the office reads it to tell callers who is out (reviewer). Everyone else sees free/busy only.
locals {
  visit_team = ["bob"]
  office     = ["alice"]
}

data "portal_user" "calendar" {
  for_each    = toset(concat(local.visit_team, local.office))
  customer_id = data.portal_customer.acme.id
  username    = each.key
}

resource "portal_mailbox_access" "billing" {
  mailbox_id = portal_shared_mailbox.billing.id
  grants = {
    (data.portal_user.delegate["alice"].id) = ["view", "extract_messages", "send_as"]
  }
  calendar = merge(
    { for i, name in local.visit_team : data.portal_user.calendar[name].id => { access = "editor", delegate = i == 0 } },
    { for name in local.office : data.portal_user.calendar[name].id => { access = "reviewer" } },
  )
}
