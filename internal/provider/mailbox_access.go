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
type grantSets map[string][]string

// heldGrants are the grants of a listing.
func heldGrants(list []api.Permission) grantSets {
	held := make(grantSets, len(list))
	for _, g := range list {
		held[g.GranteeID] = slices.Sorted(slices.Values(g.Permissions))
	}
	return held
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
// (perms nil).
type grantChange struct {
	granteeID string
	perms     []string
}

// changesFrom returns the requests that turn held into want: revocations first, so that whoever loses
// access loses it before anyone gains any, then the grants to change or make; each in grantee ID order.
func changesFrom(held, want grantSets) []grantChange {
	var revoke, grant []grantChange
	for _, id := range slices.Sorted(maps.Keys(held)) {
		if _, kept := want[id]; !kept {
			revoke = append(revoke, grantChange{granteeID: id})
		}
	}
	for _, id := range slices.Sorted(maps.Keys(want)) {
		if old, ok := held[id]; !ok || !sameSet(old, want[id]) {
			grant = append(grant, grantChange{granteeID: id, perms: want[id]})
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
func (d *providerData) makeAccessList(ctx context.Context, key string, want grantSets) (grantSets, error) {
	list, err := d.client.ListPermissions(ctx, key)
	if err != nil {
		return nil, err
	}
	held := heldGrants(list)
	if len(changesFrom(held, want)) == 0 {
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
			if err := d.applyGrantChange(ctx, key, c); err != nil {
				return err
			}
			if _, existed := held[c.granteeID]; !existed {
				created = append(created, c.granteeID)
			}
			if c.perms == nil {
				delete(held, c.granteeID)
			} else {
				held[c.granteeID] = c.perms
			}
		}
		return nil
	})
	if err == nil && len(created) > 0 {
		err = d.awaitListed(ctx, key, created)
	}
	return held, err
}

// applyGrantChange makes one request. A grant that is already gone when it is revoked is success.
func (d *providerData) applyGrantChange(ctx context.Context, key string, c grantChange) error {
	if c.perms == nil {
		if err := d.client.DeletePermission(ctx, key, c.granteeID); err != nil && !client.IsNotFound(err) {
			return &grantChangeError{c.granteeID, fmt.Errorf("revoking the grant of %s: %w", c.granteeID, err), key}
		}
		return nil
	}
	if _, err := d.client.PutPermission(ctx, key, c.granteeID, c.perms); err != nil {
		return &grantChangeError{c.granteeID, fmt.Errorf("granting %v to %s: %w", c.perms, c.granteeID, err), key}
	}
	return nil
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
	for _, f := range found {
		if ok {
			f = diag.WithPath(grantsPath(grantErr.granteeID), f)
		}
		diags.Append(f)
	}
}

// awaitListed waits until the mailbox's listing shows the grants just made: the next refresh reads that
// listing, and a grant the portal does not list yet would read as one removed by hand (see awaitVisible).
func (d *providerData) awaitListed(ctx context.Context, key string, granteeIDs []string) error {
	what := fmt.Sprintf("the grants of %d grantees on mailbox %s", len(granteeIDs), key)
	return awaitVisible(ctx, what, func(ctx context.Context) error {
		list, err := d.client.ListPermissions(ctx, key)
		if err != nil {
			return err
		}
		held := heldGrants(list)
		for _, id := range granteeIDs {
			if _, ok := held[id]; !ok {
				return fmt.Errorf("the grant of %s: %w", id, errNotListedYet)
			}
		}
		return nil
	})
}
