package acctest

import (
	"context"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"
)

// IdentityVersionChecks skip a test of resource identity on a CLI without it: Terraform and OpenTofu
// before 1.12 neither keep an identity in state nor import by one. (The resources work there all the
// same; the rest of the suite runs on every CLI.)
var IdentityVersionChecks = []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_12_0)}

// ImportByIdentity is an import block that imports the resource at address by identity.
func ImportByIdentity(address string, identity map[string]string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "\nimport {\n  to = %s\n  identity = {\n", address)
	for _, name := range slices.Sorted(maps.Keys(identity)) {
		fmt.Fprintf(&b, "    %s = %q\n", name, identity[name])
	}
	b.WriteString("  }\n}\n")
	return b.String()
}

// MessageRegexp matches texts in an error as Terraform prints it: each text's words in order, across the
// line breaks and box-drawing margin Terraform wraps diagnostics in; several texts in order, anything between.
func MessageRegexp(texts ...string) *regexp.Regexp {
	parts := make([]string, len(texts))
	for i, text := range texts {
		parts[i] = strings.Join(strings.Fields(regexp.QuoteMeta(text)), `[\s│]+`)
	}
	return regexp.MustCompile(`(?s)` + strings.Join(parts, ".*"))
}

// IdentityCase is the identity test of one resource type (see IdentityTest).
type IdentityCase struct {
	// Resource is the address of the resource under test, such as portal_submailbox.test.
	Resource string
	// Config is the configuration, provider block included, that describes Existing exactly as the portal holds it.
	Config string
	// Existing is the identity of an object made by hand in the mock before the test.
	Existing map[string]string
	// WrongKind is an identity whose IDs are of another kind of object, Unknown a well-formed one of an
	// object the portal does not hold; each must fail the plan with the error given.
	WrongKind, Unknown           map[string]string
	WrongKindError, UnknownError *regexp.Regexp
	// DeleteByHand deletes the object out of band, as an operator would.
	DeleteByHand func()
	// Renewed are the identity attributes that the portal gives anew when the object is created again
	// (a new ID); the others name the same key as before.
	Renewed []string
	// CheckDestroy checks the mock after the test's destroy.
	CheckDestroy resource.TestCheckFunc
	// Unprotected, for a resource with deletion_protection, is Config with it off, applied before the test's
	// destroy: Config must have it on, as an import records it.
	Unprotected string
}

// IdentityTest runs the life of a resource's identity on a CLI that has identity (Terraform or OpenTofu
// 1.12+): import blocks whose identity names the wrong kind of object or an unknown one are refused with
// their errors; a configuration adopts the hand-made object with an import block by identity (a no-op
// import, the identity in state exactly the one given and equal to the state's attributes); the
// identity imports again as plugin-testing's ImportBlockWithResourceIdentity does, and the ID through an
// import block (ImportBlockWithID); and after an out-of-band delete the next apply creates the object
// again, with no error and an identity that follows the new object.
func IdentityTest(t *testing.T, c IdentityCase) {
	t.Helper()
	// Each renewed attribute differs between the adopted object and the one created after the delete.
	renewed := make(map[string]interface {
		AddStateValue(resourceAddress string, attributePath tfjsonpath.Path) statecheck.StateCheck
	}, len(c.Renewed))
	for _, name := range c.Renewed {
		renewed[name] = statecheck.CompareValue(compare.ValuesDiffer())
	}
	identityMatchesState := func() []statecheck.StateCheck {
		var checks []statecheck.StateCheck
		for _, name := range slices.Sorted(maps.Keys(c.Existing)) {
			checks = append(checks, statecheck.ExpectIdentityValueMatchesState(c.Resource, tfjsonpath.New(name)))
			if cmp, ok := renewed[name]; ok {
				checks = append(checks, cmp.AddStateValue(c.Resource, tfjsonpath.New(name)))
			}
		}
		return checks
	}
	exact := make(map[string]knownvalue.Check, len(c.Existing))
	for name, value := range c.Existing {
		exact[name] = knownvalue.StringExact(value)
	}
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   IdentityVersionChecks,
		ProtoV6ProviderFactories: ProtoV6ProviderFactories,
		CheckDestroy:             c.CheckDestroy,
		Steps: append([]resource.TestStep{
			{
				Config:      c.Config + ImportByIdentity(c.Resource, c.WrongKind),
				ExpectError: c.WrongKindError,
			},
			{
				Config:      c.Config + ImportByIdentity(c.Resource, c.Unknown),
				ExpectError: c.UnknownError,
			},
			{
				Config: c.Config + ImportByIdentity(c.Resource, c.Existing),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					expectNoOpImportByIdentity{c.Resource, c.Existing},
				}},
				ConfigStateChecks: append(identityMatchesState(), statecheck.ExpectIdentity(c.Resource, exact)),
			},
			{
				ResourceName:    c.Resource,
				Config:          c.Config,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithResourceIdentity,
			},
			{
				ResourceName:    c.Resource,
				Config:          c.Config,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithID,
			},
			{
				PreConfig: c.DeleteByHand,
				Config:    c.Config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(c.Resource, plancheck.ResourceActionCreate),
				}},
				ConfigStateChecks: identityMatchesState(),
			},
		}, c.unprotect()...),
	})
}

// unprotect is the step that lets the test's destroy delete a protected object, if there is one.
func (c IdentityCase) unprotect() []resource.TestStep {
	if c.Unprotected == "" {
		return nil
	}
	return []resource.TestStep{{Config: c.Unprotected}}
}

// expectNoOpImportByIdentity checks that the plan imports the resource by exactly this identity and
// changes nothing: the configuration describes the object as the portal holds it.
type expectNoOpImportByIdentity struct {
	address  string
	identity map[string]string
}

func (e expectNoOpImportByIdentity) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	for _, rc := range req.Plan.ResourceChanges {
		if rc.Address != e.address || rc.Change == nil {
			continue
		}
		imp := rc.Change.Importing
		if imp == nil {
			resp.Error = fmt.Errorf("%s: the plan does not import it (actions %v)", e.address, rc.Change.Actions)
			return
		}
		got, _ := imp.Identity.(map[string]any)
		want := make(map[string]any, len(e.identity))
		for k, v := range e.identity {
			want[k] = v
		}
		if !maps.Equal(got, want) {
			resp.Error = fmt.Errorf("%s: imported by identity %v (ID %q), want %v", e.address, imp.Identity, imp.ID, e.identity)
			return
		}
		if !rc.Change.Actions.NoOp() {
			resp.Error = fmt.Errorf("%s: the import plans %v, want no change: the configuration differs from the object", e.address, rc.Change.Actions)
		}
		return
	}
	resp.Error = fmt.Errorf("%s: not in the plan", e.address)
}
