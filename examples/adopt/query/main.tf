# Adopting what operators made by hand with `terraform query` (Terraform 1.14 or later):
#
#   terraform query -generate-config-out=adopted.tf \
#     -var 'customers={acme="cus_…"}' -var 'applications={b2b-gateway="app_…"}'
#   terraform apply   # "N imported, 0 added, 0 changed, 0 destroyed"
#   terraform plan    # no changes
#
# adopt.tfquery.hcl holds the list blocks; this file only configures the provider, which the query and the
# generated configuration share.
terraform {
  required_providers {
    portal = {
      source = "csportal/portal"
    }
  }
}

provider "portal" {}
