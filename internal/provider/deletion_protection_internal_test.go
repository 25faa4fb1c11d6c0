package provider

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// TestProtectedIn: a state protects its object unless it says deletion_protection = false — also a state
// written before the attribute existed, which holds null.
func TestProtectedIn(t *testing.T) {
	ctx := context.Background()
	for _, r := range []resource.Resource{NewSharedMailboxResource(), NewSubmailboxResource()} {
		var sr resource.SchemaResponse
		r.Schema(ctx, resource.SchemaRequest{}, &sr)
		objectType := sr.Schema.Type().TerraformType(ctx).(tftypes.Object)
		for _, tc := range []struct {
			value any
			want  bool
		}{{nil, true}, {true, true}, {false, false}} {
			values := map[string]tftypes.Value{}
			for name, typ := range objectType.AttributeTypes {
				values[name] = tftypes.NewValue(typ, nil)
			}
			values["deletion_protection"] = tftypes.NewValue(tftypes.Bool, tc.value)
			state := tfsdk.State{Schema: sr.Schema, Raw: tftypes.NewValue(objectType, values)}
			got, diags := protectedIn(ctx, state)
			if diags.HasError() || got != tc.want {
				t.Errorf("%T with deletion_protection %v: protected %v (%v), want %v", r, tc.value, got, diags, tc.want)
			}
		}
	}
}
