package main

import (
	"fmt"
	"path/filepath"
	"strings"
)

// snapshotVars is the file the snapshot's output becomes: the adopting configuration's variables.
const snapshotVars = "adoption.auto.tfvars.json"

// byForEach adopts the customers' shared mailboxes and grants with the recipe for CLIs without `terraform
// query`: a snapshot of the portal (data sources) turned into variables, and import blocks with for_each.
func (a *adoption) byForEach(dir string) error {
	a.next("%s has no `terraform query` (Terraform 1.14 or later has): adopting the shared mailboxes and grants with the for_each recipe of %s; "+
		"submailboxes, calendar entries and application users need `terraform query`, or an import block each", a.cli, dir)
	snapshot, err := a.newWorkspace(filepath.Join(dir, "snapshot"))
	if err != nil {
		return err
	}
	defer snapshot.Close()
	customers := make([]string, 0, len(adoptedCustomers))
	for _, name := range adoptedCustomers {
		customers = append(customers, fmt.Sprintf("%q", name))
	}
	if _, err := a.tf(snapshot, "apply", "-auto-approve", "-var", "customers=["+strings.Join(customers, ",")+"]"); err != nil {
		return err
	}
	vars, err := snapshot.OutputJSON(a.ctx, "adoption")
	if err != nil {
		return err
	}
	ws, err := a.newWorkspace(dir)
	if err != nil {
		return err
	}
	defer ws.Close()
	if err := ws.WriteFile(snapshotVars, string(vars)); err != nil {
		return err
	}
	a.note("terraform apply of the snapshot, then terraform output -json adoption > %s", snapshotVars)

	if err := a.applyImports(ws, a.legacy.mailboxes+a.legacy.grants); err != nil {
		return err
	}
	a.next("What Terraform manages now")
	return a.reportAdopted(ws, "portal_shared_mailbox", "portal_mailbox_permission")
}
