// Command portal-demo is `make demo`: it starts a throw-away mock portal, applies the complete example with
// the locally built provider, shows that a second plan is empty, makes an out-of-band change as an operator
// would and shows Terraform catching and repairing it, shows a destroy refused by deletion protection,
// then destroys everything and stops the mock.
//
// It prints one line per stage (stages, which README.md lists; a test keeps the two the same) with the key
// lines of each command under it, and writes every command's whole output to a log file that its last line
// names. It cleans up on every exit path, Ctrl-C included: the mock is stopped and the temporary working
// directory (state, CLI configuration) removed; the log stays.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/csportal/terraform-provider-portal/internal/tfharness"
)

func main() {
	binDir := flag.String("bin-dir", "bin", "directory holding terraform-provider-portal and portal-mock (make build)")
	example := flag.String("example", "examples/complete", "Terraform configuration to apply")
	mockArgs := flag.String("mock-args", "", `extra portal-mock flags, such as fault injection: "--error-rate 0.1 --seed 1"`)
	logPath := flag.String("log", "", "file for every command's whole output (default: demo.log in -bin-dir)")
	flag.Parse()
	if *logPath == "" {
		*logPath = filepath.Join(*binDir, "demo.log")
	}

	console := tfharness.NewConsole(os.Stdout, len(stages))
	finished := "everything created was destroyed and the mock portal stopped; every command's whole output is in " + *logPath
	tfharness.RunJob("demo", finished, func(ctx context.Context) error {
		err := run(ctx, console, *logPath, *binDir, *example, strings.Fields(*mockArgs))
		if err != nil {
			err = fmt.Errorf("%w\n    every command's whole output is in %s", err, *logPath)
		}
		return err
	})
}

func run(ctx context.Context, console *tfharness.Console, logPath, binDir, example string, mockArgs []string) error {
	cli, err := tfharness.FindCLI(ctx)
	if err != nil {
		return err
	}
	log, err := os.Create(logPath) //nolint:gosec // the user names the log file
	if err != nil {
		return err
	}
	defer func() { _ = log.Close() }()
	d := &demo{ctx: ctx, console: console, log: log, cli: cli, cmd: filepath.Base(cli.Path), binDir: binDir, example: example,
		mockArgs: mockArgs}
	defer d.cleanUp()
	console.Printf("make demo with %s (%s); every command's whole output goes to %s", cli, cli.Path, logPath)
	for _, s := range stages {
		d.title = s.title
		if err := s.run(d); err != nil {
			return err
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
	}
	return nil
}
