package acctest

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
)

// StateDoesNotContain checks that secret appears nowhere in the state: every attribute of every resource,
// sensitive ones included, as `terraform show -json` reads them from the state file.
func StateDoesNotContain(secret string) statecheck.StateCheck { return secretCheck{secret} }

// PlanDoesNotContain checks that secret appears nowhere in the plan's values: prior state, planned values,
// resource changes (before and after) and output changes. It leaves out the configuration section, which
// echoes literal expressions as written.
func PlanDoesNotContain(secret string) plancheck.PlanCheck { return secretCheck{secret} }

type secretCheck struct{ secret string }

func (c secretCheck) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	if req.State == nil {
		resp.Error = fmt.Errorf("no state to search")
		return
	}
	resp.Error = c.search("state", req.State)
}

func (c secretCheck) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	if req.Plan == nil {
		resp.Error = fmt.Errorf("no plan to search")
		return
	}
	p := *req.Plan
	p.Config = nil
	resp.Error = c.search("plan", p)
}

func (c secretCheck) search(what string, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("encoding the %s: %w", what, err)
	}
	if strings.Contains(string(b), c.secret) {
		return fmt.Errorf("the secret appears in the %s", what)
	}
	return nil
}
