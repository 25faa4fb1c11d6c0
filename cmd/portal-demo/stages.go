package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/csportal/terraform-provider-portal/internal/mockportal"
	"github.com/csportal/terraform-provider-portal/internal/tfharness"
)

// stage is one step of the demo: the title README.md lists (in bold) and what it does.
type stage struct {
	title string
	run   func(*demo) error
}

// stages are the demo's steps in order. README.md's "Two commands" lists the same titles in the same order,
// and TestDemoPrintsTheREADMEStages holds the two together: a stage added here is added there.
var stages = []stage{
	{"Start the mock portal", (*demo).startMock},
	{"Apply the complete example", (*demo).applyExample},
	{"Plan: no changes", (*demo).planEmpty},
	{"Change the portal by hand", (*demo).changeByHand},
	{"Plan: the drift is caught", (*demo).planDrift},
	{"Apply the saved plan: the drift is repaired", (*demo).applyDrift},
	{"Plan: no changes again", (*demo).planEmpty},
	{"Destroy: refused by deletion protection", (*demo).destroyRefused},
	{"Turn deletion protection off", (*demo).unprotect},
	{"Destroy everything", (*demo).destroy},
	{"Stop the mock portal", (*demo).stopMock},
}

// The demo fixtures' customer and the delegate the operator removes from support@ and grants by hand on
// billing@; examples/complete delegates to alice and bob by these usernames, and lists only alice on billing@.
const (
	customerName    = "Acme"
	removedDelegate = "bob"
)

// driftPlan is the saved plan of the drift, applied as it was shown.
const driftPlan = "drift.tfplan"

// demo is one run: where it prints, where its log goes, and what it has started.
type demo struct {
	ctx      context.Context
	console  *tfharness.Console
	log      io.Writer
	cli      tfharness.CLI
	cmd      string // the CLI as the user types it: terraform, or tofu
	binDir   string
	example  string
	mockArgs []string
	mock     *tfharness.Mock
	ws       *tfharness.Workspace
	op       *operator
	title    string // of the stage under way
}

// stage prints the line of the stage under way: its title and what it runs.
func (d *demo) stage(detail string, args ...any) {
	d.console.Stage("%s — %s", d.title, fmt.Sprintf(detail, args...))
}

func (d *demo) note(format string, args ...any) { d.console.Note(format, args...) }

// cleanUp stops the mock and removes the working directory, whatever happened.
func (d *demo) cleanUp() {
	if d.ws != nil {
		d.ws.Close()
	}
	if d.mock != nil {
		_ = d.mock.Stop()
	}
}

// tf runs the CLI in the workspace, without colour codes, its whole output to the log and its key lines
// to the console; it fails unless the CLI exits with want. It returns the output.
func (d *demo) tf(want int, args ...string) (string, error) {
	// Options go before a saved plan file, which must come last.
	args = append(append([]string{args[0]}, tfharness.Unattended(args[0])...), args[1:]...)
	var out bytes.Buffer
	code, err := d.ws.Run(d.ctx, &out, args...)
	_, _ = fmt.Fprintf(d.log, "\n$ %s %s   (exit code %d)\n%s", d.cmd, strings.Join(args, " "), code, out.String())
	if err == nil && d.ctx.Err() != nil {
		err = d.ctx.Err()
	}
	if err != nil {
		return "", err
	}
	// A plan's resources are what it is about; an apply's or a destroy's are in its counts.
	if args[0] == "plan" {
		d.console.Lines(tfharness.KeyLines(out.String()))
	} else {
		d.console.Lines(tfharness.CountLines(out.String()))
	}
	if code != want {
		return "", fmt.Errorf("%s %s (%s) exited %d, want %d:\n%s", d.cmd, args[0], d.cli, code, want, tfharness.Tail(out.String(), 40))
	}
	return out.String(), nil
}

func (d *demo) startMock() error {
	d.stage("portal-mock on a free loopback port, and a throw-away working directory holding %s", d.example)
	var err error
	if d.mock, err = tfharness.StartMock(d.ctx, filepath.Join(d.binDir, tfharness.MockBinary), d.log, d.mockArgs...); err != nil {
		return err
	}
	d.note("%s: customer %s with users alice, bob and admin; applications b2b-gateway and archiver", d.mock.URL, customerName)
	if d.ws, err = tfharness.NewWorkspace(d.cli.Path, d.binDir, d.example, d.mock); err != nil {
		return err
	}
	password, err := randomPassword()
	if err != nil {
		return err
	}
	d.ws.SetEnv("TF_VAR_gateway_password", password)
	// Terraform runs as a reseller's pipeline would: with the token of Northwind Hosting's administrator,
	// which reaches Acme below it, not with the mock's master token (which reaches the whole portal).
	if err := d.ws.ActAs(d.ctx, d.mock, mockportal.DemoIDs.ResellerAdmin); err != nil {
		return err
	}
	d.note("Terraform acts as nadia, administrator of the reseller Northwind Hosting (a token from POST /_mock/tokens)")
	return nil
}

