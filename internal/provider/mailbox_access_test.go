package provider

import (
	"reflect"
	"slices"
	"testing"

	"github.com/csportal/terraform-provider-portal/internal/api"
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
		{granteeID: "apu_z", held: []string{"create_messages"}},
		{granteeID: "usr_b", held: []string{"view"}},
		{granteeID: "usr_c", perms: []string{"view", "full_access"}, held: []string{"view"}},
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

// A change of automapping alone is a change of the grantee's set, which the portal is sent as full_access
// with its automapping; it is a regrant when the grantee keeps full_access.
func TestAutomappingInGrantSets(t *testing.T) {
	held := heldGrants([]api.Permission{
		{GranteeID: "usr_a", Permissions: []string{"full_access", "view"}, Automapping: new(true)},
		{GranteeID: "usr_b", Permissions: []string{"full_access"}, Automapping: new(false)},
		{GranteeID: "usr_c", Permissions: []string{"view"}},
	})
	if !reflect.DeepEqual(held["usr_b"], []string{fullAccessUnmapped}) || !reflect.DeepEqual(held["usr_a"], []string{"full_access", "view"}) {
		t.Fatalf("held = %v", held)
	}
	want := grantSets{"usr_a": unmapFullAccess([]string{"view", "full_access"}), "usr_b": {"full_access"}, "usr_c": {"view"}}
	changes := changesFrom(held, want)
	if len(changes) != 2 || changes[0].granteeID != "usr_a" || changes[1].granteeID != "usr_b" {
		t.Fatalf("changes = %+v, want usr_a and usr_b", changes)
	}
	for _, c := range changes {
		spec, before := grantSpec(c.perms), grantSpec(c.held)
		if !needsRegrant(before.Permissions, before.Automapping, spec) {
			t.Errorf("%s: %v over %v is no regrant", c.granteeID, spec, before)
		}
		if slices.Contains(spec.Permissions, fullAccessUnmapped) || !slices.Contains(spec.Permissions, "full_access") {
			t.Errorf("%s: the portal would be sent %v", c.granteeID, spec.Permissions)
		}
	}
	if spec := grantSpec([]string{"view"}); spec.Automapping != nil {
		t.Errorf("automapping %v sent without full_access", *spec.Automapping)
	}
	sets, unmapped := splitAutomapping(want)
	if !reflect.DeepEqual(unmapped, []string{"usr_a"}) || !reflect.DeepEqual(sets["usr_a"], []string{"full_access", "view"}) {
		t.Errorf("split: %v, %v", sets, unmapped)
	}
	// Adding or removing full_access is a plain PUT.
	if needsRegrant([]string{"view"}, nil, grantSpec([]string{fullAccessUnmapped})) ||
		needsRegrant([]string{"full_access"}, new(true), grantSpec([]string{"view"})) {
		t.Error("a full_access made or removed is taken for a regrant")
	}
}
