output "mailbox_id" {
  description = "User ID of the shared mailbox's generic user."
  value       = portal_shared_mailbox.support.id
}

output "calendar" {
  description = "The shared calendar that comes with the mailbox."
  value       = portal_shared_mailbox.support.calendar.name
}

output "support_settings" {
  description = "How support@acme.example handles mail, as the portal holds it."
  value = {
    forwarding_address        = portal_shared_mailbox.support.forwarding_address
    forwarding_keep_copy      = portal_shared_mailbox.support.forwarding_keep_copy
    keep_sent_as_copy         = portal_shared_mailbox.support.keep_sent_as_copy
    keep_sent_on_behalf_copy  = portal_shared_mailbox.support.keep_sent_on_behalf_copy
    hidden_from_address_lists = portal_shared_mailbox.support.hidden_from_address_lists
    storage_limit_mb          = portal_shared_mailbox.support.storage_limit_mb
  }
}

output "gateway_user_id" {
  description = "ID of the B2B gateway's application user."
  value       = portal_application_user.gateway.id
}

locals {
  # Readable names for the grantees this configuration knows; anyone else shows up by ID.
  grantee_names = merge(
    { for name, user in data.portal_user.delegate : user.id => name },
    { (portal_application_user.gateway.id) = "b2b-gateway/${portal_application_user.gateway.username}" },
  )
}

output "support_access" {
  description = "Who may do what with support@acme.example, as the portal holds it."
  value = {
    for grant in data.portal_mailbox_permissions.support.grants :
    lookup(local.grantee_names, grant.user_id, grant.user_id) => sort(grant.permissions)
  }
}

output "billing_mailbox_id" {
  description = "User ID of the billing mailbox's generic user."
  value       = portal_shared_mailbox.billing.id
}

output "billing_access" {
  description = "Everyone who may use billing@acme.example: the complete list, as the portal holds it."
  value = {
    for grantee, permissions in portal_mailbox_access.billing.grants :
    lookup(local.grantee_names, grantee, grantee) => sort(permissions)
  }
}

output "billing_calendar" {
  description = "Everyone with an entry on billing@acme.example's calendar, as the portal holds it."
  value = {
    for person, entry in portal_mailbox_access.billing.calendar :
    lookup(local.grantee_names, person, person) => entry.delegate ? "${entry.access} (delegate)" : entry.access
  }
}

output "orders_folder" {
  description = "Where the gateway's orders for 2026 are filed."
  value       = portal_submailbox.orders_2026.path
}
