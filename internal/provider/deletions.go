package provider

import (
	"context"
	"sync"

	"github.com/csportal/terraform-provider-portal/internal/api"
	"github.com/csportal/terraform-provider-portal/internal/client"
)

// Deletions under way in this provider process. A resource block renamed without a moved block makes
// Terraform destroy the old resource and create the new one in the same apply, in parallel: the new
// create meets the object the old one is deleting. It must neither adopt it (creation_marks.go: same
// configuration, same fingerprint) nor fail on it: it waits for the delete to end and creates anew. An
// object this process deleted, or tried to, is never adopted (hold), so a delete that failed leaves a
// refusal, not two resources on one object.
type deletions struct {
	under   sync.Map // object ID → chan struct{}, closed when the delete ends
	started sync.Map // object ID → struct{}: every delete this process started, ended or not
}

// deleting records that the delete of object id starts, and returns the function that records its end.
func (d *providerData) deleting(id string) (done func()) {
	d.hold(id)
	d.deletions.started.Store(id, struct{}{})
	ch := make(chan struct{})
	d.deletions.under.Store(id, ch)
	return sync.OnceFunc(func() {
		d.deletions.under.CompareAndDelete(id, ch)
		close(ch)
	})
}

// deletedHere reports whether this process has started to delete object id.
func (d *providerData) deletedHere(id string) bool {
	_, ok := d.deletions.started.Load(id)
	return id != "" && ok
}

// awaitDeletion waits until the delete of object id ends, when one is under way in this process, and
// reports whether there was one.
func (d *providerData) awaitDeletion(ctx context.Context, id string) bool {
	v, _ := d.deletions.under.Load(id)
	ended, ok := v.(chan struct{})
	if !ok {
		return false
	}
	select {
	case <-ended:
	case <-ctx.Done():
	}
	return true
}

// deletedMeanwhile reports, for a create refused with 409 already_exists, whether the object that holds
// the name was being deleted by this process: the create then waited for it and may try again.
func (d *providerData) deletedMeanwhile(ctx context.Context, createErr error) bool {
	apiErr, ok := client.AsError(createErr)
	return ok && apiErr.Code == api.CodeAlreadyExists && d.awaitDeletion(ctx, apiErr.ExistingID)
}
