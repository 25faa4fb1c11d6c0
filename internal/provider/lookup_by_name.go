package provider

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
)

// byName finds the one object of a kind whose name matches, ignoring case, for data sources that look
// things up by name. The portal's ?name= filter is a hint, not the match: the comparison is done here.
type byName[T any] struct {
	kind   string // "customer"
	plural string // "customers"
	list   func(ctx context.Context, name string) ([]T, error)
	nameOf func(T) string
}

// find reports a missing or ambiguous name as an error on the `name` attribute. When nothing matches, the
// error lists the names there are, at the cost of a second request on that path only.
func (b byName[T]) find(ctx context.Context, name string, diags *diag.Diagnostics) (T, bool) {
	var zero T
	found, err := b.list(ctx, name)
	if err != nil {
		addAPIError(diags, fmt.Sprintf("Cannot look up %s %q", b.kind, name), err)
		return zero, false
	}
	var matches []T
	for _, v := range found {
		if strings.EqualFold(b.nameOf(v), name) {
			matches = append(matches, v)
		}
	}
	switch len(matches) {
	case 1:
		return matches[0], true
	case 0:
		diags.AddAttributeError(path.Root("name"), fmt.Sprintf("No %s named %q", b.kind, name),
			fmt.Sprintf("No %s is named %q; %s. Use the exact name or the id.", b.kind, name, b.known(ctx)))
	default:
		diags.AddAttributeError(path.Root("name"), fmt.Sprintf("Ambiguous %s name", b.kind),
			fmt.Sprintf("%d %s are named %q; the name must match exactly one. Use id instead.", len(matches), b.plural, name))
	}
	return zero, false
}

func (b byName[T]) known(ctx context.Context) string {
	all, err := b.list(ctx, "")
	if err != nil {
		return "the list of " + b.plural + " could not be read: " + err.Error()
	}
	if len(all) == 0 {
		return "the portal has no " + b.plural
	}
	names := make([]string, 0, len(all))
	for _, v := range all {
		names = append(names, fmt.Sprintf("%q", b.nameOf(v)))
	}
	slices.Sort(names)
	return "the portal's " + b.plural + " are " + strings.Join(names, ", ")
}
