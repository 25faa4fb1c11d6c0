package provider_test

import (
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/csportal/terraform-provider-portal/internal/api"
	"github.com/csportal/terraform-provider-portal/internal/client"
	"github.com/csportal/terraform-provider-portal/internal/mockportal"
	"github.com/csportal/terraform-provider-portal/internal/tfharness"
)

// These tests run the provider as Terraform runs it in a pipeline: a separate binary, started by the
// terraform CLI, talking to a portal-mock process. That is the only way to send Terraform a signal, or to
// see every line it prints and logs.

// stopBound is how long Terraform may take from SIGINT to exit. The provider itself stops within
// moments; the bound is generous because the test is about hanging, not speed, on a loaded machine.
const stopBound = 10 * time.Second

// TestAccInterrupt_createInProgress interrupts `terraform apply` while a shared mailbox is half made: its
// generic user exists and the provisioning job (slowed to 20 s) runs. Terraform must exit promptly, with
// the mailbox's ID in the state as tainted; the next apply replaces it and converges, and the portal keeps
// no orphan of the interrupted create.
func TestAccInterrupt_createInProgress(t *testing.T) {
	t.Parallel()
	bin, terraform := tfharness.BuildForTest(t)
	ctx := t.Context()
	mock, err := tfharness.StartMock(ctx, filepath.Join(bin, tfharness.MockBinary), nil, "--job-delay", "20s")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = mock.Stop() })
	ws, out := newTestWorkspace(t, terraform, bin, mock, terraformBlock+infoMailbox().String())
	portal, err := mock.Client()
	if err != nil {
		t.Fatal(err)
	}

	apply, err := ws.Start(out, "apply", "-auto-approve", "-input=false", tfharness.NoColor)
	if err != nil {
		t.Fatal(err)
	}
	var interrupted string // the user of the half-made mailbox
	waitUntil(t, time.Minute, "the mailbox's provisioning job to run", func() bool {
		users, err := portal.ListUsers(ctx, client.UserFilter{CustomerID: mockportal.DemoIDs.Acme, Username: "info"})
		if err != nil || len(users) != 1 {
			return false
		}
		svc, err := portal.GetHostedExchange(ctx, users[0].ID)
		interrupted = users[0].ID
		return err == nil && (svc.ProvisioningStatus == api.ServiceRequested || svc.ProvisioningStatus == api.ServiceInProgress)
	})

	signalled := time.Now()
	if err := apply.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- apply.Wait() }()
	select {
	case err := <-exited:
		if _, ok := errors.AsType[*exec.ExitError](err); err != nil && !ok {
			t.Fatalf("waiting for terraform: %v", err)
		}
	case <-time.After(time.Minute):
		_ = apply.Process.Kill()
		t.Fatalf("terraform apply still runs a minute after SIGINT; output:\n%s", readLog(t, out))
	}
	stopped := time.Since(signalled)
	t.Logf("terraform apply exited %s after SIGINT (bound %s)", stopped.Round(time.Millisecond), stopBound)
	if stopped > stopBound {
		t.Errorf("terraform apply took %s to exit after SIGINT, more than %s", stopped, stopBound)
	}
	if apply.ProcessState.ExitCode() == 0 {
		t.Errorf("the interrupted apply exited 0; output:\n%s", readLog(t, out))
	}

	state, err := ws.ShowState(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(state) != 1 || state[0].ID() != interrupted || !state[0].Tainted {
		t.Fatalf("state after the interrupt is %+v, want %s tainted with ID %s; output:\n%s", state, mailboxAddr, interrupted, readLog(t, out))
	}

	// Jobs from here on are quick; the interrupted one still runs its 20 s, which the next apply waits out.
	if err := mock.SetFaults(ctx, mockportal.Faults{}); err != nil {
		t.Fatal(err)
	}
	runTerraform(t, ws, out, 0, "apply", "-auto-approve")
	runTerraform(t, ws, out, 0, "plan", "-detailed-exitcode")
	state, err = ws.ShowState(ctx)
	if err != nil {
		t.Fatal(err)
	}
	users, err := portal.ListUsers(ctx, client.UserFilter{CustomerID: mockportal.DemoIDs.Acme, Username: "info"})
	if err != nil {
		t.Fatal(err)
	}
	if len(state) != 1 || state[0].Tainted || len(users) != 1 || users[0].ID != state[0].ID() || users[0].ID == interrupted {
		t.Fatalf("after the next apply the state holds %+v and the portal %+v: want one new mailbox, the interrupted %s gone", state, users, interrupted)
	}

	runTerraform(t, ws, out, 0, "destroy", "-auto-approve")
	if users, err = portal.ListUsers(ctx, client.UserFilter{CustomerID: mockportal.DemoIDs.Acme, Username: "info"}); err != nil || len(users) != 0 {
		t.Fatalf("after destroy the portal holds %+v (%v)", users, err)
	}
}

