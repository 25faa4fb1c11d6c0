package mockportal

import (
	"fmt"
	"slices"
	"strings"

	"github.com/csportal/terraform-provider-portal/internal/api"
)

// R15: a customer has accepted domains, unique in the portal (the fixtures check that), and every address of
// its mailboxes is in one of them. Since a domain belongs to one customer only, an address of a customer's
// domain can only ever be held by a mailbox of that customer: the 409 already_exists of a taken address
// never names another customer's user.

// accepts reports whether the (lowercased) address is in one of the customer's domains: exactly, not in a
// subdomain.
func (c *customerRecord) accepts(address string) bool {
	_, domain, _ := strings.Cut(address, "@")
	return slices.Contains(c.Domains, domain)
}

// domainList names the customer's domains in a message: "a.example, b.example", or "none".
func (c *customerRecord) domainList() string {
	if len(c.Domains) == 0 {
		return "none"
	}
	return strings.Join(c.Domains, ", ")
}

// checkDomains answers 422 domain_not_accepted unless every address of a mailbox spec (already lowercased)
// is in one of the customer's domains, naming each refused address by its field and the domains the
// customer has.
func (c *customerRecord) checkDomains(primary string, aliases []string) error {
	var refused []api.FieldError
	var addresses []string
	check := func(field, address string) {
		if !c.accepts(address) {
			refused = append(refused, api.FieldError{Field: field,
				Message: fmt.Sprintf("%s is not in a domain of customer %s", address, c.Name)})
			addresses = append(addresses, address)
		}
	}
	check("primary_email", primary)
	for i, a := range aliases {
		check(fmt.Sprintf("email_aliases[%d]", i), a)
	}
	if len(refused) == 0 {
		return nil
	}
	verb := "are"
	if len(addresses) == 1 {
		verb = "is"
	}
	e := errUnprocessable(api.CodeDomainNotAccepted, "%s %s not in an accepted domain of customer %s (%s, %s), whose "+
		"domains are: %s; every address of a mailbox must be in one of its customer's domains",
		strings.Join(addresses, ", "), verb, c.Name, c.ID, c.Code, c.domainList())
	e.Fields = refused
	return e
}
