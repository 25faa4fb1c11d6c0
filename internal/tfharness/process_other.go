//go:build !unix

package tfharness

import (
	"errors"
	"os/exec"
	"syscall"
	"time"
)

func newProcessGroup() *syscall.SysProcAttr { return nil }

// KillGroup is not available here: it needs Unix process groups.
func KillGroup(*exec.Cmd) error { return errors.New("killing a process group needs a Unix system") }

// GroupGone is not available here: it needs Unix process groups.
func GroupGone(int, time.Duration) bool { return false }
