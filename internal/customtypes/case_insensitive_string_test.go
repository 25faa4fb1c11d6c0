package customtypes_test

import (
	"context"
	"testing"

	"github.com/csportal/terraform-provider-portal/internal/customtypes"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

func TestCaseInsensitiveStringSemanticEquals(t *testing.T) {
	ctx := context.Background()
	cases := []struct {
		a, b string
		want bool
	}{
		{"Info@Acme.example", "info@acme.example", true},
		{"SHARED.Info", "shared.info", true},
		{"info@acme.example", "info@acme.example", true},
		{"info@acme.example", "sales@acme.example", false},
		{"info", "info ", false},
	}
	for _, c := range cases {
		got, diags := customtypes.NewCaseInsensitiveStringValue(c.a).StringSemanticEquals(ctx, customtypes.NewCaseInsensitiveStringValue(c.b))
		if diags.HasError() {
			t.Fatalf("%q vs %q: %v", c.a, c.b, diags)
		}
		if got != c.want {
			t.Errorf("%q vs %q: semantic equality = %v, want %v", c.a, c.b, got, c.want)
		}
	}
}

func TestCaseInsensitiveStringEqualIsExact(t *testing.T) {
	// Terraform's own comparison must stay exact, or the framework could never keep the user's spelling.
	if customtypes.NewCaseInsensitiveStringValue("A").Equal(customtypes.NewCaseInsensitiveStringValue("a")) {
		t.Fatal("Equal must be case-sensitive")
	}
}

func TestCaseInsensitiveStringTypeRoundTrip(t *testing.T) {
	ctx := context.Background()
	v, err := customtypes.CaseInsensitiveStringType{}.ValueFromTerraform(ctx, tftypes.NewValue(tftypes.String, "Info@Acme.example"))
	if err != nil {
		t.Fatal(err)
	}
	s, ok := v.(customtypes.CaseInsensitiveString)
	if !ok || s.ValueString() != "Info@Acme.example" {
		t.Fatalf("got %#v", v)
	}
	null, err := customtypes.CaseInsensitiveStringType{}.ValueFromTerraform(ctx, tftypes.NewValue(tftypes.String, nil))
	if err != nil || !null.IsNull() {
		t.Fatalf("null round trip: %v %v", null, err)
	}
}
