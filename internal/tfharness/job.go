package tfharness

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"
)

// FindCLI finds the CLI the harnesses run (FindTerraform) and tells which it is.
func FindCLI(ctx context.Context) (CLI, error) {
	path, err := FindTerraform()
	if err != nil {
		return CLI{}, err
	}
	return IdentifyCLI(ctx, path)
}

// RunJob runs the job of a make target that a person watches (make demo, make adopt) and exits as such a
// command should: Ctrl-C or SIGTERM cancels the job, which cleans up after itself (the mock portal stopped,
// the working directory with its state removed), and exits 130; a failure prints "==> <name> failed: ..."
// and exits 1; otherwise it prints how long the job took and what it leaves behind.
func RunJob(name, finished string, job func(context.Context) error) {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	start := time.Now()
	err := job(ctx)
	interrupted := ctx.Err() != nil
	stop()
	switch {
	case interrupted:
		// Ctrl-C reaches terraform twice (from the terminal and from the job), so it may warn of "data loss":
		// its state lived in the working directory of a portal that is gone, so there is nothing to lose.
		fmt.Fprintln(os.Stderr, "\n==> interrupted: the mock portal is stopped and the working directory (with its state) removed")
		os.Exit(130)
	case err != nil:
		fmt.Fprintf(os.Stderr, "\n==> %s failed: %v\n", name, err)
		os.Exit(1)
	}
	fmt.Printf("\n==> %s finished in %s: %s\n", name, time.Since(start).Round(time.Second), finished)
}
