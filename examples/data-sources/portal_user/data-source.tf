data "portal_customer" "acme" {
  name = "Acme"
}

# By customer and username (usernames are unique per customer only)...
data "portal_user" "alice" {
  customer_id = data.portal_customer.acme.id
  username    = "alice"
}

# ...by an address of the user's mailbox...
data "portal_user" "bob" {
  email = "bob@acme.example"
}

# ...or by ID.
data "portal_user" "admin" {
  id = "usr_ad31a00000000003"
}

output "alice_id" {
  description = "Use it as user_id of portal_mailbox_permission."
  value       = data.portal_user.alice.id
}

output "admin_is_administrator" {
  description = "Administrators have all permissions and cannot be granted any."
  value       = data.portal_user.admin.role == "admin"
}
