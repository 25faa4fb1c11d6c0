package provider

import (
	"context"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
)

// requiresReplaceUnlessCaseOnly replaces the resource when a case-insensitive identifier really changes,
// and not when only its spelling's case does: "Info" and "info" name the same portal user.
func requiresReplaceUnlessCaseOnly() planmodifier.String {
	return stringplanmodifier.RequiresReplaceIf(
		func(_ context.Context, req planmodifier.StringRequest, resp *stringplanmodifier.RequiresReplaceIfFuncResponse) {
			resp.RequiresReplace = !strings.EqualFold(req.StateValue.ValueString(), req.PlanValue.ValueString())
		},
		"Changing the value (other than its case) replaces the resource.",
		"Changing the value (other than its case) replaces the resource.",
	)
}
