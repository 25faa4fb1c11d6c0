# A team shared mailbox for the customer Acme: the portal's whole manual process in one resource.
# The provider reads PORTAL_ENDPOINT and PORTAL_API_TOKEN from the environment.
terraform {
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

resource "portal_shared_mailbox" "support" {
  customer_id   = data.portal_customer.acme.id
  username      = "support"
  first_name    = "Support"
  last_name     = "Team"
  email_address = "support@acme.example"
  email_aliases = ["help@acme.example", "service@acme.example"]
}

output "mailbox_id" {
  description = "User ID of the shared mailbox's generic user."
  value       = portal_shared_mailbox.support.id
}

output "calendar" {
  description = "The shared calendar that comes with the mailbox."
  value       = portal_shared_mailbox.support.calendar
}
