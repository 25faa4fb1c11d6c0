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

// An address belongs to one mailbox in the whole portal (R3). A mailbox that asks for one that another object
// holds is refused — at plan time, before the create's check, and when the portal refuses it at apply (a
// race between two plans) — and each refusal says what to do in the same words, fitted to the holder: a
// shared mailbox of the same customer may be the very mailbox the resource means (import it), a personal
// mailbox never is (choose another address), and of another customer's object nothing is said beyond that
// it exists.

// holderKind is who holds an address, as far as the provider's token may see.
type holderKind int

const (
	addressFree holderKind = iota
	// heldBySelf: the mailbox being changed holds it already.
	heldBySelf
	// heldBySharedMailbox: a shared mailbox (R1) of the same customer.
	heldBySharedMailbox
	// heldByPersonalMailbox: another user's own mailbox of the same customer.
	heldByPersonalMailbox
	// heldByOtherCustomer: an object of another customer that the token may see.
	heldByOtherCustomer
	// heldOutOfSight: the portal refused the address as taken, naming a holder the token cannot read (404):
	// unknown to the provider, which says nothing of who or where it is.
	heldOutOfSight
)

// addressHolder is who holds one address.
type addressHolder struct {
	address string
	kind    holderKind
	// user is the holder when it is of the same customer; nothing is kept of another customer's.
	user api.User
	// provisioned tells, of a holder of the same customer, whether its mailbox is provisioned.
	provisioned bool
	// atKey tells, of a holder of the same customer, whether it has the mailbox's username (R17: as the
	// customer stores it), and verdict what it is to the create of mailboxAddresses.fingerprint.
	atKey   bool
	verdict remains
}

// taken reports whether the holder stands in the mailbox's way.
func (h addressHolder) taken() bool { return h.kind != addressFree && h.kind != heldBySelf }

// adoptable reports whether the holder is the remains of an interrupted create of the very configuration
// that asks: not in its way, since the create takes it over.
func (h addressHolder) adoptable() bool { return h.atKey && h.verdict == ownRemains }

// wantedAddress is an address a mailbox asks for and where the configuration writes it.
type wantedAddress struct {
	address string
	at      path.Path
}

// mailboxAddresses is what the address checks need to know of the mailbox that asks.
type mailboxAddresses struct {
	customerID, selfID, username string
	// replacedID is the object a replacement's create takes the place of (Terraform deletes it first).
	replacedID string
	wanted     []wantedAddress
	// fingerprint is the configuration of a create (creation_marks.go), "" when not known or not a create:
	// a holder at the mailbox's username carrying it is the remains of this configuration's interrupted
	// create, which the create adopts instead of being refused.
	fingerprint string
	// fingerprintPending: a create whose configuration is not wholly known at plan time, so that a holder at
	// its username may yet prove its remains at apply: the plan leaves that holder to the apply's check.
	fingerprintPending bool
}

// wantedAddresses are the addresses of a service spec: the primary address, then the aliases.
func wantedAddresses(spec api.HostedExchangeSpec) []wantedAddress {
	out := []wantedAddress{{spec.PrimaryEmail, path.Root("email_address")}}
	for _, a := range spec.EmailAliases {
		out = append(out, wantedAddress{a, path.Root("email_aliases")})
	}
	return out
}

// usersWithAddress looks an address up once per provider process, however many resources of the plan ask
// for it.
func (d *providerData) usersWithAddress(ctx context.Context, address string) ([]api.User, error) {
	return d.addresses.get(strings.ToLower(address), func() ([]api.User, error) {
		return d.client.ListUsers(ctx, client.UserFilter{Email: address})
	})
}

// classifyHolder tells what kind of object holder is to the mailbox m.
func (d *providerData) classifyHolder(ctx context.Context, m mailboxAddresses, address string, holder api.User) (addressHolder, error) {
	h := addressHolder{address: address}
	switch {
	case holder.ID == m.selfID:
		h.kind = heldBySelf
		return h, nil
	case holder.CustomerID != m.customerID:
		h.kind = heldByOtherCustomer
		return h, nil
	}
	h.user = holder
	if m.selfID == "" && (m.fingerprint != "" || m.fingerprintPending) {
		verdict, atKey, err := d.remainsAtKey(ctx, holder, m.customerID, m.username, m.fingerprint)
		if err != nil {
			return h, err
		}
		h.verdict, h.atKey = verdict, atKey
	}
	service, err := d.client.GetHostedExchange(ctx, holder.ID)
	if err != nil {
		return h, err
	}
	h.provisioned = service.ProvisioningStatus == api.ServiceProvisioned
	shared, err := d.isSharedMailbox(ctx, holder.CustomerID, service)
	if err != nil {
		return h, err
	}
	h.kind = heldByPersonalMailbox
	if shared {
		h.kind = heldBySharedMailbox
	}
	return h, nil
}

