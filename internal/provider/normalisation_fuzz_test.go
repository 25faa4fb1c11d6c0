package provider

import (
	"context"
	"strings"
	"testing"

	"github.com/csportal/terraform-provider-portal/internal/customtypes"
)

// The portal stores usernames and addresses lowercased. Whatever the plan-time validators accept must
// still be valid once lowercased, and must be semantically equal to its lowercased form; otherwise the
// value read back after apply would show as a change on every plan (a perpetual diff).
func fuzzNormalisation(t *testing.T, accepted func(string) bool, s string) {
	if !accepted(s) {
		return
	}
	lower := strings.ToLower(s)
	if !accepted(lower) {
		t.Fatalf("%q is accepted but its stored form %q is not", s, lower)
	}
	equal, diags := customtypes.NewCaseInsensitiveStringValue(s).StringSemanticEquals(context.Background(),
		customtypes.NewCaseInsensitiveStringValue(lower))
	if diags.HasError() || !equal {
		t.Fatalf("%q and its stored form %q are not semantically equal: a perpetual diff", s, lower)
	}
}

func FuzzEmailNormalisation(f *testing.F) {
	for _, s := range []string{"Info@Acme.Example", "a@b.c", "x@y", "\u212a@acme.example", "O'Brien+tag@Example.COM"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		fuzzNormalisation(t, func(v string) bool { return len(v) <= 254 && emailPattern.MatchString(v) }, s)
	})
}

func FuzzUsernameNormalisation(f *testing.F) {
	for _, s := range []string{"Info", "support.team", "-bad", "\u212aelvin", "a_b-c.d"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		fuzzNormalisation(t, usernamePattern.MatchString, s)
	})
}
