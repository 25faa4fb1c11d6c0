data "portal_customer" "acme" {
  name = "Acme"
}

data "portal_shared_mailboxes" "acme" {
  customer_id = data.portal_customer.acme.id
}

# An audit: which shared mailboxes can someone log in to?
output "open_mailboxes" {
  value = [for m in data.portal_shared_mailboxes.acme.mailboxes : m.email_address if m.login_enabled]
}
