package provider

import (
	"context"

	"github.com/csportal/terraform-provider-portal/internal/api"
	"github.com/hashicorp/terraform-plugin-framework/list"
	listschema "github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var _ list.ListResourceWithConfigure = &ApplicationUserResource{}

// NewApplicationUserListResource is the list resource's constructor for the provider (see
// NewSharedMailboxListResource).
func NewApplicationUserListResource() list.ListResource { return &ApplicationUserResource{} }

func (r *ApplicationUserResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = listschema.Schema{
		MarkdownDescription: "Finds the users of one integration application for `terraform query`, each named by its " +
			"username. Passwords cannot be read back: a generated configuration has none, and the imported users " +
			"keep the password the portal holds.",
		Attributes: map[string]listschema.Attribute{
			"application_id": listschema.StringAttribute{
				MarkdownDescription: "ID of the application (`app_…`); see the `portal_application` data source.",
				Required:            true,
				Validators:          []validator.String{applicationIDValidator()},
			},
		},
	}
}

func (r *ApplicationUserResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	if notConfigured(r.data, stream) {
		return
	}
	var cfg struct {
		ApplicationID types.String `tfsdk:"application_id"`
	}
	if diags := req.Config.Get(ctx, &cfg); diags.HasError() {
		stream.Results = listError(diags)
		return
	}
	appID := cfg.ApplicationID.ValueString()
	users := r.data.client.EachApplicationUser(ctx, appID, pageSizeFor(req.Limit))
	stream.Results = listResults(ctx, req, "the users of application "+appID, users, func(u api.ApplicationUser, result *list.ListResult) any {
		result.DisplayName = u.Username
		applicationUserIdentity.setKey(ctx, objectKey{"application_id": u.ApplicationID, "id": u.ID}, result.Identity, &result.Diagnostics)
		model := applicationUserModel{Password: types.StringNull(), PasswordWO: types.StringNull(), PasswordWOVersion: types.Int64Null()}
		model.fill(u)
		return model
	})
}
