# Every grant on the customer's shared mailboxes and on their submailboxes...
list "portal_mailbox_permission" "acme" {
  provider         = portal
  include_resource = true
  limit            = 1000
  config {
    customer_id = "cus_ac3e000000000001"
  }
}

# ...or the grants on one mailbox (or one submailbox) only.
list "portal_mailbox_permission" "support" {
  provider = portal
  config {
    mailbox_id = "usr_5c0ffee000000001"
  }
}

# ...or every grant one grantee (a leaver) holds on any mailbox and submailbox of its customer, ready to
# import or to remove.
list "portal_mailbox_permission" "leaver" {
  provider         = portal
  include_resource = true
  config {
    grantee_id = "usr_b0b0000000000002"
  }
}
