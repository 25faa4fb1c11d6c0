package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"

	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/csportal/terraform-provider-portal/internal/mockportal"
)

// runMainEnv makes the test binary act as portal-mock (see TestMain), so the signal test runs the real
// main in a real process without needing a separate build.
const runMainEnv = "PORTAL_MOCK_TEST_RUN_MAIN"

func TestMain(m *testing.M) {
	if os.Getenv(runMainEnv) == "1" {
		main()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

var firstLine = regexp.MustCompile(`^listening on (http://127\.0\.0\.1:[0-9]+/api/v1)$`)

// readFirstLine returns the base URL announced on the first line of r.
func readFirstLine(t *testing.T, r io.Reader) string {
	t.Helper()
	lines := make(chan string, 1)
	go func() {
		line, _ := bufio.NewReader(r).ReadString('\n')
		lines <- strings.TrimSuffix(line, "\n")
	}()
	select {
	case line := <-lines:
		m := firstLine.FindStringSubmatch(line)
		if m == nil {
			t.Fatalf("first line %q", line)
		}
		return m[1]
	case <-time.After(30 * time.Second):
		t.Fatal("no first line within 30s")
		return ""
	}
}

func get(t *testing.T, url, token string) (int, []byte) {
	t.Helper()
	req, _ := http.NewRequest("GET", url, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = res.Body.Close() }()
	body, _ := io.ReadAll(res.Body)
	return res.StatusCode, body
}

// The real process: first line, a request that changes the state, SIGTERM, a graceful exit and the state
// file written.
func TestServeAndShutDownOnSIGTERM(t *testing.T) {
	state := filepath.Join(t.TempDir(), "state.json")
	cmd := exec.Command(os.Args[0], "--listen", "127.0.0.1:0", "--state", state, "--validate-contract", "--seed", "1")
	cmd.Env = append(os.Environ(), runMainEnv+"=1", adminTokenEnv+"=s3cret")
	cmd.Stderr = os.Stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill() })
	base := readFirstLine(t, stdout)

	if status, body := get(t, base+"/me", "s3cret"); status != http.StatusOK || !strings.Contains(string(body), mockportal.DemoIDs.RootAdmin) {
		t.Fatalf("GET /me: %d %s", status, body)
	}
	req, _ := http.NewRequest("POST", base+"/users", strings.NewReader(
		`{"customer_id":"`+mockportal.DemoIDs.Acme+`","username":"persisted","password":"correct-horse-battery"}`))
	req.Header.Set("Authorization", "Bearer s3cret")
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	_ = res.Body.Close()
	if res.StatusCode != http.StatusCreated {
		t.Fatalf("POST /users: %d", res.StatusCode)
	}

	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("exit: %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("no exit within 30s of SIGTERM")
	}
	data, err := os.ReadFile(state)
	if err != nil {
		t.Fatalf("state file: %v", err)
	}
	if !strings.Contains(string(data), `"username": "persisted"`) {
		t.Fatalf("the state file lacks the new user:\n%.500s", data)
	}
}

// In process: fixtures from a file, and the state file restores what a previous run left.
func TestFixturesFileAndRestart(t *testing.T) {
	state := filepath.Join(t.TempDir(), "state.json")
	start := func(args ...string) (string, func()) {
		ctx, cancel := context.WithCancel(context.Background())
		pr, pw := io.Pipe()
		done := make(chan error, 1)
		go func() {
			done <- run(ctx, append([]string{"--listen", "127.0.0.1:0", "--state", state}, args...), pw, io.Discard,
				func(string) string { return "" })
		}()
		base := readFirstLine(t, pr)
		return base, func() {
			cancel()
			if err := <-done; err != nil {
				t.Fatalf("run: %v", err)
			}
		}
	}
	base, stop := start("--admin-token", "tok", "--fixtures", "fixtures.example.json")
	if status, body := get(t, base+"/customers?name=globex", "tok"); status != http.StatusOK || !strings.Contains(string(body), mockportal.DemoIDs.Globex) {
		t.Fatalf("GET /customers: %d %s", status, body)
	}
	stop()
	if _, err := os.Stat(state); err != nil {
		t.Fatalf("state file: %v", err)
	}
	base, stop = start("--admin-token", "tok")
	if status, _ := get(t, base+"/users/"+mockportal.DemoIDs.Alice, "tok"); status != http.StatusOK {
		t.Fatalf("after restart: %d", status)
	}
	stop()
}

