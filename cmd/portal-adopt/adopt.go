package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/csportal/terraform-provider-portal/internal/tfharness"
)

// adoption is one run of make adopt: the mock portal, the CLI and where its output goes.
type adoption struct {
	ctx     context.Context
	console *tfharness.Console // the stage lines
	cli     tfharness.CLI      // the CLI that runs every command
	binDir  string
	mock    *tfharness.Mock
	legacy  legacyPortal
	// log keeps every terraform command's whole output, shown only when one fails: an import of a hundred
	// objects prints thousands of lines, and the stages print the lines that say what happened.
	log bytes.Buffer
}

func run(ctx context.Context, out io.Writer, binDir, examples string) error {
	cli, err := tfharness.FindCLI(ctx)
	if err != nil {
		return err
	}
	a := &adoption{ctx: ctx, console: tfharness.ConsoleFor(out, 7), binDir: binDir, cli: cli}
	query := tfharness.SupportsQuery(ctx, cli.Path)

	a.next("Starting a mock portal full of hand-made objects (portal-mock --legacy-portal default)")
	a.mock, err = tfharness.StartMock(ctx, filepath.Join(binDir, tfharness.MockBinary), nil, "--legacy-portal", "default")
	if err != nil {
		return err
	}
	defer func() { _ = a.mock.Stop() }()
	if a.legacy, err = surveyLegacyPortal(ctx, a.mock); err != nil {
		return err
	}
	a.note("%s: %s", a.mock.URL, a.legacy)

	if query {
		a.note("%s has `terraform query`: the list blocks find everything, and the configuration is generated", cli)
		err = a.byQuery(filepath.Join(examples, "query"))
	} else {
		err = a.byForEach(filepath.Join(examples, "for-each"))
	}
	if err != nil {
		return err
	}
	a.next("Stopping the mock portal")
	return a.mock.Stop()
}

func (a *adoption) next(format string, args ...any) { a.console.Stage(format, args...) }

func (a *adoption) note(format string, args ...any) { a.console.Note(format, args...) }

// tf runs terraform in ws and fails, with its output, unless it succeeds (with -detailed-exitcode: finds
// nothing to change). It returns the output.
func (a *adoption) tf(ws *tfharness.Workspace, args ...string) (string, error) {
	var buf bytes.Buffer
	code, err := ws.Run(a.ctx, &buf, append(append([]string{args[0]}, tfharness.Unattended(args[0])...), args[1:]...)...)
	fmt.Fprintf(&a.log, "$ terraform %s\n%s\n", strings.Join(args, " "), buf.String())
	if err == nil && a.ctx.Err() != nil {
		err = a.ctx.Err()
	}
	if err == nil && code != 0 {
		err = fmt.Errorf("terraform %s exited %d, want 0:\n%s", strings.Join(args, " "), code, tfharness.Tail(buf.String(), 60))
	}
	return buf.String(), err
}

var summaryLine = regexp.MustCompile(`(?m)^(Plan: .*|Apply complete! .*|No changes\..*)$`)

// summary is the line of terraform's output that counts what it did or would do.
func summary(output string) string {
	if m := summaryLine.FindAllString(output, -1); len(m) > 0 {
		return m[len(m)-1]
	}
	return "(no summary line)"
}

// applyImports applies the imports in ws and checks that they imported want objects and changed nothing,
// neither in the state nor in the portal (no request that writes).
func (a *adoption) applyImports(ws *tfharness.Workspace, want int) error {
	a.next("terraform plan: every object is to be imported, none to be added, changed or destroyed")
	out, err := a.tf(ws, "plan")
	if err != nil {
		return err
	}
	a.note("%s", summary(out))
	if wantPlan := fmt.Sprintf("Plan: %d to import, 0 to add, 0 to change, 0 to destroy.", want); summary(out) != wantPlan {
		return fmt.Errorf("the plan says %q, want %q", summary(out), wantPlan)
	}

	a.next("terraform apply: the imports, and nothing else")
	if err := a.mock.ResetStats(a.ctx); err != nil {
		return err
	}
	if out, err = a.tf(ws, "apply", "-auto-approve"); err != nil {
		return err
	}
	a.note("%s", summary(out))
	if err := tfharness.CheckImportedOnly(out, want); err != nil {
		return err
	}
	stats, err := a.mock.Stats(a.ctx)
	if err != nil {
		return err
	}
	writes, reads := tfharness.CountWrites(stats)
	if writes != 0 {
		return fmt.Errorf("the import wrote to the portal %d times: %v", writes, stats.Requests)
	}
	a.note("the portal saw %d reads and no write", reads)

	a.next("terraform plan -detailed-exitcode: the configuration describes the portal exactly")
	if out, err = a.tf(ws, "plan", "-detailed-exitcode"); err != nil {
		return err
	}
	a.note("exit code 0: %s", summary(out))
	return nil
}

// reportAdopted counts what the state now manages, by kind, against what the portal holds.
func (a *adoption) reportAdopted(ws *tfharness.Workspace, kinds ...string) error {
	resources, err := ws.ShowState(a.ctx)
	if err != nil {
		return err
	}
	managed := map[string]int{}
	for _, r := range resources {
		managed[r.Type]++
	}
	var parts []string
	var errs []error
	for _, kind := range kinds {
		parts = append(parts, fmt.Sprintf("%d %s", managed[kind], a.legacy.noun(kind)))
		if managed[kind] != a.legacy.count(kind) {
			errs = append(errs, fmt.Errorf("%d %s adopted, the portal holds %d", managed[kind], a.legacy.noun(kind), a.legacy.count(kind)))
		}
	}
	a.note("adopted %s; left alone %d users who are no shared mailbox", strings.Join(parts, ", "), a.legacy.notShared)
	return errors.Join(errs...)
}

// newWorkspace is a Terraform working directory for the configuration in dir, against the mock.
func (a *adoption) newWorkspace(dir string) (*tfharness.Workspace, error) {
	if _, err := os.Stat(dir); err != nil {
		return nil, fmt.Errorf("the adoption example: %w (run make adopt from the repository's root)", err)
	}
	return tfharness.NewWorkspace(a.cli.Path, a.binDir, dir, a.mock)
}
