package acctest

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-testing/plancheck"
)

// ExpectForget checks that the plan forgets the resource (a removed block with destroy = false): it leaves
// the state, and nothing is deleted. plancheck.ExpectResourceAction has no such action.
func ExpectForget(address string) plancheck.PlanCheck { return expectForget{address} }

type expectForget struct{ address string }

func (e expectForget) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	for _, rc := range req.Plan.ResourceChanges {
		if rc.Address != e.address {
			continue
		}
		switch {
		case rc.Change == nil:
			resp.Error = fmt.Errorf("%s: no planned change, want forget", e.address)
		case !rc.Change.Actions.Forget():
			resp.Error = fmt.Errorf("%s: planned actions %v, want forget", e.address, rc.Change.Actions)
		}
		return
	}
	resp.Error = fmt.Errorf("%s: no planned change", e.address)
}
