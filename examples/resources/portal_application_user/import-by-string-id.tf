# The ID is the application user's ID (apu_…) or application_id/username.
import {
  to = portal_application_user.acme_orders
  id = "app_b2b0000000000001/acme-orders"
}
