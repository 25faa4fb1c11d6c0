package provider

import (
	"context"
	"fmt"
	"iter"
	"strings"

	"github.com/csportal/terraform-provider-portal/internal/api"
)

// Adoption brings what operators made by hand under Terraform: the list resources and the
// portal_shared_mailboxes data source find a customer's shared mailboxes through the customer's paged
// listing, never one object at a time.

// eachAdoptableMailbox walks the customer's shared mailboxes (R1) that a configuration can describe as they
// are: provisioned, or being provisioned. One whose provisioning failed has no addresses in force, so a
// configuration generated from it would not be valid; skipped is told about each such mailbox instead.
func (d *providerData) eachAdoptableMailbox(ctx context.Context, customerID string, pageSize int, skipped func(api.Mailbox)) iter.Seq2[api.Mailbox, error] {
	return filterSeq(d.client.EachCustomerMailbox(ctx, customerID, true, pageSize), func(m api.Mailbox) bool {
		if !serviceHoldsSpec(m.HostedExchange) {
			skipped(m)
			return false
		}
		return true
	})
}

// skippedMailboxesWarning says which shared mailboxes a listing left out, and why.
func skippedMailboxesWarning(customerID string, skipped []api.Mailbox) (summary, detail string) {
	names := make([]string, 0, len(skipped))
	for _, m := range skipped {
		names = append(names, fmt.Sprintf("%s (%s, provisioning %s)", m.User.ID, m.User.Username, m.HostedExchange.ProvisioningStatus))
	}
	return fmt.Sprintf("%d shared mailboxes of customer %s left out", len(skipped), customerID),
		"These shared mailboxes have no provisioned service, so a configuration cannot describe them as they " +
			"are: " + strings.Join(names, ", ") + ". Provision them again in the portal (or delete them there), then " +
			"list again; or import one by its ID, and the next apply provisions it."
}
