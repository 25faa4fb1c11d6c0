package mockportal

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/csportal/terraform-provider-portal/internal/api"
)

// The state file carries everything across a restart, a job still running included.
func TestStateSurvivesARestart(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.json")
	p, err := New(Options{AdminToken: "root", StatePath: path, Faults: Faults{JobDelay: 200 * time.Millisecond}})
	if err != nil {
		t.Fatal(err)
	}
	u, err := p.CreateUser(api.UserCreate{CustomerID: DemoIDs.Acme, Username: "keeper", Password: "correct-horse-battery"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.PutPermission(DemoIDs.Alice, DemoIDs.Bob, []string{"view", "send_as"}); err != nil {
		t.Fatal(err)
	}
	tok, err := p.IssueToken(DemoIDs.Bob)
	if err != nil {
		t.Fatal(err)
	}
	// A job that is still running when the portal closes.
	job, err := p.store.putHostedExchange(operator, u.ID, api.HostedExchangeSpec{UserPlan: PlanSharedMailbox, PrimaryEmail: "keeper@acme.example"},
		precondition{}, p.operatorJobPlan())
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}
	// Counted after Close: the running job may record its start at any moment before that.
	events := len(p.Events())
	var raw map[string]any
	data, err := os.ReadFile(path)
	if err != nil || json.Unmarshal(data, &raw) != nil {
		t.Fatalf("state file: %v", err)
	}

	q, err := New(Options{AdminToken: "root", StatePath: path})
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = q.Close() }()
	if got, ok := q.User(u.ID); !ok || got.Username != "keeper" {
		t.Fatalf("user %+v", got)
	}
	if g := q.Permissions(DemoIDs.Alice); len(g) != 1 || !slices.Equal(g[0].Permissions, []string{"send_as", "view"}) {
		t.Fatalf("grants %+v", g)
	}
	if pr, err := q.store.authenticate(tok, []byte("root")); err != nil || pr.ID != DemoIDs.Bob {
		t.Fatalf("issued token after restart: %+v %v", pr, err)
	}
	if len(q.Events()) != events {
		t.Fatalf("%d events, want %d", len(q.Events()), events)
	}
	// Unique indexes are rebuilt: the address and the username stay taken.
	if _, err := q.CreateUser(api.UserCreate{CustomerID: DemoIDs.Acme, Username: "KEEPER", Password: "correct-horse-battery"}); ErrorCode(err) != api.CodeAlreadyExists {
		t.Fatalf("duplicate after restart: %v", err)
	}
	if got, _ := q.waitJob(job.ID); got.Status != api.JobProvisioned {
		t.Fatalf("the interrupted job ends after the restart: %+v", got)
	}
	if he, _ := q.HostedExchange(u.ID); he.ProvisioningStatus != api.ServiceProvisioned || he.PrimaryEmail != "keeper@acme.example" {
		t.Fatalf("service %+v", he)
	}
	// No temporary files are left behind.
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 1 {
		t.Fatalf("directory holds %d files", len(entries))
	}
}

func TestBadStateFileIsRefused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.json")
	for _, content := range []string{"{", `{"format":99}`, `{"format":1,"admin_id":"usr_0000000000000000"}`} {
		if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		if _, err := New(Options{AdminToken: "root", StatePath: path}); err == nil {
			t.Errorf("state %s was accepted", content)
		}
	}
}

func TestNewRefusesBadOptions(t *testing.T) {
	if _, err := New(Options{}); err == nil {
		t.Error("no admin token was accepted")
	}
	if _, err := New(Options{AdminToken: "x", Faults: Faults{ErrorRate: 2}}); err == nil {
		t.Error("error rate 2 was accepted")
	}
	f := DemoFixtures()
	f.Users = f.Users[:2] // no administrator
	if _, err := New(Options{AdminToken: "x", Fixtures: f}); err == nil {
		t.Error("fixtures without an administrator were accepted")
	}
}

func TestLoadFixtures(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.json")
	data, _ := json.Marshal(DemoFixtures())
	if err := os.WriteFile(good, data, 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := LoadFixtures(good)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := buildState(f, testNow); err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(dir, "bad.json")
	if err := os.WriteFile(bad, []byte(`{"customers":[],"userz":[]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadFixtures(bad); err == nil {
		t.Error("an unknown field was accepted")
	}
}
