data "portal_shared_mailbox" "support" {
  email_address = "support@acme.example"
}

# Every grant on the mailbox, including grants made by hand in the portal.
data "portal_mailbox_permissions" "support" {
  mailbox_id = data.portal_shared_mailbox.support.id
}

# An audit: who may do what with support@.
output "support_access" {
  value = { for g in data.portal_mailbox_permissions.support.grants : g.user_id => sort(g.permissions) }
}

# Every grant on a customer's shared mailboxes and their submailboxes, in one paged listing: who may use
# which mailbox, across the customer.
data "portal_customer" "acme" {
  name = "Acme"
}

data "portal_mailbox_permissions" "acme" {
  customer_id = data.portal_customer.acme.id
}

output "acme_delegates" {
  value = distinct([for g in data.portal_mailbox_permissions.acme.grants : g.user_id])
}
