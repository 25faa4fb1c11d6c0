# Every submailbox of the customer's shared mailboxes, in one paged listing...
list "portal_submailbox" "acme" {
  provider         = portal
  include_resource = true
  limit            = 1000
  config {
    customer_id = "cus_ac3e000000000001"
  }
}

# ...or the whole tree of one shared mailbox.
list "portal_submailbox" "support" {
  provider = portal
  config {
    mailbox_id = "usr_5c0ffee000000001"
  }
}
