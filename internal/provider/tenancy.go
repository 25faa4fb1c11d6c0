package provider

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/csportal/terraform-provider-portal/internal/api"
	"github.com/csportal/terraform-provider-portal/internal/client"
	"github.com/csportal/terraform-provider-portal/internal/customtypes"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
)

// Tenancy (R14–R16) as the provider says it. The portal answers 404 for a customer outside the token's
// reach, and refuses an address outside the mailbox's customer's domains (422 domain_not_accepted) and a
// grantee of another customer (422 grantee_other_customer). The provider checks each rule at plan time
// where the values are known, and where they are not, turns the portal's refusal at apply into the same
// words at the same attribute: each rule is one sentence, written once below (reachRule, addressRule,
// granteeRule), and every check and translation ends in tenancyFindings.

// customerName names a customer in a message as the portal does: "Acme (cus_…, ACME)".
func customerName(c api.Customer) string {
	if c.Code == "" {
		return fmt.Sprintf("%s (%s)", c.Name, c.ID)
	}
	return fmt.Sprintf("%s (%s, %s)", c.Name, c.ID, c.Code)
}

// nameCustomer is customerName of customer id, or the ID alone when the token cannot read it.
func (d *providerData) nameCustomer(ctx context.Context, id string) string {
	c, err := d.customer(ctx, id)
	if err != nil {
		return id
	}
	return customerName(c)
}

// tenancyFinding is one breach of a tenancy rule, at the attribute it is about.
type tenancyFinding struct {
	at              path.Path
	summary, detail string
}

// tenancyFindings are what a check or a translated refusal found; empty when nothing.
type tenancyFindings []tenancyFinding

// addTo reports each finding as an error at its attribute, and whether there was one.
func (f tenancyFindings) addTo(diags *diag.Diagnostics) bool {
	for _, finding := range f {
		diags.AddAttributeError(finding.at, finding.summary, finding.detail)
	}
	return len(f) > 0
}

// reachRule is R14 about an object the portal does not show to the token: "customer cus_…" or "mailbox
// usr_…".
func reachRule(at path.Path, kind, id string, me api.Me) tenancyFinding {
	return tenancyFinding{at: at, summary: capitalise(kind) + " outside the API token's reach", detail: fmt.Sprintf(
		"The portal has no %s %s within the reach of the API token, which acts for %s. The portal answers alike "+
			"for what does not exist and for what lies outside a token's reach (R14). Check the ID (the "+
			"portal_customers data source lists the customers the token reaches), or use a token that reaches its "+
			"customer, an administrator's of it or of a reseller above it, for example in a provider alias for its "+
			"resources.", kind, id, describeToken(me))}
}

// addressRule is R15 about one address of a mailbox of customer c.
func addressRule(at path.Path, address string, c api.Customer) tenancyFinding {
	domains := "none"
	if len(c.Domains) > 0 {
		domains = strings.Join(c.Domains, ", ")
	}
	return tenancyFinding{at: at, summary: "Address outside the customer's domains", detail: fmt.Sprintf(
		"%s is not in a domain of customer %s, whose accepted domains are: %s. The portal accepts a mailbox's "+
			"addresses only in its own customer's domains (R15). Use an address in one of them, or make the mailbox "+
			"in the customer that owns the address's domain (its customer_id, or a provider alias whose customer_id "+
			"is that customer).", address, customerName(c), domains)}
}

// granteeRule is R16 about one grant on a mailbox.
func granteeRule(at path.Path, granteeID, granteeCustomer, mailboxID, mailboxCustomer string) tenancyFinding {
	return tenancyFinding{at: at, summary: "Grantee of another customer", detail: fmt.Sprintf(
		"%s belongs to customer %s, but mailbox %s belongs to customer %s: the portal gives rights on a mailbox "+
			"only to users and application users of the mailbox's own customer (R16). Grant a user of the mailbox's "+
			"customer instead (the portal_user data source looks one up), or, for an application, that customer's "+
			"own application user (a portal_application_user whose customer_id is the mailbox's customer).",
		granteeID, granteeCustomer, mailboxID, mailboxCustomer)}
}

// customerWithinReach reads customerID for a check about the attribute at: the customer, or a finding of
// reachRule when the verified portal answers 404 for it. ok is false when the customer cannot be read for
// another reason; a diagnostic then says why, or nothing does while the endpoint is known only after apply.
func (d *providerData) customerWithinReach(ctx context.Context, at path.Path, customerID string, diags *diag.Diagnostics) (api.Customer, tenancyFindings, bool) {
	c, err := d.customer(ctx, customerID)
	switch {
	case err == nil:
		return c, nil, true
	case client.IsNotConfigured(err): // apply checks
	case isDefinitive(err) && !d.verifiedForPlan(ctx, diags): // not the portal's answer: the error says why
	case client.IsNotFound(err):
		me, _ := d.whoAmI(ctx) // verified: remembered
		return api.Customer{}, tenancyFindings{reachRule(at, "customer", customerID, me)}, true
	default:
		diags.AddWarning("Cannot check the customer at plan time", explain(err)+"\n\nApply checks again.")
	}
	return api.Customer{}, nil, false
}

// checkCustomerReach reports a customer_id outside the token's reach (R14) for a resource that names only
// its customer.
func (d *providerData) checkCustomerReach(ctx context.Context, customerID string, diags *diag.Diagnostics) {
	_, found, _ := d.customerWithinReach(ctx, customerIDPath, customerID, diags)
	found.addTo(diags)
}

