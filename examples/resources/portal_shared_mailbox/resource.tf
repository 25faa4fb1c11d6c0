data "portal_customer" "acme" {
  name = "Acme"
}

# One resource does the portal's whole shared-mailbox process: it creates the generic user "info",
# provisions Hosted Exchange on the "Shared Mailbox" plan with these addresses, and disables the login.
resource "portal_shared_mailbox" "info" {
  customer_id   = data.portal_customer.acme.id
  username      = "info"
  first_name    = "Info"
  last_name     = "Mailbox"
  display_name  = "Acme Info"
  email_address = "info@acme.example"
  email_aliases = ["contact@acme.example", "hello@acme.example"]

  # Mail to info@ is also forwarded to the ticket system, and kept in the mailbox.
  forwarding_address   = "tickets@acme.example"
  forwarding_keep_copy = true
  # keep_sent_as_copy and keep_sent_on_behalf_copy default to true: what a delegate sends as info@, or on
  # its behalf, is kept in info@'s Sent Items for the whole team to see.

  # What everyone without an entry of their own sees of the shared calendar: when it is busy, and the
  # subject and location (the default is availability_only; see portal_calendar_permission for entries).
  calendar_default_access = "limited_details"

  # Provisioning is asynchronous in the portal; allow more time than the default 20m on a slow portal.
  timeouts = {
    create = "30m"
  }
}

output "info_calendar" {
  description = "The shared calendar that comes with the mailbox."
  value       = portal_shared_mailbox.info.calendar.name
}

# A noreply@ mailbox: nobody writes to it, so it is kept out of the address book (the GAL).
resource "portal_shared_mailbox" "noreply" {
  customer_id               = data.portal_customer.acme.id
  username                  = "noreply"
  first_name                = "No"
  last_name                 = "Reply"
  email_address             = "noreply@acme.example"
  hidden_from_address_lists = true
}
