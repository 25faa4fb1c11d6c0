package provider

import (
	"reflect"
	"testing"
)

// An access list's apply revokes before it grants, so that at no moment does anyone hold more than either
// list gives, and asks nothing for a grantee whose set is unchanged, whatever the order of its values.
func TestChangesFrom(t *testing.T) {
	held := grantSets{
		"usr_b": {"view"},
		"usr_a": {"send_as", "view"},
		"usr_c": {"view"},
		"apu_z": {"create_messages"},
	}
	want := grantSets{
		"usr_a": {"view", "send_as"},     // same set, other order: nothing to do
		"usr_c": {"view", "full_access"}, // changed
		"usr_d": {"view"},                // new
	}
	got := changesFrom(held, want)
	wantChanges := []grantChange{
		{granteeID: "apu_z"},
		{granteeID: "usr_b"},
		{granteeID: "usr_c", perms: []string{"view", "full_access"}},
		{granteeID: "usr_d", perms: []string{"view"}},
	}
	if !reflect.DeepEqual(got, wantChanges) {
		t.Errorf("changesFrom = %+v, want %+v", got, wantChanges)
	}
	if c := changesFrom(want, want); len(c) != 0 {
		t.Errorf("a list that matches asks for %+v, want nothing", c)
	}
	if c := changesFrom(grantSets{}, grantSets{}); len(c) != 0 {
		t.Errorf("an empty list on an empty mailbox asks for %+v, want nothing", c)
	}
}
