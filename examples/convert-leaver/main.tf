# Converting a leaver's personal mailbox into a shared mailbox (see the guide "Converting a leaver's
# mailbox"): the import block brings the leaver's user under Terraform, and the resource block declares it
# a shared mailbox. `terraform plan` shows "Plan: 1 to import, 1 to add, 1 to change, 0 to destroy": the
# mailbox imported and updated in place, never replaced (it keeps its mail, addresses, grants and
# submailboxes, and the leaver's login ends disabled), and the successor's new grant.
#
# Bob is a regular user of portal-mock's demo fixtures, with a mailbox full of mail: try it there.
terraform {
  required_providers {
    portal = {
      source = "csportal/portal"
    }
  }
}

provider "portal" {}

data "portal_customer" "acme" {
  name = "Acme"
}

import {
  to = portal_shared_mailbox.bob
  id = "bob@acme.example" # the leaver's primary address, or the user ID (usr_…)
}

resource "portal_shared_mailbox" "bob" {
  # As the leaver's user is: another customer or username would replace the mailbox, which deletion
  # protection refuses.
  customer_id   = data.portal_customer.acme.id
  username      = "bob"
  first_name    = "Bob"
  last_name     = "Builder"
  email_address = "bob@acme.example"
  email_aliases = [] # the leaver's aliases, as they are: each one keeps delivering to the mailbox

  # The conversion itself (the default, written out): the portal re-provisions the mailbox on the shared
  # plan in place. A plan smaller than the mail the mailbox holds fails at plan time.
  user_plan = "Shared Mailbox"

  # Mail to the leaver now reaches the team that takes over; what they answer as bob@ stays in the mailbox.
  keep_sent_as_copy        = true
  keep_sent_on_behalf_copy = true

  # login_enabled defaults to false: the leaver can no longer log in; the team gets rights instead.
  deletion_protection = true # the import sets it too: the mailbox holds mail nobody else has
}

data "portal_user" "alice" {
  customer_id = data.portal_customer.acme.id
  username    = "alice"
}

# Alice takes over bob's customers: she reads the mailbox and answers as bob@. Her Outlook opens it only
# when she adds it (automapping off), as she asked.
resource "portal_mailbox_permission" "successor" {
  mailbox_id  = portal_shared_mailbox.bob.id
  user_id     = data.portal_user.alice.id
  permissions = ["view", "full_access", "send_as"]
  automapping = false
}

output "mailbox" {
  description = "The converted mailbox, as the portal holds it."
  value = {
    id               = portal_shared_mailbox.bob.id
    user_plan        = portal_shared_mailbox.bob.user_plan
    login_enabled    = portal_shared_mailbox.bob.login_enabled
    storage_limit_mb = portal_shared_mailbox.bob.storage_limit_mb
  }
}
