package tfharness

import (
	"bufio"
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"
)

// ProcessWatch watches the processes that run a given executable below a parent process (a provider that
// Terraform starts, possibly several times in one command): the largest peak resident set size the kernel
// reports for any of them (VmHWM of /proc/PID/status) and the CPU time they used. VmHWM is the high-water
// mark of the process's whole life, so a sample taken any time before the process exits is its peak so
// far; the last sample misses only what the process grows, or computes, in its final interval. Linux
// only: elsewhere nothing is found.
type ProcessWatch struct {
	parent int
	exe    string
	stop   chan struct{}
	done   chan struct{}
	mu     sync.Mutex
	peak   int64                 // bytes
	cpu    map[int]time.Duration // by PID, as last sampled
}

// ProcessUsage is what a ProcessWatch saw.
type ProcessUsage struct {
	// PeakRSS is the largest VmHWM of the processes, in bytes.
	PeakRSS int64
	// CPU is the user and system time of all of them.
	CPU time.Duration
	// Processes counts them; 0 means none was seen (and the figures mean nothing).
	Processes int
}

// WatchProcesses starts polling the descendants of parent every interval for processes whose executable
// is exe (an absolute path).
func WatchProcesses(parent int, exe string, interval time.Duration) *ProcessWatch {
	w := &ProcessWatch{parent: parent, exe: exe, stop: make(chan struct{}), done: make(chan struct{}), cpu: map[int]time.Duration{}}
	go func() {
		defer close(w.done)
		t := time.NewTicker(interval)
		defer t.Stop()
		for {
			w.sample()
			select {
			case <-w.stop:
				return
			case <-t.C:
			}
		}
	}()
	return w
}

// Stop ends the polling and returns what it saw.
func (w *ProcessWatch) Stop() ProcessUsage {
	close(w.stop)
	<-w.done
	w.mu.Lock()
	defer w.mu.Unlock()
	u := ProcessUsage{PeakRSS: w.peak, Processes: len(w.cpu)}
	for _, d := range w.cpu {
		u.CPU += d
	}
	return u
}

func (w *ProcessWatch) sample() {
	for _, pid := range descendants(w.parent) {
		if exe, err := os.Readlink(procPath(pid, "exe")); err != nil || exe != w.exe {
			continue
		}
		hwm, ok := vmHWM(pid)
		cpu, cpuOK := ProcessCPU(pid)
		if !ok || !cpuOK {
			continue
		}
		w.mu.Lock()
		w.cpu[pid] = cpu
		w.peak = max(w.peak, hwm)
		w.mu.Unlock()
	}
}

// descendants lists the processes below pid, from the children files of each of its threads (a Go
// program such as Terraform starts child processes from any of its threads).
func descendants(pid int) []int {
	var out []int
	queue := []int{pid}
	for len(queue) > 0 {
		p := queue[0]
		queue = queue[1:]
		files, _ := filepath.Glob(procPath(p, "task/*/children"))
		for _, f := range files {
			b, err := os.ReadFile(f) //nolint:gosec // a /proc path built from PIDs
			if err != nil {
				continue
			}
			for _, field := range strings.Fields(string(b)) {
				if child, err := strconv.Atoi(field); err == nil {
					out = append(out, child)
					queue = append(queue, child)
				}
			}
		}
	}
	return out
}

// vmHWM returns the VmHWM line of /proc/PID/status in bytes.
func vmHWM(pid int) (int64, bool) {
	b, err := os.ReadFile(procPath(pid, "status")) //nolint:gosec // a /proc path built from a PID
	if err != nil {
		return 0, false
	}
	s := bufio.NewScanner(bytes.NewReader(b))
	for s.Scan() {
		value, found := strings.CutPrefix(s.Text(), "VmHWM:")
		if !found {
			continue
		}
		kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(value), " kB"), 10, 64)
		return kb << 10, err == nil
	}
	return 0, false
}

// clockTicks is the unit of the times in /proc/PID/stat: USER_HZ, which Linux fixes at 100 for every
// architecture's user-space interface.
const clockTicks = 100

// ProcessCPU returns the user and system time a running process has used so far (/proc/PID/stat).
func ProcessCPU(pid int) (time.Duration, bool) {
	b, err := os.ReadFile(procPath(pid, "stat")) //nolint:gosec // a /proc path built from a PID
	if err != nil {
		return 0, false
	}
	// The command name (field 2) is in parentheses and may hold spaces and parentheses: count the fields
	// after the last ")".
	end := bytes.LastIndexByte(b, ')')
	if end < 0 {
		return 0, false
	}
	fields := strings.Fields(string(b[end+1:]))
	if len(fields) < 13 {
		return 0, false
	}
	utime, err1 := strconv.ParseInt(fields[11], 10, 64) // field 14 of the line
	stime, err2 := strconv.ParseInt(fields[12], 10, 64) // field 15
	if err1 != nil || err2 != nil {
		return 0, false
	}
	return time.Duration(utime+stime) * time.Second / clockTicks, true
}

func procPath(pid int, name string) string {
	return filepath.Join("/proc", strconv.Itoa(pid), name)
}
