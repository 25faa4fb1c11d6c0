// Command portal-adopt is `make adopt`: it starts a mock portal full of hand-made objects (a "legacy portal":
// shared mailboxes made the seed's way, submailboxes, grants, application users, and users that are no
// shared mailbox), brings all of it under Terraform in one apply that imports and changes nothing, and shows
// that the next plan is empty.
//
// With Terraform 1.14 or later it runs `terraform query -generate-config-out` on examples/adopt/query; with
// an older CLI (or OpenTofu) it says so and takes the for_each recipe of examples/adopt/for-each, which
// adopts the shared mailboxes and their grants. It cleans up on every exit path, Ctrl-C included.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"
)

func main() {
	binDir := flag.String("bin-dir", "bin", "directory holding terraform-provider-portal and portal-mock (make build)")
	examples := flag.String("examples", "examples/adopt", "directory holding the query/ and for-each/ configurations")
	flag.Parse()

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	start := time.Now()
	err := run(ctx, os.Stdout, *binDir, *examples)
	interrupted := ctx.Err() != nil
	stop()
	switch {
	case interrupted:
		fmt.Fprintln(os.Stderr, "\n==> interrupted: the mock portal is stopped and the working directory (with its state) removed")
		os.Exit(130)
	case err != nil:
		fmt.Fprintf(os.Stderr, "\n==> adoption failed: %v\n", err)
		os.Exit(1)
	}
	fmt.Printf("\n==> adoption finished in %s: the mock portal is stopped and the working directory removed\n",
		time.Since(start).Round(time.Second))
}
