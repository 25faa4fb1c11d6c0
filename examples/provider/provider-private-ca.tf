# A second portal (here a staging one) whose certificate is issued by a private CA. Resources choose it with
# `provider = portal.staging`.
provider "portal" {
  alias       = "staging"
  endpoint    = "https://portal.staging.example.com/api/v1"
  api_token   = var.staging_api_token
  ca_cert_pem = var.staging_ca_pem
}

variable "staging_api_token" {
  description = "API token of an administrator of the staging portal."
  type        = string
  sensitive   = true
  ephemeral   = true
}

variable "staging_ca_pem" {
  description = "PEM-encoded certificate of the CA that issued the staging portal's certificate."
  type        = string
}
