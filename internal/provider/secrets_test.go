package provider_test

import (
	"crypto/rand"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/csportal/terraform-provider-portal/internal/mockportal"
	"github.com/csportal/terraform-provider-portal/internal/tfharness"
)

// secretsConfig manages all three resources with both kinds of password: write-only ones from ephemeral
// variables, as a pipeline passes them, and the stored one from a sensitive variable.
var secretsConfig = terraformBlock + fmt.Sprintf(`
variable "mailbox_password" {
  type      = string
  ephemeral = true
  sensitive = true
}

variable "agent_password" {
  type      = string
  ephemeral = true
  sensitive = true
}

variable "gateway_password" {
  type      = string
  sensitive = true
}

variable "password_version" {
  type = number
}

resource "portal_shared_mailbox" "secrets" {
  customer_id         = %[1]q
  username            = "secrets"
  first_name          = "Secrets"
  last_name           = "Test"
  email_address       = "secrets@acme.example"
  deletion_protection = false
  password_wo         = var.mailbox_password
  password_wo_version = var.password_version
}

resource "portal_application_user" "agent" {
  application_id      = %[2]q
  customer_id         = %[1]q
  username            = "agent"
  password_wo         = var.agent_password
  password_wo_version = var.password_version
}

resource "portal_application_user" "gateway" {
  application_id = %[2]q
  username       = "gateway"
  password       = var.gateway_password
}

resource "portal_mailbox_permission" "agent" {
  mailbox_id  = portal_shared_mailbox.secrets.id
  user_id     = portal_application_user.agent.id
  permissions = ["create_messages"]
}
`, mockportal.DemoIDs.Acme, mockportal.DemoIDs.B2BGateway)

// secretsRefused adds creates that the portal refuses after receiving a password (a mailbox whose
// username is taken, a second "gateway"), and one that a validator refuses at plan time (a short password).
var secretsRefused = map[string]string{
	"refused.tf": fmt.Sprintf(`
variable "refused_password" {
  type      = string
  ephemeral = true
  sensitive = true
}

variable "other_gateway_password" {
  type      = string
  sensitive = true
}

resource "portal_shared_mailbox" "taken" {
  customer_id         = %[1]q
  username            = "alice"
  first_name          = "Alice"
  last_name           = "Again"
  email_address       = "alice.again@acme.example"
  deletion_protection = false
  password_wo         = var.refused_password
  password_wo_version = 1
}

resource "portal_application_user" "gateway_again" {
  application_id = %[2]q
  username       = "gateway"
  display_name   = "Gateway again"
  password       = var.other_gateway_password
}
`, mockportal.DemoIDs.Acme, mockportal.DemoIDs.B2BGateway),
}

