variable "gateway_password" {
  description = "Password of the B2B gateway's application user, 12-128 characters (e.g. TF_VAR_gateway_password)."
  type        = string
  sensitive   = true
  ephemeral   = true
}
