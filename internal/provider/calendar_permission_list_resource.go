package provider

import (
	"context"
	"iter"

	"github.com/csportal/terraform-provider-portal/internal/api"
	"github.com/hashicorp/terraform-plugin-framework/list"
	listschema "github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

var (
	_ list.ListResourceWithConfigure        = &CalendarPermissionResource{}
	_ list.ListResourceWithConfigValidators = &CalendarPermissionResource{}
)

// NewCalendarPermissionListResource is the list resource's constructor for the provider (see
// NewSharedMailboxListResource).
func NewCalendarPermissionListResource() list.ListResource { return &CalendarPermissionResource{} }

func (r *CalendarPermissionResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = listschema.Schema{
		MarkdownDescription: "Finds calendar entries for `terraform query`: those on one mailbox's calendar, or on every " +
			"calendar of a customer, in one paged listing; with `grantee_id`, only that person's — every calendar a leaver " +
			"can open. Each result is named `person → calendar`, such as `bob → support@acme.example (calendar)`.",
		Attributes: map[string]listschema.Attribute{
			"mailbox_id": listschema.StringAttribute{
				MarkdownDescription: "User ID of the mailbox (`usr_…`) whose calendar's entries are listed. Set `mailbox_id` or " +
					"`customer_id`, or `grantee_id` alone.",
				Optional:   true,
				Validators: []validator.String{calendarMailboxValidator()},
			},
			"customer_id": listschema.StringAttribute{
				MarkdownDescription: "ID of a customer (`cus_…`): list the entries on every calendar of its mailboxes. Set " +
					"`mailbox_id` or `customer_id`, or `grantee_id` alone.",
				Optional:   true,
				Validators: []validator.String{customerIDValidator()},
			},
			"grantee_id": listschema.StringAttribute{
				MarkdownDescription: "A portal user (`usr_…`): list only that person's entries — alone, on every calendar of its " +
					"customer; with `mailbox_id` or `customer_id`, there.",
				Optional:   true,
				Validators: []validator.String{calendarGranteeValidator{}},
			},
		},
	}
}

func (r *CalendarPermissionResource) ListResourceConfigValidators(context.Context) []list.ConfigValidator {
	return granteeListScopeValidators()
}

func (r *CalendarPermissionResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	if notConfigured(r.data, stream) {
		return
	}
	cfg, ok := readGranteeListScope(ctx, req, stream)
	if !ok {
		return
	}
	customerID, err := r.data.customerOf(ctx, cfg)
	if err != nil {
		stream.Results = listAPIError("Cannot tell whose calendar entries to list", err)
		return
	}
	var entries iter.Seq2[api.CalendarPermission, error]
	var what string
	if mailboxID := cfg.MailboxID.ValueString(); mailboxID != "" {
		entries = filterSeq(r.data.client.EachCalendarPermission(ctx, mailboxID, pageSizeFor(req.Limit)), func(e api.CalendarPermission) bool {
			return cfg.holds(e.GranteeID)
		})
		what = "the entries on the calendar of mailbox " + mailboxID
	} else {
		entries = r.data.client.EachCustomerCalendarPermission(ctx, customerID, cfg.GranteeID.ValueString(), pageSizeFor(req.Limit))
		what = "the calendar entries of customer " + customerID
	}
	names, err := r.data.grantNamesOf(ctx, customerID)
	if err != nil {
		stream.Results = listAPIError("Cannot name the people and mailboxes of customer "+customerID, err)
		return
	}
	stream.Results = listResults(ctx, req, what, entries, func(e api.CalendarPermission, result *list.ListResult) any {
		result.DisplayName = names.ofCalendarEntry(e)
		calendarPermissionIdentity.setKey(ctx, objectKey{"mailbox_id": e.MailboxID, "user_id": e.GranteeID}, result.Identity, &result.Diagnostics)
		model := calendarPermissionModel{Timeouts: nullTimeouts(req)}
		model.fill(e)
		return model
	})
}

// ofCalendarEntry is "person → mailbox (calendar)", with the IDs where a name is not known.
func (n *grantNames) ofCalendarEntry(e api.CalendarPermission) string {
	return n.of(api.Permission{MailboxID: e.MailboxID, GranteeID: e.GranteeID}) + " (calendar)"
}
