package provider

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"

	"github.com/csportal/terraform-provider-portal/internal/api"
	"github.com/csportal/terraform-provider-portal/internal/client"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// grantSets are the grants on one mailbox or submailbox: grantee ID → that grantee's permissions, sorted.
// A full_access granted without automapping is fullAccessUnmapped in them, so that a grantee's rights and
// its automapping compare and change as one set.
type grantSets map[string][]string

// fullAccessUnmapped stands for full_access without automapping in grantSets. It never reaches the portal
// (grantSpec) or the state (mailboxAccessModel.fill).
const fullAccessUnmapped = api.PermissionFullAccess + " without automapping"

// heldGrants are the grants of a listing.
func heldGrants(list []api.Permission) grantSets {
	held := make(grantSets, len(list))
	for _, g := range list {
		perms := slices.Clone(g.Permissions)
		if g.Automapping != nil && !*g.Automapping {
			perms = unmapFullAccess(perms)
		}
		held[g.GranteeID] = slices.Sorted(slices.Values(perms))
	}
	return held
}

// unmapFullAccess is perms with full_access as fullAccessUnmapped.
func unmapFullAccess(perms []string) []string {
	return slices.Sorted(func(yield func(string) bool) {
		for _, p := range perms {
			if p == api.PermissionFullAccess {
				p = fullAccessUnmapped
			}
			if !yield(p) {
				return
			}
		}
	})
}

// grantSpec is what the portal is sent for a set of grantSets: full_access with its automapping.
func grantSpec(perms []string) api.PermissionSpec {
	spec := api.PermissionSpec{Permissions: slices.Clone(perms)}
	if i := slices.Index(spec.Permissions, fullAccessUnmapped); i >= 0 {
		spec.Permissions[i], spec.Automapping = api.PermissionFullAccess, ptr(false)
	} else if slices.Contains(spec.Permissions, api.PermissionFullAccess) {
		spec.Automapping = ptr(true)
	}
	return spec
}

// grantSetsOf reads planned grants, which are known by apply time.
func grantSetsOf(ctx context.Context, grants types.Map) (grantSets, diag.Diagnostics) {
	out := grantSets{}
	diags := grants.ElementsAs(ctx, &out, false)
	for id, perms := range out {
		out[id] = slices.Sorted(slices.Values(perms))
	}
	return out, diags
}

// grantChange is one request of an access list's apply: set the grantee's permissions, or revoke its grant
// (perms nil). held is what the grantee holds before it (nil: no grant).
type grantChange struct {
	granteeID string
	perms     []string
	held      []string
}

// changesFrom returns the requests that turn held into want: revocations first, so that whoever loses
// access loses it before anyone gains any, then the grants to change or make; each in grantee ID order.
func changesFrom(held, want grantSets) []grantChange {
	var revoke, grant []grantChange
	for _, id := range slices.Sorted(maps.Keys(held)) {
		if _, kept := want[id]; !kept {
			revoke = append(revoke, grantChange{granteeID: id, held: held[id]})
		}
	}
	for _, id := range slices.Sorted(maps.Keys(want)) {
		if old, ok := held[id]; !ok || !sameSet(old, want[id]) {
			grant = append(grant, grantChange{granteeID: id, perms: want[id], held: old})
		}
	}
	return append(revoke, grant...)
}

