# Terraform 1.12+ and OpenTofu 1.12+: the identity is the mailbox whose calendar it is (usr_…) and the
# person (usr_…).
import {
  to = portal_calendar_permission.bob
  identity = {
    mailbox_id = "usr_5c0ffee000000001"
    user_id    = "usr_b0b0000000000002"
  }
}
