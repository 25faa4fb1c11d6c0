package provider_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/csportal/terraform-provider-portal/internal/client"
	"github.com/csportal/terraform-provider-portal/internal/mockportal"
	"github.com/csportal/terraform-provider-portal/internal/tfharness"
)

// TestAccManyCustomers_example applies examples/many-customers as a pipeline would: the provider binary,
// started by the CLI once per provider configuration, against a portal-mock process. Two aliases each have a
// scoped token of their own (Acme's administrator's, Globex's) and a default customer; a third, the
// reseller's administrator's token, manages a mailbox in two of its customers. Everything lands in the
// right customer, the next plan is empty, and the destroy removes it all. (In-process provider factories
// serve every alias of a configuration from one provider server, whose last configuration wins: several
// aliases of different tokens need the real processes.)
func TestAccManyCustomers_example(t *testing.T) {
	t.Parallel()
	bin, terraform := tfharness.BuildForTest(t)
	ctx := t.Context()
	mock, err := tfharness.StartMock(ctx, filepath.Join(bin, tfharness.MockBinary), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = mock.Stop() })
	ws, err := tfharness.NewWorkspace(terraform, bin, filepath.Join("..", "..", "examples", "many-customers"), mock)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(ws.Close)
	id := mockportal.DemoIDs
	for variable, principal := range map[string]string{"acme_token": id.Admin, "globex_token": id.GlobexAdmin, "reseller_token": id.ResellerAdmin} {
		token, err := mock.IssueToken(ctx, principal)
		if err != nil {
			t.Fatal(err)
		}
		ws.SetEnv("TF_VAR_"+variable, token)
	}
	ws.SetEnv("TF_VAR_acme_customer_id", id.Acme)
	ws.SetEnv("TF_VAR_globex_customer_id", id.Globex)
	// The master token in the environment must not matter: every provider block names its own.
	ws.SetEnv("PORTAL_API_TOKEN", "not-a-token")
	out, err := os.Create(filepath.Join(t.TempDir(), "terraform.out"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = out.Close() })

	runTerraform(t, ws, out, 0, "apply", "-auto-approve")
	portal, err := mock.Client()
	if err != nil {
		t.Fatal(err)
	}
	desks := func(want int) {
		t.Helper()
		for _, customer := range []string{id.Acme, id.Globex} {
			for _, username := range []string{"frontdesk", "helpdesk"} {
				users, err := portal.ListUsers(ctx, client.UserFilter{CustomerID: customer, Username: username})
				if err != nil {
					t.Fatal(err)
				}
				if len(users) != want {
					t.Errorf("customer %s has %d users named %s, want %d", customer, len(users), username, want)
				}
			}
		}
	}
	desks(1)
	runTerraform(t, ws, out, 0, "plan", "-detailed-exitcode")

	// Deletion protection off (no portal request), then the destroy: the state's objects go, the fixtures' stay.
	config, err := ws.ReadFile("main.tf")
	if err != nil {
		t.Fatal(err)
	}
	const on, off = "deletion_protection = true", "deletion_protection = false"
	if n := strings.Count(string(config), on); n != 3 {
		t.Fatalf("the example says %q %d times, want 3 (each mailbox)", on, n)
	}
	if err := ws.WriteFile("main.tf", strings.ReplaceAll(string(config), on, off)); err != nil {
		t.Fatal(err)
	}
	runTerraform(t, ws, out, 0, "apply", "-auto-approve")
	runTerraform(t, ws, out, 0, "destroy", "-auto-approve")
	desks(0)
	if _, err := portal.GetUser(ctx, id.GlobexMailbox); err != nil {
		t.Errorf("Globex's own mailbox: %v", err)
	}
}
