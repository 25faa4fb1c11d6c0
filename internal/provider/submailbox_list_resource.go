package provider

import (
	"context"

	"github.com/csportal/terraform-provider-portal/internal/api"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/list"
	listschema "github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var _ list.ListResourceWithConfigure = &SubmailboxResource{}

// NewSubmailboxListResource is the list resource's constructor for the provider (see
// NewSharedMailboxListResource).
func NewSubmailboxListResource() list.ListResource { return &SubmailboxResource{} }

func (r *SubmailboxResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = listschema.Schema{
		MarkdownDescription: "Finds the whole tree of submailboxes of one shared mailbox for `terraform query`, each " +
			"named by the mailbox's address and its path, such as `support@acme.example/Invoices/2026`. A generated " +
			"configuration names each submailbox's parent by its literal ID: see the guide on adoption to turn it " +
			"into a reference, which also orders deletions inner-first.",
		Attributes: map[string]listschema.Attribute{
			"mailbox_id": listschema.StringAttribute{
				MarkdownDescription: "User ID of the shared mailbox (`usr_…`), such as the `id` of a `portal_shared_mailbox`.",
				Required:            true,
				Validators:          []validator.String{stringvalidator.RegexMatches(sharedMailboxIDPattern, sharedMailboxIDRule)},
			},
		},
	}
}

func (r *SubmailboxResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	if notConfigured(r.data, stream) {
		return
	}
	var cfg struct {
		MailboxID types.String `tfsdk:"mailbox_id"`
	}
	if diags := req.Config.Get(ctx, &cfg); diags.HasError() {
		stream.Results = listError(diags)
		return
	}
	mailboxID := cfg.MailboxID.ValueString()
	mailbox, err := r.data.client.GetUser(ctx, mailboxID)
	if err != nil {
		stream.Results = listAPIError("Cannot read mailbox "+mailboxID, err)
		return
	}
	submailboxes := r.data.client.EachSubmailbox(ctx, mailboxID, pageSizeFor(req.Limit))
	stream.Results = listResults(ctx, req, "the submailboxes of mailbox "+mailboxID, submailboxes, func(sm api.Submailbox, result *list.ListResult) {
		result.DisplayName = mailbox.PrimaryEmail + api.SubmailboxPathSeparator + sm.Path
		result.Diagnostics.Append(result.Identity.SetAttribute(ctx, path.Root("id"), sm.ID)...)
		model := submailboxModel{Timeouts: nullTimeouts(req)}
		model.fill(sm)
		result.Diagnostics.Append(result.Resource.Set(ctx, model)...)
	})
}
