package provider

import (
	"fmt"
	"strings"
)

// splitImportID splits a composite import ID "a/b" into exactly len(names) non-empty parts. The error
// names the expected shape and an example, so a mistyped `terraform import` says how to write it.
func splitImportID(id string, names ...string) ([]string, error) {
	parts := strings.Split(strings.TrimSpace(id), "/")
	ok := len(parts) == len(names)
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
		if parts[i] == "" {
			ok = false
		}
	}
	if !ok {
		return nil, fmt.Errorf("import ID %q must have the form %s", id, strings.Join(names, "/"))
	}
	return parts, nil
}
