package tfharness

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// TerraformVersion is the Terraform CLI the project is tested with.
const TerraformVersion = "1.11.4"

// terraformStopGrace is how long an interrupted terraform gets to finish before it is killed.
const terraformStopGrace = 30 * time.Second

// FindTerraform returns the path of the terraform binary, or an error that says which version to install.
func FindTerraform() (string, error) {
	if p := os.Getenv("TF_ACC_TERRAFORM_PATH"); p != "" {
		return p, nil
	}
	p, err := exec.LookPath("terraform")
	if err != nil {
		return "", fmt.Errorf("terraform CLI %s is required but is not on PATH (expected /usr/local/bin/terraform)", TerraformVersion)
	}
	return p, nil
}

// Workspace is a Terraform working directory wired to a mock portal and the locally built provider.
type Workspace struct {
	Dir       string
	terraform string
	env       []string
	binDir    string // the portal provider's
}

// NewWorkspace creates a temporary working directory holding the *.tf files of configDir (none when
// configDir is ""), a CLI configuration whose dev_overrides point the portal provider at providerBinDir, and
// the environment that points the provider at the mock.
func NewWorkspace(terraform, providerBinDir, configDir string, mock *Mock) (*Workspace, error) {
	dir, err := os.MkdirTemp("", "portal-tf-")
	if err != nil {
		return nil, err
	}
	w := &Workspace{Dir: dir, terraform: terraform}
	if configDir != "" {
		if err := copyTerraformFiles(configDir, dir); err != nil {
			w.Close()
			return nil, err
		}
	}
	binDir, err := filepath.Abs(providerBinDir)
	if err != nil {
		w.Close()
		return nil, err
	}
	w.binDir = binDir
	cliConfig := filepath.Join(dir, cliConfigFile)
	if err := os.WriteFile(cliConfig, []byte(DevOverridesConfig(binDir)), 0o600); err != nil {
		w.Close()
		return nil, err
	}
	w.env = append(os.Environ(),
		"TF_CLI_CONFIG_FILE="+cliConfig,
		"PORTAL_ENDPOINT="+mock.URL,
		"PORTAL_API_TOKEN="+mock.AdminToken,
		"CHECKPOINT_DISABLE=1",
		"TF_IN_AUTOMATION=1",
		"TF_INPUT=0",
	)
	return w, nil
}

// cliConfigFile is the workspace's CLI configuration, in its directory.
const cliConfigFile = ".terraformrc"

// AlsoOverride makes the workspace take more providers from directories, beside the portal provider.
func (w *Workspace) AlsoOverride(others ...ProviderOverride) error {
	return w.WriteFile(cliConfigFile, DevOverridesConfig(w.binDir, others...))
}

// WriteFile writes a configuration file into the working directory.
func (w *Workspace) WriteFile(name, content string) error {
	return os.WriteFile(filepath.Join(w.Dir, name), []byte(content), 0o600)
}

// SetEnv adds or overrides an environment variable of every later Terraform run.
func (w *Workspace) SetEnv(key, value string) { w.env = append(w.env, key+"="+value) }

// ActAs makes every later Terraform run authenticate as a principal of the mock (a token it issues, such as
// a reseller's administrator's) instead of with the mock's master token.
func (w *Workspace) ActAs(ctx context.Context, mock *Mock, principalID string) error {
	token, err := mock.IssueToken(ctx, principalID)
	if err != nil {
		return fmt.Errorf("a token for %s: %w", principalID, err)
	}
	w.SetEnv("PORTAL_API_TOKEN", token)
	return nil
}

// Run runs terraform with args in the working directory, streaming its output to out, and returns its exit
// code. Only failures to run at all are errors: a non-zero exit code is the caller's to judge.
func (w *Workspace) Run(ctx context.Context, out io.Writer, args ...string) (int, error) {
	cmd := exec.CommandContext(ctx, w.terraform, args...)
	cmd.Dir = w.Dir
	cmd.Env = w.env
	cmd.Stdout = out
	cmd.Stderr = out
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
	// Terraform stops gracefully on an interrupt; one that hangs is killed so that cleanup can go on.
	cmd.WaitDelay = terraformStopGrace
	err := cmd.Run()
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		return exit.ExitCode(), nil
	}
	if err != nil {
		return -1, fmt.Errorf("running terraform %s: %w", strings.Join(args, " "), err)
	}
	return 0, nil
}

// Close removes the working directory.
func (w *Workspace) Close() { _ = os.RemoveAll(w.Dir) }

func copyTerraformFiles(from, to string) error {
	files, err := filepath.Glob(filepath.Join(from, "*.tf"))
	if err != nil {
		return err
	}
	if len(files) == 0 {
		return fmt.Errorf("no *.tf files in %s", from)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(to, filepath.Base(f)), b, 0o600); err != nil {
			return err
		}
	}
	return nil
}

// Output returns the raw value of a root module output.
func (w *Workspace) Output(ctx context.Context, name string) (string, error) {
	out, err := w.output(ctx, "-raw", name)
	return strings.TrimSpace(string(out)), err
}

// OutputJSON returns a root module output as `terraform output -json NAME` prints it: its value as JSON.
func (w *Workspace) OutputJSON(ctx context.Context, name string) ([]byte, error) {
	return w.output(ctx, "-json", name)
}

func (w *Workspace) output(ctx context.Context, format, name string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, w.terraform, "output", format, name)
	cmd.Dir = w.Dir
	cmd.Env = w.env
	out, err := cmd.Output() // stdout only: warnings on stderr must not pollute the value
	if err != nil {
		return nil, fmt.Errorf("terraform output %s %s: %w", format, name, err)
	}
	return out, nil
}
