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
