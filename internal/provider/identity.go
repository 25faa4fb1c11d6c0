package provider

import (
	"context"
	"fmt"
	"regexp"
	"strings"

	"github.com/csportal/terraform-provider-portal/internal/client"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// Resource identity (Terraform 1.12 and later): every resource's identity is the key the portal reads the
// object by, and each of its attributes is the attribute of the same name in state. So the identity is
// always taken from the state (setIdentity), and an import by identity stores the key in state just as an
// import by ID does. A CLI without identity support ignores the identity: the framework still hands one
// to each operation, which these helpers fill all the same.

// identityAttribute is one attribute of a resource identity.
type identityAttribute struct {
	name, description string
	// pattern is the form of ID the attribute takes and rule says it in words ("must be ..."), for an
	// import identity that names the wrong kind of object.
	pattern *regexp.Regexp
	rule    string
	// example is a well-formed value, for the import block an error message shows.
	example string
}

// resourceIdentity is a resource's identity: its type name (for messages) and its attributes.
type resourceIdentity struct {
	typeName   string
	attributes []identityAttribute
}

// schema is the identity schema: every attribute is needed to import by identity.
func (ri resourceIdentity) schema() identityschema.Schema {
	attrs := make(map[string]identityschema.Attribute, len(ri.attributes))
	for _, a := range ri.attributes {
		attrs[a.name] = identityschema.StringAttribute{RequiredForImport: true, Description: a.description}
	}
	return identityschema.Schema{Attributes: attrs}
}

// objectKey is the values of a resource's identity attributes, by name.
type objectKey map[string]string

// setIdentity copies the identity attributes from state into identity. A state without an object (a
// failed create, a resource removed by Read) leaves identity as it was; so does an attribute not known yet.
func (ri resourceIdentity) setIdentity(ctx context.Context, state *tfsdk.State, identity *tfsdk.ResourceIdentity, diags *diag.Diagnostics) {
	if state.Raw.IsNull() {
		return
	}
	key := objectKey{}
	for _, a := range ri.attributes {
		var v types.String
		diags.Append(state.GetAttribute(ctx, path.Root(a.name), &v)...)
		if !v.IsNull() && !v.IsUnknown() {
			key[a.name] = v.ValueString()
		}
	}
	ri.setKey(ctx, key, identity, diags)
}

// setKey sets identity to the key, for an object known by its key alone (an import, a list resource's
// result); attributes missing from the key are left as they are.
func (ri resourceIdentity) setKey(ctx context.Context, key objectKey, identity *tfsdk.ResourceIdentity, diags *diag.Diagnostics) {
	if identity == nil {
		return
	}
	for _, a := range ri.attributes {
		if value, ok := key[a.name]; ok {
			diags.Append(identity.SetAttribute(ctx, path.Root(a.name), value)...)
		}
	}
}

// importObject imports a resource by the identity of an import block (Terraform 1.12+) or by an import
// ID. An identity is checked attribute by attribute against the form of ID it takes, then exists confirms
// that the portal holds the object, so that a wrong or unknown identity gets an error that names it. An
// import ID is turned into the key by parseID, which reports its own errors. The key goes to state and
// identity; Read fills in the rest.
func (ri resourceIdentity) importObject(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse,
	parseID func(ctx context.Context, id string) (objectKey, error), exists func(ctx context.Context, key objectKey) error) {
	var key objectKey
	if req.Identity != nil && !req.Identity.Raw.IsFullyNull() {
		var ok bool
		if key, ok = ri.identityKey(ctx, *req.Identity, &resp.Diagnostics); !ok {
			return
		}
		if err := exists(ctx, key); err != nil {
			detail := explain(err)
			if client.IsNotFound(err) {
				detail = fmt.Sprintf("The portal has no %s with the identity %s.\n\n%s", ri.typeName, ri.describe(key), detail)
			}
			resp.Diagnostics.AddError("Cannot import "+ri.typeName+" by identity", detail)
			return
		}
	} else {
		var err error
		if key, err = parseID(ctx, req.ID); err != nil {
			resp.Diagnostics.AddError("Cannot import "+ri.typeName, explain(err))
			return
		}
	}
	for _, a := range ri.attributes {
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root(a.name), key[a.name])...)
	}
	ri.setKey(ctx, key, resp.Identity, &resp.Diagnostics)
}

// identityKey reads an import identity, refusing an attribute that is not the kind of ID it must be.
func (ri resourceIdentity) identityKey(ctx context.Context, identity tfsdk.ResourceIdentity, diags *diag.Diagnostics) (objectKey, bool) {
	key := objectKey{}
	var problems []string
	for _, a := range ri.attributes {
		var v types.String
		diags.Append(identity.GetAttribute(ctx, path.Root(a.name), &v)...)
		key[a.name] = v.ValueString()
		if !a.pattern.MatchString(v.ValueString()) {
			problems = append(problems, fmt.Sprintf("The identity's %s, %q, %s.", a.name, v.ValueString(), a.rule))
		}
	}
	if diags.HasError() {
		return nil, false
	}
	if len(problems) > 0 {
		diags.AddError("Invalid import identity for "+ri.typeName, strings.Join(problems, "\n")+
			"\n\nAn import block's identity names the object by its portal IDs, for example:\n\n"+ri.exampleImportBlock())
		return nil, false
	}
	return key, true
}

// describe writes a key as an identity: { mailbox_id = "usr_…", user_id = "apu_…" }.
func (ri resourceIdentity) describe(key objectKey) string {
	parts := make([]string, len(ri.attributes))
	for i, a := range ri.attributes {
		parts[i] = fmt.Sprintf("%s = %q", a.name, key[a.name])
	}
	return "{ " + strings.Join(parts, ", ") + " }"
}

// exampleImportBlock is an import block by identity with example values.
func (ri resourceIdentity) exampleImportBlock() string {
	var b strings.Builder
	fmt.Fprintf(&b, "  import {\n    to = %s.NAME\n    identity = {\n", ri.typeName)
	for _, a := range ri.attributes {
		fmt.Fprintf(&b, "      %s = %q\n", a.name, a.example)
	}
	b.WriteString("    }\n  }")
	return b.String()
}
