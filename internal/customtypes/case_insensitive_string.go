// Package customtypes holds the provider's custom attribute types.
package customtypes

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// CaseInsensitiveStringType is a string whose case carries no meaning: the portal stores usernames and email
// addresses lowercased, and a user who writes "Info@Acme.example" must not see a diff when the portal
// answers "info@acme.example". Semantic equality keeps the user's spelling in state.
type CaseInsensitiveStringType struct {
	basetypes.StringType
}

var _ basetypes.StringTypable = CaseInsensitiveStringType{}

// Equal reports whether o is also a CaseInsensitiveStringType.
func (t CaseInsensitiveStringType) Equal(o attr.Type) bool {
	other, ok := o.(CaseInsensitiveStringType)
	return ok && t.StringType.Equal(other.StringType)
}

// String names the type in diagnostics.
func (t CaseInsensitiveStringType) String() string { return "customtypes.CaseInsensitiveStringType" }

// ValueFromString wraps a framework string value.
func (t CaseInsensitiveStringType) ValueFromString(_ context.Context, in basetypes.StringValue) (basetypes.StringValuable, diag.Diagnostics) {
	return CaseInsensitiveString{StringValue: in}, nil
}

// ValueFromTerraform converts a Terraform value.
func (t CaseInsensitiveStringType) ValueFromTerraform(ctx context.Context, in tftypes.Value) (attr.Value, error) {
	v, err := t.StringType.ValueFromTerraform(ctx, in)
	if err != nil {
		return nil, err
	}
	s, ok := v.(basetypes.StringValue)
	if !ok {
		return nil, fmt.Errorf("unexpected value type %T", v)
	}
	return CaseInsensitiveString{StringValue: s}, nil
}

// ValueType is the value type of this type.
func (t CaseInsensitiveStringType) ValueType(context.Context) attr.Value {
	return CaseInsensitiveString{}
}

// CaseInsensitiveString is a value of CaseInsensitiveStringType.
type CaseInsensitiveString struct {
	basetypes.StringValue
}

var _ basetypes.StringValuableWithSemanticEquals = CaseInsensitiveString{}

// NewCaseInsensitiveStringValue returns a known value.
func NewCaseInsensitiveStringValue(s string) CaseInsensitiveString {
	return CaseInsensitiveString{StringValue: basetypes.NewStringValue(s)}
}

// NewCaseInsensitiveStringNull returns a null value.
func NewCaseInsensitiveStringNull() CaseInsensitiveString {
	return CaseInsensitiveString{StringValue: basetypes.NewStringNull()}
}

// Type returns CaseInsensitiveStringType.
func (v CaseInsensitiveString) Type(context.Context) attr.Type { return CaseInsensitiveStringType{} }

// Equal is exact equality (Terraform's own comparison); SemanticEquals is the case-insensitive one.
func (v CaseInsensitiveString) Equal(o attr.Value) bool {
	other, ok := o.(CaseInsensitiveString)
	return ok && v.StringValue.Equal(other.StringValue)
}

// StringSemanticEquals reports whether both values spell the same string, ignoring case.
func (v CaseInsensitiveString) StringSemanticEquals(_ context.Context, newValuable basetypes.StringValuable) (bool, diag.Diagnostics) {
	var diags diag.Diagnostics
	newValue, ok := newValuable.(CaseInsensitiveString)
	if !ok {
		diags.AddError("Semantic Equality Check Error",
			fmt.Sprintf("Expected value type %T but got %T. Please report this to the provider developers.", v, newValuable))
		return false, diags
	}
	return strings.EqualFold(v.ValueString(), newValue.ValueString()), diags
}
