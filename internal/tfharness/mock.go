// Package tfharness runs real Terraform CLI against a portal-mock process: the demo, the soak test and the
// benchmark all need a throw-away portal on a free loopback port and a Terraform working directory that
// uses the locally built provider through dev_overrides (no registry, no network).
package tfharness

import (
	"bufio"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"time"
)

// Mock is a running portal-mock process.
type Mock struct {
	// URL is the API base URL, http://127.0.0.1:PORT/api/v1.
	URL        string
	AdminToken string
	cmd        *exec.Cmd
	done       chan error
}

const listeningPrefix = "listening on "

// StartMock starts the portal-mock binary on a free loopback port with a fresh admin token and waits for
// its first line. extraArgs carry fault flags. The mock's further output goes to logTo (nil: discarded).
func StartMock(ctx context.Context, binary string, logTo io.Writer, extraArgs ...string) (*Mock, error) {
	token, err := randomToken()
	if err != nil {
		return nil, err
	}
	args := append([]string{"--listen", "127.0.0.1:0"}, extraArgs...)
	cmd := exec.CommandContext(ctx, binary, args...)
	// The token travels in the environment, not argv, so that ps does not show it.
	cmd.Env = append(os.Environ(), "PORTAL_MOCK_ADMIN_TOKEN="+token)
	cmd.Stderr = logTo
	cmd.Cancel = func() error { return cmd.Process.Signal(syscall.SIGTERM) }
	cmd.WaitDelay = 10 * time.Second
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting %s: %w", binary, err)
	}
	m := &Mock{AdminToken: token, cmd: cmd, done: make(chan error, 1)}

	lines := bufio.NewScanner(stdout)
	first := make(chan string, 1)
	go func() {
		if lines.Scan() {
			first <- lines.Text()
		}
		close(first)
		if logTo == nil {
			logTo = io.Discard
		}
		for lines.Scan() {
			_, _ = fmt.Fprintln(logTo, lines.Text())
		}
	}()
	go func() { m.done <- cmd.Wait() }()

	select {
	case line, ok := <-first:
		if !ok || !strings.HasPrefix(line, listeningPrefix) {
			_ = m.Stop()
			return nil, fmt.Errorf("portal-mock did not start: first line %q", line)
		}
		m.URL = strings.TrimPrefix(line, listeningPrefix)
		return m, nil
	case <-time.After(30 * time.Second):
		_ = m.Stop()
		return nil, errors.New("portal-mock did not print its address within 30s")
	}
}

// Stop asks the mock to shut down gracefully (SIGTERM) and waits for it.
func (m *Mock) Stop() error {
	if m.cmd.Process == nil {
		return nil
	}
	_ = m.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-m.done:
		m.done <- err // a second Stop returns at once
		return err
	case <-time.After(15 * time.Second):
		_ = m.cmd.Process.Kill()
		return errors.New("portal-mock did not stop within 15s; killed")
	}
}

func randomToken() (string, error) {
	b := make([]byte, 24)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return hex.EncodeToString(b), nil
}
