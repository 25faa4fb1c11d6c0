package provider

import (
	"maps"
	"testing"
)

// TestQuietUnseenLogs follows Terraform's rule: the provider's logs are shown when TF_LOG_PROVIDER, or
// else TF_LOG, names a level other than off; otherwise every logger level left unset becomes off.
func TestQuietUnseenLogs(t *testing.T) {
	allOff := map[string]string{"TF_LOG_SDK": "off", "TF_LOG_SDK_PROTO": "off", "TF_LOG_SDK_FRAMEWORK": "off", "TF_LOG_PROVIDER_PORTAL": "off"}
	for name, tc := range map[string]struct {
		env, set map[string]string
	}{
		"nothing set":                  {env: map[string]string{}, set: allOff},
		"TF_LOG=off":                   {env: map[string]string{"TF_LOG": "OFF"}, set: allOff},
		"TF_LOG=DEBUG":                 {env: map[string]string{"TF_LOG": "DEBUG"}, set: map[string]string{}},
		"TF_LOG=JSON":                  {env: map[string]string{"TF_LOG": "JSON"}, set: map[string]string{}},
		"TF_LOG_PROVIDER over TF_LOG":  {env: map[string]string{"TF_LOG": "off", "TF_LOG_PROVIDER": "trace"}, set: map[string]string{}},
		"TF_LOG_PROVIDER=off silences": {env: map[string]string{"TF_LOG": "trace", "TF_LOG_PROVIDER": "off"}, set: allOff},
		"an explicit level is kept": {env: map[string]string{"TF_LOG_SDK_FRAMEWORK": "debug"},
			set: map[string]string{"TF_LOG_SDK": "off", "TF_LOG_SDK_PROTO": "off", "TF_LOG_PROVIDER_PORTAL": "off"}},
	} {
		t.Run(name, func(t *testing.T) {
			set := map[string]string{}
			err := QuietUnseenLogs(func(k string) string { return tc.env[k] }, func(k, v string) error {
				set[k] = v
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if !maps.Equal(set, tc.set) {
				t.Errorf("set %v, want %v", set, tc.set)
			}
		})
	}
}
