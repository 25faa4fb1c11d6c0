package provider

import (
	"context"

	"github.com/csportal/terraform-provider-portal/internal/api"
	"github.com/csportal/terraform-provider-portal/internal/client"
)

// grantNames names the two ends of a customer's grants for a person reading a list of them: the grantee's
// username and the mailbox's primary address (a submailbox's with its path). It learns the names from the
// customer's listings and the applications' — a handful of requests, not one per grant.
type grantNames struct {
	mailboxes map[string]string // mailbox key (usr_ or smb_) → address[/path]
	grantees  map[string]string // usr_ or apu_ → username
}

func (d *providerData) grantNamesOf(ctx context.Context, customerID string) (*grantNames, error) {
	n := &grantNames{mailboxes: map[string]string{}, grantees: map[string]string{}}
	err := collectInto(d.client.EachCustomerMailbox(ctx, customerID, false, 0), func(m api.Mailbox) {
		n.mailboxes[m.User.ID] = m.HostedExchange.PrimaryEmail
	})
	if err == nil {
		err = collectInto(d.client.EachCustomerSubmailbox(ctx, customerID, 0), func(sm api.Submailbox) {
			n.mailboxes[sm.ID] = n.mailbox(sm.MailboxID) + api.SubmailboxPathSeparator + sm.Path
		})
	}
	if err != nil {
		return nil, err
	}
	users, err := d.client.ListUsers(ctx, client.UserFilter{CustomerID: customerID})
	if err != nil {
		return nil, err
	}
	for _, u := range users {
		n.grantees[u.ID] = u.Username
	}
	apps, err := d.client.ListApplications(ctx, "")
	if err != nil {
		return nil, err
	}
	for _, app := range apps {
		if err := collectInto(d.client.EachApplicationUser(ctx, app.ID, 0), func(a api.ApplicationUser) {
			n.grantees[a.ID] = a.Username + " (" + app.Name + ")"
		}); err != nil {
			return nil, err
		}
	}
	return n, nil
}

// of is "grantee → mailbox", with the IDs where a name is not known (a grantee of another customer).
func (n *grantNames) of(g api.Permission) string {
	grantee, ok := n.grantees[g.GranteeID]
	if !ok {
		grantee = g.GranteeID
	}
	return grantee + " → " + n.mailbox(g.MailboxID)
}

func (n *grantNames) mailbox(key string) string {
	if name, ok := n.mailboxes[key]; ok && name != "" {
		return name
	}
	return key
}
