package provider

import (
	"slices"
	"testing"
)

// A submailbox's protected containers come from what this process saw where it saw them, and from its
// private state where it did not: an apply that updates only the inner submailbox keeps what the refresh
// before it recorded, and an outer one seen unprotected is dropped.
func TestProtectionNotesContainers(t *testing.T) {
	const mailbox, orders, year = "usr_0000000000000001", "smb_0000000000000002", "smb_0000000000000003"
	recorded := []container{{orders, "submailbox orders"}, {mailbox, "shared mailbox support"}}
	ids := func(cs []container) []string {
		out := make([]string, len(cs))
		for i, c := range cs {
			out[i] = c.ID
		}
		return out
	}
	for _, tc := range []struct {
		name  string
		notes map[string]protectionNote
		prior []container
		want  []string
	}{
		{"everything seen, innermost first", map[string]protectionNote{
			mailbox: {"shared mailbox support", true, ""}, orders: {"submailbox orders", true, ""},
		}, nil, []string{orders, mailbox}},
		{"nothing seen: what was recorded", nil, recorded, []string{orders, mailbox}},
		{"an outer one seen unprotected is dropped", map[string]protectionNote{
			orders: {"submailbox orders", false, ""},
		}, recorded, []string{mailbox}},
		{"the mailbox seen unprotected is dropped, the unseen parent kept", map[string]protectionNote{
			mailbox: {"shared mailbox support", false, ""},
		}, recorded, []string{orders}},
		{"not managed here: nothing", nil, nil, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var p protectionNotes
			for id, n := range tc.notes {
				p.note(id, n)
			}
			got := ids(p.containers(mailbox, orders, tc.prior))
			if !slices.Equal(got, tc.want) {
				t.Errorf("containers of %s: %v, want %v", year, got, tc.want)
			}
		})
	}
	// A top-level submailbox lies in its mailbox alone.
	var p protectionNotes
	p.note(mailbox, protectionNote{"shared mailbox support", true, ""})
	if got := ids(p.containers(mailbox, "", recorded)); !slices.Equal(got, []string{mailbox}) {
		t.Errorf("a top-level submailbox's containers: %v", got)
	}
}
