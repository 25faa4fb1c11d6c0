data "portal_application" "b2b_gateway" {
  name = "b2b-gateway"
}

data "portal_customer" "acme" {
  name = "Acme"
}

# The account the B2B gateway signs in with to deliver Acme's orders: Acme's record of the application,
# which can be granted rights on Acme's mailboxes only.
resource "portal_application_user" "acme_orders" {
  application_id = data.portal_application.b2b_gateway.id
  customer_id    = data.portal_customer.acme.id
  username       = "acme-orders"
  display_name   = "Acme order feed"
  email          = "integrations@acme.example"

  # Write-only (Terraform 1.11+): sent to the portal, never stored in plan or state.
  # Bump the version to rotate the password.
  password_wo         = var.acme_orders_password
  password_wo_version = 1
}

variable "acme_orders_password" {
  description = "Password of the acme-orders application user, 12-128 characters."
  type        = string
  sensitive   = true
  ephemeral   = true
}
