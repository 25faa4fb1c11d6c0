package tfharness

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/csportal/terraform-provider-portal/internal/mockportal"
)

// The adoption of hand-made objects with `terraform query` (examples/adopt/query), which make adopt runs
// and make bench times.

// Files of an adoption by query, in its workspace.
const (
	AdoptionQueryFile = "adopt.tfquery.hcl"
	adoptionVarsFile  = "query.tfvars.json"
	GeneratedConfig   = "adopted.tf"
)

// AdoptionQueryArgs are the arguments of the `terraform query` that writes GeneratedConfig.
var AdoptionQueryArgs = []string{"query", "-var-file=" + adoptionVarsFile, "-generate-config-out=" + GeneratedConfig}

// WriteAdoptionQuery puts the list blocks of queryDir (examples/adopt/query) into ws with the variables
// that name what to adopt: customers and applications, name => ID. ws holds queryDir's *.tf already
// (NewWorkspace copies those, not the query file).
func WriteAdoptionQuery(ws *Workspace, queryDir string, customers, applications map[string]string) error {
	query, err := os.ReadFile(filepath.Join(queryDir, AdoptionQueryFile)) //nolint:gosec // the project's own example
	if err != nil {
		return err
	}
	vars, err := json.Marshal(map[string]any{"customers": customers, "applications": applications})
	if err != nil {
		return err
	}
	if err := ws.WriteFile(AdoptionQueryFile, string(query)); err != nil {
		return err
	}
	return ws.WriteFile(adoptionVarsFile, string(vars))
}

var applyCounts = regexp.MustCompile(`Resources: (\d+) imported, (\d+) added, (\d+) changed, (\d+) destroyed`)

// CheckImportedOnly checks an apply's output: it imported want objects and added, changed and destroyed
// none.
func CheckImportedOnly(output string, want int) error {
	m := applyCounts.FindStringSubmatch(output)
	if m == nil {
		return fmt.Errorf("the apply printed no \"Resources: N imported, ...\" line")
	}
	if imported, _ := strconv.Atoi(m[1]); imported != want || m[2] != "0" || m[3] != "0" || m[4] != "0" {
		return fmt.Errorf("the apply says %q, want %d imported and nothing added, changed or destroyed", m[0], want)
	}
	return nil
}

// CountWrites splits a mock's request counts into writes and reads.
func CountWrites(stats mockportal.Stats) (writes, reads int64) {
	for route, n := range stats.Requests {
		if strings.HasPrefix(route, "GET ") {
			reads += n
		} else {
			writes += n
		}
	}
	return writes, reads
}
