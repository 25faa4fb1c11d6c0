terraform {
  required_version = ">= 1.11"
  required_providers {
    portal = {
      source = "csportal/portal"
    }
  }
}

# Usually the provider block is empty and the endpoint and token come from the environment:
#   export PORTAL_ENDPOINT=https://portal.example.com/api/v1
#   export PORTAL_API_TOKEN=...   # an administrator's API token
provider "portal" {
  endpoint  = "https://portal.example.com/api/v1"
  api_token = var.portal_api_token

  # The customer of every resource, data source and list block that leaves its own customer_id out
  # (or PORTAL_CUSTOMER_ID): a configuration, or a provider alias, per customer names it once.
  customer_id = "cus_ac3e000000000001"

  # Optional tuning; these are the defaults.
  max_retries     = 5
  request_timeout = "30s"
}

variable "portal_api_token" {
  description = "API token of a portal administrator."
  type        = string
  sensitive   = true
  ephemeral   = true
}
