# The ID is the submailbox's ID (smb_…); its path (e.g. Invoices/2026) is read from the portal.
import {
  to = portal_submailbox.invoices_2026
  id = "smb_1a2b3c4d5e6f7a8b"
}
