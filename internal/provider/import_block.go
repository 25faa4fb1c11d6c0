package provider

import "fmt"

// importBlock renders the import block that brings the portal object id under a resource of
// resourceType: the one piece of advice every "already exists" refusal ends with, at plan or apply time.
//
// A provider is never told the address of the resource it serves (the framework's requests carry the
// type, the configuration and the state, not the address), so the block cannot name it: it says NAME, and
// Terraform prints the address with the message, between its summary and its detail ("with
// portal_shared_mailbox.info,"). With for_each or count, the address carries the key:
// portal_shared_mailbox.NAME["key"].
func importBlock(resourceType, id string) string {
	return fmt.Sprintf("  import {\n    to = %s.NAME\n    id = %q\n  }", resourceType, id)
}

// importAdvice tells how to manage an object that exists in the portal instead of creating another.
func importAdvice(resourceType, existingID string) string {
	return fmt.Sprintf("The portal already holds this as %s. To manage that object with this resource instead of "+
		"creating another, add this block to the configuration, with NAME this resource's name as Terraform names it "+
		"above (\"with %s.…\"), and apply again:\n\n%s\n\n(or run `terraform import %s.NAME %s`)",
		existingID, resourceType, importBlock(resourceType, existingID), resourceType, existingID)
}
