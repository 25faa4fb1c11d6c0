package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/csportal/terraform-provider-portal/internal/api"
	"github.com/csportal/terraform-provider-portal/internal/customtypes"
	datasourceschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// What admins set on a shared mailbox beyond its addresses and plan: forwarding, the copies of sent items,
// the address lists — Exchange's Set-Mailbox settings, which the portal changes at once (PATCH
// /users/{id}/hosted-exchange, no job) — and the size limit that comes with the plan. They are services of
// the mailbox's generic user, so R6 holds: a change of a disabled mailbox is made inside the same enable,
// change, disable as any other change of it.

// mailboxSettingsState is the part of sharedMailboxState that the settings make up.
type mailboxSettingsState struct {
	ForwardingAddress      customtypes.CaseInsensitiveString `tfsdk:"forwarding_address"`
	ForwardingKeepCopy     types.Bool                        `tfsdk:"forwarding_keep_copy"`
	KeepSentAsCopy         types.Bool                        `tfsdk:"keep_sent_as_copy"`
	KeepSentOnBehalfCopy   types.Bool                        `tfsdk:"keep_sent_on_behalf_copy"`
	HiddenFromAddressLists types.Bool                        `tfsdk:"hidden_from_address_lists"`
	StorageLimitMB         types.Int64                       `tfsdk:"storage_limit_mb"`
}

// fill takes the settings and the size limit from the portal's service; no forwarding is null.
func (m *mailboxSettingsState) fill(service api.HostedExchange) {
	m.ForwardingAddress = customtypes.NewCaseInsensitiveStringNull()
	if service.ForwardingAddress != "" {
		m.ForwardingAddress = customtypes.NewCaseInsensitiveStringValue(service.ForwardingAddress)
	}
	m.ForwardingKeepCopy = types.BoolValue(service.ForwardingKeepCopy)
	m.KeepSentAsCopy = types.BoolValue(service.KeepSentAsCopy)
	m.KeepSentOnBehalfCopy = types.BoolValue(service.KeepSentOnBehalfCopy)
	m.HiddenFromAddressLists = types.BoolValue(service.HiddenFromAddressLists)
	m.StorageLimitMB = types.Int64Value(service.StorageLimitMB)
}

// settings are the settings as the portal takes them; at apply time every value is known.
func (m mailboxSettingsState) settings() api.MailboxSettings {
	return api.MailboxSettings{
		ForwardingAddress:      m.ForwardingAddress.ValueString(),
		ForwardingKeepCopy:     m.ForwardingKeepCopy.ValueBool(),
		KeepSentAsCopy:         m.KeepSentAsCopy.ValueBool(),
		KeepSentOnBehalfCopy:   m.KeepSentOnBehalfCopy.ValueBool(),
		HiddenFromAddressLists: m.HiddenFromAddressLists.ValueBool(),
	}
}

// settingsChanged reports whether the plan changes a setting of the state: the portal compares addresses
// without regard to case, and so does the plan (ignoreCaseOnlyChange).
func settingsChanged(plan, state mailboxSettingsState) bool {
	p, s := plan.settings(), state.settings()
	p.ForwardingAddress, s.ForwardingAddress = strings.ToLower(p.ForwardingAddress), strings.ToLower(s.ForwardingAddress)
	return p != s || plan.ForwardingKeepCopy.IsNull() != state.ForwardingKeepCopy.IsNull() ||
		plan.KeepSentAsCopy.IsNull() != state.KeepSentAsCopy.IsNull() ||
		plan.KeepSentOnBehalfCopy.IsNull() != state.KeepSentOnBehalfCopy.IsNull() ||
		plan.HiddenFromAddressLists.IsNull() != state.HiddenFromAddressLists.IsNull()
}

// applyMailboxSettings makes the mailbox's settings exactly settings: what the configuration says is sent,
// whatever the portal's defaults. The caller runs it inside changeMailbox (R6); a PATCH is safe to repeat.
func (d *providerData) applyMailboxSettings(ctx context.Context, userID string, settings api.MailboxSettings) error {
	_, err := d.client.PatchMailboxSettings(ctx, userID, settings.SetAll())
	return err
}

