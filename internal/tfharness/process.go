package tfharness

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// NoColor is Terraform's flag for output without colour codes, for output that is parsed or logged.
const NoColor = "-no-color" //nolint:misspell // Terraform's spelling

// Unattended are the flags of a command that no person answers: no prompt, no colour codes. `terraform
// query` never prompts and refuses -input.
func Unattended(command string) []string {
	if command == "query" {
		return []string{NoColor}
	}
	return []string{"-input=false", NoColor}
}

// Start starts terraform with args in the working directory without waiting for it, for a caller that
// must act while it runs (send it a signal, watch the portal). The caller waits with cmd.Wait. It runs in
// its own process group, as an interactive terraform would, so that a signal reaches it and not the
// caller's group.
func (w *Workspace) Start(out io.Writer, args ...string) (*exec.Cmd, error) {
	cmd := exec.Command(w.terraform, args...) //nolint:noctx // the caller ends it with a signal of its choice
	cmd.Dir = w.Dir
	cmd.Env = w.env
	cmd.Stdout = out
	cmd.Stderr = out
	cmd.SysProcAttr = newProcessGroup()
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting terraform %s: %w", strings.Join(args, " "), err)
	}
	return cmd, nil
}

// StateResource is one resource instance of `terraform show -json`.
type StateResource struct {
	Address string         `json:"address"`
	Type    string         `json:"type"`
	Mode    string         `json:"mode"`
	Tainted bool           `json:"tainted"`
	Values  map[string]any `json:"values"`
}

// ID returns the instance's id attribute, "" when it has none.
func (r StateResource) ID() string {
	id, _ := r.Values["id"].(string)
	return id
}

// ShowState returns the managed resources of the state (`terraform show -json`), root module only.
func (w *Workspace) ShowState(ctx context.Context) ([]StateResource, error) {
	var doc struct {
		Values *struct {
			RootModule struct {
				Resources []StateResource `json:"resources"`
			} `json:"root_module"`
		} `json:"values"`
	}
	if err := w.showJSON(ctx, &doc); err != nil {
		return nil, err
	}
	if doc.Values == nil {
		return nil, nil // no state yet, or an empty one
	}
	var out []StateResource
	for _, r := range doc.Values.RootModule.Resources {
		if r.Mode == "managed" {
			out = append(out, r)
		}
	}
	return out, nil
}

// ShowJSON returns the raw `terraform show -json [file]` document: the state, or a saved plan.
func (w *Workspace) ShowJSON(ctx context.Context, file ...string) ([]byte, error) {
	args := append([]string{"show", "-json"}, file...)
	cmd := exec.CommandContext(ctx, w.terraform, args...)
	cmd.Dir = w.Dir
	cmd.Env = w.env
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("terraform %s: %w: %s", strings.Join(args, " "), err, stderr.String())
	}
	return out, nil
}

func (w *Workspace) showJSON(ctx context.Context, out any) error {
	data, err := w.ShowJSON(ctx)
	if err != nil {
		return err
	}
	return json.Unmarshal(data, out)
}

// ReadFile returns a file of the working directory, such as terraform.tfstate.
func (w *Workspace) ReadFile(name string) ([]byte, error) {
	return os.ReadFile(filepath.Join(w.Dir, name))
}