// isSharedMailbox tells whether a user's mailbox is a shared mailbox: on a plan that the customer's Hosted
// Exchange service offers as one (R1), or, on a plan no longer offered, with the shared calendar that only
// shared mailboxes have (R7).
func (d *providerData) isSharedMailbox(ctx context.Context, customerID string, service api.HostedExchange) (bool, error) {
	plans, err := d.userPlans.get(customerID, func() ([]api.UserPlan, error) {
		return d.client.ListUserPlans(ctx, customerID)
	})
	if err != nil {
		return false, err
	}
	if i := slices.IndexFunc(plans, func(p api.UserPlan) bool { return p.Name == service.UserPlan }); i >= 0 {
		return plans[i].SharedMailbox, nil
	}
	return service.Calendar != nil && service.Calendar.Shared, nil
}

// goneBeforeCreate reports whether the holder is an object that Terraform deletes before it creates this
// mailbox, so that the address is free by then: the object a replacement takes the place of (its ID comes
// with the plan of the create, in the private state), or this resource's own earlier object — its username
// in its customer — that Terraform keeps as tainted (a create that failed or was interrupted) and plans
// afresh as a create without telling the provider which object it replaces. That one is known from the
// refresh, which read it in this process, or, with -refresh=false, from its mailbox never provisioned.
func (d *providerData) goneBeforeCreate(m mailboxAddresses, holderID string, h addressHolder) bool {
	if m.selfID != "" {
		return false
	}
	if m.replacedID != "" && holderID == m.replacedID {
		return true // of any customer: a replacement may move the mailbox to another one
	}
	if d.deletedHere(holderID) {
		// The apply's own re-plan of a create, while this process deletes the holder (a block renamed without
		// a moved block: Terraform destroys and creates in parallel); the create waits for that delete.
		return true
	}
	if h.user.ID == "" {
		return false
	}
	ownUsername := strings.EqualFold(h.user.Username, m.username)
	return ownUsername && (d.protected.seen(h.user.ID) || !h.provisioned)
}

// checkAddressesFree refuses at plan time each address of m.wanted that another object holds, one lookup
// per address for the whole plan. A lookup that fails leaves the address to the apply, with a warning. The
// lookup sees only what the token reaches (R14: the portal leaves the rest out): an address held out of
// reach looks free here, exactly as a free one, so that a plan tells nothing of customers the token cannot
// reach; the portal refuses it at apply (R15: its domain is not this customer's).
func (d *providerData) checkAddressesFree(ctx context.Context, m mailboxAddresses, diags *diag.Diagnostics) {
	for _, w := range m.wanted {
		users, err := d.usersWithAddress(ctx, w.address)
		var h addressHolder
		var holderID string
		if err == nil && len(users) > 0 {
			holderID = users[0].ID
			h, err = d.classifyHolder(ctx, m, w.address, users[0])
		}
		if err != nil {
			diags.AddWarning("Cannot check at plan time whether "+w.address+" is free", explain(err))
			continue
		}
		pending := m.fingerprintPending && h.atKey
		if h.taken() && !h.adoptable() && !pending && !d.goneBeforeCreate(m, holderID, h) {
			diags.AddAttributeError(w.at, takenAddressSummary, h.advice(m.username))
		}
	}
}

// firstTakenAddress looks each wanted address up again, past the plan's memo, for the create's check
// before it makes the generic user: it returns the first that another object holds now.
func (d *providerData) firstTakenAddress(ctx context.Context, m mailboxAddresses) (addressHolder, wantedAddress, error) {
	for _, w := range m.wanted {
		users, err := d.client.ListUsers(ctx, client.UserFilter{Email: w.address})
		if err != nil || len(users) == 0 {
			if err != nil {
				return addressHolder{}, w, err
			}
			continue
		}
		h, err := d.classifyHolder(ctx, m, w.address, users[0])
		if err != nil || h.taken() {
			return h, w, err
		}
	}
	return addressHolder{}, wantedAddress{}, nil
}