// makeAccessList makes the grants on mailbox key (a mailbox or a submailbox) exactly want. All of the
// changes are made in one R6 dance, under the mailbox's lock with its login enabled once and restored once,
// however many grantees change; a list that already matches is not danced at all. The grants are listed
// again under the lock, so that a change another resource of this run made in between is seen. It returns
// the grants the portal holds afterwards as far as the provider knows — all of want, or on an error what
// was listed and changed before it (nil when not even the listing was read).
func (d *providerData) makeAccessList(ctx context.Context, key string, want grantSets, parts ...accessPart) (grantSets, error) {
	list, err := d.client.ListPermissions(ctx, key)
	if err != nil {
		return nil, err
	}
	held := heldGrants(list)
	partsPending, err := anyPending(ctx, parts)
	if err != nil {
		return held, err
	}
	if len(changesFrom(held, want)) == 0 && !partsPending {
		return held, nil
	}
	var created []string
	err = d.changeOnMailbox(ctx, key, func(ctx context.Context) error {
		list, err := d.client.ListPermissions(ctx, key)
		if err != nil {
			return err
		}
		held = heldGrants(list)
		for _, c := range changesFrom(held, want) {
			after, err := d.applyGrantChange(ctx, key, c)
			if _, existed := held[c.granteeID]; !existed && after != nil {
				created = append(created, c.granteeID)
			}
			if after == nil {
				delete(held, c.granteeID)
			} else {
				held[c.granteeID] = after
			}
			if err != nil {
				return err
			}
		}
		return applyParts(ctx, parts)
	})
	if err == nil && len(created) > 0 {
		err = d.awaitListed(ctx, key, created)
	}
	if err == nil {
		err = awaitParts(ctx, parts)
	}
	return held, err
}

// applyGrantChange makes one change: a request, or two for a change of automapping (automapping.go). A
// grant that is already gone when it is revoked is success. It returns what the grantee holds afterwards as
// far as the provider knows (nil: no grant): on success what was planned, on a failure what was held
// before, or where a regrant left it.
func (d *providerData) applyGrantChange(ctx context.Context, key string, c grantChange) ([]string, error) {
	if c.perms == nil {
		if err := d.client.DeletePermission(ctx, key, c.granteeID); err != nil && !client.IsNotFound(err) {
			return c.held, &grantChangeError{c.granteeID, fmt.Errorf("revoking the grant of %s: %w", c.granteeID, err), key}
		}
		return nil, nil
	}
	spec, heldSpec := grantSpec(c.perms), grantSpec(c.held)
	var after grantAfter
	remap := needsRegrant(heldSpec.Permissions, heldSpec.Automapping, spec)
	if _, err := d.putGrant(ctx, key, c.granteeID, spec, remap, &after); err != nil {
		held := c.held
		if after.changed {
			held = nil
			if after.grant != nil {
				held = heldGrants([]api.Permission{*after.grant})[c.granteeID]
			}
		}
		return held, &grantChangeError{c.granteeID, fmt.Errorf("granting %v to %s: %w", c.perms, c.granteeID, err), key}
	}
	return c.perms, nil
}

// grantChangeError is a request of an access list's apply that failed, with the grantee it was about, so
// that the error points at the grantee's line of grants.
type grantChangeError struct {
	granteeID string
	err       error
	mailboxID string
}

func (e *grantChangeError) Error() string { return e.err.Error() }
func (e *grantChangeError) Unwrap() error { return e.err }

// addAccessListError reports a failed apply of an access list, at the line of the grantee it failed on
// when there is one.
func (d *providerData) addAccessListError(ctx context.Context, diags *diag.Diagnostics, summary string, err error) {
	grantErr, ok := errors.AsType[*grantChangeError](err)
	if ok && grantErr.mailboxID != "" &&
		d.granteeRefusal(ctx, grantsPath(grantErr.granteeID), grantErr.mailboxID, "", grantErr.granteeID, err).addTo(diags) {
		return
	}
	var found diag.Diagnostics
	d.addPermissionError(ctx, &found, summary, err)
	at, ok := accessListErrorPath(err)
	for _, f := range found {
		if ok {
			f = diag.WithPath(at, f)
		}
		diags.Append(f)
	}
}

// awaitListed waits until the mailbox's listing shows the grants just made: the next refresh reads that
// listing, and a grant the portal does not list yet would read as one removed by hand (see awaitVisible).
func (d *providerData) awaitListed(ctx context.Context, key string, granteeIDs []string) error {
	what := fmt.Sprintf("the grants of %d grantees on mailbox %s", len(granteeIDs), key)
	return awaitAllListed(ctx, what, "the grant of", granteeIDs, func(ctx context.Context) (map[string][]string, error) {
		list, err := d.client.ListPermissions(ctx, key)
		return heldGrants(list), err
	})
}
