package soak

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"regexp"
	"slices"
	"strings"
	"sync"
)

// outputScanner keeps Terraform's output in a log file and reads it as it passes: error diagnostics,
// planned changes, and any sign of a provider crash.
type outputScanner struct {
	mu      sync.Mutex
	log     io.Writer
	partial []byte
	phase   string

	block   []string       // the diagnostic being read
	errors  map[string]int // of the current phase
	planned []string       // of the current phase
	// examples holds the first diagnostic of each kind, to show what the users saw.
	examples map[string][]string
	panics   []string
	// adoptions counts the provider's warnings that a create adopted an interrupted create's remains.
	adoptions int
}

func newOutputScanner(log io.Writer) *outputScanner {
	return &outputScanner{log: log, examples: map[string][]string{}}
}

// begin starts a phase (one Terraform command).
func (s *outputScanner) begin(phase string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.phase, s.errors, s.planned = phase, map[string]int{}, nil
	_, _ = fmt.Fprintf(s.log, "\n===== %s =====\n", phase)
}

// end finishes the phase and returns its error diagnostics by kind.
func (s *outputScanner) end() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.partial) > 0 {
		s.line(string(s.partial))
		s.partial = nil
	}
	s.flush()
	return s.errors
}

// takeAdoptions returns the adoptions counted since it was last called.
func (s *outputScanner) takeAdoptions() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := s.adoptions
	s.adoptions = 0
	return n
}

// changes returns the resource changes the last plan announced.
func (s *outputScanner) changes() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.planned)
}

func (s *outputScanner) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, err := s.log.Write(p); err != nil {
		return 0, err
	}
	s.partial = append(s.partial, p...)
	for {
		i := bytes.IndexByte(s.partial, '\n')
		if i < 0 {
			return len(p), nil
		}
		s.line(string(s.partial[:i]))
		s.partial = s.partial[i+1:]
	}
}

var (
	// IDs and numbers differ from one diagnostic to the next; without them, diagnostics of one kind group.
	idPattern     = regexp.MustCompile(`\b(usr|apu|app|cus|job)_[0-9a-f]{16}\b`)
	changePattern = regexp.MustCompile(`^\s*# (\S+) (will be created|will be destroyed|will be updated in-place|must be replaced|is tainted, so must be replaced|will be read during apply)`)
)

func (s *outputScanner) line(l string) {
	// A provider that crashes makes Terraform print its stack trace, which starts "panic: ...".
	if strings.Contains(l, "panic:") {
		s.panics = append(s.panics, fmt.Sprintf("%s: terraform output: %s", s.phase, strings.TrimSpace(l)))
	}
	if m := changePattern.FindStringSubmatch(l); m != nil {
		s.planned = append(s.planned, m[1]+" ("+m[2]+")")
	}
	// Without colour codes (tfharness.NoColor) a diagnostic starts at column 0 with its severity and runs until the next one or the end
	// of the command; the rest of Terraform's output is indented or a known line.
	if strings.HasPrefix(l, "Warning: Adopted ") {
		s.adoptions++
	}
	switch {
	case strings.HasPrefix(l, "Error: ") || strings.HasPrefix(l, "Warning: "):
		s.flush()
		s.block = []string{l}
	case s.block != nil:
		s.block = append(s.block, l)
	}
}

// flush ends the diagnostic being read, counting it when it is an error.
func (s *outputScanner) flush() {
	block := s.block
	s.block = nil
	if len(block) == 0 || !strings.HasPrefix(block[0], "Error: ") {
		return
	}
	for len(block) > 0 && strings.TrimSpace(block[len(block)-1]) == "" {
		block = block[:len(block)-1]
	}
	kind := idPattern.ReplaceAllString(strings.TrimPrefix(block[0], "Error: "), "${1}_…")
	s.errors[kind]++
	if _, seen := s.examples[kind]; !seen {
		s.examples[kind] = block
	}
}

// describeErrors is the tail of a phase's log line: each kind of error with its count.
func describeErrors(errs map[string]int) string {
	if len(errs) == 0 {
		return ""
	}
	kinds := make([]string, 0, len(errs))
	for k, n := range errs {
		kinds = append(kinds, fmt.Sprintf("%d× %s", n, k))
	}
	slices.Sort(kinds)
	return "; errors: " + strings.Join(kinds, "; ")
}

// example returns the first diagnostic of an error kind as Terraform printed it.
func (s *outputScanner) example(kind string) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.examples[kind]
}

// scanMockLog returns the panics portal-mock logged, and the other errors it logged: requests or
// responses that break the API contract.
func scanMockLog(path string) (panics, violations []string, err error) {
	f, err := os.Open(path) //nolint:gosec // the harness's own log file
	if err != nil {
		return nil, nil, err
	}
	defer func() { _ = f.Close() }()
	lines := bufio.NewScanner(f)
	lines.Buffer(make([]byte, 0, 64<<10), 4<<20)
	for lines.Scan() {
		l := lines.Text()
		if len(l) > 400 {
			l = l[:400] + "…"
		}
		switch {
		case strings.Contains(l, "panic:"):
			panics = append(panics, "portal-mock log: "+l)
		case strings.Contains(l, "level=ERROR"):
			violations = append(violations, "portal-mock log: "+l)
		}
	}
	return panics, violations, lines.Err()
}
