# By the application user's ID:
terraform import portal_application_user.acme_orders apu_0123456789abcdef

# Or by application ID and username (usernames are unique only within their application and customer):
terraform import portal_application_user.acme_orders app_b2b0000000000001/acme-orders

# Or by application ID, customer ID and username, when several customers have an acme-orders:
terraform import portal_application_user.acme_orders app_b2b0000000000001/cus_ac3e000000000001/acme-orders
