// Package acctest is the one place for what acceptance tests share: the provider factories, the
// in-process mock portal each test runs against, provider configuration, and checks against the mock.
package acctest

import (
	"os"
	"sync"
	"testing"

	"github.com/csportal/terraform-provider-portal/internal/tfharness"
)

var terraformOnce sync.Once
var terraformErr error

// PreCheck makes sure the tests run the machine's Terraform CLI and never download one: without
// TF_ACC_TERRAFORM_PATH, terraform-plugin-testing would fetch the latest release from the internet.
func PreCheck(t testing.TB) {
	t.Helper()
	terraformOnce.Do(func() {
		var path string
		path, terraformErr = tfharness.FindTerraform()
		if terraformErr == nil {
			// Process-wide on purpose: set once before any test runs in parallel (t.Setenv forbids t.Parallel).
			terraformErr = os.Setenv("TF_ACC_TERRAFORM_PATH", path) //nolint:usetesting // see above
		}
		// Terraform must not call home from a test: loopback only.
		if terraformErr == nil {
			terraformErr = os.Setenv("CHECKPOINT_DISABLE", "1") //nolint:usetesting // process-wide, as above
		}
	})
	if terraformErr != nil {
		t.Fatal(terraformErr)
	}
}
