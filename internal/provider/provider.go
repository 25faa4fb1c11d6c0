// Package provider implements the portal Terraform provider: shared mailboxes, who may use them, and the
// application users of integrations, kept in step with the hosting control panel ("the portal").
package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/resource"
)

// RegistryAddress is the provider's source address.
const RegistryAddress = "registry.terraform.io/csportal/portal"

// Environment variables read when the provider block leaves a setting out.
const (
	EnvEndpoint   = "PORTAL_ENDPOINT"
	EnvAPIToken   = "PORTAL_API_TOKEN"
	EnvBatchReads = "PORTAL_BATCH_READS"
	EnvCustomerID = "PORTAL_CUSTOMER_ID"
)

var (
	_ provider.Provider                  = &PortalProvider{}
	_ provider.ProviderWithListResources = &PortalProvider{}
)

// PortalProvider is the provider. version is the release, "dev" for local builds, "test" in tests.
type PortalProvider struct {
	version string
	// stopped ends when Terraform stops the provider (StopProvider, which it sends on Ctrl-C): what runs
	// detached from any one request, the batched refresh's listings, ends with it. Nil (a provider not
	// served by NewProtocol6Server) never ends.
	stopped context.Context
}

// New returns a constructor of the provider, as providerserver.Serve and the acceptance tests want it.
func New(version string) func() provider.Provider {
	return func() provider.Provider {
		return &PortalProvider{version: version}
	}
}

// Metadata names the provider "portal": resources are portal_*.
func (p *PortalProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "portal"
	resp.Version = p.version
}

// Resources lists the provider's resources.
func (p *PortalProvider) Resources(context.Context) []func() resource.Resource {
	return []func() resource.Resource{
		NewSharedMailboxResource,
		NewMailboxPermissionResource,
		NewMailboxAccessResource,
		NewSubmailboxResource,
		NewApplicationUserResource,
		NewCalendarPermissionResource,
	}
}

// ListResources lists what `terraform query` can find: the resources' own types, listing.
func (p *PortalProvider) ListResources(context.Context) []func() list.ListResource {
	return []func() list.ListResource{
		NewSharedMailboxListResource,
		NewMailboxPermissionListResource,
		NewSubmailboxListResource,
		NewApplicationUserListResource,
		NewCalendarPermissionListResource,
	}
}

// DataSources lists the provider's data sources.
func (p *PortalProvider) DataSources(context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{
		NewCustomerDataSource,
		NewCustomersDataSource,
		NewUserPlansDataSource,
		NewUserDataSource,
		NewSharedMailboxDataSource,
		NewSharedMailboxesDataSource,
		NewMailboxPermissionsDataSource,
		NewApplicationDataSource,
		NewApplicationUserDataSource,
		NewUserAccessDataSource,
	}
}
