package provider

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/types"
)

// Two resources can hold the grants on a mailbox: portal_mailbox_permission, one grantee's grant each, and
// portal_mailbox_access, the mailbox's complete list. Used on the same mailbox they undo each other's work:
// the access list revokes what the permission grants, the permission's next plan grants it again, and
// destroying the permission revokes a grant the access list holds. Neither resource can see the other in
// the portal, but the provider sees both wherever one Terraform command plans them: every resource's plan
// passes through ModifyPlan in the same provider process (the plan, or the apply, which plans each change
// again). grantClaims collects what each plans to hold, so that whichever comes second says so: in the plan,
// before anything is changed, and in every nightly plan for as long as both manage the mailbox. (A warning
// from the access list's apply would add nothing: the apply plans again only the resources that change,
// each right before it is applied, so wherever the apply could know that a revoked grant is a permission's,
// the second of the two plans has already said so.)

// grantClaims is safe for concurrent use: Terraform plans resources in parallel. Its book holds the grants of
// portal_mailbox_permission resources (a set is nil when not known until apply) and the planned grants of
// portal_mailbox_access resources, by mailbox key.
type grantClaims struct {
	book claimBook[[]string]
}

// accessClaim is an access list's planned grants; a grantee's set is nil when not known until apply.
type accessClaim map[string][]string

// grantConflict is one mailbox managed in two ways at once.
type grantConflict struct {
	mailboxID, granteeID string
	// single is the set the portal_mailbox_permission plans (nil: not known until apply).
	single []string
	// listed says whether the access list names the grantee, and with which set (nil: not known until apply).
	listed    bool
	listedSet []string
	// twoLists marks a second portal_mailbox_access on the same mailbox, planning other grants.
	twoLists bool
}

// claimGrant records that a portal_mailbox_permission plans granteeID's grant on mailboxID and returns the
// conflict with an access list of the same mailbox, if one is planned in this command.
func (c *grantClaims) claimGrant(mailboxID, granteeID string, perms []string) []grantConflict {
	list, ok := c.book.single(mailboxID, granteeID, perms)
	if !ok {
		return nil
	}
	return c.report(nil, singleConflict(mailboxID, granteeID, perms, list))
}

// claimList records that a portal_mailbox_access plans grants as the complete list of mailboxID, and returns
// its conflicts with the portal_mailbox_permission resources of that mailbox planned in this command, and
// with another access list of the same mailbox that plans other grants.
func (c *grantClaims) claimList(mailboxID string, grants accessClaim) []grantConflict {
	var found []grantConflict
	other, ok, singles := c.book.list(mailboxID, grants)
	if ok && !sameClaim(other, grants) {
		found = c.report(found, grantConflict{mailboxID: mailboxID, twoLists: true})
	}
	for _, granteeID := range slices.Sorted(maps.Keys(singles)) {
		found = c.report(found, singleConflict(mailboxID, granteeID, singles[granteeID], grants))
	}
	return found
}

// report appends conflict to found unless it was said before in this command.
func (c *grantClaims) report(found []grantConflict, conflict grantConflict) []grantConflict {
	if !c.book.firstTime(conflict.mailboxID + "/" + conflict.granteeID) {
		return found
	}
	return append(found, conflict)
}

func singleConflict(mailboxID, granteeID string, single []string, list accessClaim) grantConflict {
	listedSet, listed := list[granteeID]
	return grantConflict{mailboxID: mailboxID, granteeID: granteeID, single: single, listed: listed, listedSet: listedSet}
}

func sameClaim(a, b accessClaim) bool {
	if len(a) != len(b) {
		return false
	}
	for k, av := range a {
		bv, ok := b[k]
		if !ok || !sameSet(av, bv) {
			return false
		}
	}
	return true
}

// claimedSet is a planned set of permissions as grantClaims keeps it: nil unless every value is known.
func claimedSet(ctx context.Context, set types.Set) []string {
	values, known := knownStrings(ctx, set)
	if !known {
		return nil
	}
	return values
}

// sameSet compares two permission sets, which the portal and Terraform keep without order.
func sameSet(a, b []string) bool {
	return slices.Equal(slices.Sorted(slices.Values(a)), slices.Sorted(slices.Values(b)))
}

// oneManagerAdvice is what to do about a mailbox managed both ways.
const oneManagerAdvice = "Manage each mailbox with one of the two resources. To keep the access list, add the grantee " +
	"to its grants and stop managing the portal_mailbox_permission without revoking the grant: replace its resource " +
	"block with a removed block whose lifecycle says destroy = false. Otherwise remove the portal_mailbox_access the " +
	"same way and keep the portal_mailbox_permission resources."

// summary and detail are the warning a conflict is reported with, while planning.
func (g grantConflict) summary() string {
	if g.twoLists {
		return "Two portal_mailbox_access resources manage mailbox " + g.mailboxID
	}
	return fmt.Sprintf("Mailbox %s is managed by both portal_mailbox_access and portal_mailbox_permission %s/%s",
		g.mailboxID, g.mailboxID, g.granteeID)
}

func (g grantConflict) detail() string {
	if g.twoLists {
		return fmt.Sprintf("Two portal_mailbox_access resources in this configuration hold the complete access list of "+
			"mailbox %s, and they list different grants. Each apply of one revokes or changes what the other "+
			"granted, and the plan never settles. Keep one portal_mailbox_access per mailbox.", g.mailboxID)
	}
	return fmt.Sprintf("The portal_mailbox_access of mailbox %s holds the mailbox's complete access list, and "+
		"portal_mailbox_permission %s/%s holds the grant of %s on it. %s The two undo each other's work: whichever "+
		"applies last wins and the other's next plan changes it back, and destroying the permission revokes a grant "+
		"the access list holds.\n\n%s",
		g.mailboxID, g.mailboxID, g.granteeID, g.granteeID, g.comparison(), oneManagerAdvice)
}

// comparison says what each of the two resources gives the grantee.
func (g grantConflict) comparison() string {
	switch {
	case !g.listed:
		return fmt.Sprintf("The access list does not list %s, so it revokes the grant that the permission gives (%s).",
			g.granteeID, describeSet(g.single))
	case g.single != nil && g.listedSet != nil && sameSet(g.single, g.listedSet):
		return fmt.Sprintf("Today both give %s, but a change to either one is undone by the other.", describeSet(g.single))
	}
	return fmt.Sprintf("The access list gives %s; the permission gives %s.", describeSet(g.listedSet), describeSet(g.single))
}

// describeSet writes a permission set as a plan shows it; nil is a set not known until apply.
func describeSet(perms []string) string {
	if perms == nil {
		return "a set known only after apply"
	}
	return "[" + strings.Join(slices.Sorted(slices.Values(perms)), ", ") + "]"
}
