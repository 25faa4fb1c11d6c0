// Command apidoc renders the provisioning API's OpenAPI contract (internal/api/openapi.yaml) as a docs
// page, for `make generate`: the contract is what a portal must serve for the provider to work, so its
// readers get it as a page of the provider's documentation, and docs-check fails when the page is stale.
//
//	go run ./internal/apidoc -o docs/guides/provisioning-api.md
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/csportal/terraform-provider-portal/internal/mockportal"
)

func main() {
	out := flag.String("o", "docs/guides/provisioning-api.md", "file to write the page to")
	flag.Parse()
	doc, err := mockportal.LoadContract()
	if err != nil {
		fmt.Fprintf(os.Stderr, "apidoc: the contract: %v\n", err)
		os.Exit(1)
	}
	if err := os.WriteFile(*out, []byte(render(doc)), 0o644); err != nil { //nolint:gosec // a docs page, readable by all
		fmt.Fprintf(os.Stderr, "apidoc: %v\n", err)
		os.Exit(1)
	}
}
