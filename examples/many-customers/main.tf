# Many customers in one configuration. A hosting provider's pipelines hold one token per reseller or per
# customer, and a token reaches its own customer and, for an administrator, every customer below it: the
# portal answers for anything else as if it did not exist.
#
# 1. Two teams, two tokens: Acme and Globex each run their own pipeline with their own administrator's
#    token, and the configuration holds one provider alias per customer, each with its token and its default
#    customer. Nothing in a block names a customer: the alias says whose it is.
# 2. One reseller token for two of its customers: the reseller Northwind Hosting reaches Acme and Globex, and
#    one provider manages a help desk in each, found by the customers' codes.
#
# The provider reads PORTAL_ENDPOINT from the environment; the tokens come from variables (sensitive).
terraform {
  required_version = ">= 1.11"
  required_providers {
    portal = {
      source = "csportal/portal"
    }
  }
}

# --- 1. One alias per customer, each with its own token and default customer ---------------------------

provider "portal" {
  alias       = "acme"
  api_token   = var.acme_token
  customer_id = var.acme_customer_id
}

provider "portal" {
  alias       = "globex"
  api_token   = var.globex_token
  customer_id = var.globex_customer_id
}

# Each team's front desk, in the customer of its alias. Moving a block to the other alias would replace the
# mailbox in the other customer, which deletion protection refuses.
resource "portal_shared_mailbox" "acme_desk" {
  provider      = portal.acme
  username      = "frontdesk"
  first_name    = "Front"
  last_name     = "Desk"
  email_address = "frontdesk@acme.example"

  deletion_protection = true # the default, written out: deleting a mailbox deletes its mail
}

resource "portal_shared_mailbox" "globex_desk" {
  provider      = portal.globex
  username      = "frontdesk"
  first_name    = "Front"
  last_name     = "Desk"
  email_address = "frontdesk@globex.example"

  deletion_protection = true
}

# Rights go only to users of the mailbox's own customer: each alias looks its users up in its customer.
data "portal_user" "acme_lead" {
  provider = portal.acme
  username = var.acme_lead
}

data "portal_user" "globex_lead" {
  provider = portal.globex
  username = var.globex_lead
}

resource "portal_mailbox_permission" "acme_desk" {
  provider    = portal.acme
  mailbox_id  = portal_shared_mailbox.acme_desk.id
  user_id     = data.portal_user.acme_lead.id
  permissions = ["view", "send_as"]
}

resource "portal_mailbox_permission" "globex_desk" {
  provider    = portal.globex
  mailbox_id  = portal_shared_mailbox.globex_desk.id
  user_id     = data.portal_user.globex_lead.id
  permissions = ["view", "send_as"]
}

# --- 2. One reseller token managing two of its customers ------------------------------------------------

provider "portal" {
  alias     = "reseller"
  api_token = var.reseller_token
}

# Customer codes never change, unlike names: the reseller's customers by code.
data "portal_customer" "managed" {
  for_each = toset(var.reseller_customers)
  provider = portal.reseller
  code     = each.key
}

# A help desk in each, its address in the customer's own (first) domain: the portal accepts a mailbox's
# addresses only in its customer's domains.
resource "portal_shared_mailbox" "helpdesk" {
  for_each      = data.portal_customer.managed
  provider      = portal.reseller
  customer_id   = each.value.id
  username      = "helpdesk"
  first_name    = "Help"
  last_name     = "Desk"
  email_address = "helpdesk@${each.value.domains[0]}"

  deletion_protection = true
}
