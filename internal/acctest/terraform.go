// Package acctest is the one place for what acceptance tests share: the provider factories, the
// in-process mock portal each test runs against, provider configuration, and checks against the mock.
package acctest

import (
	"context"
	"os"
	"sync"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/csportal/terraform-provider-portal/internal/tfharness"
)

var (
	cliOnce sync.Once
	cliErr  error
)

// PreCheck makes the tests run the machine's Terraform or OpenTofu CLI (TF_ACC_TERRAFORM_PATH, else
// terraform on PATH) and never download one: without TF_ACC_TERRAFORM_PATH, terraform-plugin-testing
// would fetch the latest Terraform release from the internet. The environment it sets is process-wide
// on purpose: set once before any test runs in parallel (t.Setenv forbids t.Parallel).
func PreCheck(t testing.TB) {
	t.Helper()
	cliOnce.Do(func() { cliErr = setUpCLI() })
	if cliErr != nil {
		t.Fatal(cliErr)
	}
}

func setUpCLI() error {
	cli, err := tfharness.FindCLI(context.Background())
	if err != nil {
		return err
	}
	path := cli.Path
	env := map[string]string{
		"TF_ACC_TERRAFORM_PATH": path,
		// The tests' own CLI configuration, an empty one: nothing from the machine's (credentials, plugin
		// caches, provider installation rules) takes part, and a TF_CLI_CONFIG_FILE naming a missing file
		// draws no warning, which OpenTofu prints on stdout where plugin-testing parses `tofu version`.
		"TF_CLI_CONFIG_FILE": os.DevNull,
		// The CLI must not call home from a test: loopback only.
		"CHECKPOINT_DISABLE": "1",
	}
	// The provider under test is served in-process and attached under an address of the CLI's registry;
	// OpenTofu resolves the configurations' "portal" on registry.opentofu.org.
	if os.Getenv(resource.EnvTfAccProviderHost) == "" {
		env[resource.EnvTfAccProviderHost] = cli.RegistryHost()
	}
	for k, v := range env {
		if err := os.Setenv(k, v); err != nil { //nolint:usetesting // process-wide, see PreCheck
			return err
		}
	}
	return nil
}
