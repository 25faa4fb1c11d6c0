package provider

import (
	"fmt"

	"github.com/csportal/terraform-provider-portal/internal/api"
	"github.com/csportal/terraform-provider-portal/internal/client"
	"github.com/hashicorp/terraform-plugin-framework/diag"
)

// providerData is what Configure hands to every resource and data source: one client and the per-run
// coordination state they share (Terraform runs one provider process per command and calls resources
// concurrently inside it).
type providerData struct {
	client    *client.Client
	mailboxes *mailboxLocks
	userPlans memo[[]api.UserPlan] // by customer ID
	me        memo[api.Me]         // the token's principal (GET /me), one entry
	grantees  memo[api.User]       // portal users named as grantees, by user ID
	claims    grantClaims          // the grants each permission resource plans, to tell when two manage one mailbox
}

func newProviderData(c *client.Client) *providerData {
	return &providerData{client: c, mailboxes: newMailboxLocks()}
}

// providerDataFrom type-checks the ProviderData a resource or data source receives. It returns nil without
// a diagnostic while the provider is not yet configured (Terraform validates before it configures).
func providerDataFrom(data any, diags *diag.Diagnostics) *providerData {
	if data == nil {
		return nil
	}
	pd, ok := data.(*providerData)
	if !ok {
		diags.AddError("Unexpected provider data",
			fmt.Sprintf("Expected *provider.providerData, got %T. Please report this issue to the provider developers.", data))
		return nil
	}
	return pd
}
