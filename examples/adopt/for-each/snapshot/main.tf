# Step 1 of adopting a customer without `terraform query` (Terraform 1.7 to 1.13, and OpenTofu): a snapshot
# of what the portal holds, in the shape the adopting configuration (../) reads as variables.
#
#   terraform apply
#   terraform output -json adoption > ../adoption.auto.tfvars.json
#
# The snapshot is written once and committed with the configuration. The adopting configuration must not
# read the data sources itself: it would then follow every change made by hand, and `terraform plan` could
# never show drift.
terraform {
  required_providers {
    portal = {
      source = "csportal/portal"
    }
  }
}

provider "portal" {}

variable "customers" {
  description = "Names of the customers whose shared mailboxes and grants are adopted."
  type        = set(string)
  default     = ["Acme"]
}

data "portal_customer" "this" {
  for_each = var.customers
  name     = each.key
}

data "portal_shared_mailboxes" "this" {
  for_each    = data.portal_customer.this
  customer_id = each.value.id
}

# Every grant on each customer's shared mailboxes and on their submailboxes, in one paged listing.
data "portal_mailbox_permissions" "this" {
  for_each    = data.portal_customer.this
  customer_id = each.value.id
}

output "adoption" {
  description = "The variables of the adopting configuration: `terraform output -json adoption > ../adoption.auto.tfvars.json`."
  value = {
    mailboxes = merge([
      for customer in data.portal_shared_mailboxes.this : {
        for m in customer.mailboxes : m.id => {
          id            = m.id
          customer_id   = m.customer_id
          username      = m.username
          first_name    = m.first_name
          last_name     = m.last_name
          display_name  = m.display_name
          email_address = m.email_address
          email_aliases = m.email_aliases
          user_plan     = m.user_plan
          login_enabled = m.login_enabled

          forwarding_address        = m.forwarding_address
          forwarding_keep_copy      = m.forwarding_keep_copy
          keep_sent_as_copy         = m.keep_sent_as_copy
          keep_sent_on_behalf_copy  = m.keep_sent_on_behalf_copy
          hidden_from_address_lists = m.hidden_from_address_lists
        }
      }
    ]...)
    grants = merge([
      for customer in data.portal_mailbox_permissions.this : {
        for g in customer.grants : "${g.mailbox_id}/${g.user_id}" => {
          mailbox_id  = g.mailbox_id
          user_id     = g.user_id
          permissions = g.permissions
          automapping = g.automapping
        }
      }
    ]...)
  }
}
