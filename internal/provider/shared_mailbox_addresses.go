package provider

import (
	"context"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/path"
)

// mailboxAddressesOf is what the address checks need to know of the shared mailbox of plan (selfID empty
// before it exists): its customer and username, and the addresses it asks for.
func mailboxAddressesOf(plan sharedMailboxModel, selfID string, wanted []wantedAddress) mailboxAddresses {
	return mailboxAddresses{customerID: plan.CustomerID.ValueString(), selfID: selfID,
		username: plan.Username.ValueString(), wanted: wanted}
}

// addedAddresses are the known addresses that plan gives the mailbox and its prior state does not hold
// (every address, for a create): the ones a plan-time check looks up. A customer not yet known leaves
// nothing to check.
func addedAddresses(ctx context.Context, plan, state sharedMailboxModel) mailboxAddresses {
	if plan.CustomerID.IsUnknown() || plan.CustomerID.IsNull() {
		return mailboxAddresses{}
	}
	held, _ := knownStrings(ctx, state.EmailAliases)
	if !state.EmailAddress.IsNull() {
		held = append(held, state.EmailAddress.ValueString())
	}
	var wanted []wantedAddress
	add := func(address string, at path.Path) {
		if !slices.ContainsFunc(held, func(h string) bool { return strings.EqualFold(h, address) }) {
			wanted = append(wanted, wantedAddress{address, at})
		}
	}
	if !plan.EmailAddress.IsUnknown() && !plan.EmailAddress.IsNull() {
		add(plan.EmailAddress.ValueString(), path.Root("email_address"))
	}
	aliases, _ := knownStrings(ctx, plan.EmailAliases)
	for _, a := range aliases {
		add(a, path.Root("email_aliases"))
	}
	return mailboxAddressesOf(plan, state.ID.ValueString(), wanted)
}
