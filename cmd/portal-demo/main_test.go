package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/csportal/terraform-provider-portal/internal/tfharness"
)

// readmeStages returns the stage titles README.md lists for make demo: the bold start of each numbered
// item of its "Two commands" section. What follows a title may change freely; the titles are what the
// demo prints.
func readmeStages(t *testing.T) []string {
	t.Helper()
	readme, err := tfharness.RepositoryPath("README.md")
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(readme) //nolint:gosec // the repository's own README
	if err != nil {
		t.Fatal(err)
	}
	_, section, found := strings.Cut(string(b), "\n## Two commands\n")
	if !found {
		t.Fatal(`README.md has no "## Two commands" section, where make demo's stages are listed`)
	}
	section, _, _ = strings.Cut(section, "\n## ")
	var titles []string
	for i, m := range regexp.MustCompile(`(?m)^(\d+)\. \*\*([^*]+)\*\*`).FindAllStringSubmatch(section, -1) {
		if m[1] != fmt.Sprint(i+1) {
			t.Fatalf("README.md's stage %q is numbered %s, want %d", m[2], m[1], i+1)
		}
		titles = append(titles, m[2])
	}
	if len(titles) == 0 {
		t.Fatal(`README.md's "Two commands" lists no stages ("1. **Title**: ...")`)
	}
	return titles
}

// TestStagesAreTheREADMEs: the demo's stages are the ones README.md lists, in its order — checked without
// running anything, so that every go test run keeps the two together.
func TestStagesAreTheREADMEs(t *testing.T) {
	titles := make([]string, len(stages))
	for i, s := range stages {
		titles[i] = s.title
	}
	if want := readmeStages(t); !slices.Equal(titles, want) {
		t.Errorf("the demo's stages:\n  %s\nREADME.md lists:\n  %s", strings.Join(titles, "\n  "), strings.Join(want, "\n  "))
	}
}

var stageLine = regexp.MustCompile(`^\[(\d+)/(\d+)\] (.*)$`)

// TestDemoPrintsTheREADMEStages runs `make demo` with its output piped to a file, as a CI log or `make demo |
// less` would get it: no escape code anywhere — though TERM names a colour terminal — one line per stage
// README.md lists, in its order and no other, and a last line that names the log holding every command's
// whole output, which is there.
func TestDemoPrintsTheREADMEStages(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: runs make demo with the terraform CLI; set TF_ACC=1 (make test does)")
	}
	terraform, err := tfharness.FindTerraform()
	if err != nil {
		t.Fatal(err)
	}
	makeCmd, err := exec.LookPath("make")
	if err != nil {
		t.Skip("make is not on PATH: this test runs `make demo` itself")
	}
	root, err := tfharness.RepositoryPath("")
	if err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	out, err := os.Create(filepath.Join(tmp, "demo.out"))
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = out.Close() }()
	logPath := filepath.Join(tmp, "commands.log")
	var stderr bytes.Buffer
	cmd := exec.CommandContext(t.Context(), makeCmd, "--no-print-directory", "-C", root, "demo",
		"BIN_DIR="+filepath.Join(tmp, "bin"), "TERRAFORM="+terraform, "DEMO_LOG="+logPath)
	cmd.Stdout, cmd.Stderr = out, &stderr
	cmd.Env = append(withoutEnv(os.Environ(), tfharness.NoColorVariable), "TERM=xterm-256color")
	runErr := cmd.Run()
	printed, err := os.ReadFile(out.Name())
	if err != nil {
		t.Fatal(err)
	}
	if runErr != nil {
		t.Fatalf("make demo: %v\n%s%s", runErr, printed, stderr.String())
	}
	t.Logf("make demo printed:\n%s", printed)

	if where, found := tfharness.EscapeCode(printed); found {
		t.Errorf("make demo piped to a file printed an escape code: %s", where)
	}
	want := readmeStages(t)
	var got []string
	for _, line := range strings.Split(string(printed), "\n") {
		m := stageLine.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		if m[1] != fmt.Sprint(len(got)+1) || m[2] != fmt.Sprint(len(want)) {
			t.Errorf("stage line %q: want [%d/%d]", line, len(got)+1, len(want))
		}
		got = append(got, m[3])
	}
	if len(got) != len(want) {
		t.Errorf("make demo printed %d stage lines, README.md lists %d stages", len(got), len(want))
	}
	for i := range min(len(got), len(want)) {
		if !strings.HasPrefix(got[i], want[i]+" — ") {
			t.Errorf("stage %d: %q, README.md lists %q", i+1, got[i], want[i])
		}
	}
	lines := strings.Split(strings.TrimSpace(string(printed)), "\n")
	if last := lines[len(lines)-1]; !strings.Contains(last, logPath) {
		t.Errorf("the last line does not name the log %s: %q", logPath, last)
	}
	if log, err := os.ReadFile(logPath); err != nil || !bytes.Contains(log, []byte("Apply complete!")) || hasEscape(log) {
		t.Errorf("the log %s (%v) lacks the commands' output or holds escape codes:\n%s", logPath, err, tfharness.Tail(string(log), 20))
	}
}

func withoutEnv(env []string, name string) []string {
	return slices.DeleteFunc(env, func(kv string) bool { return strings.HasPrefix(kv, name+"=") })
}

func hasEscape(b []byte) bool {
	_, found := tfharness.EscapeCode(b)
	return found
}