// TestAccSecrets_neverLeak runs the lifecycle of all three resources — create, password rotation, creates
// the portal refuses, a password a validator refuses, destroy — through the terraform CLI with TRACE logs
// of Terraform and of the provider (TF_LOG=trace, TF_LOG_PROVIDER=trace, TF_LOG_PATH), with canary values
// for the API token and every password. No canary may appear in a log line or in anything Terraform
// printed (every diagnostic, errors included); neither the token nor a write-only password may appear in
// the state file or a saved plan (terraform show -json). The stored `password` is in state by design.
func TestAccSecrets_neverLeak(t *testing.T) {
	t.Parallel()
	bin, terraform := tfharness.BuildForTest(t)
	ctx := t.Context()
	mockLog, err := os.Create(filepath.Join(t.TempDir(), "portal-mock.log"))
	if err != nil {
		t.Fatal(err)
	}
	mock, err := tfharness.StartMock(ctx, filepath.Join(bin, tfharness.MockBinary), mockLog)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = mock.Stop() })
	ws, out := newTestWorkspace(t, terraform, bin, mock, secretsConfig)
	traceLog := filepath.Join(t.TempDir(), "terraform-trace.log")
	ws.SetEnv("TF_LOG", "trace")
	ws.SetEnv("TF_LOG_PROVIDER", "trace")
	ws.SetEnv("TF_LOG_PATH", traceLog)

	token := mock.AdminToken // random: a canary of its own
	writeOnly := []string{token}
	everywhere := []string{token}
	canary := func(name string, wo bool) string {
		c := "canary-" + name + "-" + rand.Text()[:10]
		everywhere = append(everywhere, c)
		if wo {
			writeOnly = append(writeOnly, c)
		}
		return c
	}
	version := func(v int, mailbox, agent, gateway string) {
		ws.SetEnv("TF_VAR_password_version", fmt.Sprint(v))
		ws.SetEnv("TF_VAR_mailbox_password", mailbox)
		ws.SetEnv("TF_VAR_agent_password", agent)
		ws.SetEnv("TF_VAR_gateway_password", gateway)
	}
	var plans []string
	planAndApply := func(name string) {
		t.Helper()
		runTerraform(t, ws, out, 0, "plan", "-out="+name)
		plan, err := ws.ShowJSON(ctx, name)
		if err != nil {
			t.Fatal(err)
		}
		plans = append(plans, string(plan))
		runTerraform(t, ws, out, 0, "apply", name)
	}

	version(1, canary("mailbox-wo-1", true), canary("agent-wo-1", true), canary("gateway-1", false))
	planAndApply("create.tfplan")
	version(2, canary("mailbox-wo-2", true), canary("agent-wo-2", true), canary("gateway-2", false))
	planAndApply("rotate.tfplan")
	runTerraform(t, ws, out, 0, "plan", "-detailed-exitcode")

	for name, config := range secretsRefused {
		if err := ws.WriteFile(name, config); err != nil {
			t.Fatal(err)
		}
	}
	ws.SetEnv("TF_VAR_refused_password", canary("refused-wo", true))
	ws.SetEnv("TF_VAR_other_gateway_password", canary("refused", false))
	runTerraform(t, ws, out, 1, "apply", "-auto-approve")
	short := "cnry" + rand.Text()[:7] // 11 characters, one too few
	everywhere = append(everywhere, short)
	ws.SetEnv("TF_VAR_refused_password", short)
	runTerraform(t, ws, out, 1, "plan")
	output := readLog(t, out)
	for _, want := range []string{
		`portal: POST /users: 409 already_exists`,
		`portal: POST /applications/` + mockportal.DemoIDs.B2BGateway + `/users: 409\s+already_exists`,
		`string length must be between 12 and 128, got: 11`,
	} {
		if !regexp.MustCompile(want).MatchString(output) {
			t.Errorf("terraform printed no error matching %q: the flow did not test what it should; output:\n%s", want, output)
		}
	}
	for name := range secretsRefused {
		if err := os.Remove(filepath.Join(ws.Dir, name)); err != nil {
			t.Fatal(err)
		}
	}
	runTerraform(t, ws, out, 0, "destroy", "-auto-approve")

	state, err := ws.ReadFile("terraform.tfstate")
	if err != nil {
		t.Fatal(err)
	}
	trace := readFile(t, traceLog)
	if !strings.Contains(trace, "portal API request body") || !strings.Contains(trace, "provider.terraform-provider-portal") {
		t.Fatalf("the trace log has no TRACE lines of the provider's API calls: the test would prove nothing")
	}
	leaks := findCanaries(everywhere, map[string]string{"Terraform's trace log": trace, "Terraform's output": output,
		"the output of the last commands": readLog(t, out), "portal-mock's log": readFile(t, mockLog.Name())})
	leaks = append(leaks, findCanaries(writeOnly, map[string]string{"the state file": string(state),
		"the saved plans": strings.Join(plans, "\n")})...)
	for _, l := range leaks {
		t.Error(l)
	}
}

// findCanaries reports each canary found in each text.
func findCanaries(canaries []string, texts map[string]string) []string {
	var out []string
	for where, text := range texts {
		for _, c := range canaries {
			if i := strings.Index(text, c); i >= 0 {
				line := text[strings.LastIndex(text[:i], "\n")+1:]
				if j := strings.IndexByte(line, '\n'); j >= 0 {
					line = line[:j]
				}
				out = append(out, fmt.Sprintf("a secret appears in %s: %.300s", where, line))
			}
		}
	}
	return out
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestProvider_plainHTTPWarns: an endpoint on plain http:// to another machine gets a warning on
// endpoint, since the token and passwords would cross the network unencrypted; https:// and loopback
// (where the mock portal runs) do not. Configuring does not contact the portal.
func TestProvider_plainHTTPWarns(t *testing.T) {
	warning := diagnostic{tfprotov6.DiagnosticSeverityWarning, "Portal API token sent without encryption", "endpoint"}
	for endpoint, want := range map[string][]diagnostic{
		"http://portal.example.com/api/v1":   {warning},
		"http://10.1.2.3:8080/api/v1":        {warning},
		"http://localhost.example.com/api/":  {warning},
		"https://portal.example.com/api/v1":  nil,
		"http://127.0.0.1:8080/api/v1":       nil,
		"http://localhost:8080/api/v1":       nil,
		"http://[::1]:8080/api/v1":           nil,
		"https://127.0.0.1:8443/api/v1":      nil,
		"http://127.0.0.53/api/v1":           nil,
		"http://[2001:db8::1]:8080/api/v1/":  {warning},
		"http://192.0.2.10/portal/api/v1":    {warning},
		"http://portal.internal:80/api/v1/":  {warning},
		"http://PORTAL.EXAMPLE.COM/api/v1/":  {warning},
		"http://portal.example.com:443/api/": {warning},
	} {
		got := configureProvider(t, map[string]tftypes.Value{
			"endpoint":  tftypes.NewValue(tftypes.String, endpoint),
			"api_token": tftypes.NewValue(tftypes.String, "token"),
		})
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("%s: got %v, want %v", endpoint, got, want)
		}
	}
}
