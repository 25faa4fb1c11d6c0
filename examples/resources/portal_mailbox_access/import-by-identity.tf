# Terraform 1.12+ and OpenTofu 1.12+: the identity is the mailbox's ID (usr_…), or a submailbox's (smb_…).
import {
  to = portal_mailbox_access.billing
  identity = {
    mailbox_id = "usr_5c0ffee000000001"
  }
}
