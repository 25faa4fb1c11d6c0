package provider

import (
	"context"
	"encoding/json"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
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
// nothing to check. replacedID is the object whose place a create takes, "" when none.
func addedAddresses(ctx context.Context, plan, state sharedMailboxModel, replacedID string) mailboxAddresses {
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
	m := mailboxAddressesOf(plan, state.ID.ValueString(), wanted)
	m.replacedID = replacedID
	return m
}

// privateMailboxKey keeps a shared mailbox's ID in its private state. Terraform passes the private state of
// the object a replacement takes the place of to the plan of its create, whose prior state is empty: that
// is how the plan-time address check knows which holder is about to be deleted.
const privateMailboxKey = "mailbox_id"

// recordMailboxID keeps id in a shared mailbox's private state.
func recordMailboxID(ctx context.Context, private privateWriter, id string, diags *diag.Diagnostics) {
	if private == nil || id == "" {
		return
	}
	raw, _ := json.Marshal(id) // a string always encodes
	diags.Append(private.SetKey(ctx, privateMailboxKey, raw)...)
}

// privateMailboxID is the ID a shared mailbox's private state keeps, "" when none.
func privateMailboxID(ctx context.Context, private privateReader) string {
	if private == nil {
		return ""
	}
	raw, diags := private.GetKey(ctx, privateMailboxKey)
	var id string
	if diags.HasError() || len(raw) == 0 || json.Unmarshal(raw, &id) != nil {
		return ""
	}
	return id
}
