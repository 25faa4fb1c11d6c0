package provider

import (
	"context"
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

// parseJoinedID reads an import ID made of the identity's attributes joined by slashes
// ("mailbox_id/user_id"), each checked against the form of ID it takes; an error ends with an example.
func (ri resourceIdentity) parseJoinedID(_ context.Context, id string) (objectKey, error) {
	names := make([]string, len(ri.attributes))
	examples := make([]string, len(ri.attributes))
	for i, a := range ri.attributes {
		names[i], examples[i] = a.name, a.example
	}
	parts, err := splitImportID(id, names...)
	for i, a := range ri.attributes {
		if err == nil && !a.pattern.MatchString(parts[i]) {
			err = fmt.Errorf("import ID %q: %s %s", id, a.name, a.rule)
		}
	}
	if err != nil {
		return nil, fmt.Errorf("%w, for example `terraform import %s.NAME %s`", err, ri.typeName, strings.Join(examples, "/"))
	}
	key := objectKey{}
	for i, name := range names {
		key[name] = parts[i]
	}
	return key, nil
}
