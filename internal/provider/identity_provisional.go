package provider

// PROVISIONAL (issue 15 branch only): the identity schemas the list resources return, until issue 14's
// identity work lands and replaces this file.

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
)

func identityOf(names ...string) identityschema.Schema {
	attrs := map[string]identityschema.Attribute{}
	for _, n := range names {
		attrs[n] = identityschema.StringAttribute{RequiredForImport: true}
	}
	return identityschema.Schema{Attributes: attrs}
}

func (r *SharedMailboxResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identityOf("id")
}

func (r *MailboxPermissionResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identityOf("mailbox_id", "user_id")
}

func (r *ApplicationUserResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identityOf("application_id", "id")
}

func (r *SubmailboxResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identityOf("id")
}