// terraformBlock is what a configuration needs to use the provider built for the test (dev_overrides), with
// the endpoint and token from the environment the workspace sets.
const terraformBlock = `
terraform {
  required_providers {
    portal = {
      source = "csportal/portal"
    }
  }
}

provider "portal" {}
`

// newTestWorkspace returns a Terraform working directory with the configuration, pointed at the mock, and
// the file that collects the output of every Terraform command the test runs.
func newTestWorkspace(t *testing.T, terraform, binDir string, mock *tfharness.Mock, config string) (*tfharness.Workspace, *os.File) {
	t.Helper()
	ws, err := tfharness.NewWorkspace(terraform, binDir, "", mock)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(ws.Close)
	if err := ws.WriteFile("main.tf", config); err != nil {
		t.Fatal(err)
	}
	out, err := os.Create(filepath.Join(t.TempDir(), "terraform.out"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = out.Close() })
	return ws, out
}

// runTerraform runs a terraform command (args[0]) with -input=false and tfharness.NoColor and fails the test unless it
// exits with want.
func runTerraform(t *testing.T, ws *tfharness.Workspace, out *os.File, want int, args ...string) {
	t.Helper()
	_, _ = fmt.Fprintf(out, "\n$ terraform %s\n", strings.Join(args, " "))
	code, err := ws.Run(t.Context(), out, append([]string{args[0], "-input=false", tfharness.NoColor}, args[1:]...)...)
	if err != nil {
		t.Fatal(err)
	}
	if code != want {
		t.Fatalf("terraform %s exited %d, want %d; output:\n%s", strings.Join(args, " "), code, want, readLog(t, out))
	}
}

func readLog(t *testing.T, f *os.File) string {
	t.Helper()
	b, err := os.ReadFile(f.Name())
	if err != nil {
		return err.Error()
	}
	return string(b)
}

// waitUntil polls cond every 100 ms until it holds, failing the test after limit.
func waitUntil(t *testing.T, limit time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %s waiting for %s", limit, what)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// TestAccInterrupt_createRequestInFlight interrupts `terraform apply` after the portal has committed a new
// mailbox user but before its answer arrives (a proxy holds the answer back for 3 s). Cancelling that
// request would leave a user nobody tracks; the provider lets it finish, so the user's ID is in the state
// (tainted) and the next apply converges with no orphan.
func TestAccInterrupt_createRequestInFlight(t *testing.T) {
	t.Parallel()
	bin, terraform := tfharness.BuildForTest(t)
	ctx := t.Context()
	mock, err := tfharness.StartMock(ctx, filepath.Join(bin, tfharness.MockBinary), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = mock.Stop() })
	upstream, err := url.Parse(mock.URL)
	if err != nil {
		t.Fatal(err)
	}
	committed := make(chan struct{}, 1)
	proxy := httputil.NewSingleHostReverseProxy(&url.URL{Scheme: upstream.Scheme, Host: upstream.Host})
	proxy.ModifyResponse = func(resp *http.Response) error {
		if resp.Request.Method == http.MethodPost && resp.Request.URL.Path == api.BasePath+"/users" {
			committed <- struct{}{}
			time.Sleep(3 * time.Second)
		}
		return nil
	}
	front := httptest.NewServer(proxy)
	t.Cleanup(front.Close)

	ws, out := newTestWorkspace(t, terraform, bin, mock, terraformBlock+infoMailbox().String())
	ws.SetEnv("PORTAL_ENDPOINT", front.URL+api.BasePath)
	apply, err := ws.Start(out, "apply", "-auto-approve", "-input=false", tfharness.NoColor)
	if err != nil {
		t.Fatal(err)
	}
	select {
	case <-committed:
	case <-time.After(time.Minute):
		_ = apply.Process.Kill()
		t.Fatalf("no POST /users within a minute; output:\n%s", readLog(t, out))
	}
	if err := apply.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	if err := apply.Wait(); err == nil {
		t.Errorf("the interrupted apply exited 0; output:\n%s", readLog(t, out))
	}

	portal, err := mock.Client()
	if err != nil {
		t.Fatal(err)
	}
	users, err := portal.ListUsers(ctx, client.UserFilter{CustomerID: mockportal.DemoIDs.Acme, Username: "info"})
	if err != nil || len(users) != 1 {
		t.Fatalf("the portal holds %+v (%v), want the one committed user", users, err)
	}
	state, err := ws.ShowState(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(state) != 1 || state[0].ID() != users[0].ID || !state[0].Tainted {
		t.Fatalf("state after the interrupt is %+v, want %s tainted with ID %s (else the user is an orphan); output:\n%s",
			state, mailboxAddr, users[0].ID, readLog(t, out))
	}

	runTerraform(t, ws, out, 0, "apply", "-auto-approve")
	users, err = portal.ListUsers(ctx, client.UserFilter{CustomerID: mockportal.DemoIDs.Acme, Username: "info"})
	if err != nil || len(users) != 1 {
		t.Fatalf("after the next apply the portal holds %+v (%v), want exactly one mailbox user", users, err)
	}
	runTerraform(t, ws, out, 0, "destroy", "-auto-approve")
}
