package tfharness

import (
	"fmt"
	"io"
	"os"
	"strings"
)

// Console is what a harness that a person watches (make demo, make adopt) prints: one line per stage,
// "[n/N] title", with the lines that matter indented under it. It colours the stage lines only when it
// writes to a terminal, NoColorVariable is not set and TERM is not "dumb"; the CLI's own output goes to a
// log file, always run with NoColor, so nothing written to a file or a pipe ever holds an escape code.
type Console struct {
	out    io.Writer
	colour bool
	stage  int
	// Stages is the number of stages, for the "/N" of each stage line.
	Stages int
}

// NewConsole writes to f, in colour when f is a terminal and the environment allows it.
func NewConsole(f *os.File, stages int) *Console {
	return &Console{out: f, colour: ColourWanted(isTerminal(f), os.Getenv), Stages: stages}
}

// ConsoleFor writes to out: as NewConsole when it is a file (standard output), else without colour (a
// test's buffer).
func ConsoleFor(out io.Writer, stages int) *Console {
	if f, ok := out.(*os.File); ok {
		return NewConsole(f, stages)
	}
	return &Console{out: out, Stages: stages}
}

// NoColorVariable is the environment variable that asks any program for output without colour.
const NoColorVariable = "NO_COLOR" //nolint:misspell // the variable's name

// ColourWanted is the rule of every harness: colour on a terminal only, and not when NoColorVariable is set
// to anything but "" or TERM is "dumb".
func ColourWanted(terminal bool, getenv func(string) string) bool {
	return terminal && getenv(NoColorVariable) == "" && getenv("TERM") != "dumb"
}

// isTerminal reports whether f is a character device: a terminal, not a file or a pipe.
func isTerminal(f *os.File) bool {
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}

// Colour reports whether the console writes colour codes.
func (c *Console) Colour() bool { return c.colour }

// Stage starts the next stage: "[n/N] title", in bold on a terminal.
func (c *Console) Stage(format string, args ...any) {
	c.stage++
	line := fmt.Sprintf("[%d/%d] %s", c.stage, c.Stages, fmt.Sprintf(format, args...))
	if c.colour {
		line = "\x1b[1m" + line + "\x1b[0m"
	}
	_, _ = fmt.Fprintln(c.out, line)
}

// Note prints a line under the current stage, indented.
func (c *Console) Note(format string, args ...any) {
	_, _ = fmt.Fprintf(c.out, "      %s\n", fmt.Sprintf(format, args...))
}

// Lines prints lines under the current stage, indented; an "Error: " line in red on a terminal.
func (c *Console) Lines(lines []string) {
	for _, l := range lines {
		if c.colour && strings.HasPrefix(l, "Error: ") {
			l = "\x1b[31m" + l + "\x1b[0m"
		}
		c.Note("%s", l)
	}
}

// Printf prints a line of its own, outside the stages (the header and the last line).
func (c *Console) Printf(format string, args ...any) {
	_, _ = fmt.Fprintf(c.out, format+"\n", args...)
}

// EscapeCode returns the first terminal escape code in out with a little of what surrounds it, and false
// when there is none: what a harness writes to a file or a pipe must hold none.
func EscapeCode(out []byte) (string, bool) {
	i := strings.IndexByte(string(out), 0x1b)
	if i < 0 {
		return "", false
	}
	return fmt.Sprintf("%q at byte %d", out[max(0, i-40):min(len(out), i+40)], i), true
}
