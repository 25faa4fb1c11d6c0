package main

import (
	"os"
	"strings"
	"testing"

	"github.com/csportal/terraform-provider-portal/internal/mockportal"
	"github.com/csportal/terraform-provider-portal/internal/tfharness"
)

// The page holds every operation, tag and schema of the contract, and the page in docs/ is the one the
// contract renders today (make docs-check says the same, by regenerating it).
func TestRender(t *testing.T) {
	doc, err := mockportal.LoadContract()
	if err != nil {
		t.Fatal(err)
	}
	page := render(doc)
	for _, op := range operations(doc) {
		for _, want := range []string{"`" + op.method + " " + op.path + "`", `id="` + anchor(op.OperationID) + `"`} {
			if !strings.Contains(page, want) {
				t.Errorf("the page lacks %s of operation %s", want, op.OperationID)
			}
		}
	}
	for _, tag := range doc.Tags {
		if !strings.Contains(page, "\n### "+tag.Name+"\n") {
			t.Errorf("the page lacks tag %s", tag.Name)
		}
	}
	for name := range doc.Components.Schemas {
		if !strings.Contains(page, "\n### "+name+"\n") {
			t.Errorf("the page lacks schema %s", name)
		}
	}
	path, err := tfharness.RepositoryPath("docs/guides/provisioning-api.md")
	if err != nil {
		t.Fatal(err)
	}
	committed, err := os.ReadFile(path) //nolint:gosec // the repository's own docs
	if err != nil {
		t.Fatal(err)
	}
	if string(committed) != page {
		t.Errorf("%s is not what the contract renders: run make generate and commit docs/", path)
	}
}
