# Terraform 1.12+ and OpenTofu 1.12+: the identity is the mailbox (usr_… or a submailbox's smb_…) and the
# grantee (usr_… or apu_…).
import {
  to = portal_mailbox_permission.alice
  identity = {
    mailbox_id = "usr_5c0ffee000000001"
    user_id    = "usr_a11ce00000000001"
  }
}
