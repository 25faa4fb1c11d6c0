package tfharness

import (
	"bytes"
	"context"
	"fmt"
	"os/exec"
	"path/filepath"
)

// The binaries that Build makes, under these names (make build puts them in bin/).
const (
	ProviderBinary = "terraform-provider-portal"
	MockBinary     = "portal-mock"
)

const modulePath = "github.com/csportal/terraform-provider-portal"

// Build compiles the provider and portal-mock into dir, for tests that must run them as separate
// processes: Terraform talking to a provider binary over gRPC, signals, real process exits. It uses the go
// command on PATH, whose build cache makes a second build in the same run cheap.
func Build(ctx context.Context, dir string) error {
	for binary, pkg := range map[string]string{ProviderBinary: modulePath, MockBinary: modulePath + "/cmd/portal-mock"} {
		var out bytes.Buffer
		cmd := exec.CommandContext(ctx, "go", "build", "-o", filepath.Join(dir, binary), pkg)
		cmd.Stdout, cmd.Stderr = &out, &out
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("go build %s: %w\n%s", pkg, err, out.String())
		}
	}
	return nil
}
