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

// readMailbox returns the generic user and its service: two requests, the whole of a refresh. They are
// independent and made at once, so that a refresh waits for the portal once, not twice (the refresh of
// 1,000 objects at 20 ms latency took 5.1 s instead of 5.4 s).
func (d *providerData) readMailbox(ctx context.Context, id string) (api.User, api.HostedExchange, error) {
	var service api.HostedExchange
	var serviceErr error
	serviceRead := make(chan struct{})
	go func() {
		defer close(serviceRead)
		service, serviceErr = d.client.GetHostedExchange(ctx, id)
	}()
	user, err := d.client.GetUser(ctx, id)
	<-serviceRead
	if err != nil {
		return api.User{}, api.HostedExchange{}, err // the user's error first: a gone mailbox is a gone user
	}
	return user, service, serviceErr
}

// setLogin enables or disables a mailbox's login under its lock, so that no R6 dance of a permission on the
// same mailbox runs in between.
func (d *providerData) setLogin(ctx context.Context, id string, enabled bool) error {
	unlock, err := d.mailboxes.lock(ctx, id)
	if err != nil {
		return err
	}
	defer unlock()
	_, err = d.client.UpdateUser(ctx, id, api.UserPatch{LoginEnabled: &enabled})
	return err
}

// deleteMailbox deprovisions the service (R6: with the login enabled) and deletes the generic user. A
// mailbox that is already gone is success.
func (d *providerData) deleteMailbox(ctx context.Context, id string) error {
	service, err := d.client.GetHostedExchange(ctx, id)
	if client.IsNotFound(err) {
		return nil
	}
	if err != nil {
		return err
	}
	if service.ProvisioningStatus != api.ServiceNotProvisioned && service.ProvisioningStatus != api.ServiceFailed {
		// The login is restored although the user is deleted next: should the deprovisioning fail, the
		// mailbox that stays must not be left open.
		err = d.deprovisionMailbox(ctx, id)
		if client.IsNotFound(err) {
			return nil
		}
		if err != nil {
			return err
		}
	}
	if err := d.client.DeleteUser(ctx, id); err != nil && !client.IsNotFound(err) {
		return err
	}
	return nil
}

// resolveMailboxID turns an import ID — a user ID or a primary email address — into the user ID.
func (d *providerData) resolveMailboxID(ctx context.Context, importID string) (string, error) {
	importID = strings.TrimSpace(importID)
	switch {
	case strings.HasPrefix(importID, api.PrefixUser):
		return importID, nil
	case strings.Contains(importID, "@"):
		users, err := d.client.ListUsers(ctx, client.UserFilter{Email: importID})
		if err != nil {
			return "", err
		}
		if len(users) != 1 {
			return "", fmt.Errorf("no mailbox has the address %q (found %d users); import by the user ID (usr_…) instead", importID, len(users))
		}
		return users[0].ID, nil
	case usernamePattern.MatchString(importID) || strings.Contains(importID, "/"):
		return d.resolveMailboxByName(ctx, importID)
	}
	return "", fmt.Errorf("import ID %q is neither a user ID (usr_…), an email address nor a login name; use "+
		"`terraform import portal_shared_mailbox.NAME usr_0123456789abcdef`, the mailbox's primary address, its login "+
		"name or customer_id/username", importID)
}

// checkUserPlanOffered reports at plan time a user plan that the customer is not offered (R2), naming the
// plans it is offered, and returns the plan when it is offered (nil when not, or when the lookup failed).
// The customer's plans are looked up once per run.
func (d *providerData) checkUserPlanOffered(ctx context.Context, customerID, plan string, diags *diag.Diagnostics) *api.UserPlan {
	plans, err := d.userPlans.get(customerID, func() ([]api.UserPlan, error) {
		return d.client.ListUserPlans(ctx, customerID)
	})
	if err != nil {
		switch {
		case client.IsNotConfigured(err): // the endpoint is known only after apply, which checks
		case isDefinitive(err) && !d.verifiedForPlan(ctx, diags): // not the portal's answer: the error says why
		case client.IsNotFound(err):
			diags.AddAttributeError(path.Root("customer_id"), "Unknown customer",
				fmt.Sprintf("The portal has no customer %s that the API token reaches. The portal_customer data source "+
					"looks customers up by name.", customerID))
		default:
			// Not being able to look ahead is no reason to stop the plan: apply checks again.
			diags.AddWarning("Cannot check the user plan at plan time", explain(err))
		}
		return nil
	}
	names := make([]string, 0, len(plans))
	for _, p := range plans {
		if p.Name == plan {
			return &p
		}
		names = append(names, fmt.Sprintf("%q", p.Name))
	}
	slices.Sort(names)
	offered := "none: the customer's Hosted Exchange service offers no plans (is Hosted Exchange enabled for it?)"
	if len(names) > 0 {
		offered = strings.Join(names, ", ")
	}
	diags.AddAttributeError(path.Root("user_plan"), "User plan not available to the customer",
		fmt.Sprintf("The user plan %q is not available to customer %s, so the portal would refuse to provision the "+
			"mailbox. Plans offered: %s. Make the plan available to the customer's Hosted Exchange service in the "+
			"portal, or choose one of these.", plan, customerID, offered))
	return nil
}

// refuseExisting reports a create refused because the object exists (409 already_exists): the kind of
// object, why it was not adopted, and how to manage it.
func refuseExisting(diags *diag.Diagnostics, resourceType, summary string, err error, kind string, verdict remains) {
	apiErr, _ := client.AsError(err)
	diags.AddError(summary, explain(err)+"\n\n"+notAdopted(resourceType, kind, apiErr.ExistingID, verdict))
}

// addCreateError reports a refused create. When the object already exists, it says which one and how to
// bring it under Terraform instead of creating it.
func addCreateError(diags *diag.Diagnostics, resourceType, summary string, err error) {
	apiErr, ok := client.AsError(err)
	if ok && apiErr.Code == api.CodeAlreadyExists && apiErr.ExistingID != "" {
		diags.AddError(summary, explain(err)+"\n\n"+importAdvice(resourceType, apiErr.ExistingID))
		return
	}
	addAPIError(diags, summary, err)
}
