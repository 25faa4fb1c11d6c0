package acctest

import (
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/csportal/terraform-provider-portal/internal/mockportal"
)

// LastEvent is the sequence number of the mock's latest audit event: a mark before an action, for Writes
// to list what the action changed.
func LastEvent(ts *mockportal.TestServer) int64 {
	events := ts.Events()
	if len(events) == 0 {
		return 0
	}
	return events[len(events)-1].Seq
}

// Writes are the changes the provider made after the event mark, oldest first, each as "operation target…"
// (user.update usr_…, permission.put usr_… usr_…): the changes of the admin token's principal, which the
// provider acts as, without those of operators and provisioning jobs. login says, for a change of a
// mailbox, whether its login was enabled then: "+" enabled, "-" disabled.
func Writes(ts *mockportal.TestServer, mark int64) []string {
	admin := ts.AdminID()
	var out []string
	for _, e := range ts.Events() {
		if e.Seq <= mark || e.PrincipalID != admin {
			continue
		}
		line := e.Operation + " " + strings.Join(e.TargetIDs, " ")
		if e.MailboxLoginEnabled != nil {
			line += map[bool]string{true: " +", false: " -"}[*e.MailboxLoginEnabled]
		}
		out = append(out, line)
	}
	return out
}

// CheckWrites checks that the provider made exactly the changes want returns after *mark, in this order,
// and moves the mark past them. want is called when the check runs, when the IDs it names are known.
func CheckWrites(ts *mockportal.TestServer, mark *int64, want func() []string) func(*terraform.State) error {
	return func(*terraform.State) error {
		got, want := Writes(ts, *mark), want()
		*mark = LastEvent(ts)
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			return fmt.Errorf("the provider's changes:\n  %s\nwant:\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
		}
		return nil
	}
}
