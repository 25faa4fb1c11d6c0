package provider

import (
	"context"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
)

// ignoreCaseOnlyChange plans the state's spelling when the configuration differs from it only in case, so
// that writing "Info@Acme.example" instead of "info@acme.example" shows no diff at all. Terraform accepts a
// planned value that differs from the configuration when it is the prior value unchanged: the provider
// declares the two equivalent. It applies to a case-insensitive string and to a set of them.
type ignoreCaseOnlyChange struct{}

var (
	_ planmodifier.String = ignoreCaseOnlyChange{}
	_ planmodifier.Set    = ignoreCaseOnlyChange{}
)

func (ignoreCaseOnlyChange) Description(context.Context) string {
	return "A change of case only is no change."
}

func (m ignoreCaseOnlyChange) MarkdownDescription(ctx context.Context) string {
	return m.Description(ctx)
}

func (ignoreCaseOnlyChange) PlanModifyString(_ context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	if req.StateValue.IsNull() || req.PlanValue.IsNull() || req.PlanValue.IsUnknown() {
		return
	}
	if strings.EqualFold(req.StateValue.ValueString(), req.PlanValue.ValueString()) {
		resp.PlanValue = req.StateValue
	}
}

func (ignoreCaseOnlyChange) PlanModifySet(ctx context.Context, req planmodifier.SetRequest, resp *planmodifier.SetResponse) {
	if req.StateValue.IsNull() || req.PlanValue.IsNull() || req.PlanValue.IsUnknown() {
		return
	}
	planned, known := knownStrings(ctx, req.PlanValue)
	current, _ := knownStrings(ctx, req.StateValue)
	if known && sameFold(planned, current) {
		resp.PlanValue = req.StateValue
	}
}
