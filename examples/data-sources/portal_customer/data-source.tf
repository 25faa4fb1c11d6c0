# By code: short, unique in the portal and never changed, the safest key in configuration (matched without
# regard to case)...
data "portal_customer" "acme" {
  code = "ACME"
}

# ...by name (matched without regard to case; it must name exactly one customer)...
data "portal_customer" "by_name" {
  name = "Acme"
}

# ...or by ID.
data "portal_customer" "by_id" {
  id = "cus_ac3e000000000001"
}

output "acme_has_hosted_exchange" {
  value = data.portal_customer.acme.hosted_exchange_enabled
}

# The domains its mailboxes' addresses (and, unless allow_external_forwarding, their forwarding) must be in.
output "acme_domains" {
  value = data.portal_customer.acme.domains
}