func (d *demo) applyExample() error {
	d.stage("%s apply: support@ with aliases, forwarding to the ticket system and copies of sent items kept, alice "+
		"and bob as delegates, the b2b-gateway's user, the Orders and Orders/2026 submailboxes; billing@ with alice "+
		"alone on its access list, and its calendar edited by bob as its delegate and reviewed by alice", d.cmd)
	_, err := d.tf(0, "apply", "-auto-approve")
	return err
}

func (d *demo) planEmpty() error {
	d.stage("%s plan -detailed-exitcode", d.cmd)
	if _, err := d.tf(0, "plan", "-detailed-exitcode"); err != nil {
		return err
	}
	d.note("exit code 0: the portal matches the configuration")
	return nil
}

func (d *demo) changeByHand() error {
	d.stage("an operator re-enables support@'s login, removes %s's permission on it, stops keeping copies of what is "+
		"sent as support@, grants %s access to billing@, and gives a new colleague, %s, an entry on billing@'s calendar",
		removedDelegate, removedDelegate, calendarNewcomer)
	var err error
	if d.op, err = newOperator(d.ctx, d.ws, d.mock, d.note); err != nil {
		return err
	}
	return d.op.driftMailbox(d.ctx)
}

func (d *demo) planDrift() error {
	d.stage("%s plan -detailed-exitcode -out=%s", d.cmd, driftPlan)
	if _, err := d.tf(2, "plan", "-detailed-exitcode", "-out="+driftPlan); err != nil {
		return err
	}
	d.note("exit code 2: %s sees every change made by hand; the plan is saved as %s", d.cli.Name, driftPlan)
	return nil
}

func (d *demo) applyDrift() error {
	d.stage("%s apply %s", d.cmd, driftPlan)
	if _, err := d.tf(0, "apply", driftPlan); err != nil {
		return err
	}
	return d.op.reportMailbox(d.ctx)
}

func (d *demo) destroyRefused() error {
	d.stage("%s destroy: deleting a mailbox or submailbox deletes its mail, and deletion_protection is on", d.cmd)
	protected, err := d.protectedIDs()
	if err != nil {
		return err
	}
	out, err := d.tf(1, "destroy", "-auto-approve")
	if err != nil {
		return err
	}
	var missing []string
	refusals := tfharness.Errors(out)
	for _, id := range protected {
		if !strings.Contains(refusals, id) {
			missing = append(missing, id)
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("the refused destroy named %d of the %d protected objects; not %s",
			len(protected)-len(missing), len(protected), strings.Join(missing, ", "))
	}
	d.note("exit code 1: refused at plan time, naming all %d protected objects", len(protected))
	return d.op.reportMailboxKept(d.ctx)
}

// protectedIDs are the IDs of the resources in the state whose deletion_protection is true.
func (d *demo) protectedIDs() ([]string, error) {
	resources, err := d.ws.ShowState(d.ctx)
	if err != nil {
		return nil, err
	}
	var ids []string
	for _, r := range resources {
		if on, _ := r.Values["deletion_protection"].(bool); on {
			ids = append(ids, r.ID())
		}
	}
	if len(ids) != protectedObjects {
		return nil, fmt.Errorf("the state holds %d protected objects, want %d", len(ids), protectedObjects)
	}
	return ids, nil
}

// protectedObjects is how many resources of examples/complete are protected from deletion: the support@
// mailbox and its two submailboxes, and the billing@ mailbox.
const protectedObjects = 4

func (d *demo) unprotect() error {
	d.stage("deletion_protection = false in the configuration, and %s apply: only Terraform's state changes, the portal is not even asked", d.cmd)
	const on, off = "deletion_protection = true", "deletion_protection = false"
	config, err := d.ws.ReadFile("main.tf")
	if err != nil {
		return err
	}
	if n := strings.Count(string(config), on); n != protectedObjects {
		return fmt.Errorf("main.tf says %q %d times, want %d (the mailboxes and the submailboxes)", on, n, protectedObjects)
	}
	if err := d.ws.WriteFile("main.tf", strings.ReplaceAll(string(config), on, off)); err != nil {
		return err
	}
	d.note("main.tf: %s -> %s (%d resources)", on, off, protectedObjects)
	_, err = d.tf(0, "apply", "-auto-approve")
	return err
}

func (d *demo) destroy() error {
	d.stage("%s destroy", d.cmd)
	_, err := d.tf(0, "destroy", "-auto-approve")
	return err
}

func (d *demo) stopMock() error {
	d.stage("portal-mock stops; the working directory with its state is removed")
	return d.mock.Stop()
}

// randomPassword is the gateway's application-user password: fresh per run, never printed.
func randomPassword() (string, error) {
	b := make([]byte, 12)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return hex.EncodeToString(b), nil
}
