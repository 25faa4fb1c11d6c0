//go:build !unix

package tfharness

import "syscall"

func newProcessGroup() *syscall.SysProcAttr { return nil }
