package provider

import (
	"context"
	"iter"

	"github.com/csportal/terraform-provider-portal/internal/api"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/list"
	listschema "github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var (
	_ list.ListResourceWithConfigure        = &SubmailboxResource{}
	_ list.ListResourceWithConfigValidators = &SubmailboxResource{}
)

// NewSubmailboxListResource is the list resource's constructor for the provider (see
// NewSharedMailboxListResource).
func NewSubmailboxListResource() list.ListResource { return &SubmailboxResource{} }

func (r *SubmailboxResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = listschema.Schema{
		MarkdownDescription: "Finds submailboxes for `terraform query`: the whole tree of one shared mailbox, or every " +
			"submailbox of a customer's shared mailboxes — one paged listing for the customer, where a list block per " +
			"mailbox costs a request or two each. Each result is named by the mailbox's address and its path, such as " +
			"`support@acme.example/Invoices/2026`. A generated configuration names each submailbox's parent by its " +
			"literal ID: see the guide on adoption to turn it into a reference, which also orders deletions inner-first.",
		Attributes: map[string]listschema.Attribute{
			"mailbox_id": listschema.StringAttribute{
				MarkdownDescription: "User ID of the shared mailbox (`usr_…`), such as the `id` of a `portal_shared_mailbox`: " +
					"list its whole tree. Set at most one of `mailbox_id` and `customer_id`; with neither, the provider's `customer_id` is the customer.",
				Optional:   true,
				Validators: []validator.String{stringvalidator.RegexMatches(sharedMailboxIDPattern, sharedMailboxIDRule)},
			},
			"customer_id": listschema.StringAttribute{
				MarkdownDescription: "ID of a customer (`cus_…`): list every submailbox of its shared mailboxes. Set at most " +
					"one of `mailbox_id` and `customer_id`; with neither, the provider's `customer_id` is the customer.",
				Optional:   true,
				Validators: []validator.String{customerIDValidator()},
			},
		},
	}
}

func (r *SubmailboxResource) ListResourceConfigValidators(context.Context) []list.ConfigValidator {
	return mailboxOrCustomerValidators()
}

func (r *SubmailboxResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	if notConfigured(r.data, stream) {
		return
	}
	cfg, ok := r.data.readMailboxOrCustomer(ctx, req, stream, "The portal_submailbox list block")
	if !ok {
		return
	}
	// addresses are the shared mailboxes whose submailboxes are listed, by ID: the first half of each name.
	addresses := map[string]string{}
	var submailboxes iter.Seq2[api.Submailbox, error]
	var what string
	if mailboxID := cfg.MailboxID.ValueString(); mailboxID != "" {
		mailbox, err := r.data.client.GetUser(ctx, mailboxID)
		if err != nil {
			stream.Results = listAPIError("Cannot read mailbox "+mailboxID, err)
			return
		}
		addresses[mailboxID] = mailbox.PrimaryEmail
		submailboxes, what = r.data.client.EachSubmailbox(ctx, mailboxID, pageSizeFor(req.Limit)), "the submailboxes of mailbox "+mailboxID
	} else {
		customerID := cfg.CustomerID.ValueString()
		if err := collectInto(r.data.client.EachCustomerMailbox(ctx, customerID, true, 0), func(m api.Mailbox) {
			addresses[m.User.ID] = m.HostedExchange.PrimaryEmail
		}); err != nil {
			stream.Results = listAPIError("Cannot list the shared mailboxes of customer "+customerID, err)
			return
		}
		// Regular users' mailboxes can have submailboxes too; only the shared mailboxes' are listed.
		submailboxes = filterSeq(r.data.client.EachCustomerSubmailbox(ctx, customerID, pageSizeFor(req.Limit)), func(sm api.Submailbox) bool {
			_, shared := addresses[sm.MailboxID]
			return shared
		})
		what = "the submailboxes of customer " + customerID
	}
	stream.Results = listResults(ctx, req, what, submailboxes, func(sm api.Submailbox, result *list.ListResult) any {
		result.DisplayName = addresses[sm.MailboxID] + api.SubmailboxPathSeparator + sm.Path
		submailboxIdentity.setKey(ctx, objectKey{"id": sm.ID}, result.Identity, &result.Diagnostics)
		// As an import leaves it: protected from deletion, no timeouts.
		model := submailboxModel{Timeouts: nullTimeouts(req), DeletionProtection: defaultProtection(types.BoolNull())}
		model.fill(sm)
		return model
	})
}
