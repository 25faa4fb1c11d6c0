list "portal_application_user" "gateway" {
  provider         = portal
  include_resource = true
  config {
    application_id = "app_b2b0000000000001"
  }
}
