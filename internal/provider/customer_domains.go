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

// acceptedDomains are the domains a customer accepts mail for, lowercased and sorted, looked up once per
// run: the domains of the addresses its mailboxes hold, collected from the customer's mailbox listing (one
// request per 500 mailboxes). That is the portal's own rule while customers carry no list of domains.
func (d *providerData) acceptedDomains(ctx context.Context, customerID string) ([]string, error) {
	return d.domains.get(customerID, func() ([]string, error) {
		var domains []string
		for m, err := range d.client.EachCustomerMailbox(ctx, customerID, false, api.MaxPageSize) {
			if err != nil {
				return nil, err
			}
			for _, a := range append([]string{m.HostedExchange.PrimaryEmail}, m.HostedExchange.EmailAliases...) {
				domains = append(domains, domainOf(a))
			}
		}
		slices.Sort(domains)
		return slices.Compact(slices.DeleteFunc(domains, func(s string) bool { return s == "" })), nil
	})
}

// domainOf is an address's domain, lowercased; "" for no address.
func domainOf(address string) string {
	_, domain, _ := strings.Cut(address, "@")
	return strings.ToLower(domain)
}

// checkForwardingAllowed reports at plan time forwarding that the customer's rule refuses: to an address
// outside its accepted domains (and the mailbox's own, which it will hold) when it does not allow external
// forwarding. A lookup that fails only warns: apply checks again.
func (d *providerData) checkForwardingAllowed(ctx context.Context, customerID, address string, own []string, diags *diag.Diagnostics) {
	customer, err := d.customer(ctx, customerID)
	if client.IsNotFound(err) {
		return // the user plan's check says that the customer does not exist
	}
	var accepted []string
	if err == nil && !customer.AllowExternalForwarding {
		accepted, err = d.acceptedDomains(ctx, customerID)
	}
	if err != nil {
		diags.AddWarning("Cannot check the forwarding address at plan time", explain(err))
		return
	}
	if customer.AllowExternalForwarding {
		return
	}
	// The remembered list is shared by every plan of the run: the mailbox's own domains go to a copy.
	domains := slices.Clone(accepted)
	for _, a := range own {
		domains = append(domains, domainOf(a))
	}
	if slices.Contains(domains, domainOf(address)) {
		return
	}
	slices.Sort(domains)
	diags.AddAttributeError(path.Root("forwarding_address"), "External forwarding not allowed",
		fmt.Sprintf("%s is outside the accepted domains of customer %s (%s) (%s), and the customer does not allow "+
			"forwarding outside them: its mail would leave the tenant. Forward to an address in %s, or ask the hosting "+
			"provider to allow external forwarding for the customer (allow_external_forwarding of the portal_customer "+
			"data source shows it).", address, customer.Name, customerID, strings.Join(slices.Compact(domains), ", "),
			strings.Join(slices.Compact(domains), " or ")))
}
