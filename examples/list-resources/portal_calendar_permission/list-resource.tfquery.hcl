# Every entry on the calendars of the customer's mailboxes...
list "portal_calendar_permission" "acme" {
  provider         = portal
  include_resource = true
  limit            = 1000
  config {
    customer_id = "cus_ac3e000000000001"
  }
}

# ...the entries on one mailbox's calendar...
list "portal_calendar_permission" "visits" {
  provider = portal
  config {
    mailbox_id = "usr_5c0ffee000000001"
  }
}

# ...or every calendar one person (a leaver) has an entry on.
list "portal_calendar_permission" "leaver" {
  provider         = portal
  include_resource = true
  config {
    grantee_id = "usr_b0b0000000000002"
  }
}
