package provider

import (
	"strings"
	"testing"
)

func TestGeneratePasswordHasEveryClassAndVaries(t *testing.T) {
	seen := map[string]bool{}
	for range 200 {
		p, err := generatePassword()
		if err != nil {
			t.Fatal(err)
		}
		if len(p) != generatedPasswordLength || len(p) < minPasswordLength || len(p) > maxPasswordLength {
			t.Fatalf("length %d", len(p))
		}
		for _, class := range passwordClasses {
			if !strings.ContainsAny(p, class) {
				t.Fatalf("password %q lacks a character of %q", p, class)
			}
		}
		if seen[p] {
			t.Fatalf("password repeated: %q", p)
		}
		seen[p] = true
	}
}
