# The customers the API token reaches: with a reseller administrator's token, the reseller and every
# customer below it.
data "portal_customers" "reached" {}

# Only the customers directly below the reseller.
data "portal_customers" "resold" {
  parent_id = "cus_4e5e11e400000005"
}

# A help desk in each of the reseller's customers that has Hosted Exchange, its address in the customer's
# first domain (the portal accepts a mailbox's addresses only in its own customer's domains).
resource "portal_shared_mailbox" "helpdesk" {
  for_each = {
    for c in data.portal_customers.resold.customers : c.code => c
    if c.hosted_exchange_enabled && length(c.domains) > 0
  }
  customer_id   = each.value.id
  username      = "helpdesk"
  first_name    = "Help"
  last_name     = "Desk"
  email_address = "helpdesk@${each.value.domains[0]}"
}

output "customer_codes" {
  value = [for c in data.portal_customers.reached.customers : c.code]
}
