package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/csportal/terraform-provider-portal/internal/api"
	"github.com/csportal/terraform-provider-portal/internal/client"
	"github.com/csportal/terraform-provider-portal/internal/customtypes"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// R17: a customer with username_suffix stores a username with its code appended ("User1" in customer TC is
// stored as "user1_tc", and "user1_tc" as itself). username is what the configuration writes; login_name
// is what the portal stores, the name the user signs in with. Two usernames that the customer stores as
// one login name are one user: a plan shows no change between them, and a refresh keeps the spelling the
// configuration wrote. Where nothing says how a name was written — an import, a listing, a data source —
// it is recorded without the suffix, the shortest name that maps to the stored one.

// loginNameOf is the name customer c stores for a username written as username.
func loginNameOf(username string, c api.Customer) string {
	return api.StoredUsername(username, c.Code, c.UsernameSuffix)
}

// shortName is the username to record for a user stored as stored in customer c when nothing says how it
// was written: without the customer's suffix where that maps back to the stored name.
func shortName(stored string, c api.Customer) string {
	tail := api.UsernameSuffixSeparator + strings.ToLower(c.Code)
	if short, cut := strings.CutSuffix(stored, tail); c.UsernameSuffix && cut && short != "" && loginNameOf(short, c) == stored {
		return short
	}
	return stored
}

// shortNameIn is shortName in customer customerID, read once per run; a name that cannot carry a suffix
// asks nothing, and a customer that cannot be read leaves the stored name.
func (d *providerData) shortNameIn(ctx context.Context, customerID, stored string) string {
	if !strings.Contains(stored, api.UsernameSuffixSeparator) {
		return stored
	}
	c, err := d.customer(ctx, customerID)
	if err != nil {
		return stored
	}
	return shortName(stored, c)
}

// namesStored reports whether a username written as written is surely the user stored as stored without
// asking the portal: the same but for case, or the login name the state recorded for it.
func namesStored(written customtypes.CaseInsensitiveString, recordedLogin types.String, stored string) bool {
	if written.IsNull() || written.IsUnknown() {
		return false
	}
	return strings.EqualFold(written.ValueString(), stored) || recordedLogin.ValueString() == stored
}

// settleUsername finishes a refresh's username after fill, which kept the written name only where it
// surely names the stored user (namesStored) and put the stored one otherwise: the written name when the
// customer stores it as the stored one (a state written before login_name, or another spelling), else the
// short name (an import, a rename in the portal, a listing). It asks the portal for the customer only then,
// once per customer and run: a refresh that finds its users as recorded costs nothing more.
func (d *providerData) settleUsername(ctx context.Context, m *sharedMailboxState, customerID string, written customtypes.CaseInsensitiveString) {
	stored := m.LoginName.ValueString()
	if m.Username.Equal(written) || !strings.Contains(stored, api.UsernameSuffixSeparator) {
		return // kept as written; or stored without a suffix, which fill has judged alone
	}
	c, err := d.customer(ctx, customerID)
	if err != nil {
		return // the stored name stands: it is the user's name in the portal
	}
	if !written.IsNull() && !written.IsUnknown() && loginNameOf(written.ValueString(), c) == stored {
		m.Username = written
		return
	}
	m.Username = customtypes.NewCaseInsensitiveStringValue(shortName(stored, c))
}

// loginNameDescription describes login_name wherever it is shown.
const loginNameDescription = "The name the portal stores for the user and the user signs in with: the username, " +
	"lowercased, with the customer's code appended where the customer's portal does so (`User1` is stored as " +
	"`user1_tc` in a customer with code `TC` and username suffixes)."

var (
	usernamePath  = path.Root("username")
	loginNamePath = path.Root("login_name")
)

// planLoginName plans login_name and a change of username. A username that the customer stores as the
// login name the state records is no change: the plan keeps the state's spelling (as for a change of case)
// and nothing is replaced. Any other change of username replaces the mailbox, which deletion protection
// refuses. The customer is read once per run, and only where a username is planned to be new.
func (r *SharedMailboxResource) planLoginName(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse,
	creating bool, plan, state *sharedMailboxModel) {
	if !creating && plan.Username.Equal(state.Username) {
		plan.LoginName = state.LoginName
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, loginNamePath, plan.LoginName)...)
		return
	}
	plan.LoginName = types.StringUnknown()
	if !plan.Username.IsUnknown() && !plan.CustomerID.IsUnknown() && !plan.CustomerID.IsNull() && r.data != nil {
		if c, err := r.data.customer(ctx, plan.CustomerID.ValueString()); err == nil {
			plan.LoginName = types.StringValue(loginNameOf(plan.Username.ValueString(), c))
		}
	}
	switch {
	case creating:
	case !plan.LoginName.IsUnknown() && plan.LoginName.Equal(state.LoginName) && plan.CustomerID.Equal(state.CustomerID):
		// The same user, written another way.
		plan.Username, plan.LoginName = state.Username, state.LoginName
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, usernamePath, plan.Username)...)
	default:
		resp.RequiresReplace = append(resp.RequiresReplace, usernamePath)
		protectedMailbox.refuseReplace(ctx, req.State, usernamePath, state.Username.StringValue, plan.Username.StringValue, "", &resp.Diagnostics)
	}
	resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, loginNamePath, plan.LoginName)...)
}

// resolveMailboxByName finds the mailbox an import ID names by its login: "name", the login name the portal
// stores (matched within every customer the token reaches), or "cus_…/name", a username of that customer
// written either way.
func (d *providerData) resolveMailboxByName(ctx context.Context, importID string) (string, error) {
	filter := client.UserFilter{Username: importID}
	if customerID, name, ok := strings.Cut(importID, "/"); ok {
		if !customerIDPattern.MatchString(customerID) || name == "" {
			return "", fmt.Errorf("import ID %q: want customer_id/username, such as cus_0123456789abcdef/info", importID)
		}
		c, err := d.customer(ctx, customerID)
		if err != nil {
			return "", d.verifiedAbsence(ctx, err)
		}
		filter = client.UserFilter{CustomerID: customerID, Username: loginNameOf(name, c)}
	}
	users, err := d.client.ListUsers(ctx, filter)
	if err != nil {
		return "", err
	}
	switch len(users) {
	case 1:
		return users[0].ID, nil
	case 0:
		return "", fmt.Errorf("no user has the login name %q within the API token's reach (%s); import by the "+
			"user ID (usr_…), the mailbox's primary address, or customer_id/username", filter.Username, describeFilter(filter))
	}
	var which []string
	for _, u := range users {
		which = append(which, u.ID+" of customer "+u.CustomerID)
	}
	return "", fmt.Errorf("%d users have the login name %q, in different customers: %s; import by "+
		"customer_id/username or by the user ID", len(users), filter.Username, strings.Join(which, ", "))
}