// --legacy-portal starts from a portal full of hand-made objects, with the faults switched on after it is
// built.
func TestLegacyPortal(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"--listen", "127.0.0.1:0", "--admin-token", "tok", "--legacy-portal", "4,1,6,2,3",
			"--job-failure-rate", "1"}, pw, io.Discard, func(string) string { return "" })
	}()
	base := readFirstLine(t, pr)
	status, body := get(t, base+"/customers/"+mockportal.LegacyCustomerStark+"/mailboxes?shared_mailbox=true", "tok")
	var page struct{ Items []json.RawMessage }
	if err := json.Unmarshal(body, &page); status != http.StatusOK || err != nil || len(page.Items) != 2 {
		t.Fatalf("Stark's shared mailboxes: %d %s", status, body)
	}
	var entries struct{ Items []json.RawMessage }
	status, body = get(t, base+"/customers/"+mockportal.DemoIDs.Acme+"/calendar-permissions", "tok")
	if err := json.Unmarshal(body, &entries); status != http.StatusOK || err != nil || len(entries.Items) == 0 {
		t.Fatalf("Acme's calendar entries: %d %s", status, body)
	}
	if status, body := get(t, base[:len(base)-len(mockportal.BasePath)]+"/_mock/faults", "tok"); status != http.StatusOK ||
		!strings.Contains(string(body), `"job_failure_rate":1`) {
		t.Fatalf("faults after the build: %d %s", status, body)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("run: %v", err)
	}
}

func TestRefusesToStartWithoutAnAdminToken(t *testing.T) {
	err := run(context.Background(), []string{"--listen", "127.0.0.1:0"}, io.Discard, io.Discard, func(string) string { return "" })
	if err == nil || !strings.Contains(err.Error(), "--admin-token") || !strings.Contains(err.Error(), adminTokenEnv) {
		t.Fatalf("err %v", err)
	}
	for _, args := range [][]string{{"--error-rate", "2", "--admin-token", "x"}, {"--latency", "soon"}, {"extra"}, {"--fixtures", "missing.json", "--admin-token", "x"},
		{"--legacy-portal", "lots", "--admin-token", "x"}, {"--legacy-portal", "1,0,2,-3", "--admin-token", "x"}, {"--legacy-portal", "1,2,3,4x", "--admin-token", "x"}, {"--legacy-portal", "1,2,3,4,9,9", "--admin-token", "x"}, {"--legacy-portal", "3,2,0,0", "--admin-token", "x"},
		{"--legacy-portal", "default", "--fixtures", "fixtures.example.json", "--admin-token", "x"}} {
		if err := run(context.Background(), args, io.Discard, io.Discard, func(string) string { return "" }); err == nil {
			t.Errorf("%v was accepted", args)
		}
	}
	if err := run(context.Background(), []string{"-h"}, io.Discard, io.Discard, func(string) string { return "" }); !errors.Is(err, flag.ErrHelp) {
		t.Errorf("-h: %v", err)
	}
}

// fixtures.example.json is the built-in demo set.
func TestFixturesExampleIsTheDemoSet(t *testing.T) {
	got, err := mockportal.LoadFixtures("fixtures.example.json")
	if err != nil {
		t.Fatal(err)
	}
	want, _ := json.Marshal(mockportal.DemoFixtures())
	var wantF mockportal.Fixtures
	_ = json.Unmarshal(want, &wantF)
	if !reflect.DeepEqual(*got, wantF) {
		data, _ := json.MarshalIndent(mockportal.DemoFixtures(), "", "  ")
		t.Fatalf("fixtures.example.json differs from mockportal.DemoFixtures(); it should be:\n%s", data)
	}

}
