# A small configuration with its own tests (tests/mailbox.tftest.hcl): a team mailbox of a customer and who
# may use it. `terraform test` (or `tofu test`) applies it against a portal-mock started beforehand with
# `--fixtures portal-fixtures.json`, checks the outputs and destroys what it made; see
# docs/guides/testing-your-configuration.md.
terraform {
  required_version = ">= 1.11"
  required_providers {
    portal = {
      source = "csportal/portal"
    }
  }
}

# PORTAL_ENDPOINT and PORTAL_API_TOKEN come from the environment: the mock's address and admin token in a
# test, the real portal's in production.
provider "portal" {}

variable "customer" {
  description = "Name of the customer that owns the mailbox."
  type        = string
  default     = "Acme"
}

variable "username" {
  description = "Username of the mailbox's generic user."
  type        = string
}

variable "email" {
  description = "Primary address of the mailbox."
  type        = string
}

variable "user_plan" {
  description = "Hosted Exchange user plan of the mailbox; it must be offered to the customer."
  type        = string
  default     = "Shared Mailbox"
}

variable "delegates" {
  description = "Usernames of the customer's users who may use the mailbox, with their permissions."
  type        = map(set(string))
  default = {
    alice = ["view", "send_as"]
  }
}

variable "deletion_protection" {
  description = "Keep Terraform from deleting the mailbox and its mail. A test that destroys what it made sets false."
  type        = bool
  default     = true
}

data "portal_customer" "this" {
  name = var.customer
}

data "portal_user_plans" "offered" {
  customer_id = data.portal_customer.this.id
}

resource "portal_shared_mailbox" "team" {
  customer_id         = data.portal_customer.this.id
  username            = var.username
  first_name          = "Team"
  last_name           = "Inbox"
  email_address       = var.email
  user_plan           = var.user_plan
  deletion_protection = var.deletion_protection

  lifecycle {
    precondition {
      condition     = contains([for p in data.portal_user_plans.offered.plans : p.name if p.shared_mailbox], var.user_plan)
      error_message = "The customer is not offered ${var.user_plan} as a shared-mailbox plan."
    }
  }
}

data "portal_user" "delegate" {
  for_each    = var.delegates
  customer_id = data.portal_customer.this.id
  username    = each.key
}

resource "portal_mailbox_permission" "delegate" {
  for_each    = var.delegates
  mailbox_id  = portal_shared_mailbox.team.id
  user_id     = data.portal_user.delegate[each.key].id
  permissions = each.value
}

output "mailbox_id" {
  description = "User ID of the mailbox's generic user."
  value       = portal_shared_mailbox.team.id
}

output "calendar" {
  description = "The shared calendar that comes with the mailbox."
  value       = portal_shared_mailbox.team.calendar.name
}

output "delegates" {
  description = "Who may do what with the mailbox, by username."
  value       = { for name, grant in portal_mailbox_permission.delegate : name => grant.permissions }
}
