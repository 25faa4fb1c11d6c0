package provider

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"

	"github.com/csportal/terraform-provider-portal/internal/api"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
)

// Two configurations that the portal accepts but that do not do what they say, warned of at plan time with
// the attribute that says it (warnings, not errors: each can be meant):
//
//   - send_as or send_on_behalf on a mailbox hidden from the address lists. Desktop Outlook takes the sender
//     from the address list, so it cannot send from a hidden mailbox; the rights work only where the address
//     is typed (Outlook on the web, other clients).
//   - one grantee with both send_as and send_on_behalf. Exchange uses send_as whenever a user holds both:
//     their messages never show "on behalf of".
//
// The first is about two resources, a portal_shared_mailbox and the grants on it. As with grantClaims, the
// provider sees both wherever one command plans them, and whichever is planned second warns. Where only one
// of them is planned, the portal is asked, and only when the plan changes what the warning is about: a grant
// made with send rights asks whether its mailbox is hidden (once per mailbox and command), a mailbox being
// hidden lists the grants on it.

// sendRights are the permissions with which a grantee sends from a mailbox.
var sendRights = []string{api.PermissionSendAs, api.PermissionSendOnBehalf}

// sendRightsIn returns the send rights among perms, in sendRights order.
func sendRightsIn(perms []string) []string {
	return slices.DeleteFunc(slices.Clone(sendRights), func(r string) bool { return !slices.Contains(perms, r) })
}

// hiddenSenders collects what the resources of one command plan: which mailboxes are hidden, and who holds
// send rights on which mailbox. It is safe for concurrent use.
type hiddenSenders struct {
	mu       sync.Mutex
	hidden   map[string]bool                // mailbox user ID → planned hidden_from_address_lists
	senders  map[string]map[string][]string // mailbox user ID → grantee → planned send rights
	reported map[string]bool                // "mailbox/grantee" already warned of in this command
}

// planHidden records a mailbox's planned hidden flag and, when it is hidden, returns the grantees planned
// with send rights on it in this command that no warning has named yet (they are named now).
func (h *hiddenSenders) planHidden(mailboxID string, hidden bool) map[string][]string {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.hidden == nil {
		h.hidden = map[string]bool{}
	}
	h.hidden[mailboxID] = hidden
	found := map[string][]string{}
	if !hidden {
		return found
	}
	for granteeID, rights := range h.senders[mailboxID] {
		if h.reportLocked(mailboxID, granteeID) {
			found[granteeID] = rights
		}
	}
	return found
}

// planSenders records a grantee's planned send rights on a mailbox and returns what this command plans for
// the mailbox: known is false when its hidden flag is not planned here.
func (h *hiddenSenders) planSenders(mailboxID, granteeID string, rights []string) (hidden, known bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.senders == nil {
		h.senders = map[string]map[string][]string{}
	}
	if h.senders[mailboxID] == nil {
		h.senders[mailboxID] = map[string][]string{}
	}
	h.senders[mailboxID][granteeID] = rights
	hidden, known = h.hidden[mailboxID]
	return hidden, known
}

// report reports whether a warning about the grantee on the mailbox is still to be given, and marks it given.
func (h *hiddenSenders) report(mailboxID, granteeID string) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.reportLocked(mailboxID, granteeID)
}

func (h *hiddenSenders) reportLocked(mailboxID, granteeID string) bool {
	key := mailboxID + "/" + granteeID
	if h.reported[key] {
		return false
	}
	if h.reported == nil {
		h.reported = map[string]bool{}
	}
	h.reported[key] = true
	return true
}

// mailboxHidden reports whether a mailbox is hidden from the address lists, asked once per command.
func (d *providerData) mailboxHidden(ctx context.Context, mailboxID string) (bool, error) {
	return d.hidden.get(mailboxID, func() (bool, error) {
		service, err := d.client.GetHostedExchange(ctx, mailboxID)
		return service.HiddenFromAddressLists, err
	})
}

