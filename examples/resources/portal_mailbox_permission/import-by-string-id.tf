# The ID is mailbox_id/user_id: the mailbox's user ID, then the grantee's user (usr_…) or application user (apu_…) ID.
import {
  to = portal_mailbox_permission.alice
  id = "usr_5c0ffee000000001/usr_a11ce00000000001"
}
