data "portal_customer" "acme" {
  name = "Acme"
}

data "portal_user_plans" "acme" {
  customer_id = data.portal_customer.acme.id
}

# The plans a shared mailbox of Acme can use (user_plan of portal_shared_mailbox).
output "acme_shared_mailbox_plans" {
  value = [for p in data.portal_user_plans.acme.plans : p.name if p.shared_mailbox]
}
