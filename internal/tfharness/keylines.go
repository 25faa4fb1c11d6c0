package tfharness

import (
	"regexp"
	"strings"
)

var (
	// A managed resource's line in a plan: what will be done to it, or what changed outside Terraform.
	resourceLine = regexp.MustCompile(`^# \S+ (will be|must be|is tainted|has changed|has been deleted|has moved)`)
	// The lines that count what a command did or would do.
	countLine = regexp.MustCompile(`^(Plan: |No changes\.|Apply complete!|Destroy complete!)`)
)

// Errors returns the text of the error diagnostics in the output of a command run with NoColor: each from
// its "Error: " line to the next diagnostic or the end.
func Errors(output string) string {
	var b strings.Builder
	inError := false
	for _, line := range strings.Split(output, "\n") {
		switch {
		case strings.HasPrefix(line, "Error: "):
			inError = true
		case strings.HasPrefix(line, "Warning: "):
			inError = false
		}
		if inError {
			b.WriteString(line + "\n")
		}
	}
	return b.String()
}

// KeyLines picks out of the output of a Terraform or OpenTofu command run with NoColor the lines that say
// what it did or would do: each resource's planned action and what changed outside Terraform
// ("# portal_shared_mailbox.support will be updated in-place"), the counts ("Plan: 0 to add, 2 to change, 0
// to destroy.", "Apply complete! ..."), and each error's summary with the resource it is about and the
// items its text lists.
func KeyLines(output string) []string { return keyLines(output, true) }

// CountLines is KeyLines without the resources' lines: for an apply or a destroy, whose plan lists
// every resource it creates or deletes.
func CountLines(output string) []string { return keyLines(output, false) }

func keyLines(output string, plan bool) []string {
	var out []string
	inError := false
	for _, raw := range strings.Split(output, "\n") {
		line := strings.TrimRight(raw, " \r")
		trimmed := strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(line, "Error: "):
			inError = true
			out = append(out, line)
		case strings.HasPrefix(line, "Warning: "):
			inError = false
		case inError && (strings.HasPrefix(trimmed, "with ") && strings.HasSuffix(trimmed, ",") || strings.HasPrefix(line, "  - ")):
			out = append(out, "  "+strings.TrimSuffix(trimmed, ","))
		case !inError && countLine.MatchString(trimmed):
			out = append(out, trimmed)
		case !inError && plan && resourceLine.MatchString(trimmed) && !strings.HasPrefix(trimmed, "# data."):
			out = append(out, trimmed)
		}
	}
	return out
}
