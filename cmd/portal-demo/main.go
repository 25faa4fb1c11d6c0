// Command portal-demo is `make demo`: it starts a throw-away mock portal, applies the complete example with
// the locally built provider, shows that a second plan is empty, makes an out-of-band change as an operator
// would and shows Terraform catching and repairing it, then destroys everything and stops the mock.
//
// It cleans up on every exit path, Ctrl-C included: the mock is stopped and the temporary working directory
// (state, CLI configuration) removed.
package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/csportal/terraform-provider-portal/internal/api"
	"github.com/csportal/terraform-provider-portal/internal/client"
	"github.com/csportal/terraform-provider-portal/internal/mockportal"
	"github.com/csportal/terraform-provider-portal/internal/tfharness"
)

// The demo fixtures' customer and the delegate the operator removes from support@ and grants by hand on
// billing@; examples/complete delegates to alice and bob by these usernames, and lists only alice on billing@.
const (
	customerName    = "Acme"
	removedDelegate = "bob"
)

// driftPlan is the saved plan of the drift, applied as it was shown.
const driftPlan = "drift.tfplan"

func main() {
	binDir := flag.String("bin-dir", "bin", "directory holding terraform-provider-portal and portal-mock (make build)")
	example := flag.String("example", "examples/complete", "Terraform configuration to apply")
	mockArgs := flag.String("mock-args", "", `extra portal-mock flags, such as fault injection: "--error-rate 0.1 --seed 1"`)
	flag.Parse()

	tfharness.RunJob("demo", "everything created was destroyed and the mock portal stopped", func(ctx context.Context) error {
		return run(ctx, *binDir, *example, strings.Fields(*mockArgs))
	})
}

// stages counts the demo's steps so that each announces where it is.
type stages struct{ n, total int }

func (s *stages) next(format string, args ...any) {
	s.n++
	fmt.Printf("\n==> [%d/%d] %s\n", s.n, s.total, fmt.Sprintf(format, args...))
}

func note(format string, args ...any) { fmt.Printf("    "+format+"\n", args...) }

