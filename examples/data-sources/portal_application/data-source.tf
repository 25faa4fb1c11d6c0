# By name (matched without regard to case)...
data "portal_application" "b2b_gateway" {
  name = "b2b-gateway"
}

# ...or by ID.
data "portal_application" "archiver" {
  id = "app_a4c41e0000000002"
}

output "b2b_gateway_id" {
  description = "Use it as application_id of portal_application_user."
  value       = data.portal_application.b2b_gateway.id
}
