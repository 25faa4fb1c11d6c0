# The ID is the generic user's ID (usr_…) or the mailbox's primary email address.
import {
  to = portal_shared_mailbox.info
  id = "info@acme.example"
}
