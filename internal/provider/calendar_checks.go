package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/csportal/terraform-provider-portal/internal/api"
	"github.com/csportal/terraform-provider-portal/internal/client"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// The portal's rules of calendar entries, checked at plan time: those of every grant (the grantee exists, is
// no administrator and is a user of the mailbox's customer) and those of calendars (people only; a delegate
// is an editor; only a delegate sees private items). portal_calendar_permission and the calendar of
// portal_mailbox_access share them.

// calendarMailboxRule is what a calendar's mailbox_id must be: submailboxes have no calendar.
const calendarMailboxRule = sharedMailboxIDRule + "; submailboxes have no calendar"

// calendarPeopleRule says why an application user cannot be given calendar access.
const calendarPeopleRule = "Calendar access is for people: an application user (apu_…) cannot be given an entry " +
	"on a calendar. Give the integration mailbox permissions instead (portal_mailbox_permission)."

// calendarEntry is one person's entry on a calendar, as the configuration and the portal both hold it.
type calendarEntry struct {
	Access          string `tfsdk:"access"`
	Delegate        bool   `tfsdk:"delegate"`
	SeePrivateItems bool   `tfsdk:"see_private_items"`
}

func calendarEntryOf(e api.CalendarPermission) calendarEntry {
	return calendarEntry{Access: e.Access, Delegate: e.Delegate, SeePrivateItems: e.SeePrivateItems}
}

func (e calendarEntry) spec() api.CalendarPermissionSpec {
	return api.CalendarPermissionSpec{Access: e.Access, Delegate: e.Delegate, SeePrivateItems: e.SeePrivateItems}
}

// describe writes an entry as a person reads it: "editor (delegate, sees private items)".
func (e calendarEntry) describe() string {
	var flags []string
	if e.Delegate {
		flags = append(flags, "delegate")
	}
	if e.SeePrivateItems {
		flags = append(flags, "sees private items")
	}
	if len(flags) == 0 {
		return e.Access
	}
	return e.Access + " (" + strings.Join(flags, ", ") + ")"
}

// calendarGranteeValidator checks a calendar entry's grantee: a portal user, and says so of an application user.
type calendarGranteeValidator struct{}

var _ validator.String = calendarGranteeValidator{}

func (calendarGranteeValidator) Description(context.Context) string {
	return "must be a portal user ID (usr_…); application users cannot be given calendar access"
}

func (v calendarGranteeValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (calendarGranteeValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	id := req.ConfigValue.ValueString()
	switch {
	case isApplicationUser(id):
		resp.Diagnostics.AddAttributeError(req.Path, "Application users cannot be given calendar access",
			fmt.Sprintf("%s is an application user. %s", id, calendarPeopleRule))
	case !sharedMailboxIDPattern.MatchString(id):
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid calendar grantee",
			fmt.Sprintf("%q must be a portal user ID such as usr_0123456789abcdef (the portal_user data source looks one up).", id))
	}
}

// calendarMailboxValidator checks the mailbox whose calendar an entry is on.
func calendarMailboxValidator() validator.String {
	return stringvalidator.RegexMatches(sharedMailboxIDPattern, calendarMailboxRule)
}

// calendarAccessValidators check an entry's access level, naming the levels.
func calendarAccessValidators() []validator.String {
	return []validator.String{stringvalidator.OneOf(api.CalendarEntryAccesses...)}
}

// calendarEntryPaths say where an entry's attributes are written in a resource's configuration.
type calendarEntryPaths struct{ grantee, access, delegate, seePrivateItems path.Path }

func calendarEntryPathsAt(p path.Path) calendarEntryPaths {
	return calendarEntryPaths{grantee: p, access: p.AtName("access"), delegate: p.AtName("delegate"),
		seePrivateItems: p.AtName("see_private_items")}
}

// validateCalendarEntry reports the combinations the portal refuses: a delegate who is no editor, private
// items for someone who is no delegate. Unknown values are left to apply time.
func validateCalendarEntry(access types.String, delegate, seePrivateItems types.Bool, at calendarEntryPaths, diags *diag.Diagnostics) {
	if delegate.ValueBool() && !access.IsUnknown() && access.ValueString() != api.CalendarDelegateAccess {
		diags.AddAttributeError(at.delegate, "Only an editor can be a delegate",
			fmt.Sprintf("A delegate receives the mailbox's meeting requests and answers them, which takes access = %q; "+
				"this entry has access = %q. Set access = %q, or delegate = false.", api.CalendarDelegateAccess,
				access.ValueString(), api.CalendarDelegateAccess))
	}
	if seePrivateItems.ValueBool() && !delegate.IsUnknown() && !delegate.ValueBool() {
		diags.AddAttributeError(at.seePrivateItems, "Only a delegate can see private items",
			"see_private_items = true shows a delegate the items marked private; set delegate = true (with access = \"editor\") "+
				"as well, or see_private_items = false.")
	}
}

// checkCalendarGrantee reports at plan time a grantee the portal will refuse an entry on mailboxID's
// calendar: a user the portal does not know, an administrator (R12), or a user of another customer than the
// mailbox's (R16). Users are looked up once per run; unknown IDs are left to apply time.
func (d *providerData) checkCalendarGrantee(ctx context.Context, mailboxID, granteeID types.String, at path.Path, diags *diag.Diagnostics) {
	if granteeID.IsUnknown() || granteeID.IsNull() || isApplicationUser(granteeID.ValueString()) {
		return // an application user is refused by calendarGranteeValidator already
	}
	id := granteeID.ValueString()
	user, err := d.granteeUser(ctx, id)
	switch {
	case client.IsNotFound(err):
		diags.AddAttributeError(at, "Unknown grantee",
			fmt.Sprintf("The portal has no user %s, so no calendar entry can be given to it. The portal_user data source "+
				"looks users up by username or email address.", id))
		return
	case err != nil:
		diags.AddWarning("Cannot check the grantee at plan time", explain(err))
		return
	case user.Role == api.RoleAdmin:
		diags.AddAttributeError(at, "Administrators cannot be given calendar entries",
			fmt.Sprintf("user %s is an administrator; administrators are never given entries. %s", id, adminGranteeAdvice))
		return
	}
	if mailboxID.IsUnknown() || mailboxID.IsNull() {
		return // a mailbox made in this apply: the portal checks its customer
	}
	// The memo of users answers for the mailbox's generic user too: a mailbox is a user.
	mailbox, err := d.granteeUser(ctx, mailboxID.ValueString())
	if err != nil {
		return // a mailbox that cannot be read is reported by the apply, with what the portal says
	}
	if user.CustomerID != mailbox.CustomerID {
		diags.AddAttributeError(at, "Grantee of another customer",
			fmt.Sprintf("user %s (%s) is a user of customer %s, and mailbox %s belongs to customer %s: rights on a "+
				"mailbox and its calendar go only to users of the mailbox's customer. Look the person up with the "+
				"portal_user data source and customer_id = %q.", id, user.Username, user.CustomerID, mailbox.ID,
				mailbox.CustomerID, mailbox.CustomerID))
	}
}
