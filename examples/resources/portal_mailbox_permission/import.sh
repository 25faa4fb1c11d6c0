# The ID is mailbox_id/user_id: the mailbox's user ID, then the grantee's user (usr_…) or application user (apu_…) ID.
terraform import portal_mailbox_permission.alice usr_5c0ffee000000001/usr_a11ce00000000001
