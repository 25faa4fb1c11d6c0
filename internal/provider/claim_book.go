package provider

import (
	"maps"
	"sync"
)

// claimBook is what the resources of one kind of right plan in one command, to tell when two resources manage
// the same thing (grant_claims.go, calendar_claims.go): the right each single resource plans (mailbox →
// grantee → planned value), each access list's complete list (mailbox → grantee → value), and the conflicts
// already said, so that each is said once. It is safe for concurrent use: Terraform plans resources in
// parallel. The zero value is ready to use.
type claimBook[V any] struct {
	mu       sync.Mutex
	singles  map[string]map[string]V
	lists    map[string]map[string]V
	reported map[string]bool
}

// single records that a single resource plans granteeID's right on mailboxID, and returns the access list
// planned for the mailbox in this command, if there is one.
func (b *claimBook[V]) single(mailboxID, granteeID string, v V) (list map[string]V, listed bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.singles == nil {
		b.singles = map[string]map[string]V{}
	}
	if b.singles[mailboxID] == nil {
		b.singles[mailboxID] = map[string]V{}
	}
	b.singles[mailboxID][granteeID] = v
	list, listed = b.lists[mailboxID]
	return maps.Clone(list), listed
}

// list records that an access list plans list as the complete list of mailboxID, and returns the list planned
// for the mailbox before in this command (if any) and the single resources' rights on the mailbox.
func (b *claimBook[V]) list(mailboxID string, list map[string]V) (previous map[string]V, hadPrevious bool, singles map[string]V) {
	b.mu.Lock()
	defer b.mu.Unlock()
	previous, hadPrevious = b.lists[mailboxID]
	if b.lists == nil {
		b.lists = map[string]map[string]V{}
	}
	b.lists[mailboxID] = list
	return previous, hadPrevious, maps.Clone(b.singles[mailboxID])
}

// firstTime reports whether the conflict of key is said for the first time in this command, and remembers it.
func (b *claimBook[V]) firstTime(key string) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.reported[key] {
		return false
	}
	if b.reported == nil {
		b.reported = map[string]bool{}
	}
	b.reported[key] = true
	return true
}
