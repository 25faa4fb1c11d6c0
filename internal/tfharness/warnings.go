package tfharness

import (
	"bytes"
	"io"
	"regexp"
	"strings"
)

// Lines of the block that `terraform -compact-warnings` prints, and the one warning it may hide.
const (
	warningsHeading    = "Warnings:"
	devOverridesItem   = "- Provider development overrides are in effect"
	maxWarningsBlockLn = 64 // a "block" longer than this is not one: pass it through
)

var (
	ansiEscape = regexp.MustCompile(`\x1b\[[0-9;]*m`)
	// The block's last line names the CLI: "run Terraform without" or "run OpenTofu without".
	warningsFooter = regexp.MustCompile(`^To see the full warning notes, run \S+ without -compact-warnings\.$`)
)

// DevOverridesFilter passes terraform's output through, except a compact warnings block whose only item is
// the dev_overrides warning (every run through a Workspace draws it). Any other warning in the block keeps
// the whole block. Run terraform with -compact-warnings for it to work.
type DevOverridesFilter struct {
	out     io.Writer
	partial []byte   // an unfinished line
	block   []string // lines of a warnings block being read; nil outside one
	// skipBlank drops the blank line after a dropped block, so that no gap is left where it was.
	skipBlank bool
}

// NewDevOverridesFilter writes what it lets through to out. Call Flush when terraform has exited.
func NewDevOverridesFilter(out io.Writer) *DevOverridesFilter { return &DevOverridesFilter{out: out} }

func (f *DevOverridesFilter) Write(p []byte) (int, error) {
	f.partial = append(f.partial, p...)
	for {
		i := bytes.IndexByte(f.partial, '\n')
		if i < 0 {
			return len(p), nil
		}
		line := string(f.partial[:i+1])
		f.partial = f.partial[i+1:]
		f.line(line)
	}
}

func (f *DevOverridesFilter) line(line string) {
	plain := strings.TrimSpace(ansiEscape.ReplaceAllString(line, ""))
	if f.block == nil {
		switch {
		case plain == warningsHeading:
			f.block = []string{line}
		case plain == "" && f.skipBlank:
			f.skipBlank = false
		default:
			f.skipBlank = false
			f.emit(line)
		}
		return
	}
	f.block = append(f.block, line)
	switch {
	case warningsFooter.MatchString(plain):
		if onlyDevOverrides(f.block) {
			f.skipBlank = true
		} else {
			f.emit(f.block...)
		}
		f.block = nil
	case len(f.block) > maxWarningsBlockLn:
		f.emit(f.block...)
		f.block = nil
	}
}

// onlyDevOverrides reports whether the warnings block lists the dev_overrides warning and nothing else.
func onlyDevOverrides(block []string) bool {
	found := false
	for _, line := range block {
		plain := strings.TrimSpace(ansiEscape.ReplaceAllString(line, ""))
		if !strings.HasPrefix(plain, "- ") {
			continue
		}
		if !strings.HasPrefix(plain, devOverridesItem) {
			return false
		}
		found = true
	}
	return found
}

// Flush writes what is held back: an unfinished line or an unfinished block.
func (f *DevOverridesFilter) Flush() {
	f.emit(f.block...)
	f.block = nil
	if len(f.partial) > 0 {
		f.emit(string(f.partial))
		f.partial = nil
	}
}

func (f *DevOverridesFilter) emit(lines ...string) {
	for _, l := range lines {
		_, _ = io.WriteString(f.out, l)
	}
}

// Tail is the last n lines of a command's output: enough of it to say why the command failed.
func Tail(output string, n int) string {
	lines := strings.Split(strings.TrimRight(output, "\n"), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}
