# The ID is mailbox_id/user_id: the mailbox's user ID, then the person's user ID.
import {
  to = portal_calendar_permission.bob
  id = "usr_5c0ffee000000001/usr_b0b0000000000002"
}
