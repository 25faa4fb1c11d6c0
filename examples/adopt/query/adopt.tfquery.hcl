# The list blocks of `terraform query`: every shared mailbox, submailbox, grant and calendar entry of each
# customer, and every user of each application. IDs, not names: a query file has no data sources (the portal_customer and
# portal_application data sources, or `terraform console`, look them up).

variable "customers" {
  description = "Customers to adopt, as name => ID (cus_…)."
  type        = map(string)
}

variable "applications" {
  description = "Applications whose users to adopt, as name => ID (app_…)."
  type        = map(string)
  default     = {}
}

variable "limit" {
  description = "The most objects of one kind to list per customer or application (Terraform's default is 100)."
  type        = number
  default     = 10000
}

list "portal_shared_mailbox" "customer" {
  for_each         = var.customers
  provider         = portal
  include_resource = true
  limit            = var.limit
  config {
    customer_id = each.value
  }
}

list "portal_submailbox" "customer" {
  for_each         = var.customers
  provider         = portal
  include_resource = true
  limit            = var.limit
  config {
    customer_id = each.value
  }
}

list "portal_mailbox_permission" "customer" {
  for_each         = var.customers
  provider         = portal
  include_resource = true
  limit            = var.limit
  config {
    customer_id = each.value
  }
}

list "portal_calendar_permission" "customer" {
  for_each         = var.customers
  provider         = portal
  include_resource = true
  limit            = var.limit
  config {
    customer_id = each.value
  }
}

list "portal_application_user" "application" {
  for_each         = var.applications
  provider         = portal
  include_resource = true
  limit            = var.limit
  config {
    application_id = each.value
  }
}
