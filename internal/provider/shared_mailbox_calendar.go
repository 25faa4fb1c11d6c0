package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/csportal/terraform-provider-portal/internal/api"
	"github.com/csportal/terraform-provider-portal/internal/client"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// The default access of a shared mailbox's calendar (R7): what everyone of the organisation without an entry
// of their own (portal_calendar_permission) may see of it. portal_shared_mailbox declares it; the portal's
// value shows in calendar.default_access, and a change made by hand is drift like any other. It is changed
// in the mailbox's R6 dance, the provisioning's own when both change.

// calendarDefaultAccessHeld describes calendar.default_access, the value the portal holds.
const calendarDefaultAccessHeld = "What everyone without an entry of their own may see of the calendar: `none`, " +
	"`availability_only`, `limited_details` or `reviewer`."

func calendarDefaultAccessAttribute() schema.Attribute {
	return schema.StringAttribute{
		MarkdownDescription: "What everyone of the customer without an entry of their own (`portal_calendar_permission`) may " +
			"see of the mailbox's calendar: `none`, nothing; `availability_only`, when it is busy (the portal's default); " +
			"`limited_details`, when it is busy, with subjects and locations; `reviewer`, every appointment but the private " +
			"ones. One of `" +
			strings.Join(api.CalendarDefaultAccesses, "`, `") + "`. Defaults to `" + api.DefaultCalendarAccess +
			"`, so a default changed by hand in the portal is drift. Changed in place. Only a mailbox on a shared-mailbox " +
			"plan has a calendar: with another `user_plan` it must stay `" + api.DefaultCalendarAccess + "`.",
		Optional:   true,
		Computed:   true,
		Default:    stringdefault.StaticString(api.DefaultCalendarAccess),
		Validators: []validator.String{stringvalidator.OneOf(api.CalendarDefaultAccesses...)},
	}
}

// heldCalendarDefault takes calendar_default_access from what the portal holds. A mailbox without a calendar
// — one being provisioned, or on a plan that gives none — keeps what the model had: there is nothing to
// compare it with.
func (m *sharedMailboxModel) heldCalendarDefault(service api.HostedExchange) {
	if service.Calendar != nil {
		m.CalendarDefaultAccess = types.StringValue(service.Calendar.DefaultAccess)
	}
}

// plannedCalendar is the calendar object a plan that changes only the default access leaves: the state's,
// with the new default access.
func plannedCalendar(state types.Object, defaultAccess types.String) types.Object {
	if state.IsNull() || state.IsUnknown() || defaultAccess.IsUnknown() {
		return state
	}
	attrs := make(map[string]attr.Value, len(state.Attributes()))
	for k, v := range state.Attributes() {
		attrs[k] = v
	}
	attrs["default_access"] = defaultAccess
	planned, diags := types.ObjectValue(calendarAttrTypes, attrs)
	if diags.HasError() {
		return types.ObjectUnknown(calendarAttrTypes)
	}
	return planned
}

// setCalendarDefault makes the default access of the mailbox's calendar want; the caller runs it inside the
// mailbox's R6 dance. A mailbox without a calendar can only want the default.
func (d *providerData) setCalendarDefault(ctx context.Context, id, want string) error {
	_, err := d.client.SetCalendarDefaultAccess(ctx, id, want)
	if client.HasCode(err, api.CodeServiceNotProvisioned) {
		if want == api.DefaultCalendarAccess {
			return nil
		}
		return fmt.Errorf("mailbox %s has no calendar, so its calendar_default_access cannot be %q: only a mailbox on a "+
			"shared-mailbox plan has one. Choose such a user_plan, or leave calendar_default_access at %q",
			id, want, api.DefaultCalendarAccess)
	}
	return err
}

// changedCalendarDefault is the default access to set when planned differs from held, nil when there is
// nothing to set.
func changedCalendarDefault(planned, held types.String) *string {
	if planned.IsUnknown() || planned.IsNull() || planned.Equal(held) {
		return nil
	}
	return planned.ValueStringPointer()
}
