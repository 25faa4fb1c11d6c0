package provider

import (
	"slices"
	"strings"
	"testing"
)

func TestSplitImportID(t *testing.T) {
	for _, tc := range []struct {
		id   string
		want []string
	}{
		{"usr_1/usr_2", []string{"usr_1", "usr_2"}},
		{" usr_1 / usr_2 ", []string{"usr_1", "usr_2"}},
		{"usr_1", nil},
		{"usr_1/", nil},
		{"/usr_2", nil},
		{"a/b/c", nil},
		{"", nil},
	} {
		got, err := splitImportID(tc.id, "mailbox_id", "user_id")
		if tc.want == nil {
			if err == nil || !strings.Contains(err.Error(), "mailbox_id/user_id") {
				t.Errorf("%q: got %v, %v; want an error naming the form", tc.id, got, err)
			}
			continue
		}
		if err != nil || !slices.Equal(got, tc.want) {
			t.Errorf("%q: got %v, %v; want %v", tc.id, got, err, tc.want)
		}
	}
}

func FuzzSplitImportID(f *testing.F) {
	for _, s := range []string{"usr_1/usr_2", "", "/", "a//b", " x / y "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, id string) {
		parts, err := splitImportID(id, "a", "b")
		if err == nil && (len(parts) != 2 || parts[0] == "" || parts[1] == "" || strings.Contains(parts[0]+parts[1], "/")) {
			t.Fatalf("%q accepted as %q", id, parts)
		}
	})
}
