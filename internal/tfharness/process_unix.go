//go:build unix

package tfharness

import (
	"errors"
	"fmt"
	"os/exec"
	"syscall"
	"time"
)

func newProcessGroup() *syscall.SysProcAttr { return &syscall.SysProcAttr{Setpgid: true} }

// KillGroup sends SIGKILL to every process of cmd's process group (Start puts terraform in a group of its
// own, and the providers it starts inherit it): what a CI runner's job timeout or an out-of-memory kill
// does to a pipeline step. The caller still waits for cmd.
func KillGroup(cmd *exec.Cmd) error {
	if err := syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL); err != nil {
		return fmt.Errorf("killing process group %d: %w", cmd.Process.Pid, err)
	}
	return nil
}

// GroupGone waits up to limit for every process of the process group pgid to be gone, and reports whether
// they are (a process that is dead but not yet reaped still counts).
func GroupGone(pgid int, limit time.Duration) bool {
	for deadline := time.Now().Add(limit); ; time.Sleep(10 * time.Millisecond) {
		if err := syscall.Kill(-pgid, 0); errors.Is(err, syscall.ESRCH) {
			return true
		}
		if time.Now().After(deadline) {
			return false
		}
	}
}
