# The ID is the mailbox's user ID (usr_…), or a submailbox's ID (smb_…): the list of every grant on it.
terraform import portal_mailbox_access.billing usr_5c0ffee000000001
