data "portal_customer" "acme" {
  name = "Acme"
}

data "portal_user" "leaver" {
  customer_id = data.portal_customer.acme.id
  username    = "bob"
}

# Everything Bob can open: mailboxes, submailboxes and calendars, with his rights and the mailboxes'
# addresses, in a handful of requests however many mailboxes Acme has.
data "portal_user_access" "leaver" {
  user_id = data.portal_user.leaver.id
}

output "bob_can_open" {
  value = concat(
    [for m in data.portal_user_access.leaver.mailboxes : "${m.address}: ${join(", ", sort(m.permissions))}"],
    [for s in data.portal_user_access.leaver.submailboxes : "${s.address}/${s.path}: ${join(", ", sort(s.permissions))}"],
    [for c in data.portal_user_access.leaver.calendars : "${c.address} (calendar): ${c.access}${c.delegate ? ", delegate" : ""}"],
  )
}
