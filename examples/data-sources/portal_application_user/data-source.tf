data "portal_application" "b2b_gateway" {
  name = "b2b-gateway"
}

# By application and username: the same username in another application is another, unrelated record.
data "portal_application_user" "acme_orders" {
  application_id = data.portal_application.b2b_gateway.id
  username       = "acme-orders"
}

# Or by ID; adding application_id reads it with one request.
data "portal_application_user" "by_id" {
  id = "apu_0123456789abcdef"
}

output "acme_orders_enabled" {
  value = data.portal_application_user.acme_orders.enabled
}
