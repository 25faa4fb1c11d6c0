package tfharness

import (
	"strings"
	"testing"
)

func TestDevOverridesFilter(t *testing.T) {
	const (
		devOnly = "\n\x1b[1m\x1b[33mWarnings:\x1b[0m\n\n\x1b[0m- Provider development overrides are in effect\n\n" +
			"To see the full warning notes, run Terraform without -compact-warnings.\n"
		withOther = "\nWarnings:\n\n- Provider development overrides are in effect\n- Deprecated attribute\n\n" +
			"To see the full warning notes, run Terraform without -compact-warnings.\n"
		tofuOnly = "\nWarnings:\n\n- Provider development overrides are in effect\n\n" +
			"To see the full warning notes, run OpenTofu without -compact-warnings.\n"
		plan = "Plan: 1 to add, 0 to change, 0 to destroy.\n"
	)
	tests := []struct {
		name, in, want string
	}{
		{"the dev_overrides warning alone is dropped, with the blank line after it", devOnly + "\n" + plan, "\n" + plan},
		{"OpenTofu's block, which names OpenTofu, is dropped too", tofuOnly + "\n" + plan, "\n" + plan},
		{"another warning keeps the whole block", withOther + plan, withOther + plan},
		{"output without warnings passes unchanged", plan + "Error: boom\n", plan + "Error: boom\n"},
		{"an unfinished block and line are flushed", "Warnings:\n\n- Provider development", "Warnings:\n\n- Provider development"},
		{"an error is never hidden", devOnly + "\nError: Invalid import ID\n", "\nError: Invalid import ID\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out strings.Builder
			f := NewDevOverridesFilter(&out)
			// Byte by byte: terraform's writes do not respect line boundaries.
			for i := range len(tt.in) {
				if _, err := f.Write([]byte{tt.in[i]}); err != nil {
					t.Fatal(err)
				}
			}
			f.Flush()
			if got := out.String(); got != tt.want {
				t.Errorf("got %q\nwant %q", got, tt.want)
			}
		})
	}
}
