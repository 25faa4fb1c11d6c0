# The mailbox whose calendar the team shares, managed here or elsewhere (see portal_shared_mailbox).
data "portal_shared_mailbox" "visits" {
  email_address = "visits@acme.example"
}

data "portal_user" "bob" {
  email = "bob@acme.example"
}

data "portal_user" "alice" {
  email = "alice@acme.example"
}

# Bob plans the customer visits: he edits every appointment, receives the meeting requests sent to visits@
# and answers them, private ones included.
resource "portal_calendar_permission" "bob" {
  mailbox_id        = data.portal_shared_mailbox.visits.id
  user_id           = data.portal_user.bob.id
  access            = "editor"
  delegate          = true
  see_private_items = true
}

# Alice at the front desk reads the calendar to tell callers when someone is out.
resource "portal_calendar_permission" "alice" {
  mailbox_id = data.portal_shared_mailbox.visits.id
  user_id    = data.portal_user.alice.id
  access     = "reviewer"
}
