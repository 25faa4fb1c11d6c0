// Command portal-demo is `make demo`: it starts a throw-away mock portal, applies an example configuration
// with the locally built provider, shows that a second plan is empty, makes an out-of-band change as an
// operator would and shows Terraform catching and repairing it, then destroys everything and stops the mock.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/csportal/terraform-provider-portal/internal/api"
	"github.com/csportal/terraform-provider-portal/internal/client"
	"github.com/csportal/terraform-provider-portal/internal/tfharness"
)

func main() {
	binDir := flag.String("bin-dir", "bin", "directory holding terraform-provider-portal and portal-mock (make build)")
	example := flag.String("example", "examples/complete", "Terraform configuration to apply")
	flag.Parse()

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, *binDir, *example); err != nil {
		fmt.Fprintf(os.Stderr, "\ndemo failed: %v\n", err)
		os.Exit(1)
	}
	fmt.Println("\n==> demo finished: everything created was destroyed and the mock portal stopped")
}

func stage(msg string) { fmt.Printf("\n==> %s\n", msg) }

func run(ctx context.Context, binDir, example string) error {
	terraform, err := tfharness.FindTerraform()
	if err != nil {
		return err
	}
	stage("starting the mock portal on a free loopback port")
	mock, err := tfharness.StartMock(ctx, filepath.Join(binDir, "portal-mock"), nil)
	if err != nil {
		return err
	}
	defer func() { _ = mock.Stop() }()
	fmt.Println("    mock portal at", mock.URL)

	ws, err := tfharness.NewWorkspace(terraform, binDir, example, mock)
	if err != nil {
		return err
	}
	defer ws.Close()
	tf := func(want []int, args ...string) error {
		code, err := ws.Run(ctx, os.Stdout, args...)
		if err != nil {
			return err
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		for _, w := range want {
			if code == w {
				return nil
			}
		}
		return fmt.Errorf("terraform %s exited %d, want %v", strings.Join(args, " "), code, want)
	}

	stage("terraform apply: creating the shared mailbox (generic user, Hosted Exchange, addresses, login disabled)")
	if err := tf([]int{0}, "apply", "-auto-approve", "-input=false"); err != nil {
		return err
	}

	stage("terraform plan again: nothing changed, so the plan is empty (exit code 0)")
	if err := tf([]int{0}, "plan", "-detailed-exitcode", "-input=false"); err != nil {
		return err
	}

	stage("out-of-band change: an operator re-enables the mailbox's login in the portal")
	if err := reenableLogin(ctx, ws, mock); err != nil {
		return err
	}

	stage("terraform plan -detailed-exitcode: the drift is caught (exit code 2)")
	if err := tf([]int{2}, "plan", "-detailed-exitcode", "-input=false"); err != nil {
		return err
	}

	stage("terraform apply: the drift is repaired (login disabled again)")
	if err := tf([]int{0}, "apply", "-auto-approve", "-input=false"); err != nil {
		return err
	}
	if err := tf([]int{0}, "plan", "-detailed-exitcode", "-input=false"); err != nil {
		return err
	}

	stage("terraform destroy: removing everything the demo created")
	if err := tf([]int{0}, "destroy", "-auto-approve", "-input=false"); err != nil {
		return err
	}
	stage("stopping the mock portal")
	return mock.Stop()
}

// reenableLogin acts as an operator clicking "Enable" on the mailbox's generic user in the portal.
func reenableLogin(ctx context.Context, ws *tfharness.Workspace, mock *tfharness.Mock) error {
	out, err := ws.Output(ctx, "mailbox_id")
	if err != nil {
		return err
	}
	c, err := client.New(client.Config{Endpoint: mock.URL, Token: mock.AdminToken, UserAgent: "portal-demo"})
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	enabled := true
	user, err := c.UpdateUser(ctx, out, api.UserPatch{LoginEnabled: &enabled})
	if err != nil {
		return err
	}
	if !user.LoginEnabled {
		return errors.New("the portal did not enable the login")
	}
	fmt.Printf("    PATCH /users/%s {\"login_enabled\": true}\n", user.ID)
	return nil
}
