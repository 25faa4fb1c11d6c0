# Terraform 1.12+ and OpenTofu 1.12+: the identity is the application and the application user's ID,
# since the portal keeps each application's users apart.
import {
  to = portal_application_user.acme_orders
  identity = {
    application_id = "app_b2b0000000000001"
    id             = "apu_0123456789abcdef"
  }
}
