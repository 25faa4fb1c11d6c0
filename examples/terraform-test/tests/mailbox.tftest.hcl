# Run with `terraform test` (or `tofu test`) in examples/terraform-test, against a portal-mock started
# beforehand: PORTAL_ENDPOINT is its address, PORTAL_API_TOKEN its admin token. The runs share one state,
# in order; at the end the test destroys what they made, which is why deletion_protection is off here.

variables {
  username            = "team-inbox"
  email               = "team-inbox@acme.example"
  deletion_protection = false
}

run "creates_the_mailbox_and_its_grants" {
  assert {
    condition     = startswith(output.mailbox_id, "usr_")
    error_message = "The mailbox has no user ID: ${output.mailbox_id}."
  }

  assert {
    condition     = output.calendar == "Team Inbox Calendar"
    error_message = "A shared mailbox comes with a shared calendar named after it, not ${output.calendar}."
  }

  assert {
    condition     = output.delegates["alice"] == toset(["send_as", "view"])
    error_message = "alice may ${join(", ", output.delegates["alice"])}; want send_as and view."
  }
}

run "changes_the_delegates_in_place" {
  variables {
    delegates = {
      alice = ["view"]
      bob   = ["view", "send_on_behalf"]
    }
  }

  assert {
    condition     = output.delegates == { alice = toset(["view"]), bob = toset(["send_on_behalf", "view"]) }
    error_message = "The grants are not what the run asked for."
  }
}

# A refusal the test expects: the configuration's own precondition, which reads what the portal offers the
# customer, stops a plan that names a plan it is not offered. (expect_failures takes checkable objects —
# variables, outputs, checks, resources with conditions — not a provider's or the portal's errors, which
# fail a run.)
run "refuses_a_user_plan_the_customer_is_not_offered" {
  command = plan

  variables {
    user_plan = "Standard"
  }

  expect_failures = [
    portal_shared_mailbox.team,
  ]
}
