package tfharness

import (
	"fmt"
	"strings"
)

// ProviderSource is the provider's source address as configurations write it. Terraform resolves it on
// registry.terraform.io and OpenTofu on registry.opentofu.org, so a CLI configuration that overrides the
// provider names both: the same file then serves either CLI.
const ProviderSource = "csportal/portal"

// The hosts Terraform and OpenTofu resolve a source address without a host on.
const (
	TerraformRegistry = "registry.terraform.io"
	OpenTofuRegistry  = "registry.opentofu.org"
)

// DevOverridesConfig is a CLI configuration (TF_CLI_CONFIG_FILE) that makes Terraform and OpenTofu take the
// portal provider from binDir, under each CLI's address for it, and install nothing else: with every
// provider of a configuration overridden, no `init` is needed and nothing is downloaded.
func DevOverridesConfig(binDir string, others ...ProviderOverride) string {
	var b strings.Builder
	b.WriteString("provider_installation {\n  dev_overrides {\n")
	for _, o := range append([]ProviderOverride{{Source: ProviderSource, Dir: binDir}}, others...) {
		for _, host := range []string{TerraformRegistry, OpenTofuRegistry} {
			fmt.Fprintf(&b, "    %q = %q\n", host+"/"+o.Source, o.Dir)
		}
	}
	b.WriteString("  }\n}\n")
	return b.String()
}

// ProviderOverride is another provider a workspace takes from a directory, such as a peer for a
// benchmark: Source as configurations write it ("hashicorp/random"), Dir holding its binary.
type ProviderOverride struct {
	Source, Dir string
}