// warnOfSendersOnHidden is the mailbox's side: it records the planned flag and warns, at
// hidden_from_address_lists, of the send rights on the mailbox when it is hidden — those planned in this
// command, and when the plan hides it (becoming), those the portal holds.
func (d *providerData) warnOfSendersOnHidden(ctx context.Context, mailboxID string, hidden, becoming bool, diags *diag.Diagnostics) {
	senders := d.senders.planHidden(mailboxID, hidden)
	if hidden && becoming {
		if grants, err := d.client.ListPermissions(ctx, mailboxID); err == nil {
			for _, g := range grants {
				if rights := sendRightsIn(g.Permissions); len(rights) > 0 && d.senders.report(mailboxID, g.GranteeID) {
					senders[g.GranteeID] = rights
				}
			}
		} // a failed listing costs only the warning
	}
	if len(senders) == 0 {
		return
	}
	who := make([]string, 0, len(senders))
	for _, granteeID := range slices.Sorted(maps.Keys(senders)) {
		who = append(who, fmt.Sprintf("%s (%s)", granteeID, strings.Join(senders[granteeID], ", ")))
	}
	diags.AddAttributeWarning(path.Root("hidden_from_address_lists"), hiddenSendersSummary,
		fmt.Sprintf("Mailbox %s is hidden from the address lists, and %s may send from it. %s", mailboxID,
			strings.Join(who, ", "), hiddenSendersAdvice))
}

// warnOfSendOnHidden is a grant's side: it records the grantee's planned send rights on the mailbox and
// warns, at `at`, when the mailbox is hidden. changing says that the plan makes or changes the grant: only
// then is the portal asked about a mailbox this command does not plan. Grants on submailboxes are not about
// the address lists, and a set not known until apply says nothing yet.
func (d *providerData) warnOfSendOnHidden(ctx context.Context, mailboxID, granteeID string, perms []string, changing bool, at path.Path, diags *diag.Diagnostics) {
	rights := sendRightsIn(perms)
	if !strings.HasPrefix(mailboxID, api.PrefixUser) || len(rights) == 0 {
		return
	}
	hidden, known := d.senders.planSenders(mailboxID, granteeID, rights)
	if !known && changing {
		var err error
		hidden, err = d.mailboxHidden(ctx, mailboxID)
		known = err == nil // a failed lookup costs only the warning
	}
	if !known || !hidden || !d.senders.report(mailboxID, granteeID) {
		return
	}
	diags.AddAttributeWarning(at, hiddenSendersSummary,
		fmt.Sprintf("%s is given %s on mailbox %s, which is hidden from the address lists. %s", granteeID,
			strings.Join(rights, " and "), mailboxID, hiddenSendersAdvice))
}

const (
	hiddenSendersSummary = "Send rights on a mailbox hidden from the address lists"
	hiddenSendersAdvice  = "Desktop Outlook takes the sender from the address list, so it cannot send as or on behalf of " +
		"a hidden mailbox: these rights work only where the address is typed, such as Outlook on the web. Unhide the " +
		"mailbox (hidden_from_address_lists = false) if its delegates send from it, or remove the send rights nobody can use."
)

// warnOfBothSendRights warns, at `at`, of a grantee given both send_as and send_on_behalf: send_as wins.
func warnOfBothSendRights(granteeID string, perms []string, at path.Path, diags *diag.Diagnostics) {
	if len(sendRightsIn(perms)) < len(sendRights) {
		return
	}
	who := "The grantee"
	if granteeID != "" {
		who = granteeID
	}
	diags.AddAttributeWarning(at, "Both send_as and send_on_behalf",
		who+" is given both send_as and send_on_behalf. Exchange uses send_as whenever a user holds both: every "+
			"message they send from the mailbox shows the mailbox as its sender, never \"on behalf of\", so "+
			"send_on_behalf does nothing. Keep the one you mean: send_as to answer as the team, send_on_behalf to "+
			"show who answered.")
}
