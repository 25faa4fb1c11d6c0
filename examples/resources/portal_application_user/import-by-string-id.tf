# The ID is the application user's ID (apu_…), application_id/username or application_id/customer_id/username.
import {
  to = portal_application_user.acme_orders
  id = "app_b2b0000000000001/acme-orders"
}
