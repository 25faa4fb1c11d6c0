# Terraform 1.12+ and OpenTofu 1.12+: the identity is the user ID of the mailbox's generic user.
import {
  to = portal_shared_mailbox.info
  identity = {
    id = "usr_0123456789abcdef"
  }
}
