output "front_desks" {
  description = "The front desks by customer: each in the customer of its alias."
  value = {
    (portal_shared_mailbox.acme_desk.customer_id)   = portal_shared_mailbox.acme_desk.email_address
    (portal_shared_mailbox.globex_desk.customer_id) = portal_shared_mailbox.globex_desk.email_address
  }
}

output "help_desks" {
  description = "The reseller's help desks by customer code."
  value       = { for code, m in portal_shared_mailbox.helpdesk : code => m.email_address }
}
