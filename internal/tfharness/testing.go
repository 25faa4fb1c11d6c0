package tfharness

import (
	"os"
	"testing"
)

// BuildForTest builds the provider and portal-mock into a temporary directory for a test that runs the
// terraform CLI itself, and returns that directory and the CLI. Such tests are acceptance tests: they
// are skipped unless TF_ACC is set, as make test sets it.
func BuildForTest(t testing.TB) (binDir, terraform string) {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: runs the terraform CLI and the built provider; set TF_ACC=1 (make test does)")
	}
	terraform, err := FindTerraform()
	if err != nil {
		t.Fatal(err)
	}
	binDir = t.TempDir()
	if err := Build(t.Context(), binDir); err != nil {
		t.Fatal(err)
	}
	return binDir, terraform
}
