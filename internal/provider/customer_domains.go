package provider

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/csportal/terraform-provider-portal/internal/api"
	"github.com/csportal/terraform-provider-portal/internal/client"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
)

// Forwarding outside a customer's accepted domains sends the customer's mail out of the tenant: the portal
// refuses it (422 external_forwarding_not_allowed) unless the hosting provider lets the customer
// (allow_external_forwarding). The provider checks it at plan time, so that a refused forwarding fails in
// `terraform plan` and not half-way through an apply.

// customer returns a customer, asked once per run.
func (d *providerData) customer(ctx context.Context, id string) (api.Customer, error) {
	return d.customers.get(id, func() (api.Customer, error) { return d.client.GetCustomer(ctx, id) })
}

// domainOf is an address's domain, lowercased; "" for no address.
func domainOf(address string) string {
	_, domain, _ := strings.Cut(address, "@")
	return strings.ToLower(domain)
}

// checkForwardingAllowed reports at plan time forwarding that the customer's rule refuses: to an address
// outside the customer's accepted domains (its `domains`, in which its mailboxes' own addresses are too,
// R15) when it does not allow external forwarding. One GET of the customer per run, which carries both. A
// lookup that fails only warns: apply checks again.
func (d *providerData) checkForwardingAllowed(ctx context.Context, customerID, address string, diags *diag.Diagnostics) {
	customer, err := d.customer(ctx, customerID)
	switch {
	case client.IsNotFound(err):
		return // the user plan's check says that the customer does not exist
	case err != nil:
		diags.AddWarning("Cannot check the forwarding address at plan time", explain(err))
		return
	case customer.AllowExternalForwarding || slices.Contains(customer.Domains, domainOf(address)):
		return
	}
	inside := "the customer has no accepted domains, so every forwarding is external"
	if len(customer.Domains) > 0 {
		inside = "forward to an address in " + strings.Join(customer.Domains, " or ")
	}
	diags.AddAttributeError(path.Root("forwarding_address"), "External forwarding not allowed",
		fmt.Sprintf("%s is outside the accepted domains of customer %s (%s) (%s), and the customer does not allow "+
			"forwarding outside them: its mail would leave the tenant. Either %s, or ask the hosting provider to "+
			"allow external forwarding for the customer (allow_external_forwarding of the portal_customer data "+
			"source shows it, and its domains).", address, customer.Name, customerID,
			strings.Join(customer.Domains, ", "), inside))
}
