package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/listresourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// Who holds what: the rights on a mailbox — its grants, its calendar's entries — are listed per mailbox or
// per customer, and the customer listings filter by grantee, so that "what can this person open?" costs a
// request per page of that person's rights, never a read per mailbox. A grantee's rights lie in its own
// customer (R16: rights go only to users and application users of the mailbox's customer), an application
// user's too.

// granteeListScope is the configuration of a list block of rights: one mailbox's, or a customer's, each
// optionally only one grantee's; or a grantee's alone, in its own customer.
type granteeListScope struct {
	MailboxID  types.String `tfsdk:"mailbox_id"`
	CustomerID types.String `tfsdk:"customer_id"`
	GranteeID  types.String `tfsdk:"grantee_id"`
}

// granteeListScopeValidators make a list block name a scope: a mailbox or a customer (not both), or a
// grantee.
func granteeListScopeValidators() []list.ConfigValidator {
	mailbox, customer, grantee := path.MatchRoot("mailbox_id"), path.MatchRoot("customer_id"), path.MatchRoot("grantee_id")
	return []list.ConfigValidator{
		listresourcevalidator.AtLeastOneOf(mailbox, customer, grantee),
		listresourcevalidator.Conflicting(mailbox, customer),
	}
}

// readGranteeListScope decodes such a block's configuration; on failure the stream carries the diagnostics.
func readGranteeListScope(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) (granteeListScope, bool) {
	var cfg granteeListScope
	if diags := req.Config.Get(ctx, &cfg); diags.HasError() {
		stream.Results = listError(diags)
		return cfg, false
	}
	return cfg, true
}

// customerOf is the customer whose listings hold the scope's rights: the mailbox's, the one named, or the
// grantee's own.
func (d *providerData) customerOf(ctx context.Context, s granteeListScope) (string, error) {
	switch {
	case !s.MailboxID.IsNull():
		return d.customerOfMailbox(ctx, s.MailboxID.ValueString())
	case !s.CustomerID.IsNull():
		return s.CustomerID.ValueString(), nil
	}
	return d.customerOfGrantee(ctx, s.GranteeID.ValueString())
}

// customerOfGrantee is the grantee's customer, where every right it holds lies (R16: rights on a mailbox go
// only to the users and application users of its customer). A portal user says it in one read. An
// application user is addressed only under its application, so unless a refresh of this process learned its
// customer, its record is looked for in each application in turn (findApplicationUser): a listing of the
// applications and a read per application tried, once per lookup.
func (d *providerData) customerOfGrantee(ctx context.Context, granteeID string) (string, error) {
	if !isApplicationUser(granteeID) {
		u, err := d.client.GetUser(ctx, granteeID)
		return u.CustomerID, err
	}
	if c := d.reads.customerOf(granteeID, ""); c != "" {
		return c, nil
	}
	u, err := d.findApplicationUser(ctx, "", granteeID)
	if err != nil {
		return "", err
	}
	if u.CustomerID == "" { // a portal that does not say: the caller must name the customer
		return "", fmt.Errorf("the portal does not say which customer application user %s belongs to: set customer_id "+
			"to the customer whose mailboxes to look at", granteeID)
	}
	d.reads.learnCustomer(granteeID, u.CustomerID)
	return u.CustomerID, nil
}

// holds reports whether the scope keeps a right of granteeID.
func (s granteeListScope) holds(granteeID string) bool {
	return s.GranteeID.IsNull() || s.GranteeID.ValueString() == granteeID
}
