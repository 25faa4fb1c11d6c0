# By the user ID of the mailbox's generic user:
terraform import portal_shared_mailbox.info usr_0123456789abcdef

# Or by its primary email address (compared without regard to case):
terraform import portal_shared_mailbox.info info@acme.example
