package provider

import (
	"context"
	"slices"
	"strings"

	"github.com/csportal/terraform-provider-portal/internal/api"
	"github.com/csportal/terraform-provider-portal/internal/customtypes"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
)

// sharedMailboxState is what the portal holds about a shared mailbox: the generic user and its Hosted
// Exchange service (R1). The resource and the data source both embed it, so the conversion from the API is
// written once.
type sharedMailboxState struct {
	ID                 types.String                      `tfsdk:"id"`
	CustomerID         types.String                      `tfsdk:"customer_id"`
	Username           customtypes.CaseInsensitiveString `tfsdk:"username"`
	LoginName          types.String                      `tfsdk:"login_name"`
	FirstName          types.String                      `tfsdk:"first_name"`
	LastName           types.String                      `tfsdk:"last_name"`
	DisplayName        types.String                      `tfsdk:"display_name"`
	EmailAddress       customtypes.CaseInsensitiveString `tfsdk:"email_address"`
	EmailAliases       types.Set                         `tfsdk:"email_aliases"`
	UserPlan           types.String                      `tfsdk:"user_plan"`
	LoginEnabled       types.Bool                        `tfsdk:"login_enabled"`
	ProvisioningStatus types.String                      `tfsdk:"provisioning_status"`
	Calendar           types.Object                      `tfsdk:"calendar"`
	mailboxSettingsState
}

var calendarAttrTypes = map[string]attr.Type{
	"name":   types.StringType,
	"shared": types.BoolType,
	// What everyone without an entry of their own may see of it.
	"default_access": types.StringType,
}

// fill sets every attribute from the portal's user and service. A service that is not (or no longer)
// provisioned leaves the address, aliases and plan null, so the next plan shows the update that provisions
// it again. username keeps the spelling m holds where it surely names the stored user, else it is the
// stored name: settleUsername decides those (login_name.go).
func (m *sharedMailboxState) fill(user api.User, service api.HostedExchange) diag.Diagnostics {
	var diags diag.Diagnostics
	m.ID = types.StringValue(user.ID)
	m.CustomerID = types.StringValue(user.CustomerID)
	if !namesStored(m.Username, m.LoginName, user.Username) {
		m.Username = customtypes.NewCaseInsensitiveStringValue(user.Username)
	}
	m.LoginName = types.StringValue(user.Username)
	m.FirstName = types.StringValue(user.FirstName)
	m.LastName = types.StringValue(user.LastName)
	m.DisplayName = types.StringValue(user.DisplayName)
	m.LoginEnabled = types.BoolValue(user.LoginEnabled)
	m.ProvisioningStatus = types.StringValue(service.ProvisioningStatus)

	if !serviceHoldsSpec(service) {
		m.EmailAddress = customtypes.NewCaseInsensitiveStringNull()
		m.EmailAliases = types.SetNull(customtypes.CaseInsensitiveStringType{})
		m.UserPlan = types.StringNull()
	} else {
		m.EmailAddress = customtypes.NewCaseInsensitiveStringValue(service.PrimaryEmail)
		m.EmailAliases, diags = caseInsensitiveSet(service.EmailAliases)
		m.UserPlan = types.StringValue(service.UserPlan)
	}

	m.mailboxSettingsState.fill(service)

	if service.Calendar == nil {
		m.Calendar = types.ObjectNull(calendarAttrTypes)
	} else {
		var d diag.Diagnostics
		m.Calendar, d = types.ObjectValue(calendarAttrTypes, map[string]attr.Value{
			"name":   types.StringValue(service.Calendar.Name),
			"shared": types.BoolValue(service.Calendar.Shared),
			// What everyone without an entry of their own may see of it.
			"default_access": types.StringValue(service.Calendar.DefaultAccess),
		})
		diags.Append(d...)
	}
	return diags
}

// serviceHoldsSpec reports whether the service's plan and addresses are in force or on their way: a
// failed or removed service must be provisioned again.
func serviceHoldsSpec(s api.HostedExchange) bool {
	switch s.ProvisioningStatus {
	case api.ServiceProvisioned, api.ServiceRequested, api.ServiceInProgress:
		return true
	}
	return false
}

func caseInsensitiveSet(values []string) (types.Set, diag.Diagnostics) {
	elems := make([]attr.Value, 0, len(values))
	for _, v := range values {
		elems = append(elems, customtypes.NewCaseInsensitiveStringValue(v))
	}
	return types.SetValue(customtypes.CaseInsensitiveStringType{}, elems)
}

// stringsOf returns the elements of a set of strings (case-insensitive or plain) that must be known:
// nothing for an unknown set, an error for unknown elements.
func stringsOf(ctx context.Context, set types.Set) ([]string, diag.Diagnostics) {
	var diags diag.Diagnostics
	if set.IsUnknown() {
		return nil, diags
	}
	values, known := knownStrings(ctx, set)
	if !known {
		diags.AddError("Value not yet known", "A set holds values that are only known after apply. "+
			"Please report this issue to the provider developers.")
	}
	return values, diags
}

// knownStrings returns the known, non-null elements of a set of strings (case-insensitive or plain), and
// whether the set and every element are known: configuration may hold elements that are only known after
// apply.
func knownStrings(ctx context.Context, set types.Set) ([]string, bool) {
	if set.IsUnknown() {
		return nil, false
	}
	values := make([]string, 0, len(set.Elements()))
	known := true
	for _, elem := range set.Elements() {
		valuable, ok := elem.(basetypes.StringValuable)
		if !ok {
			known = false
			continue
		}
		v, _ := valuable.ToStringValue(ctx) // cannot fail for string values
		if v.IsUnknown() {
			known = false
		}
		if v.IsUnknown() || v.IsNull() {
			continue
		}
		values = append(values, v.ValueString())
	}
	return values, known
}

// sameFold reports whether two string sets hold the same values, ignoring case and order.
func sameFold(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	lower := func(in []string) []string {
		out := make([]string, len(in))
		for i, s := range in {
			out[i] = strings.ToLower(s)
		}
		slices.Sort(out)
		return out
	}
	return slices.Equal(lower(a), lower(b))
}
