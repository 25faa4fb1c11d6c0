package provider

import (
	"runtime/debug"
	"strings"
)

// loggerLevelVariables set the levels of the provider process's loggers (terraform-plugin-log): the SDK's,
// its protocol and framework subsystems, and this provider's own (TF_LOG_PROVIDER_ and the provider type).
// Unset, each logs everything, at TRACE.
var loggerLevelVariables = []string{"TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK", "TF_LOG_PROVIDER_PORTAL"}

// QuietUnseenLogs switches off the loggers of the provider process when Terraform will discard what they
// write. The provider's loggers write every line, TRACE included, as JSON to Terraform, which parses each
// and drops it unless TF_LOG_PROVIDER, or else TF_LOG, names a level (Terraform's own rule); by default
// both are unset. At scale that is most of the cost of a plan: a refresh of 1,000 objects took 7.0 s
// instead of 4.5 s (make bench, BENCHMARKS.md). A level that is set explicitly is kept.
//
// It is for the process that Terraform starts (main, not in debug mode, where the logs go to the
// developer's terminal instead), before it serves; getenv and setenv are os.Getenv and os.Setenv.
func QuietUnseenLogs(getenv func(string) string, setenv func(string, string) error) error {
	level := getenv("TF_LOG_PROVIDER")
	if level == "" {
		level = getenv("TF_LOG")
	}
	if level != "" && !strings.EqualFold(level, "off") {
		return nil // Terraform shows the provider's logs
	}
	for _, v := range loggerLevelVariables {
		if getenv(v) != "" {
			continue
		}
		if err := setenv(v, "off"); err != nil {
			return err
		}
	}
	return nil
}

// Garbage collector settings of the provider process, unless GOGC or GOMEMLIMIT say otherwise. The live
// heap of a plan is small (about 5 MB at 1,000 objects) while the framework allocates some 640 MB over
// it, so the default (collect at twice the live heap) collected 160 times. Collecting at five times the
// live heap took the refresh of 1,000 objects from 4.7 s to 4.2 s (medians of 4) for a peak RSS of 52 MB
// instead of 33 MB. The soft limit stops that trade from growing a large live heap fivefold.
const (
	gcPercent   = 400
	memoryLimit = 128 << 20
)

// TuneGarbageCollector applies the settings above where the environment sets none; getenv is os.Getenv.
func TuneGarbageCollector(getenv func(string) string) {
	if getenv("GOGC") == "" {
		debug.SetGCPercent(gcPercent)
	}
	if getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(memoryLimit)
	}
}
