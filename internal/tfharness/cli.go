package tfharness

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"strings"
)

// CLI names a Terraform-family command-line program: Terraform or OpenTofu, which run the same
// configurations and the same provider protocol.
type CLI struct {
	// Path is the executable.
	Path string
	// Name is "Terraform" or "OpenTofu", as the CLI calls itself.
	Name string
	// Version is its version without the "v", such as "1.15.9".
	Version string
}

// OpenTofu is CLI.Name of OpenTofu.
const OpenTofu = "OpenTofu"

// IsOpenTofu reports whether the CLI is OpenTofu.
func (c CLI) IsOpenTofu() bool { return c.Name == OpenTofu }

// String is how a message names the CLI: "OpenTofu 1.12.6".
func (c CLI) String() string { return c.Name + " " + c.Version }

// RegistryHost is the host the CLI resolves a source address without one on, such as csportal/portal.
func (c CLI) RegistryHost() string {
	if c.IsOpenTofu() {
		return OpenTofuRegistry
	}
	return TerraformRegistry
}

var versionLine = regexp.MustCompile(`^(Terraform|OpenTofu) v(\S+)`)

// IdentifyCLI runs `version` of the CLI at path and says which CLI and version it is. It gives the CLI an
// empty configuration (os.DevNull): with TF_CLI_CONFIG_FILE naming a missing file, Terraform warns on
// stderr but OpenTofu on stdout, before the version, where the warning would be taken for it.
func IdentifyCLI(ctx context.Context, path string) (CLI, error) {
	out, err := bareCommand(ctx, path, "version").Output()
	if err != nil {
		return CLI{}, fmt.Errorf("%s version: %w", path, err)
	}
	first, _, _ := strings.Cut(string(out), "\n")
	m := versionLine.FindStringSubmatch(strings.TrimSpace(first))
	if m == nil {
		return CLI{}, fmt.Errorf("%s version printed %q, which is neither Terraform nor OpenTofu", path, first)
	}
	return CLI{Path: path, Name: m[1], Version: m[2]}, nil
}

// bareCommand runs the CLI outside any workspace, with an empty configuration and no call home: to ask
// the CLI about itself.
func bareCommand(ctx context.Context, path string, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, path, args...)
	cmd.Env = append(os.Environ(), "TF_CLI_CONFIG_FILE="+os.DevNull, "CHECKPOINT_DISABLE=1")
	return cmd
}

// SupportsQuery reports whether the CLI has `terraform query` (Terraform 1.14 or later; OpenTofu has none
// yet): it asks the command for its help, which a CLI without it refuses.
func SupportsQuery(ctx context.Context, terraform string) bool {
	return bareCommand(ctx, terraform, "query", "-help").Run() == nil
}
