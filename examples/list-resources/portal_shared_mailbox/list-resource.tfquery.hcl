# terraform query -generate-config-out=mailboxes.tf
list "portal_shared_mailbox" "acme" {
  provider         = portal
  include_resource = true
  limit            = 1000 # Terraform lists 100 unless told otherwise
  config {
    customer_id = "cus_ac3e000000000001"
  }
}