// mailboxAddress is an address of a mailbox and where the configuration writes it.
type mailboxAddress struct {
	at    path.Path
	value string
}

// addressesOf are the addresses of a mailbox spec at their attributes: email_address, and each alias as an
// element of email_aliases.
func addressesOf(primary string, aliases []string) []mailboxAddress {
	out := []mailboxAddress{{at: path.Root("email_address"), value: primary}}
	for _, a := range aliases {
		out = append(out, mailboxAddress{at: aliasPath(a), value: a})
	}
	return out
}

// aliasPath is where an alias is written: its element of the email_aliases set.
func aliasPath(alias string) path.Path {
	return path.Root("email_aliases").AtSetValue(customtypes.NewCaseInsensitiveStringValue(alias))
}

// outsideDomains are the findings of R15 for the addresses of a mailbox of customer c.
func outsideDomains(c api.Customer, addresses []mailboxAddress) tenancyFindings {
	var found tenancyFindings
	for _, a := range addresses {
		_, domain, _ := strings.Cut(strings.ToLower(a.value), "@")
		if a.value != "" && !slices.Contains(c.Domains, domain) {
			found = append(found, addressRule(a.at, a.value, c))
		}
	}
	return found
}

// checkMailboxTenancy checks a mailbox of customerID with the given known addresses: the customer within
// the token's reach (R14) and every address in its domains (R15). It runs at plan time and again at apply
// before anything is made, for values that were unknown at plan time, reporting what it finds in diags.
// reached says the customer could be read and is in reach, so that other checks of it may go on.
func (d *providerData) checkMailboxTenancy(ctx context.Context, customerID string, addresses []mailboxAddress, diags *diag.Diagnostics) (reached bool) {
	c, found, ok := d.customerWithinReach(ctx, customerIDPath, customerID, diags)
	if !ok || found.addTo(diags) {
		return false
	}
	outsideDomains(c, addresses).addTo(diags)
	return true
}

// domainRefusal is the portal's 422 domain_not_accepted for a mailbox of customerID in the words of the
// plan-time check, or nil for any other error (or when the customer cannot be read to say so).
func (d *providerData) domainRefusal(ctx context.Context, customerID string, spec api.HostedExchangeSpec, err error) tenancyFindings {
	if !client.HasCode(err, api.CodeDomainNotAccepted) {
		return nil
	}
	c, cErr := d.customer(ctx, customerID)
	if cErr != nil {
		return nil
	}
	return outsideDomains(c, addressesOf(spec.PrimaryEmail, spec.EmailAliases))
}

// grantCustomers are the customers of a grant's mailbox and grantee, "" where they cannot be told; err is
// the mailbox's read when it failed.
func (d *providerData) grantCustomers(ctx context.Context, mailboxID, customerHint, granteeID string) (mailbox, grantee string, err error) {
	mailbox = d.reads.customerOf(mailboxID, customerHint)
	if mailbox == "" {
		if mailbox, err = d.customerOfMailbox(ctx, mailboxID); err != nil {
			return "", "", err
		}
		d.reads.learnCustomer(mailboxID, mailbox)
	}
	if isApplicationUser(granteeID) {
		grantee = d.reads.customerOf(granteeID, "")
		if grantee == "" {
			if u, err := d.applicationUser(ctx, granteeID); err == nil {
				grantee = u.CustomerID
			}
		}
	} else if u, err := d.granteeUser(ctx, granteeID); err == nil {
		grantee = u.CustomerID
	}
	return mailbox, grantee, nil
}

// applicationUser returns an application user found by its ID alone, asked once per run.
func (d *providerData) applicationUser(ctx context.Context, id string) (api.ApplicationUser, error) {
	return d.grantedApps.get(id, func() (api.ApplicationUser, error) { return d.findApplicationUser(ctx, "", id) })
}

// otherCustomer is the finding of R16 for a grant at, or of R14 for its mailbox when the verified portal
// does not show it to a token whose reach is part of the portal; nil when mailbox and grantee are of one
// customer or either customer cannot be told (apply checks). For a token that reaches the whole portal a
// 404 means the mailbox is gone, which the plan shows by recreating what lay on it: no error then.
func (d *providerData) otherCustomer(ctx context.Context, at path.Path, mailboxID, customerHint, granteeID string) tenancyFindings {
	mailbox, grantee, err := d.grantCustomers(ctx, mailboxID, customerHint, granteeID)
	if client.IsNotFound(err) {
		if me, vErr := d.verifyPortal(ctx); vErr == nil {
			if whole, wErr := d.reachesWholePortal(ctx, me); wErr == nil && !whole {
				return tenancyFindings{reachRule(mailboxIDPath, "mailbox", mailboxID, me)}
			}
		}
	}
	if mailbox == "" || grantee == "" || mailbox == grantee {
		return nil
	}
	return tenancyFindings{granteeRule(at, granteeID, d.nameCustomer(ctx, grantee), mailboxID, d.nameCustomer(ctx, mailbox))}
}

var mailboxIDPath = path.Root("mailbox_id")

// granteeRefusal is the portal's 422 grantee_other_customer for a grant in the words of the plan-time
// check, or nil for any other error.
func (d *providerData) granteeRefusal(ctx context.Context, at path.Path, mailboxID, customerHint, granteeID string, err error) tenancyFindings {
	if !client.HasCode(err, api.CodeGranteeOtherCustomer) {
		return nil
	}
	return d.otherCustomer(ctx, at, mailboxID, customerHint, granteeID)
}
