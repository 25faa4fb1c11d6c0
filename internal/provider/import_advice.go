package provider

import "fmt"

// How to bring an object the portal already holds under a resource instead of creating another. Every
// refusal that advises an import (a taken address, a taken username, an application user that exists) says
// it with these words.
//
// Terraform never tells a provider the address of the resource it plans or applies (a
// PlanResourceChangeRequest or ApplyResourceChangeRequest carries the type name, the states, the
// configuration, private data, provider_meta, client capabilities and identity — no address), so the block
// names the type and leaves the resource's name to the user, pointing at where Terraform prints it: the
// "with TYPE.NAME" line above every diagnostic of a resource.

// importBlock is a ready-to-edit import block that brings the portal's object id under a resource of
// resourceType (Terraform 1.5 or later, OpenTofu).
func importBlock(resourceType, id string) string {
	return fmt.Sprintf("  import {\n    to = %s.NAME\n    id = %q\n  }", resourceType, id)
}

// resourceNameHint says where NAME of importBlock comes from: the resource is in the configuration.
func resourceNameHint(resourceType string) string {
	return fmt.Sprintf("NAME is this resource's name: Terraform shows its address above, after \"with %s.\"", resourceType)
}

// stateAddressHint says where NAME of a removed block for the object id comes from: the resource is in the
// state, and its block may already be gone from the configuration (then Terraform prints no "with" line).
func stateAddressHint(resourceType, id string) string {
	return fmt.Sprintf("%s.NAME is its address, which terraform state list -id=%s prints", resourceType, id)
}

// importInstructions tells how to import the portal's object id into the resource instead of creating it:
// the import block and the command, both naming the resource.
func importInstructions(resourceType, id string) string {
	return fmt.Sprintf("add this import block beside the resource block and run apply again (%s):\n\n%s\n\n"+
		"or run: terraform import %s.NAME %s",
		resourceNameHint(resourceType), importBlock(resourceType, id), resourceType, id)
}

// importAdvice tells how to manage an object that exists in the portal instead of creating another.
func importAdvice(resourceType, existingID string) string {
	return fmt.Sprintf("The portal already holds this as %s. To manage that object with this resource instead of "+
		"creating another, %s", existingID, importInstructions(resourceType, existingID))
}
