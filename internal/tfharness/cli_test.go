package tfharness

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fakeCLI writes an executable that prints what `version` would and returns its path. Like OpenTofu, it
// prints a warning on stdout before the version when TF_CLI_CONFIG_FILE names a missing file.
func fakeCLI(t *testing.T, versionLine string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "cli")
	script := "#!/bin/sh\n" +
		`if [ -n "$TF_CLI_CONFIG_FILE" ] && [ ! -e "$TF_CLI_CONFIG_FILE" ]; then echo "Warning: Unable to open CLI configuration file"; fi` + "\n" +
		"echo '" + versionLine + "'\necho 'on linux_amd64'\n"
	if err := os.WriteFile(path, []byte(script), 0o700); err != nil { //nolint:gosec // an executable for the test
		t.Fatal(err)
	}
	return path
}

func TestIdentifyCLI(t *testing.T) {
	t.Setenv("TF_CLI_CONFIG_FILE", filepath.Join(t.TempDir(), "missing.tfrc"))
	for _, tc := range []struct {
		line, name, version, host string
	}{
		{"Terraform v1.11.4", "Terraform", "1.11.4", TerraformRegistry},
		{"OpenTofu v1.12.6", "OpenTofu", "1.12.6", OpenTofuRegistry},
	} {
		cli, err := IdentifyCLI(t.Context(), fakeCLI(t, tc.line))
		if err != nil {
			t.Fatalf("%s: %v", tc.line, err)
		}
		if cli.Name != tc.name || cli.Version != tc.version || cli.RegistryHost() != tc.host ||
			cli.String() != tc.name+" "+tc.version {
			t.Errorf("%s: got %+v (host %s), want %s %s on %s", tc.line, cli, cli.RegistryHost(), tc.name, tc.version, tc.host)
		}
	}
	if _, err := IdentifyCLI(t.Context(), fakeCLI(t, "Vault v1.0.0")); err == nil || !strings.Contains(err.Error(), "neither Terraform nor OpenTofu") {
		t.Errorf("another program: err = %v", err)
	}
}

func TestDevOverridesConfigNamesBothRegistries(t *testing.T) {
	rc := DevOverridesConfig("/opt/portal/bin")
	for _, want := range []string{
		`"registry.terraform.io/csportal/portal" = "/opt/portal/bin"`,
		`"registry.opentofu.org/csportal/portal" = "/opt/portal/bin"`,
	} {
		if !strings.Contains(rc, want) {
			t.Errorf("the CLI configuration lacks %s:\n%s", want, rc)
		}
	}
}
