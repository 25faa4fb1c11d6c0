package provider

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/csportal/terraform-provider-portal/internal/api"
	"github.com/csportal/terraform-provider-portal/internal/client"
	"github.com/hashicorp/terraform-plugin-framework-validators/mapvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
)

// The calendar of portal_mailbox_access: the complete list of entries on the mailbox's calendar, beside its
// grants. It is managed only when the configuration sets it — null leaves the calendar's entries alone, so
// that an access list written before calendars were managed revokes nothing it did not list — and `{}` means
// nobody has an entry. Its changes are made in the same R6 dance as the grants', a hand-made entry is drift,
// and destroying the resource removes every entry too.

// calendarEntryAttrTypes is one entry of `calendar`.
var calendarEntryAttrTypes = map[string]attr.Type{
	"access":            types.StringType,
	"delegate":          types.BoolType,
	"see_private_items": types.BoolType,
}

var calendarEntryType = types.ObjectType{AttrTypes: calendarEntryAttrTypes}

// calendarPath is where a person's entry is written in the configuration, the attribute path of its errors.
func calendarPath(granteeID string) path.Path { return path.Root("calendar").AtMapKey(granteeID) }

func mailboxAccessCalendarAttribute() schema.Attribute {
	return schema.MapNestedAttribute{
		MarkdownDescription: "Every entry on the mailbox's calendar: a map from person — a portal user (`usr_…`) of the " +
			"mailbox's customer, never an administrator or an application user — to that person's entry: `access`, one " +
			"of `" + strings.Join(api.CalendarEntryAccesses, "`, `") + "`, and for an `editor` `delegate` and " +
			"`see_private_items` (as in `portal_calendar_permission`). Anyone not in the map has no entry and sees what the " +
			"calendar's default access allows (`calendar_default_access` of `portal_shared_mailbox`): `{}` means nobody has " +
			"one. Unset (null), the calendar's entries are not managed by this resource. Only a mailbox on a shared-mailbox " +
			"plan has a calendar; submailboxes have none. An import does not take the entries over: set the map, and the " +
			"next apply makes it exact.",
		Optional: true,
		Validators: []validator.Map{
			mapvalidator.KeysAre(calendarGranteeValidator{}),
		},
		NestedObject: schema.NestedAttributeObject{
			Attributes: map[string]schema.Attribute{
				"access": schema.StringAttribute{
					MarkdownDescription: "What the person may do with the calendar.",
					Required:            true,
					Validators:          calendarAccessValidators(),
				},
				"delegate": schema.BoolAttribute{
					MarkdownDescription: "An `editor` who also receives the mailbox's meeting requests. Defaults to `false`.",
					Optional:            true,
					Computed:            true,
					Default:             booldefault.StaticBool(false),
				},
				"see_private_items": schema.BoolAttribute{
					MarkdownDescription: "A delegate who also sees the items marked private. Defaults to `false`.",
					Optional:            true,
					Computed:            true,
					Default:             booldefault.StaticBool(false),
				},
			},
		},
	}
}

// calendarSets are the entries on one calendar: person → entry.
type calendarSets map[string]calendarEntry

func heldCalendarEntries(list []api.CalendarPermission) calendarSets {
	held := make(calendarSets, len(list))
	for _, e := range list {
		held[e.GranteeID] = calendarEntryOf(e)
	}
	return held
}

// calendarSetsOf reads a planned calendar, which is known by apply time; nil when it is not managed.
func calendarSetsOf(ctx context.Context, calendar types.Map) (calendarSets, diag.Diagnostics) {
	if calendar.IsNull() || calendar.IsUnknown() {
		return nil, nil
	}
	out := calendarSets{}
	return out, calendar.ElementsAs(ctx, &out, false)
}

// calendarValue is the calendar attribute of entries; nil is null, not managed.
func calendarValue(ctx context.Context, entries calendarSets) (types.Map, diag.Diagnostics) {
	if entries == nil {
		return types.MapNull(calendarEntryType), nil
	}
	return types.MapValueFrom(ctx, calendarEntryType, map[string]calendarEntry(entries))
}

