package provider

import (
	"context"
	"fmt"
	"iter"
	"sync"

	"github.com/csportal/terraform-provider-portal/internal/api"
	"github.com/csportal/terraform-provider-portal/internal/client"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// providerData is what Configure hands to every resource and data source: one client and the per-run
// coordination state they share (Terraform runs one provider process per command and calls resources
// concurrently inside it).
type providerData struct {
	client    *client.Client
	reads     *batchReads
	mailboxes *mailboxLocks
	userPlans memo[[]api.UserPlan] // by customer ID
	me        memo[verification]   // the token's principal (GET /me), one entry: see verifyPortal
	visible   memo[bool]           // whether the token reaches a customer or application: see withinReach
	grantees  memo[api.User]       // portal users named as grantees, by user ID
	addresses memo[[]api.User]     // the users holding an address a plan adds, by lowercased address
	protected protectionNotes      // the mailboxes and submailboxes of the state seen: refusals to destroy, taken addresses
	claims    grantClaims          // the grants each permission resource plans, to tell when two manage one mailbox
	// defaultCustomer is the provider's customer_id (or PORTAL_CUSTOMER_ID): null when not set, unknown
	// while it is known only after apply. See default_customer.go.
	defaultCustomer types.String
	// customers are the customers read for tenancy checks, login names and forwarding rules, by ID: see
	// tenancy.go.
	customers memo[api.Customer]
	// grantedApps are application users named as grantees, found by their ID alone: see tenancy.go.
	grantedApps memo[api.ApplicationUser]
	hidden      memo[bool]    // whether mailboxes are hidden from the address lists, by user ID
	senders     hiddenSenders // send rights and hidden mailboxes each resource plans, for the warning of both
	// calendarClaims are the calendar entries each resource plans, to tell when two manage one calendar.
	calendarClaims calendarClaims
	// held are the objects (usr_, smb_, apu_ IDs) that a create of this provider process made or adopted, and
	// the natural keys of its creates: a create never adopts one of those as an interrupted create's remains
	// (creation_marks.go).
	held sync.Map
	// deletions are the deletes under way in this process (deletions.go).
	deletions deletions
}

// newProviderData makes the provider's shared state around a client whose config's AfterWrite calls
// reads.wrote (newBatchReads), so that no listing outlives a write.
func newProviderData(c *client.Client, reads *batchReads) *providerData {
	reads.attach(c)
	d := &providerData{client: c, reads: reads, mailboxes: newMailboxLocks(), defaultCustomer: types.StringNull()}
	reads.reachTop = d.subtreeRoot
	return d
}

// newBatchReads returns the listings of a provider process, used only when enabled.
func newBatchReads(enabled bool) *batchReads { return &batchReads{enabled: enabled} }

// stoppedWith makes the listings' walks end when stopped does (StopProvider); nil never stops them.
func (b *batchReads) stoppedWith(stopped context.Context) *batchReads {
	b.stopped = stopped
	return b
}

// attach gives the batchers the client that lists.
func (b *batchReads) attach(c *client.Client) {
	b.mailboxes = newBatcher(b, "mailboxes", func(ctx context.Context, scope string) iter.Seq2[api.Mailbox, error] {
		customerID, opts := listingOf(scope)
		return c.EachCustomerMailbox(ctx, customerID, false, listPageSize, opts...)
	}, func(m api.Mailbox) string { return m.User.ID }).acrossCustomers()
	b.grants = newBatcher(b, "grants", func(ctx context.Context, scope string) iter.Seq2[api.Permission, error] {
		customerID, opts := listingOf(scope)
		return c.EachCustomerPermission(ctx, customerID, false, listPageSize, opts...)
	}, func(g api.Permission) string { return permissionID(g.MailboxID, g.GranteeID) }).acrossCustomers()
	b.submailboxes = newBatcher(b, "submailboxes", func(ctx context.Context, scope string) iter.Seq2[api.Submailbox, error] {
		customerID, opts := listingOf(scope)
		return c.EachCustomerSubmailbox(ctx, customerID, listPageSize, opts...)
	}, func(sm api.Submailbox) string { return sm.ID }).acrossCustomers()
	b.appUsers = newBatcher(b, "application users", func(ctx context.Context, appID string) iter.Seq2[api.ApplicationUser, error] {
		return c.EachApplicationUser(ctx, appID, listPageSize)
	}, func(u api.ApplicationUser) string { return u.ID })
	b.calendarEntries = newBatcher(b, "calendar entries", func(ctx context.Context, customerID string) iter.Seq2[api.CalendarPermission, error] {
		return c.EachCustomerCalendarPermission(ctx, customerID, "", listPageSize)
	}, func(e api.CalendarPermission) string { return permissionID(e.MailboxID, e.GranteeID) })
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
