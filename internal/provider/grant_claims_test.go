package provider

import (
	"strings"
	"sync"
	"testing"
)

// Whichever of the two resources is planned second reports the mailbox managed both ways, once, naming
// both resources; resources on other mailboxes, and a list planned again with the same grants, are no
// conflict.
func TestGrantClaims(t *testing.T) {
	const mailbox, other = "usr_5c0ffee000000001", "usr_5c0ffee000000002"
	const bob, alice = "usr_b0b0000000000002", "usr_a11ce00000000001"

	t.Run("permission first", func(t *testing.T) {
		var c grantClaims
		if got := c.claimGrant(mailbox, bob, []string{"view", "send_as"}); len(got) != 0 {
			t.Fatalf("the first claim reported %+v", got)
		}
		c.claimGrant(other, bob, []string{"view"})
		got := c.claimList(mailbox, accessClaim{alice: {"view"}})
		if len(got) != 1 {
			t.Fatalf("claimList reported %d conflicts, want 1: %+v", len(got), got)
		}
		for _, want := range []string{"portal_mailbox_permission " + mailbox + "/" + bob, "portal_mailbox_access"} {
			if !strings.Contains(got[0].summary(), want) {
				t.Errorf("summary %q does not name %q", got[0].summary(), want)
			}
		}
		if want := "does not list " + bob + ", so it revokes the grant that the permission gives ([send_as, view])"; !strings.Contains(got[0].detail(), want) {
			t.Errorf("detail does not say %q:\n%s", want, got[0].detail())
		}
		if again := c.claimList(mailbox, accessClaim{alice: {"view"}}); len(again) != 0 {
			t.Errorf("the same list planned again reported %+v", again)
		}
		if again := c.claimGrant(mailbox, bob, []string{"view", "send_as"}); len(again) != 0 {
			t.Errorf("a conflict already reported is reported again: %+v", again)
		}
	})

	t.Run("list first", func(t *testing.T) {
		var c grantClaims
		c.claimList(mailbox, accessClaim{bob: {"view"}})
		got := c.claimGrant(mailbox, bob, nil)
		if len(got) != 1 || !strings.Contains(got[0].detail(), "The access list gives [view]; the permission gives a set known only after apply.") {
			t.Fatalf("claimGrant reported %+v", got)
		}
	})

	t.Run("agreeing today", func(t *testing.T) {
		var c grantClaims
		c.claimList(mailbox, accessClaim{bob: {"send_as", "view"}})
		got := c.claimGrant(mailbox, bob, []string{"view", "send_as"})
		if len(got) != 1 || !strings.Contains(got[0].detail(), "Today both give [send_as, view], but a change to either one is undone by the other.") {
			t.Fatalf("claimGrant reported %+v", got)
		}
	})

	t.Run("two lists", func(t *testing.T) {
		var c grantClaims
		c.claimList(mailbox, accessClaim{bob: {"view"}})
		got := c.claimList(mailbox, accessClaim{alice: {"view"}})
		if len(got) != 1 || !got[0].twoLists || !strings.Contains(got[0].summary(), "Two portal_mailbox_access resources manage mailbox "+mailbox) {
			t.Fatalf("a second list reported %+v", got)
		}
	})

	t.Run("concurrent plans report once", func(t *testing.T) {
		var c grantClaims
		var wg sync.WaitGroup
		reported := make([]int, 2)
		wg.Go(func() { reported[0] = len(c.claimGrant(mailbox, bob, []string{"view"})) })
		wg.Go(func() { reported[1] = len(c.claimList(mailbox, accessClaim{})) })
		wg.Wait()
		if reported[0]+reported[1] != 1 {
			t.Errorf("the conflict was reported %d times, want once", reported[0]+reported[1])
		}
	})
}