// calendarChange is one request of a calendar's apply: give or change the person's entry, or remove it (nil).
type calendarChange struct {
	granteeID string
	entry     *calendarEntry
}

// calendarChangesFrom returns the requests that turn held into want: removals first, then the entries to
// give or change, each in grantee ID order.
func calendarChangesFrom(held, want calendarSets) []calendarChange {
	var remove, give []calendarChange
	for _, id := range slices.Sorted(maps.Keys(held)) {
		if _, kept := want[id]; !kept {
			remove = append(remove, calendarChange{granteeID: id})
		}
	}
	for _, id := range slices.Sorted(maps.Keys(want)) {
		if old, ok := held[id]; !ok || old != want[id] {
			e := want[id]
			give = append(give, calendarChange{granteeID: id, entry: &e})
		}
	}
	return append(remove, give...)
}

// accessPart is a part of a mailbox's access list besides its grants, which makeAccessList makes in the
// grants' R6 dance: pending reads what the portal holds and says whether anything is to change (a list that
// matches is not danced at all), apply reads again under the mailbox's lock and changes it, await waits
// until the listing shows what apply made.
type accessPart interface {
	pending(ctx context.Context) (bool, error)
	apply(ctx context.Context) error
	await(ctx context.Context) error
}

// calendarPart makes the entries on a mailbox's calendar exactly want. held is what the portal holds as far
// as the provider knows, nil until it was read.
type calendarPart struct {
	d       *providerData
	key     string
	want    calendarSets
	held    calendarSets
	created []string
}

var _ accessPart = (*calendarPart)(nil)

// read takes what the portal holds. A mailbox without a calendar holds no entry: wanting one fails at apply,
// with the portal's word for why.
func (p *calendarPart) read(ctx context.Context) error {
	return p.take(p.d.client.ListCalendarPermissions(ctx, p.key))
}

// take keeps a listing of the calendar's entries as what the portal holds.
func (p *calendarPart) take(list []api.CalendarPermission, err error) error {
	if client.HasCode(err, api.CodeServiceNotProvisioned) {
		p.held = calendarSets{}
		return nil
	}
	if err != nil {
		return err
	}
	p.held = heldCalendarEntries(list)
	return nil
}

func (p *calendarPart) pending(ctx context.Context) (bool, error) {
	if err := p.read(ctx); err != nil {
		return false, err
	}
	return len(calendarChangesFrom(p.held, p.want)) > 0, nil
}

func (p *calendarPart) apply(ctx context.Context) error {
	if err := p.read(ctx); err != nil {
		return err
	}
	for _, c := range calendarChangesFrom(p.held, p.want) {
		var err error
		if c.entry == nil {
			if err = p.d.client.DeleteCalendarPermission(ctx, p.key, c.granteeID); client.IsNotFound(err) {
				err = nil
			}
		} else {
			_, err = p.d.client.PutCalendarPermission(ctx, p.key, c.granteeID, c.entry.spec())
		}
		if err != nil {
			what := "removing the calendar entry of " + c.granteeID
			if c.entry != nil {
				what = fmt.Sprintf("giving %s the calendar entry %s", c.granteeID, c.entry.describe())
			}
			return &calendarChangeError{c.granteeID, fmt.Errorf("%s: %w", what, err)}
		}
		if _, existed := p.held[c.granteeID]; !existed {
			p.created = append(p.created, c.granteeID)
		}
		if c.entry == nil {
			delete(p.held, c.granteeID)
		} else {
			p.held[c.granteeID] = *c.entry
		}
	}
	return nil
}