// addAddressTakenError reports a provisioning the portal refused because an address is taken (409
// already_exists naming the holder), as the plan would have: the address appeared since the plan (another
// run or an operator took it). It reports nothing and returns false for any other error.
func (d *providerData) addAddressTakenError(ctx context.Context, diags *diag.Diagnostics, summary string, m mailboxAddresses, err error) bool {
	apiErr, ok := client.AsError(err)
	if !ok || apiErr.Code != api.CodeAlreadyExists || apiErr.ExistingID == "" {
		return false
	}
	h, w := addressHolder{kind: heldOutOfSight}, wantedAddress{at: path.Root("email_address")}
	holder, getErr := d.client.GetUser(ctx, apiErr.ExistingID)
	if getErr == nil {
		if service, sErr := d.client.GetHostedExchange(ctx, holder.ID); sErr == nil {
			w = heldAmong(m.wanted, service)
		}
		if classified, cErr := d.classifyHolder(ctx, m, w.address, holder); cErr == nil {
			h = classified
		}
	}
	h.address = w.address
	diags.AddAttributeError(w.at, summary, explain(err)+"\n\n"+
		"The address was free when the plan was made: another Terraform run or an operator has taken it since. "+
		h.advice(m.username))
	return true
}

// heldAmong returns the first wanted address that the holder's service holds.
func heldAmong(wanted []wantedAddress, holder api.HostedExchange) wantedAddress {
	held := append([]string{holder.PrimaryEmail}, holder.EmailAliases...)
	for _, w := range wanted {
		if slices.ContainsFunc(held, func(a string) bool { return strings.EqualFold(a, w.address) }) {
			return w
		}
	}
	return wantedAddress{at: path.Root("email_address")}
}

const takenAddressSummary = "Email address already taken"

// advice says who holds the address and what to do, for the mailbox whose username is username.
func (h addressHolder) advice(username string) string {
	unique := "An address belongs to one mailbox in the whole portal (compared without regard to case)."
	switch h.kind {
	case heldBySharedMailbox:
		var b strings.Builder
		fmt.Fprintf(&b, "%s belongs to shared mailbox %s (username %q) of the same customer. %s\n\n",
			h.subject(), h.user.ID, h.user.Username, unique)
		if h.atKey || h.verdict == heldHere {
			// The create met the remains of another create, or another block's object: say why it is not
			// taken over (creation_marks.go).
			b.WriteString(whyNotAdopted("user "+h.user.ID, h.verdict) + "\n\n")
		}
		if strings.EqualFold(h.user.Username, username) {
			b.WriteString("It has this resource's username, so it is most likely the mailbox this resource describes, made " +
				"by hand or by another Terraform configuration. If so, ")
		} else {
			fmt.Fprintf(&b, "If it is the mailbox this resource means (its username is %q: set username to that, "+
				"for a changed username replaces a mailbox), ", h.user.Username)
		}
		fmt.Fprintf(&b, "and unless another Terraform configuration manages it (then manage it there: two states "+
			"managing one mailbox undo each other's changes), import it instead of creating it: %s\n\n"+
			"Otherwise choose another address, or take this one off that mailbox first. When this configuration "+
			"moves the address from another of its mailboxes, apply that change first.",
			importInstructions("portal_shared_mailbox", h.user.ID))
		return b.String()
	case heldByPersonalMailbox:
		return fmt.Sprintf("%s belongs to the personal mailbox of user %s (username %q) of the same customer: a "+
			"user's own mailbox, not a shared one, so it cannot be imported as this shared mailbox. %s Choose another "+
			"address, or remove this one from that user's mailbox in the portal first.",
			h.subject(), h.user.ID, h.user.Username, unique)
	case heldByOtherCustomer:
		return fmt.Sprintf("%s belongs to an object of another customer. %s No mailbox of this customer can have "+
			"it: choose another address.", h.subject(), unique)
	case heldOutOfSight:
		return fmt.Sprintf("The portal refused %s as taken; the provider's token cannot read the object it names, "+
			"so nothing more is known of it. %s Choose another address.", h.addressOrUnknown(), unique)
	}
	return ""
}

// addressOrUnknown names the address within a sentence; the portal's refusal may leave it unknown.
func (h addressHolder) addressOrUnknown() string {
	if h.address == "" {
		return "one of the mailbox's addresses"
	}
	return h.address
}

// subject names the address at the start of a sentence; the portal's refusal may leave it unknown.
func (h addressHolder) subject() string {
	if h.address == "" {
		return "One of the mailbox's addresses"
	}
	return "The address " + h.address
}