func run(ctx context.Context, binDir, example string, mockArgs []string) error {
	cli, err := tfharness.FindCLI(ctx)
	if err != nil {
		return err
	}
	terraform := cli.Path
	// The stages name the commands as the user would type them: terraform, or tofu.
	cmd := filepath.Base(terraform)
	st := &stages{total: 11}

	st.next("Starting the mock portal on a free loopback port")
	mock, err := tfharness.StartMock(ctx, filepath.Join(binDir, "portal-mock"), nil, mockArgs...)
	if err != nil {
		return err
	}
	defer func() { _ = mock.Stop() }()
	note("%s: customer Acme with users alice, bob and admin; applications b2b-gateway and archiver", mock.URL)
	note("CLI: %s (%s)", cli, terraform)

	ws, err := tfharness.NewWorkspace(terraform, binDir, example, mock)
	if err != nil {
		return err
	}
	defer ws.Close()
	password, err := randomPassword()
	if err != nil {
		return err
	}
	ws.SetEnv("TF_VAR_gateway_password", password)
	// Terraform runs as a reseller's pipeline would: with the token of Northwind Hosting's administrator,
	// which reaches Acme below it, not with the mock's master token (which reaches the whole portal).
	if err := ws.ActAs(ctx, mock, mockportal.DemoIDs.ResellerAdmin); err != nil {
		return err
	}
	note("Terraform acts as nadia, administrator of the reseller Northwind Hosting (a token from POST /_mock/tokens)")

	// tf runs terraform and fails unless it exits with want. Every run warns that dev_overrides are in
	// effect, which is how the demo uses the provider in bin/: -compact-warnings folds warnings into a list
	// and devOverridesFilter drops that list when the dev_overrides warning is all it holds. Errors are never
	// compacted and other warnings still show.
	tf := func(want int, args ...string) error {
		// Options go before a saved plan file, which must come last.
		args = append([]string{args[0], "-input=false", "-compact-warnings"}, args[1:]...)
		out := tfharness.NewDevOverridesFilter(os.Stdout)
		code, err := ws.Run(ctx, out, args...)
		out.Flush()
		if err == nil && ctx.Err() != nil {
			err = ctx.Err()
		}
		if err != nil {
			return err
		}
		if code != want {
			return fmt.Errorf("%s %s (%s) exited %d, want %d", cmd, args[0], cli, code, want)
		}
		return nil
	}
	emptyPlan := func() error {
		if err := tf(0, "plan", "-detailed-exitcode"); err != nil {
			return err
		}
		note("exit code 0: the portal matches the configuration")
		return nil
	}

	st.next("%s apply: the support@ shared mailbox, alice and bob as delegates, the b2b-gateway's user allowed to create messages, bob's own Orders/2026 submailbox; the billing@ mailbox whose complete access list is alice alone", cmd)
	if err := tf(0, "apply", "-auto-approve"); err != nil {
		return err
	}

	st.next("%s plan -detailed-exitcode: nothing changed since the apply, so the plan is empty", cmd)
	if err := emptyPlan(); err != nil {
		return err
	}

	st.next("Out-of-band change: an operator re-enables support@'s login and removes %s's permission, and grants %s access to billing@, in the portal",
		removedDelegate, removedDelegate)
	op, err := newOperator(ctx, ws, mock)
	if err != nil {
		return err
	}
	if err := op.driftMailbox(ctx); err != nil {
		return err
	}

	st.next("%s plan -detailed-exitcode: %s catches the drift (exit code 2)", cmd, cli.Name)
	if err := tf(2, "plan", "-detailed-exitcode", "-out="+driftPlan); err != nil {
		return err
	}
	note("exit code 2: changes pending, the drift is caught; plan saved as %s", driftPlan)

	st.next("%s apply %s: the drift is repaired (login disabled again, %s's permission on support@ restored, his grant on billing@ revoked)",
		cmd, driftPlan, removedDelegate)
	if err := tf(0, "apply", driftPlan); err != nil {
		return err
	}
	if err := op.reportMailbox(ctx); err != nil {
		return err
	}

	st.next("%s plan -detailed-exitcode: empty again", cmd)
	if err := emptyPlan(); err != nil {
		return err
	}

	st.next("%s destroy: refused at plan time, because deleting the mailbox and its submailboxes would delete their mail (deletion_protection)", cmd)
	if err := tf(1, "destroy", "-auto-approve"); err != nil {
		return err
	}
	if err := op.reportMailboxKept(ctx); err != nil {
		return err
	}

	st.next("deletion_protection = false in the configuration, and %s apply: Terraform's state changes, the portal is not even asked", cmd)
	if err := unprotect(ws); err != nil {
		return err
	}
	if err := tf(0, "apply", "-auto-approve"); err != nil {
		return err
	}

	st.next("%s destroy: now removing everything the demo created", cmd)
	if err := tf(0, "destroy", "-auto-approve"); err != nil {
		return err
	}

	st.next("Stopping the mock portal")
	return mock.Stop()
}

// operator makes changes in the portal the way a person at its web console would: straight through the
// API, behind Terraform's back.
type operator struct {
	c                    *client.Client
	mailboxID, billingID string
	delegate             api.User
}

func newOperator(ctx context.Context, ws *tfharness.Workspace, mock *tfharness.Mock) (*operator, error) {
	mailboxID, err := ws.Output(ctx, "mailbox_id")
	if err != nil {
		return nil, err
	}
	billingID, err := ws.Output(ctx, "billing_mailbox_id")
	if err != nil {
		return nil, err
	}
	c, err := client.New(client.Config{Endpoint: mock.URL, Token: mock.AdminToken, UserAgent: "portal-demo-operator"})
	if err != nil {
		return nil, err
	}
	mailbox, err := c.GetUser(ctx, mailboxID)
	if err != nil {
		return nil, err
	}
	users, err := c.ListUsers(ctx, client.UserFilter{CustomerID: mailbox.CustomerID, Username: removedDelegate})
	if err != nil {
		return nil, err
	}
	if len(users) != 1 {
		return nil, fmt.Errorf("customer %s has %d users named %q, want 1", customerName, len(users), removedDelegate)
	}
	return &operator{c: c, mailboxID: mailboxID, billingID: billingID, delegate: users[0]}, nil
}

// driftMailbox enables the mailbox's login (which the portal requires before its permissions can change,
// R6) and removes the delegate's grant, then forgets to disable the login again.
func (o *operator) driftMailbox(ctx context.Context) error {
	enabled := true
	user, err := o.c.UpdateUser(ctx, o.mailboxID, api.UserPatch{LoginEnabled: &enabled})
	if err != nil {
		return err
	}
	if !user.LoginEnabled {
		return errors.New("the portal did not enable the login")
	}
	note(`PATCH  /users/%s {"login_enabled": true}`, o.mailboxID)
	if err := o.c.DeletePermission(ctx, o.mailboxID, o.delegate.ID); err != nil {
		return err
	}
	note("DELETE /users/%s/hosted-exchange/permissions/%s (%s)", o.mailboxID, o.delegate.ID, removedDelegate)
	return o.grantOnBilling(ctx)
}