// The settings' descriptions, in Exchange's terms, shared by the resource and the data sources.
const (
	forwardingAddressDoc = "Address that receives the mailbox's mail (Exchange: `ForwardingSmtpAddress`), such as a " +
		"ticket system's or a team lead's. Null forwards nothing. Never one of the mailbox's own addresses. An address " +
		"outside the customer's accepted domains (`domains` of the `portal_customer` data source) is allowed only where " +
		"the customer allows external forwarding (its `allow_external_forwarding`, which the hosting provider decides: " +
		"mail leaving the tenant)."
	forwardingKeepCopyDoc = "Whether a forwarded message is also delivered to the mailbox (Exchange: " +
		"`DeliverToMailboxAndForward`); without it the mailbox only passes mail on. Takes effect with `forwarding_address`."
	keepSentAsCopyDoc = "Whether a message a delegate sends *as* the mailbox (`send_as`) is also kept in the mailbox's " +
		"Sent Items (Exchange: `MessageCopyForSentAsEnabled`). Without it the only copy is in the sender's own Sent " +
		"Items, and the rest of the team cannot see what was answered."
	keepSentOnBehalfCopyDoc = "Whether a message a delegate sends *on behalf of* the mailbox (`send_on_behalf`) is " +
		"also kept in the mailbox's Sent Items (Exchange: `MessageCopyForSendOnBehalfEnabled`)."
	hiddenFromAddressListsDoc = "Whether the mailbox is left out of the address lists, such as Outlook's global " +
		"address list (Exchange: `HiddenFromAddressListsEnabled`), for example a `noreply@` mailbox. Mail to its " +
		"addresses is still delivered. Desktop Outlook cannot send as or on behalf of a hidden mailbox, so a plan " +
		"that gives someone `send_as` or `send_on_behalf` on one warns."
	storageLimitDoc = "Size limit of the mailbox in MB, from its user plan (the `mailbox_size_mb` of the plan in " +
		"`portal_user_plans`; Exchange's mailbox quota)."
)

// mailboxSettingsAttributes are the settings' attributes of portal_shared_mailbox.
func mailboxSettingsAttributes() map[string]schema.Attribute {
	const inPlace = " Updated in place (on a disabled mailbox, with its other changes in one enable and disable of its login)."
	defaulted := func(doc string, def bool, why string) schema.BoolAttribute {
		return schema.BoolAttribute{
			MarkdownDescription: fmt.Sprintf("%s Defaults to `%t`%s.%s", doc, def, why, inPlace),
			Optional:            true,
			Computed:            true,
			Default:             booldefault.StaticBool(def),
		}
	}
	return map[string]schema.Attribute{
		"forwarding_address": schema.StringAttribute{
			MarkdownDescription: forwardingAddressDoc + " Both rules are checked at plan time where the customer and the " +
				"address are known. Compared without regard to case." + inPlace,
			CustomType:    customtypes.CaseInsensitiveStringType{},
			Optional:      true,
			Validators:    emailValidators(),
			PlanModifiers: []planmodifier.String{ignoreCaseOnlyChange{}},
		},
		"forwarding_keep_copy": defaulted(forwardingKeepCopyDoc, true, ", so that forwarding never takes mail out of the shared mailbox"),
		"keep_sent_as_copy": defaulted(keepSentAsCopyDoc, true, " for a shared mailbox, whose point is that everyone "+
			"working it sees every reply (Exchange's own default, and the portal's, is `false`: a mailbox adopted or "+
			"imported from the portal may show `false`)"),
		"keep_sent_on_behalf_copy":  defaulted(keepSentOnBehalfCopyDoc, true, ", for the same reason as `keep_sent_as_copy`"),
		"hidden_from_address_lists": defaulted(hiddenFromAddressListsDoc, false, ""),
		"storage_limit_mb": schema.Int64Attribute{
			MarkdownDescription: storageLimitDoc + " Changes with `user_plan`. How much the mailbox holds changes by the " +
				"minute and is not part of the resource, so that a refresh never shows it as a change: the " +
				"`portal_shared_mailbox` data source has it (`storage_used_mb`).",
			Computed: true,
		},
	}
}

// mailboxSettingsDataAttributes are the same, read-only, for the data sources, with the mailbox's usage.
func mailboxSettingsDataAttributes() map[string]datasourceschema.Attribute {
	flag := func(doc string) datasourceschema.BoolAttribute {
		return datasourceschema.BoolAttribute{Computed: true, MarkdownDescription: doc}
	}
	return map[string]datasourceschema.Attribute{
		"forwarding_address": datasourceschema.StringAttribute{
			Computed: true, CustomType: customtypes.CaseInsensitiveStringType{}, MarkdownDescription: forwardingAddressDoc,
		},
		"forwarding_keep_copy":      flag(forwardingKeepCopyDoc),
		"keep_sent_as_copy":         flag(keepSentAsCopyDoc),
		"keep_sent_on_behalf_copy":  flag(keepSentOnBehalfCopyDoc),
		"hidden_from_address_lists": flag(hiddenFromAddressListsDoc),
		"storage_limit_mb":          datasourceschema.Int64Attribute{Computed: true, MarkdownDescription: storageLimitDoc},
		"storage_used_mb": datasourceschema.Int64Attribute{Computed: true,
			MarkdownDescription: "How much mail the mailbox holds, in MB, as the portal counted it when the data source was " +
				"read (Exchange: `TotalItemSize` of the mailbox statistics). It changes by the minute."},
	}
}

