package provider

import (
	"context"
	"iter"

	"github.com/csportal/terraform-provider-portal/internal/api"
	"github.com/hashicorp/terraform-plugin-framework-validators/listresourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	listschema "github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
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
			"customer's shared mailboxes and on their submailboxes; with `grantee_id`, only that grantee's — every mailbox " +
			"and submailbox a leaver can open, in one request per page, ready to import or to remove. Administrators hold " +
			"no grants and are never listed. Each result is named `grantee → mailbox`, such as " +
			"`alice → support@acme.example/Invoices`.",
		Attributes: map[string]listschema.Attribute{
			"mailbox_id": listschema.StringAttribute{
				MarkdownDescription: "The mailbox (`usr_…`) or submailbox (`smb_…`) whose grants are listed: only those on it, " +
					"none of its submailboxes'. Set `mailbox_id` or `customer_id`, or `grantee_id` alone; with none of them, the provider's `customer_id` is the customer.",
				Optional:   true,
				Validators: []validator.String{stringvalidator.RegexMatches(mailboxIDPattern, mailboxIDRule)},
			},
			"customer_id": listschema.StringAttribute{
				MarkdownDescription: "ID of a customer (`cus_…`): list every grant on its shared mailboxes and their " +
					"submailboxes (with `grantee_id`: on all of its mailboxes). Set `mailbox_id` or `customer_id`, or " +
					"`grantee_id` alone; with none of them, the provider's `customer_id` is the customer.",
				Optional:   true,
				Validators: []validator.String{customerIDValidator()},
			},
			"grantee_id": listschema.StringAttribute{
				MarkdownDescription: "A portal user (`usr_…`) or an application user (`apu_…`): list only its grants — alone, " +
					"every grant it holds on any mailbox of its customer (personal mailboxes included), such as a leaver's; with " +
					"`mailbox_id` or `customer_id`, its grants there. An application user's customer is found by looking " +
					"for it in each application (a request per application; naming `customer_id` saves them).",
				Optional:   true,
				Validators: []validator.String{stringvalidator.RegexMatches(granteeIDPattern, granteeIDRule)},
			},
		},
	}
}

// ListResourceConfigValidators: at most one of mailbox_id and customer_id; none of the three scopes is the
// provider's customer (see List).
func (r *MailboxPermissionResource) ListResourceConfigValidators(context.Context) []list.ConfigValidator {
	return []list.ConfigValidator{listresourcevalidator.Conflicting(path.MatchRoot("mailbox_id"), path.MatchRoot("customer_id"))}
}

func (r *MailboxPermissionResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	if notConfigured(r.data, stream) {
		return
	}
	cfg, ok := readGranteeListScope(ctx, req, stream)
	if ok && cfg.MailboxID.IsNull() && cfg.CustomerID.IsNull() && cfg.GranteeID.IsNull() {
		// None of the three: the provider's customer, as for the other list blocks.
		var diags diag.Diagnostics
		customerID, found := r.data.requireCustomer(cfg.CustomerID, customerIDPath, "The portal_mailbox_permission list block without mailbox_id or grantee_id", &diags)
		if ok = found; !ok {
			stream.Results = listError(diags)
		}
		cfg.CustomerID = types.StringValue(customerID)
	}
	if !ok {
		return
	}
	customerID, err := r.data.customerOf(ctx, cfg)
	if err != nil {
		stream.Results = listAPIError("Cannot tell whose grants to list", err)
		return
	}
	var grants iter.Seq2[api.Permission, error]
	var what string
	switch granteeID := cfg.GranteeID.ValueString(); {
	case !cfg.MailboxID.IsNull():
		mailboxID := cfg.MailboxID.ValueString()
		grants, what = filterSeq(r.data.client.EachPermission(ctx, mailboxID, pageSizeFor(req.Limit)), func(g api.Permission) bool {
			return cfg.holds(g.GranteeID)
		}), "the grants on mailbox "+mailboxID
	case granteeID != "":
		grants = r.data.client.EachGranteePermission(ctx, customerID, granteeID, pageSizeFor(req.Limit))
		what = "the grants of " + granteeID + " on the mailboxes of customer " + customerID
	default:
		grants = r.data.client.EachCustomerPermission(ctx, customerID, true, pageSizeFor(req.Limit))
		what = "the grants on the shared mailboxes of customer " + customerID
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
