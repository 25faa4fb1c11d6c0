package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/csportal/terraform-provider-portal/internal/api"
	"github.com/csportal/terraform-provider-portal/internal/client"
	"github.com/csportal/terraform-provider-portal/internal/customtypes"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// applicationUserState is what the portal holds about an application user. The resource and the data
// source both embed it, so the conversion from the API is written once.
type applicationUserState struct {
	ID            types.String                      `tfsdk:"id"`
	ApplicationID types.String                      `tfsdk:"application_id"`
	CustomerID    types.String                      `tfsdk:"customer_id"`
	Username      customtypes.CaseInsensitiveString `tfsdk:"username"`
	DisplayName   types.String                      `tfsdk:"display_name"`
	Email         customtypes.CaseInsensitiveString `tfsdk:"email"`
	Enabled       types.Bool                        `tfsdk:"enabled"`
}

// fill sets every attribute from the portal's record. The portal answers "" for a record without an
// email address; that is null in Terraform, as in a configuration that leaves email out.
func (m *applicationUserState) fill(u api.ApplicationUser) {
	m.ID = types.StringValue(u.ID)
	m.ApplicationID = types.StringValue(u.ApplicationID)
	m.CustomerID = types.StringValue(u.CustomerID)
	m.Username = customtypes.NewCaseInsensitiveStringValue(u.Username)
	m.DisplayName = types.StringValue(u.DisplayName)
	m.Email = customtypes.NewCaseInsensitiveStringNull()
	if u.Email != "" {
		m.Email = customtypes.NewCaseInsensitiveStringValue(u.Email)
	}
	m.Enabled = types.BoolValue(u.Enabled)
}

// findApplicationUser gets an application user by ID. The portal addresses a record only under its
// application; when appID is empty (an import or a lookup by bare apu_ ID), every application is tried in
// turn. That costs one request for the list plus one per application tried, paid once per import or
// lookup: a resource keeps application_id in state, so its refreshes cost one request each.
func (d *providerData) findApplicationUser(ctx context.Context, appID, id string) (api.ApplicationUser, error) {
	if appID != "" {
		return d.client.GetApplicationUser(ctx, appID, id)
	}
	apps, err := d.client.ListApplications(ctx, "")
	if err != nil {
		return api.ApplicationUser{}, err
	}
	for _, app := range apps {
		u, err := d.client.GetApplicationUser(ctx, app.ID, id)
		if err == nil || !client.IsNotFound(err) {
			return u, err
		}
	}
	return api.ApplicationUser{}, fmt.Errorf("no application has a user %s (searched %d applications)", id, len(apps))
}

// findApplicationUserByName gets the record of username in one application, for one customer when
// customerID is set (R13: unique per application and customer). Without a customer, a name that several
// customers within the token's reach hold is ambiguous, and the error names them.
func (d *providerData) findApplicationUserByName(ctx context.Context, appID, customerID, username string) (api.ApplicationUser, error) {
	users, err := d.client.FindApplicationUsers(ctx, appID, client.ApplicationUserFilter{Username: username, CustomerID: customerID})
	if err != nil {
		return api.ApplicationUser{}, err
	}
	var found []api.ApplicationUser
	for _, u := range users {
		if strings.EqualFold(u.Username, username) {
			found = append(found, u)
		}
	}
	switch len(found) {
	case 0:
		if customerID != "" {
			return api.ApplicationUser{}, fmt.Errorf("application %s has no user named %q for customer %s", appID, username, customerID)
		}
		return api.ApplicationUser{}, fmt.Errorf("application %s has no user named %q", appID, username)
	case 1:
		return found[0], nil
	}
	var which []string
	for _, u := range found {
		which = append(which, u.ID+" of customer "+u.CustomerID)
	}
	return api.ApplicationUser{}, fmt.Errorf("application %s has %d users named %q, one per customer: %s; name the customer "+
		"(customer_id) or the record's ID", appID, len(found), username, strings.Join(which, ", "))
}
