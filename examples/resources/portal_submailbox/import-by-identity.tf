# Terraform 1.12+ and OpenTofu 1.12+: the identity is the submailbox's ID (smb_…).
import {
  to = portal_submailbox.invoices_2026
  identity = {
    id = "smb_1a2b3c4d5e6f7a8b"
  }
}