// grantOnBilling gives the delegate access to billing@ as a careful operator would: the login enabled for
// the change (R6) and disabled again, so that the grant is the only drift on that mailbox.
func (o *operator) grantOnBilling(ctx context.Context) error {
	for _, step := range []func() error{
		func() error { return o.setLogin(ctx, o.billingID, true) },
		func() error {
			perms := []string{api.PermissionView, api.PermissionExtractMessages}
			if _, err := o.c.PutPermission(ctx, o.billingID, o.delegate.ID, perms); err != nil {
				return err
			}
			note(`PUT    /users/%s/hosted-exchange/permissions/%s {"permissions": ["%s"]} (%s)`,
				o.billingID, o.delegate.ID, strings.Join(perms, `", "`), removedDelegate)
			return nil
		},
		func() error { return o.setLogin(ctx, o.billingID, false) },
	} {
		if err := step(); err != nil {
			return err
		}
	}
	return nil
}

func (o *operator) setLogin(ctx context.Context, userID string, enabled bool) error {
	if _, err := o.c.UpdateUser(ctx, userID, api.UserPatch{LoginEnabled: &enabled}); err != nil {
		return err
	}
	note(`PATCH  /users/%s {"login_enabled": %t}`, userID, enabled)
	return nil
}

// reportMailbox shows, from the portal's side, that the apply undid the operator's change.
func (o *operator) reportMailbox(ctx context.Context) error {
	user, err := o.c.GetUser(ctx, o.mailboxID)
	if err != nil {
		return err
	}
	grant, err := o.c.GetPermission(ctx, o.mailboxID, o.delegate.ID)
	if err != nil {
		return fmt.Errorf("%s's permission was not restored: %w", removedDelegate, err)
	}
	if user.LoginEnabled {
		return errors.New("the mailbox's login is still enabled after the apply")
	}
	note("the portal now says: login_enabled=false; %s may %s", removedDelegate, strings.Join(grant.Permissions, ", "))
	billing, err := o.c.ListPermissions(ctx, o.billingID)
	if err != nil {
		return err
	}
	for _, g := range billing {
		if g.GranteeID == o.delegate.ID {
			return fmt.Errorf("%s's hand-made grant on billing@ was not revoked: %v", removedDelegate, g.Permissions)
		}
	}
	note("the portal now says: billing@ has %d grant(s), none of them %s's", len(billing), removedDelegate)
	return nil
}

// protectedObjects is how many resources of examples/complete are protected from deletion: the support@
// mailbox and its two submailboxes, and the billing@ mailbox.
const protectedObjects = 4

// unprotect turns deletion_protection off in the working directory's copy of the configuration, as a user
// would before a destroy they mean.
func unprotect(ws *tfharness.Workspace) error {
	const on, off = "deletion_protection = true", "deletion_protection = false"
	config, err := ws.ReadFile("main.tf")
	if err != nil {
		return err
	}
	if n := strings.Count(string(config), on); n != protectedObjects {
		return fmt.Errorf("main.tf says %q %d times, want %d (the mailboxes and the submailboxes)", on, n, protectedObjects)
	}
	note("main.tf: %s -> %s (%d resources)", on, off, protectedObjects)
	return ws.WriteFile("main.tf", strings.ReplaceAll(string(config), on, off))
}

// reportMailboxKept shows, from the portal's side, that the refused destroy left the mailbox as it was.
func (o *operator) reportMailboxKept(ctx context.Context) error {
	service, err := o.c.GetHostedExchange(ctx, o.mailboxID)
	if err != nil {
		return err
	}
	if service.ProvisioningStatus != api.ServiceProvisioned {
		return fmt.Errorf("after the refused destroy the mailbox is %s, want still provisioned", service.ProvisioningStatus)
	}
	note("exit code 1, and the portal still holds %s, provisioned", service.PrimaryEmail)
	return nil
}

// randomPassword is the gateway's application-user password: fresh per run, never printed.
func randomPassword() (string, error) {
	b := make([]byte, 12)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return hex.EncodeToString(b), nil
}
