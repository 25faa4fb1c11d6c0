// Command terraform-provider-portal serves the portal Terraform provider to Terraform CLI.
package main

import (
	"context"
	"flag"
	"log"

	"github.com/csportal/terraform-provider-portal/internal/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
)

// version is set at build time: go build -ldflags "-X main.version=1.2.3" (goreleaser does this).
var version = "dev"

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "run the provider with support for debuggers like delve")
	flag.Parse()

	err := providerserver.Serve(context.Background(), provider.New(version), providerserver.ServeOpts{
		Address: provider.RegistryAddress,
		Debug:   debug,
	})
	if err != nil {
		log.Fatal(err.Error())
	}
}
