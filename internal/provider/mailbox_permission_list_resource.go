package provider

import (
	"context"
	"iter"

	"github.com/csportal/terraform-provider-portal/internal/api"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/list"
	listschema "github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

var (
	_ list.ListResourceWithConfigure        = &MailboxPermissionResource{}
	_ list.ListResourceWithConfigValidators = &MailboxPermissionResource{}
)

// NewMailboxPermissionListResource is the list resource's constructor for the provider (see
// NewSharedMailboxListResource).
func NewMailboxPermissionListResource() list.ListResource { return &MailboxPermissionResource{} }

func (r *MailboxPermissionResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = listschema.Schema{
		MarkdownDescription: "Finds grants for `terraform query`: those on one mailbox or submailbox, or every grant on a " +
			"customer's shared mailboxes and on their submailboxes. Administrators hold no grants and are never " +
			"listed. Each result is named `grantee → mailbox`, such as `alice → support@acme.example/Invoices`.",
		Attributes: map[string]listschema.Attribute{
			"mailbox_id": listschema.StringAttribute{
				MarkdownDescription: "The mailbox (`usr_…`) or submailbox (`smb_…`) whose grants are listed: only those on it, " +
					"none of its submailboxes'. Set at most one of `mailbox_id` and `customer_id`; with neither, the provider's `customer_id` is the customer.",
				Optional:   true,
				Validators: []validator.String{stringvalidator.RegexMatches(mailboxIDPattern, mailboxIDRule)},
			},
			"customer_id": listschema.StringAttribute{
				MarkdownDescription: "ID of a customer (`cus_…`): list every grant on its shared mailboxes and their " +
					"submailboxes. Set at most one of `mailbox_id` and `customer_id`; with neither, the provider's `customer_id` is the customer.",
				Optional:   true,
				Validators: []validator.String{customerIDValidator()},
			},
		},
	}
}

func (r *MailboxPermissionResource) ListResourceConfigValidators(context.Context) []list.ConfigValidator {
	return mailboxOrCustomerValidators()
}

func (r *MailboxPermissionResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	if notConfigured(r.data, stream) {
		return
	}
	cfg, ok := r.data.readMailboxOrCustomer(ctx, req, stream, "The portal_mailbox_permission list block")
	if !ok {
		return
	}
	customerID := cfg.CustomerID.ValueString()
	var grants iter.Seq2[api.Permission, error]
	var what string
	if cfg.MailboxID.IsNull() {
		grants = r.data.client.EachCustomerPermission(ctx, customerID, true, pageSizeFor(req.Limit))
		what = "the grants on the shared mailboxes of customer " + customerID
	} else {
		mailboxID := cfg.MailboxID.ValueString()
		var err error
		if customerID, err = r.data.customerOfMailbox(ctx, mailboxID); err != nil {
			stream.Results = listAPIError("Cannot read mailbox "+mailboxID, err)
			return
		}
		grants, what = r.data.client.EachPermission(ctx, mailboxID, pageSizeFor(req.Limit)), "the grants on mailbox "+mailboxID
	}
	names, err := r.data.grantNamesOf(ctx, customerID)
	if err != nil {
		stream.Results = listAPIError("Cannot name the grantees and mailboxes of customer "+customerID, err)
		return
	}
	stream.Results = listResults(ctx, req, what, grants, func(g api.Permission, result *list.ListResult) any {
		result.DisplayName = names.of(g)
		mailboxPermissionIdentity.setKey(ctx, objectKey{"mailbox_id": g.MailboxID, "user_id": g.GranteeID}, result.Identity, &result.Diagnostics)
		model := mailboxPermissionModel{Timeouts: nullTimeouts(req)}
		result.Diagnostics.Append(model.fill(ctx, g)...)
		return model
	})
}