// await waits until the calendar's listing shows the entries just given: the next refresh reads it.
func (p *calendarPart) await(ctx context.Context) error {
	if len(p.created) == 0 {
		return nil
	}
	what := fmt.Sprintf("the calendar entries of %d people on mailbox %s", len(p.created), p.key)
	return awaitAllListed(ctx, what, "the calendar entry of", p.created, func(ctx context.Context) (map[string]calendarEntry, error) {
		list, err := p.d.client.ListCalendarPermissions(ctx, p.key)
		return heldCalendarEntries(list), err
	})
}

// calendarChangeError is a request of a calendar's apply that failed, with the person it was about, so that
// the error points at the person's entry.
type calendarChangeError struct {
	granteeID string
	err       error
}

func (e *calendarChangeError) Error() string { return e.err.Error() }
func (e *calendarChangeError) Unwrap() error { return e.err }

// calendarPartOf is the calendar part of a planned access list, nil when the calendar is not managed.
func (d *providerData) calendarPartOf(key string, want calendarSets) *calendarPart {
	if want == nil {
		return nil
	}
	return &calendarPart{d: d, key: key, want: want}
}

// readCalendar is the calendar attribute of a refresh: what the portal holds when the state manages the
// entries, the null it was otherwise. customerHint is the mailbox's customer as far as the refresh knows it.
// It fails closed as the grants' listing does (refreshAccessList): an empty listing, or one that is not of
// this calendar, is taken only from a verified portal, and a 404 is an error that says why unless the
// mailbox's customer is within reach — then the mailbox is gone (a *goneError). A listing that is not the
// portal's never reads as "nobody has an entry", which the next apply would make true of the calendar.
func (d *providerData) readCalendar(ctx context.Context, key, customerHint string, managed types.Map) (types.Map, diag.Diagnostics, error) {
	if managed.IsNull() {
		return managed, nil, nil
	}
	list, err := verifiedRead(ctx, d, func(ctx context.Context) ([]api.CalendarPermission, error) {
		return d.client.ListCalendarPermissions(ctx, key)
	}, func(list []api.CalendarPermission) bool {
		return len(list) > 0 && !slices.ContainsFunc(list, func(e api.CalendarPermission) bool { return e.MailboxID != key })
	})
	if client.IsNotFound(err) {
		err = d.confirmAbsent(ctx, "the calendar entries of mailbox "+key, d.mailboxOwner(ctx, key, customerHint), err)
	}
	p := &calendarPart{d: d, key: key}
	if err := p.take(list, err); err != nil {
		return managed, nil, err
	}
	v, diags := calendarValue(ctx, p.held)
	return v, diags, nil
}

// validateCalendarConfig checks each configured entry as portal_calendar_permission checks its own, and that
// the mailbox has a calendar at all: a submailbox has none.
func validateCalendarConfig(ctx context.Context, mailboxID types.String, calendar types.Map, diags *diag.Diagnostics) {
	if calendar.IsNull() || calendar.IsUnknown() {
		return
	}
	if !mailboxID.IsUnknown() && strings.HasPrefix(mailboxID.ValueString(), api.PrefixSubmailbox) {
		diags.AddAttributeError(path.Root("calendar"), "Submailboxes have no calendar",
			fmt.Sprintf("mailbox_id %s is a submailbox, and only a mailbox has a calendar. Remove calendar from this "+
				"portal_mailbox_access, and manage the entries in the access list of the mailbox itself.", mailboxID.ValueString()))
		return
	}
	for granteeID, v := range calendar.Elements() {
		obj, ok := v.(types.Object)
		if !ok || obj.IsNull() || obj.IsUnknown() {
			continue
		}
		var e struct {
			Access          types.String `tfsdk:"access"`
			Delegate        types.Bool   `tfsdk:"delegate"`
			SeePrivateItems types.Bool   `tfsdk:"see_private_items"`
		}
		if d := obj.As(ctx, &e, basetypes.ObjectAsOptions{}); d.HasError() {
			continue
		}
		validateCalendarEntry(e.Access, e.Delegate, e.SeePrivateItems, calendarEntryPathsAt(calendarPath(granteeID)), diags)
	}
}

