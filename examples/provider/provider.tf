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
