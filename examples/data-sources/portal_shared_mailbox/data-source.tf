# A mailbox managed in another configuration, by any of its addresses...
data "portal_shared_mailbox" "support" {
  email_address = "support@acme.example"
}

# ...or by the user ID of its generic user.
data "portal_shared_mailbox" "by_id" {
  id = "usr_5c0ffee000000001"
}

output "support_addresses" {
  value = concat([data.portal_shared_mailbox.support.email_address], tolist(data.portal_shared_mailbox.support.email_aliases))
}
