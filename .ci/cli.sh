# Sourced by the .ci scripts that ask a Terraform or OpenTofu CLI about itself (tfharness.IdentifyCLI is the
# same in Go).

# cli_version CLI: "Terraform 1.15.9" or "OpenTofu 1.12.6"; nothing for another program. An empty CLI
# configuration: with TF_CLI_CONFIG_FILE naming a missing file, OpenTofu prints its warning on stdout first.
cli_version() { TF_CLI_CONFIG_FILE=/dev/null "$1" version 2>/dev/null | sed -n '1s/^\(Terraform\|OpenTofu\) v\([^ ]*\).*/\1 \2/p'; }

# version_at_least MIN VERSION: true when VERSION is MIN or later.
version_at_least() { [ "$(printf '%s\n' "$1" "$2" | sort -V | head -1)" = "$1" ]; }
