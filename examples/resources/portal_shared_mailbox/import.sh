# By the user ID of the mailbox's generic user:
terraform import portal_shared_mailbox.info usr_0123456789abcdef

# Or by its primary email address (compared without regard to case):
terraform import portal_shared_mailbox.info info@acme.example

# Or by the login name the portal stores (unique among the customers the token reaches)...
terraform import portal_shared_mailbox.info info_tc

# ...or by customer ID and username, with or without the customer's code:
terraform import portal_shared_mailbox.info cus_0123456789abcdef/info
