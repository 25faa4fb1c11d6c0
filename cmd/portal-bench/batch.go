package main

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/csportal/terraform-provider-portal/internal/mockportal"
	"github.com/csportal/terraform-provider-portal/internal/provider"
	"github.com/csportal/terraform-provider-portal/internal/tfharness"
)

// batchResults are the measures of the batched refresh (batch_reads): the refresh at a real portal's
// latency with and without batching, the refresh's requests without batching, a refresh of one object in
// the large portal, and the same refresh shape with a peer provider that has no backend.
type batchResults struct {
	HighLatency time.Duration
	// High and HighUnbatched are the refresh at HighLatency, batched (the default) and not.
	High, HighUnbatched []timed
	// Unbatched is the refresh without latency with batch_reads = false: the reads one by one.
	Unbatched []timed
	// OneObject is the refresh of a configuration of one shared mailbox, of the customer that holds N/4.
	OneObject timed
	// Peer is the refresh of the same graph of hashicorp/random resources; PeerSkipped says why not.
	Peer        []timed
	PeerSkipped string
	PeerVersion string
}

// batching measures what batch_reads changes, on the applied portal configuration in ws.
func (b *benchmark) batching(ctx context.Context, ws *tfharness.Workspace) error {
	res := &b.res.Batch
	res.HighLatency = b.o.HighLatency
	if err := b.mock.SetFaults(ctx, mockportal.Faults{Latency: b.o.HighLatency}); err != nil {
		return err
	}
	for i := 1; i <= b.o.Runs; i++ {
		t, err := b.plan(ctx, ws, fmt.Sprintf("refresh with %s latency: plan %d/%d", b.o.HighLatency, i, b.o.Runs))
		if err != nil {
			return err
		}
		res.High = append(res.High, t)
	}
	ws.SetEnv(provider.EnvBatchReads, "false")
	for i := 1; i <= b.o.Runs; i++ {
		t, err := b.plan(ctx, ws, fmt.Sprintf("refresh with %s latency, batch_reads = false: plan %d/%d", b.o.HighLatency, i, b.o.Runs))
		if err != nil {
			return err
		}
		res.HighUnbatched = append(res.HighUnbatched, t)
	}
	if err := b.mock.SetFaults(ctx, mockportal.Faults{}); err != nil {
		return err
	}
	for i := 1; i <= b.o.Runs; i++ {
		t, err := b.plan(ctx, ws, fmt.Sprintf("refresh, batch_reads = false: plan %d/%d", i, b.o.Runs))
		if err != nil {
			return err
		}
		res.Unbatched = append(res.Unbatched, t)
	}
	ws.SetEnv(provider.EnvBatchReads, "true")
	if err := b.oneObject(ctx); err != nil {
		return fmt.Errorf("one object: %w", err)
	}
	return b.peer(ctx)
}

// oneObject refreshes a configuration of one shared mailbox in the portal that holds the benchmark's.
func (b *benchmark) oneObject(ctx context.Context) (err error) {
	b.res.Batch.OneObject, err = b.refreshAlone(ctx, b.mock, oneMailboxConfig(), "one object")
	return err
}

// refreshAlone applies config in a workspace of its own against mock and times its refresh (a plan that
// finds nothing to change): what one object costs beside a portal full of others.
func (b *benchmark) refreshAlone(ctx context.Context, mock *tfharness.Mock, config, label string) (timed, error) {
	ws, err := b.workspace(ctx, b.o.Terraform, "", mock)
	if err != nil {
		return timed{}, err
	}
	defer ws.Close()
	if err := ws.WriteFile(configFile, config); err != nil {
		return timed{}, err
	}
	if err := b.terraform(ctx, ws, label+": apply", 0, "apply", "-auto-approve"); err != nil {
		return timed{}, err
	}
	t, _, err := b.timedRun(ctx, mock, ws, label+": refresh", "plan", "-detailed-exitcode")
	return t, err
}

// peer applies the same graph of hashicorp/random resources (the matrix's build of the provider: the
// same plugin framework, no backend) and times its refresh.
func (b *benchmark) peer(ctx context.Context) error {
	res := &b.res.Batch
	peer, err := tfharness.FindMatrixEntry(ctx, "provider-random")
	if err != nil {
		res.PeerSkipped = fmt.Sprintf("not measured: no hashicorp/random build (%v)", err)
		b.logf("peer: %s", res.PeerSkipped)
		return nil
	}
	random := peer.Path
	res.PeerVersion = peer.Version
	ws, err := b.workspace(ctx, b.o.Terraform, "", b.mock)
	if err != nil {
		return err
	}
	defer ws.Close()
	if err := ws.AlsoOverride(tfharness.ProviderOverride{Source: "hashicorp/random", Dir: filepath.Dir(random)}); err != nil {
		return err
	}
	if err := ws.WriteFile(configFile, b.sh.peerConfig()); err != nil {
		return err
	}
	if err := b.terraform(ctx, ws, "peer: apply", 0, "apply", "-auto-approve"); err != nil {
		return err
	}
	for i := 1; i <= b.o.Runs; i++ {
		t, err := b.plan(ctx, ws, fmt.Sprintf("peer hashicorp/random: plan %d/%d", i, b.o.Runs))
		if err != nil {
			return err
		}
		res.Peer = append(res.Peer, t)
	}
	return nil
}

// oneMailboxConfig is one shared mailbox of the customer that holds the benchmark's mailboxes.
func oneMailboxConfig() string {
	return tfharness.PortalConfigHeader("portal-bench") + fmt.Sprintf(`
resource "portal_shared_mailbox" "one" {
  customer_id   = %q
  username      = "bench-one"
  first_name    = "Bench"
  last_name     = "One"
  email_address = "bench-one@%s"
}
`, mockportal.DemoIDs.Acme, domain)
}

// peerConfig is the shape of portalConfig in hashicorp/random resources: as many, with the same references
// between them (keepers), so that Terraform's part of the refresh is the same and the provider's differs.
func (s shape) peerConfig() string {
	var b strings.Builder
	b.WriteString(`# Generated by portal-bench: the peer, hashicorp/random, in the shape of the portal configuration.
terraform {
  required_providers {
    random = {
      source = "hashicorp/random"
    }
  }
}
`)
	for i := 1; i <= s.AppUsers; i++ {
		fmt.Fprintf(&b, `
resource "random_string" "a%04d" {
  length  = 16
  keepers = { username = "%s%04d" }
}
`, i, appUserPrefix, i)
	}
	for i := 1; i <= s.Mailboxes; i++ {
		fmt.Fprintf(&b, `
resource "random_pet" "m%04d" {
  keepers = { username = "%s%04d", email_address = "%s%04d@%s" }
}

resource "random_id" "m%04d_1" {
  byte_length = 8
  keepers     = { mailbox_id = random_pet.m%04d.id, user_id = %q }
}

resource "random_id" "m%04d_2" {
  byte_length = 8
  keepers     = { mailbox_id = random_pet.m%04d.id, user_id = random_string.a%04d.result }
}
`, i, mailboxPrefix, i, mailboxPrefix, i, domain, i, i, granteeID((i-1)%s.Grantees+1), i, i, i)
	}
	return b.String()
}
