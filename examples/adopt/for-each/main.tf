# Step 2 of adopting a customer without `terraform query`: import blocks with for_each (Terraform 1.7 or
# later, OpenTofu 1.7 or later) take over every shared mailbox and grant of the snapshot (./snapshot) in one
# apply, which reports "N imported, 0 added, 0 changed, 0 destroyed"; the next plan is empty.
terraform {
  required_providers {
    portal = {
      source = "csportal/portal"
    }
  }
}

provider "portal" {}

variable "mailboxes" {
  description = "The shared mailboxes, by ID, as ./snapshot's output `adoption` lists them."
  type = map(object({
    id            = string
    customer_id   = string
    username      = string
    first_name    = string
    last_name     = string
    display_name  = string
    email_address = string
    email_aliases = set(string)
    user_plan     = string
    login_enabled = bool
    # The mailbox's settings, which an operator may have changed from the portal's defaults.
    forwarding_address        = optional(string)
    forwarding_keep_copy      = bool
    keep_sent_as_copy         = bool
    keep_sent_on_behalf_copy  = bool
    hidden_from_address_lists = bool
  }))
}

variable "grants" {
  description = "The grants, by \"mailbox_id/user_id\", as ./snapshot's output `adoption` lists them."
  type = map(object({
    mailbox_id  = string
    user_id     = string
    permissions = set(string)
    automapping = optional(bool) # with full_access only
  }))
}

import {
  for_each = var.mailboxes
  to       = portal_shared_mailbox.adopted[each.key]
  id       = each.value.id
}

resource "portal_shared_mailbox" "adopted" {
  for_each = var.mailboxes

  customer_id   = each.value.customer_id
  username      = each.value.username
  first_name    = each.value.first_name
  last_name     = each.value.last_name
  display_name  = each.value.display_name
  email_address = each.value.email_address
  email_aliases = each.value.email_aliases
  user_plan     = each.value.user_plan
  login_enabled = each.value.login_enabled

  forwarding_address        = each.value.forwarding_address
  forwarding_keep_copy      = each.value.forwarding_keep_copy
  keep_sent_as_copy         = each.value.keep_sent_as_copy
  keep_sent_on_behalf_copy  = each.value.keep_sent_on_behalf_copy
  hidden_from_address_lists = each.value.hidden_from_address_lists
}

import {
  for_each = var.grants
  to       = portal_mailbox_permission.adopted[each.key]
  id       = each.key
}

resource "portal_mailbox_permission" "adopted" {
  for_each = var.grants

  # A literal ID, as the portal holds it. A grant on an adopted mailbox may refer to it instead, which
  # orders its changes after the mailbox's: portal_shared_mailbox.adopted[each.value.mailbox_id].id
  mailbox_id  = each.value.mailbox_id
  user_id     = each.value.user_id
  permissions = each.value.permissions
  automapping = each.value.automapping
}
