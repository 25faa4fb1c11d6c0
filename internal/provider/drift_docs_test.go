package provider

import (
	"context"
	"maps"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"

	"github.com/csportal/terraform-provider-portal/internal/tfharness"
)

// configurationOnly are attributes the portal does not hold: they cannot be changed there, so they are
// neither drift nor followed.
var configurationOnly = []string{"deletion_protection", "timeouts", "password", "password_wo", "password_wo_version"}

// plannedByProvider are Optional and Computed attributes without a schema default whose value, when the
// configuration leaves them out, the provider's plan decides (automapping: true with full_access), not the
// portal: a change by hand is drift, as for an attribute with a default.
var plannedByProvider = []string{"automapping"}

// replacedInModifyPlan are attributes whose change ModifyPlan turns into a replacement, which their plan
// modifiers cannot show: customer_id (planCustomer: the block's or the provider's default) and username
// (planLoginName: another spelling of the same stored login name is no change).
var replacedInModifyPlan = []string{"customer_id", "username"}

// TestDriftDocsMatchTheSchemas holds each resource page's Drift section to its schema: the "**Drift**"
// bullet names every attribute the portal holds and the configuration sets (a change by hand is set back),
// the "**Followed**" bullet exactly the optional ones whose value the portal chooses when the configuration
// leaves them out (Optional and Computed, without a default: a change by hand is taken into the state). An
// attribute added to a schema without its place in that sentence fails here.
func TestDriftDocsMatchTheSchemas(t *testing.T) {
	ctx := context.Background()
	for _, newResource := range New("test")().Resources(ctx) {
		r := newResource()
		var meta resource.MetadataResponse
		r.Metadata(ctx, resource.MetadataRequest{ProviderTypeName: "portal"}, &meta)
		var sr resource.SchemaResponse
		r.Schema(ctx, resource.SchemaRequest{}, &sr)
		t.Run(meta.TypeName, func(t *testing.T) {
			drift, followed := classifyAttributes(sr.Schema)
			path, err := tfharness.RepositoryPath("templates/resources/" + strings.TrimPrefix(meta.TypeName, "portal_") + ".md.tmpl")
			if err != nil {
				t.Fatal(err)
			}
			page, err := os.ReadFile(path) //nolint:gosec // the repository's own template
			if err != nil {
				t.Fatalf("%s has no page template: %v", meta.TypeName, err)
			}
			names := slices.Collect(maps.Keys(sr.Schema.Attributes))
			docDrift, okDrift := bulletAttributes(string(page), "Drift", names)
			docFollowed, okFollowed := bulletAttributes(string(page), "Followed", names)
			if !okDrift || !okFollowed {
				t.Fatalf("%s's Drift section lacks its \"- **Drift**\" or \"- **Followed**\" bullet", path)
			}
			// A followed attribute is drift too when the configuration sets it, and the Drift bullet says so.
			if want := sortedUnion(drift, followed); !slices.Equal(docDrift, want) {
				t.Errorf("the Drift bullet names %v; the schema's attributes that a change by hand reverts: %v", docDrift, want)
			}
			if !slices.Equal(docFollowed, followed) {
				t.Errorf("the Followed bullet names %v; the schema's attributes that follow the portal when left out: %v", docFollowed, followed)
			}
		})
	}
}

// classifyAttributes sorts a schema's attributes that the portal holds and a configuration may set: drift
// (set back when changed by hand) and followed (Optional and Computed without a default). Attributes
// that replace the resource are neither: the portal cannot change them.
func classifyAttributes(s schema.Schema) (drift, followed []string) {
	for name, a := range s.Attributes {
		if slices.Contains(configurationOnly, name) || !a.IsRequired() && !a.IsOptional() || replaces(a) ||
			slices.Contains(replacedInModifyPlan, name) {
			continue
		}
		if a.IsOptional() && a.IsComputed() && !hasDefault(a) && !slices.Contains(plannedByProvider, name) {
			followed = append(followed, name)
		} else {
			drift = append(drift, name)
		}
	}
	slices.Sort(drift)
	slices.Sort(followed)
	return drift, followed
}

// hasDefault reports whether the attribute has a default value.
func hasDefault(a schema.Attribute) bool {
	switch a := a.(type) {
	case schema.StringAttribute:
		return a.Default != nil
	case schema.BoolAttribute:
		return a.Default != nil
	case schema.Int64Attribute:
		return a.Default != nil
	case schema.SetAttribute:
		return a.Default != nil
	case schema.MapAttribute:
		return a.Default != nil
	case schema.ListAttribute:
		return a.Default != nil
	}
	return false
}

// replaces reports whether a change of the attribute replaces the resource (RequiresReplace, or the
// deletion-protected form of it).
func replaces(a schema.Attribute) bool {
	sa, ok := a.(schema.StringAttribute)
	if !ok {
		return false
	}
	return slices.ContainsFunc(sa.PlanModifiers, func(m planmodifier.String) bool {
		switch m.(type) {
		case replaceUnlessProtected:
			return true
		}
		d := m.Description(context.Background())
		return strings.Contains(d, "destroy and recreate")
	})
}

var backticked = regexp.MustCompile("`([a-z_]+)`")

// bulletAttributes returns the attribute names (of names) in backticks in the Drift section's bullet that
// starts "- **label**", sorted, and whether there is one.
func bulletAttributes(page, label string, names []string) ([]string, bool) {
	_, section, found := strings.Cut(page, "\n## Drift\n")
	if !found {
		return nil, false
	}
	section, _, _ = strings.Cut(section, "\n## ")
	_, bullet, found := strings.Cut(section, "\n- **"+label+"**")
	if !found {
		return nil, false
	}
	// The bullet runs to the next bullet or paragraph.
	if i := strings.Index(bullet, "\n- "); i >= 0 {
		bullet = bullet[:i]
	}
	if i := strings.Index(bullet, "\n\n"); i >= 0 {
		bullet = bullet[:i]
	}
	var out []string
	for _, m := range backticked.FindAllStringSubmatch(bullet, -1) {
		if slices.Contains(names, m[1]) && !slices.Contains(out, m[1]) {
			out = append(out, m[1])
		}
	}
	slices.Sort(out)
	return out, true
}

func sortedUnion(a, b []string) []string {
	out := slices.Concat(a, b)
	slices.Sort(out)
	return slices.Compact(out)
}
