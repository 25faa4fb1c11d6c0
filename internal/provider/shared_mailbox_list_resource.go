package provider

import (
	"context"

	"github.com/csportal/terraform-provider-portal/internal/api"
	"github.com/csportal/terraform-provider-portal/internal/customtypes"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	listschema "github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var _ list.ListResourceWithConfigure = &SharedMailboxResource{}

// NewSharedMailboxListResource is the list resource's constructor for the provider: the resource type
// itself, which shares its name, configuration and conversion from the portal's objects with the list.
func NewSharedMailboxListResource() list.ListResource { return &SharedMailboxResource{} }

func (r *SharedMailboxResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = listschema.Schema{
		MarkdownDescription: "Finds a customer's shared mailboxes — its users whose Hosted Exchange service is on a " +
			"shared-mailbox plan — for `terraform query`. Regular users' mailboxes, administrators and users " +
			"without the service are not listed; nor are mailboxes whose provisioning failed, which a warning names. " +
			"Each result is named by the mailbox's primary address.",
		Attributes: map[string]listschema.Attribute{
			"customer_id": listschema.StringAttribute{
				MarkdownDescription: "ID of the customer (`cus_…`) whose shared mailboxes are listed; see the `portal_customer` " +
					"data source. Defaults to the provider's `customer_id`.",
				Optional:   true,
				Validators: []validator.String{customerIDValidator()},
			},
		},
	}
}

func (r *SharedMailboxResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	if notConfigured(r.data, stream) {
		return
	}
	customerID, ok := r.data.readCustomer(ctx, req, stream, "The portal_shared_mailbox list block")
	if !ok {
		return
	}
	var skipped []api.Mailbox
	mailboxes := r.data.eachAdoptableMailbox(ctx, customerID, pageSizeFor(req.Limit), func(m api.Mailbox) { skipped = append(skipped, m) })
	results := listResults(ctx, req, "the shared mailboxes of customer "+customerID, mailboxes, func(m api.Mailbox, result *list.ListResult) any {
		result.DisplayName = m.HostedExchange.PrimaryEmail
		sharedMailboxIdentity.setKey(ctx, objectKey{"id": m.User.ID}, result.Identity, &result.Diagnostics)
		return r.data.importedMailbox(ctx, req, m)
	})
	stream.Results = func(push func(list.ListResult) bool) {
		for result := range results {
			if !push(result) {
				return
			}
		}
		if len(skipped) > 0 {
			var diags diag.Diagnostics
			diags.AddWarning(skippedMailboxesWarning(customerID, skipped))
			push(list.ListResult{Diagnostics: diags})
		}
	}
}

// importedMailbox is the resource as an import of the mailbox leaves it: what the portal holds, protected
// from deletion, and no password or timeouts.
func (d *providerData) importedMailbox(ctx context.Context, req list.ListRequest, m api.Mailbox) sharedMailboxModel {
	var model sharedMailboxModel
	model.fill(m.User, m.HostedExchange)
	d.settleUsername(ctx, &model.sharedMailboxState, m.User.CustomerID, customtypes.NewCaseInsensitiveStringNull())
	model.heldCalendarDefault(m.HostedExchange)
	model.PasswordWO, model.PasswordWOVersion = types.StringNull(), types.Int64Null()
	model.DeletionProtection = defaultProtection(types.BoolNull())
	model.Timeouts = nullTimeouts(req)
	return model
}
