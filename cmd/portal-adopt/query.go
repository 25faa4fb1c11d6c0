package main

import (
	"fmt"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/csportal/terraform-provider-portal/internal/tfharness"
)

// byQuery adopts everything with `terraform query -generate-config-out` and applies what it wrote as it is.
func (a *adoption) byQuery(dir string) error {
	ws, err := a.newWorkspace(dir)
	if err != nil {
		return err
	}
	defer ws.Close()
	if err := tfharness.WriteAdoptionQuery(ws, dir, a.legacy.customers, a.legacy.applications); err != nil {
		return err
	}

	a.next("terraform query -generate-config-out=%s: %s finds every shared mailbox, submailbox, grant and calendar entry of %s and every user of %d applications",
		tfharness.GeneratedConfig, filepath.Join(dir, tfharness.AdoptionQueryFile), strings.Join(adoptedCustomers, " and "), len(a.legacy.applications))
	if err := a.mock.ResetStats(a.ctx); err != nil {
		return err
	}
	if _, err := a.tf(ws, tfharness.AdoptionQueryArgs...); err != nil {
		return err
	}
	stats, err := a.mock.Stats(a.ctx)
	if err != nil {
		return err
	}
	generated, err := ws.ReadFile(tfharness.GeneratedConfig)
	if err != nil {
		return fmt.Errorf("terraform query wrote no %s: %w", tfharness.GeneratedConfig, err)
	}
	blocks := countBlocks(string(generated))
	a.note("%s: %s; the query cost %d requests", tfharness.GeneratedConfig, blocks, stats.Total)

	if err := a.applyImports(ws, blocks.total()); err != nil {
		return err
	}
	a.next("What Terraform manages now")
	return a.reportAdopted(ws, "portal_shared_mailbox", "portal_submailbox", "portal_mailbox_permission", "portal_calendar_permission",
		"portal_application_user")
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
