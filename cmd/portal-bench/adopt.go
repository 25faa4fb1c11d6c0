package main

import (
	"context"
	"fmt"
	"path/filepath"

	"github.com/csportal/terraform-provider-portal/internal/mockportal"
	"github.com/csportal/terraform-provider-portal/internal/tfharness"
)

// adoptResults are the adoption of N hand-made objects with `terraform query` (examples/adopt/query): the
// query that generates their configuration, the apply that imports them, and the refresh of what was
// adopted, each timed with its portal requests.
type adoptResults struct {
	// Skipped says why nothing was measured (no CLI with `terraform query`); empty when measured.
	Skipped string
	// CLI is the Terraform that ran the adoption: 1.14 or later.
	CLI string
	// Size is the legacy portal: N objects in all.
	Size                   mockportal.LegacyPortal
	Query, Import, Refresh []timed
}

// objects counts a legacy portal's objects: its mailboxes, their submailboxes, grants, application users and
// calendar entries.
func objects(s mockportal.LegacyPortal) int {
	return s.SharedMailboxes + 2*s.SubmailboxTrees + s.Grants + s.ApplicationUsers + s.CalendarEntries
}

// legacySize is a legacy portal of the benchmark's N objects, in the benchmark's proportions: N/4 shared
// mailboxes (one in five of them with a tree of two submailboxes), N/4 application users, and grants for
// the rest.
func legacySize(sh shape) mockportal.LegacyPortal {
	trees := sh.Mailboxes / 5
	return mockportal.LegacyPortal{SharedMailboxes: sh.Mailboxes, SubmailboxTrees: trees,
		Grants: sh.Permissions - 2*trees, ApplicationUsers: sh.AppUsers}
}

// queryCLI is the CLI that adopts: the benchmark's own when it has `terraform query`, else the matrix's
// Terraform when it has.
func queryCLI(ctx context.Context, terraform string) (string, error) {
	if tfharness.SupportsQuery(ctx, terraform) {
		return terraform, nil
	}
	matrix, err := tfharness.MatrixPath(ctx, "terraform")
	if err != nil {
		return "", err
	}
	if !tfharness.SupportsQuery(ctx, matrix) {
		return "", fmt.Errorf("neither %s nor the matrix's %s has `terraform query`", terraform, matrix)
	}
	return matrix, nil
}

// adoption measures the adoption of a legacy portal of N objects against a portal-mock of its own.
func (b *benchmark) adoption(ctx context.Context) error {
	res := &b.res.Adopt
	res.Size = legacySize(b.sh)
	terraform, err := queryCLI(ctx, b.o.Terraform)
	if err != nil {
		res.Skipped = fmt.Sprintf("not measured: it needs Terraform 1.14 or later (%v)", err)
		b.logf("adoption: %s", res.Skipped)
		return nil
	}
	cli, err := tfharness.IdentifyCLI(ctx, terraform)
	if err != nil {
		return err
	}
	res.CLI = cli.String()
	size := fmt.Sprintf("%d,%d,%d,%d", res.Size.SharedMailboxes, res.Size.SubmailboxTrees, res.Size.Grants, res.Size.ApplicationUsers)
	mock, err := tfharness.StartMock(ctx, filepath.Join(b.o.BinDir, tfharness.MockBinary), nil, "--legacy-portal", size)
	if err != nil {
		return err
	}
	defer func() { _ = mock.Stop() }()
	queryDir, err := tfharness.RepositoryPath(filepath.Join("examples", "adopt", "query"))
	if err != nil {
		return err
	}
	b.logf("adoption with %s: portal-mock --legacy-portal %s (%d hand-made objects) at %s", res.CLI, size, objects(res.Size), mock.URL)

	// Each run adopts into a fresh workspace; the last one's adopted state is what the refreshes plan.
	var ws *tfharness.Workspace
	defer func() {
		if ws != nil {
			ws.Close()
		}
	}()
	for i := 1; i <= b.o.Runs; i++ {
		if ws != nil {
			ws.Close()
		}
		if ws, err = b.workspace(ctx, terraform, queryDir, mock); err != nil {
			return err
		}
		if err := tfharness.WriteAdoptionQuery(ws, queryDir,
			map[string]string{"acme": mockportal.DemoIDs.Acme, "stark": mockportal.LegacyCustomerStark},
			map[string]string{"b2b-gateway": mockportal.DemoIDs.B2BGateway, "archiver": mockportal.DemoIDs.Archiver}); err != nil {
			return err
		}
		query, _, err := b.timedRun(ctx, mock, ws, fmt.Sprintf("adoption: query %d/%d", i, b.o.Runs), tfharness.AdoptionQueryArgs...)
		if err != nil {
			return err
		}
		imports, out, err := b.timedRun(ctx, mock, ws, fmt.Sprintf("adoption: apply the imports %d/%d", i, b.o.Runs), "apply", "-auto-approve")
		if err != nil {
			return err
		}
		if err := tfharness.CheckImportedOnly(out, objects(res.Size)); err != nil {
			return err
		}
		if writes, _ := tfharness.CountWrites(imports.Stats); writes != 0 {
			return fmt.Errorf("adoption: the imports wrote to the portal %d times: %v", writes, imports.Stats.Requests)
		}
		res.Query, res.Import = append(res.Query, query), append(res.Import, imports)
	}
	for i := 1; i <= b.o.Runs; i++ {
		refresh, _, err := b.timedRun(ctx, mock, ws, fmt.Sprintf("adoption: refresh of the adopted objects %d/%d", i, b.o.Runs),
			"plan", "-detailed-exitcode")
		if err != nil {
			return err
		}
		res.Refresh = append(res.Refresh, refresh)
	}
	return nil
}
