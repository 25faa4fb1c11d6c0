variable "acme_token" {
  description = "API token of an administrator of Acme (or of a reseller above it), e.g. TF_VAR_acme_token."
  type        = string
  sensitive   = true
}

variable "acme_customer_id" {
  description = "Acme's customer ID (cus_…): the default customer of the acme alias."
  type        = string
}

variable "acme_lead" {
  description = "Username of the Acme user who leads Acme's front desk."
  type        = string
  default     = "alice"
}

variable "globex_token" {
  description = "API token of an administrator of Globex (or of a reseller above it), e.g. TF_VAR_globex_token."
  type        = string
  sensitive   = true
}

variable "globex_customer_id" {
  description = "Globex's customer ID (cus_…): the default customer of the globex alias."
  type        = string
}

variable "globex_lead" {
  description = "Username of the Globex user who leads Globex's front desk."
  type        = string
  default     = "homer"
}

variable "reseller_token" {
  description = "API token of an administrator of the reseller, which reaches every customer below it."
  type        = string
  sensitive   = true
}

variable "reseller_customers" {
  description = "Codes of the reseller's customers that get a help desk."
  type        = list(string)
  default     = ["ACME", "GLOBEX"]
}
