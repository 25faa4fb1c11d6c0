package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
)

// Files of the query path, in the workspace.
const (
	queryFile     = "adopt.tfquery.hcl"
	queryVarsFile = "query.tfvars.json"
	generatedFile = "adopted.tf"
)

// byQuery adopts everything with `terraform query -generate-config-out` and applies what it wrote as it is.
func (a *adoption) byQuery(dir string) error {
	ws, err := a.newWorkspace(dir)
	if err != nil {
		return err
	}
	defer ws.Close()
	query, err := os.ReadFile(filepath.Join(dir, queryFile)) //nolint:gosec // the project's own example
	if err != nil {
		return err
	}
	vars, err := json.Marshal(map[string]any{"customers": a.legacy.customers, "applications": a.legacy.applications})
	if err != nil {
		return err
	}
	if err := ws.WriteFile(queryFile, string(query)); err != nil {
		return err
	}
	if err := ws.WriteFile(queryVarsFile, string(vars)); err != nil {
		return err
	}

	a.next("terraform query -generate-config-out=%s: %s finds every shared mailbox, submailbox and grant of %s and every user of %d applications",
		generatedFile, filepath.Join(dir, queryFile), strings.Join(adoptedCustomers, " and "), len(a.legacy.applications))
	if err := a.mock.ResetStats(a.ctx); err != nil {
		return err
	}
	if _, err := a.tf(ws, 0, "query", "-var-file="+queryVarsFile, "-generate-config-out="+generatedFile); err != nil {
		return err
	}
	stats, err := a.mock.Stats(a.ctx)
	if err != nil {
		return err
	}
	generated, err := ws.ReadFile(generatedFile)
	if err != nil {
		return fmt.Errorf("terraform query wrote no %s: %w", generatedFile, err)
	}
	blocks := countBlocks(string(generated))
	a.note("%s: %s; the query cost %d requests", generatedFile, blocks, stats.Total)

	if err := a.applyImports(ws, blocks.total()); err != nil {
		return err
	}
	a.next("What Terraform manages now")
	return a.reportAdopted(ws, "portal_shared_mailbox", "portal_submailbox", "portal_mailbox_permission", "portal_application_user")
}

var resourceBlock = regexp.MustCompile(`(?m)^resource "(portal_[a-z_]+)" `)

// generatedBlocks counts the resource blocks of a generated configuration by type.
type generatedBlocks map[string]int

func countBlocks(config string) generatedBlocks {
	blocks := generatedBlocks{}
	for _, m := range resourceBlock.FindAllStringSubmatch(config, -1) {
		blocks[m[1]]++
	}
	return blocks
}

func (b generatedBlocks) total() int {
	n := 0
	for _, c := range b {
		n += c
	}
	return n
}

func (b generatedBlocks) String() string {
	var parts []string
	for kind, n := range b {
		parts = append(parts, fmt.Sprintf("%d %s", n, kind))
	}
	sort.Strings(parts)
	return fmt.Sprintf("%d resource blocks with their import blocks (%s)", b.total(), strings.Join(parts, ", "))
}