// parts is the calendar as the extra parts of makeAccessList: none when it is not managed.
func (p *calendarPart) parts() []accessPart {
	if p == nil {
		return nil
	}
	return []accessPart{p}
}

// fill sets the calendar attribute after an apply: what was wanted when it all succeeded, else what the
// portal holds as far as the provider knows (the plan's when it was never read). Unmanaged, it stays null.
func (p *calendarPart) fill(ctx context.Context, calendar *types.Map, succeeded bool) diag.Diagnostics {
	switch {
	case p == nil:
		*calendar = types.MapNull(calendarEntryType)
		return nil
	case succeeded:
		v, diags := calendarValue(ctx, p.want)
		*calendar = v
		return diags
	case p.held != nil:
		v, diags := calendarValue(ctx, p.held)
		*calendar = v
		return diags
	}
	return nil
}

func anyPending(ctx context.Context, parts []accessPart) (bool, error) {
	pending := false
	for _, p := range parts {
		changes, err := p.pending(ctx)
		if err != nil {
			return false, err
		}
		pending = pending || changes
	}
	return pending, nil
}

func applyParts(ctx context.Context, parts []accessPart) error {
	for _, p := range parts {
		if err := p.apply(ctx); err != nil {
			return err
		}
	}
	return nil
}

func awaitParts(ctx context.Context, parts []accessPart) error {
	for _, p := range parts {
		if err := p.await(ctx); err != nil {
			return err
		}
	}
	return nil
}

// accessListErrorPath is where a failed apply of an access list points: the line of the grantee, or of the
// person's calendar entry, it failed on.
func accessListErrorPath(err error) (path.Path, bool) {
	if e, ok := errors.AsType[*grantChangeError](err); ok {
		return grantsPath(e.granteeID), true
	}
	if e, ok := errors.AsType[*calendarChangeError](err); ok {
		return calendarPath(e.granteeID), true
	}
	return path.Empty(), false
}

// warnOfOtherCalendarManagers records the planned calendar and warns of every other resource that manages
// the same calendar in this configuration.
func (r *MailboxAccessResource) warnOfOtherCalendarManagers(ctx context.Context, plan mailboxAccessModel, diags *diag.Diagnostics) {
	if plan.Calendar.IsNull() || plan.Calendar.IsUnknown() {
		return
	}
	claim := calendarClaim{}
	for granteeID := range plan.Calendar.Elements() {
		claim[granteeID] = nil
	}
	if entries, d := calendarSetsOf(ctx, plan.Calendar); !d.HasError() {
		for id, e := range entries {
			claim[id] = &e
		}
	}
	for _, c := range r.data.calendarClaims.claimCalendarList(plan.MailboxID.ValueString(), claim) {
		at := path.Root("calendar")
		if _, listed := claim[c.granteeID]; listed {
			at = calendarPath(c.granteeID)
		}
		diags.AddAttributeWarning(at, c.summary(), c.detail())
	}
}

// checkCalendar runs the plan-time checks of each person whose entry is planned to change: a grantee the
// portal accepts (R12, R16), reported in the order of the grantee IDs.
func (r *MailboxAccessResource) checkCalendar(ctx context.Context, plan, state mailboxAccessModel, creating bool, diags *diag.Diagnostics) {
	if plan.Calendar.IsNull() || plan.Calendar.IsUnknown() {
		return
	}
	var before map[string]attr.Value
	if !creating && plan.MailboxID.Equal(state.MailboxID) && !state.Calendar.IsUnknown() {
		before = state.Calendar.Elements()
	}
	elements := plan.Calendar.Elements()
	for _, granteeID := range slices.Sorted(maps.Keys(elements)) {
		if old, ok := before[granteeID]; ok && old.Equal(elements[granteeID]) {
			continue
		}
		r.data.checkCalendarGrantee(ctx, plan.MailboxID, types.StringValue(granteeID), calendarPath(granteeID), diags)
	}
}
