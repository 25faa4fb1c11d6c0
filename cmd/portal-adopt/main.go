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
	"os"

	"github.com/csportal/terraform-provider-portal/internal/tfharness"
)

func main() {
	binDir := flag.String("bin-dir", "bin", "directory holding terraform-provider-portal and portal-mock (make build)")
	examples := flag.String("examples", "examples/adopt", "directory holding the query/ and for-each/ configurations")
	flag.Parse()

	tfharness.RunJob("adoption", "the mock portal is stopped and the working directory removed", func(ctx context.Context) error {
		return run(ctx, os.Stdout, *binDir, *examples)
	})
}