// validateForwarding refuses, at plan time, forwarding to one of the mailbox's own addresses: the portal
// would refuse it (a loop), after the rest of the change was made.
func validateForwarding(cfg sharedMailboxModel, own []string, diags *diag.Diagnostics) {
	if cfg.ForwardingAddress.IsNull() || cfg.ForwardingAddress.IsUnknown() {
		return
	}
	target := cfg.ForwardingAddress.ValueString()
	for _, a := range own {
		if strings.EqualFold(a, target) {
			diags.AddAttributeError(path.Root("forwarding_address"), "Mailbox forwards to itself",
				fmt.Sprintf("%q is an address of this mailbox (addresses are compared without regard to case), so the "+
					"mailbox would forward its mail to itself. Forward to another mailbox's address, or remove "+
					"forwarding_address.", target))
			return
		}
	}
}

// planMailboxSettings completes ModifyPlan for the settings: it predicts storage_limit_mb — the size of
// chosen, the plan looked up when the mailbox gets a plan (planChosen), nil when none was or the lookup
// failed — checks forwarding against the customer's rule, refuses a plan too small for the mail (a leaver's
// mailbox converted), and warns of send rights on a hidden mailbox.
func (r *SharedMailboxResource) planMailboxSettings(ctx context.Context, plan, state sharedMailboxModel, creating, planChosen bool,
	chosen *api.UserPlan, resp *resource.ModifyPlanResponse) {
	limit := state.StorageLimitMB
	switch {
	case chosen != nil:
		limit = types.Int64Value(int64(chosen.MailboxSizeMB))
	case planChosen || limit.IsNull():
		limit = types.Int64Unknown()
	}
	resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("storage_limit_mb"), limit)...)
	if r.data == nil {
		return
	}

	forwarding := plan.ForwardingAddress
	forwardingChanged := creating || !plan.CustomerID.Equal(state.CustomerID) ||
		!strings.EqualFold(forwarding.ValueString(), state.ForwardingAddress.ValueString())
	if !forwarding.IsNull() && !forwarding.IsUnknown() && !plan.CustomerID.IsUnknown() && forwardingChanged {
		r.data.checkForwardingAllowed(ctx, plan.CustomerID.ValueString(), forwarding.ValueString(), &resp.Diagnostics)
	}
	if !creating && chosen != nil && !plan.UserPlan.Equal(state.UserPlan) && !state.UserPlan.IsNull() {
		r.data.checkMailFits(ctx, state.ID.ValueString(), *chosen, &resp.Diagnostics)
	}
	if !creating && !plan.HiddenFromAddressLists.IsUnknown() {
		wasHidden := state.HiddenFromAddressLists.ValueBool()
		r.data.warnOfSendersOnHidden(ctx, state.ID.ValueString(), plan.HiddenFromAddressLists.ValueBool(), !wasHidden, &resp.Diagnostics)
	}
}

// checkMailFits refuses at plan time a user plan smaller than the mail the mailbox holds: the portal
// refuses it at apply time (422 plan_too_small), since the change would lose mail. The mailbox's usage is
// read now, one request, and only when the plan changes.
func (d *providerData) checkMailFits(ctx context.Context, mailboxID string, plan api.UserPlan, diags *diag.Diagnostics) {
	service, err := d.client.GetHostedExchange(ctx, mailboxID)
	if err != nil {
		diags.AddWarning("Cannot check at plan time whether the mail fits the new user plan", explain(err))
		return
	}
	if service.StorageUsedMB <= int64(plan.MailboxSizeMB) {
		return
	}
	diags.AddAttributeError(path.Root("user_plan"), "The mailbox's mail does not fit the user plan",
		fmt.Sprintf("Mailbox %s holds %d MB of mail (%d items), and the user plan %q allows %d MB, so the portal would "+
			"have to delete mail to move it there, which it refuses. Choose a plan at least that large (portal_user_plans "+
			"lists each plan's mailbox_size_mb), or have the mailbox's users archive or delete mail first.",
			mailboxID, service.StorageUsedMB, service.ItemCount, plan.Name, plan.MailboxSizeMB))
}
