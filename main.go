// Command terraform-provider-portal serves the portal Terraform provider to Terraform CLI.
package main

import (
	"flag"
	"log"
	"os"

	"github.com/csportal/terraform-provider-portal/internal/provider"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"
)

// version is set at build time: go build -ldflags "-X main.version=1.2.3" (goreleaser does this).
var version = "dev"

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "run the provider with support for debuggers like delve")
	flag.Parse()

	var opts []tf6server.ServeOpt
	if debug {
		opts = append(opts, tf6server.WithManagedDebug())
	} else if err := provider.QuietUnseenLogs(os.Getenv, os.Setenv); err != nil {
		log.Fatal(err.Error())
	}
	provider.TuneGarbageCollector(os.Getenv)

	server, err := provider.NewProtocol6Server(version)()
	if err != nil {
		log.Fatal(err.Error())
	}
	// What providerserver.Serve does, with the provider's own server (see NewProtocol6Server).
	err = tf6server.Serve(provider.RegistryAddress, func() tfprotov6.ProviderServer { return server }, opts...)
	if err != nil {
		log.Fatal(err.Error())
	}
}
