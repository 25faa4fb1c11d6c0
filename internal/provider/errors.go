package provider

import (
	"errors"
	"fmt"
	"strings"

	"github.com/csportal/terraform-provider-portal/internal/api"
	"github.com/csportal/terraform-provider-portal/internal/client"
	"github.com/hashicorp/terraform-plugin-framework/diag"
)

// addAPIError reports err as a diagnostic a user can act on: what the provider was doing (summary), what
// the portal said, and what to do about it where the problem code tells us. An error that has a summary of
// its own (an endpoint that is not the portal's, a customer out of reach) says what is wrong better than
// what was being done, whichever it was.
func addAPIError(diags *diag.Diagnostics, summary string, err error) {
	var own interface{ Summary() string }
	if errors.As(err, &own) {
		summary = own.Summary()
	}
	diags.AddError(summary, explain(err))
}

// explain turns an error from the client into sentences: the portal's own detail first, then advice keyed
// by the stable problem code.
func explain(err error) string {
	var jobErr *client.JobFailedError
	if errors.As(err, &jobErr) {
		return fmt.Sprintf("The portal's provisioning job %s failed: %s. Run the same terraform command (apply or destroy) again; if it keeps failing, check "+
			"the customer's Hosted Exchange service in the portal.",
			jobErr.Job.ID, jobErr.Job.Error)
	}
	apiErr, ok := client.AsError(err)
	if !ok {
		return err.Error()
	}
	var b strings.Builder
	b.WriteString(err.Error())
	for _, fe := range apiErr.Errors {
		fmt.Fprintf(&b, "\n  - %s: %s", fe.Field, fe.Message)
	}
	if advice := adviceFor(apiErr); advice != "" {
		b.WriteString("\n\n")
		b.WriteString(advice)
	}
	return b.String()
}

func adviceFor(e *client.Error) string {
	switch e.Code {
	case api.CodeUnauthorized:
		return "Check the provider's api_token (or PORTAL_API_TOKEN): the portal does not accept it."
	case api.CodeNotAnAdministrator:
		return "Only portal administrators can make this change. Configure the provider with an administrator's API token."
	case api.CodeUserDisabled:
		return "The mailbox's login is disabled, and a disabled user's services cannot be changed. The provider " +
			"enables the login for the change itself, and when someone else disables it in between (another Terraform " +
			"run ending its own change of the mailbox, or an operator) enables it again and retries until the " +
			"operation's time limit. If the limit ran out, check who keeps disabling the login, or raise the " +
			"resource's timeouts, and run the same terraform command again."
	case api.CodePlanNotAvailable:
		return "Use the portal_user_plans data source to list the plans this customer is offered, or make the plan " +
			"available to the customer's Hosted Exchange service in the portal."
	case api.CodeJobInProgress:
		return "Another provisioning job of this user is still running. The provider waits for the jobs of other " +
			"changes and tries again until the operation's time limit; if the limit ran out, wait for the portal's " +
			"jobs to finish (or raise the resource's timeouts) and run the same terraform command again."
	case api.CodeRateLimited:
		return "The portal kept rate-limiting the requests, although the provider waited as often as it asked. " +
			"Lower Terraform's -parallelism (default 10), or run the same terraform command again later."
	case api.CodeAdminHasAllPermissions:
		return adminGranteeAdvice
	case api.CodePermissionNotAllowed:
		return applicationPermissionsAdvice
	case api.CodeGranteeNotFound:
		return "The grantee (user_id, or a key of grants) must be an existing portal user (usr_…) or application user " +
			"(apu_…); the portal_user data source looks users up by username or email address."
	case api.CodeGranteeOtherCustomer:
		return "Rights on a mailbox (and its calendar) go only to users of the mailbox's customer. Look the grantee up " +
			"with the portal_user data source and the mailbox's customer_id, or manage that person's access in their own customer."
	case api.CodeServiceNotProvisioned:
		return "Permissions and submailboxes exist only on a provisioned mailbox, and a calendar only on a mailbox " +
			"provisioned on a shared-mailbox plan: check that mailbox_id is the id of a shared mailbox " +
			"(portal_shared_mailbox) whose Hosted Exchange service is provisioned."
	case api.CodePreconditionFailed:
		return "The object changed in the portal while Terraform was changing it. Run plan again to see the current state."
	case api.CodePlanTooSmall:
		return "The mailbox holds more mail than the user plan allows, and the portal does not delete mail to make it " +
			"fit. Choose a plan whose mailbox_size_mb (see portal_user_plans) holds the mailbox's storage_used_mb (see " +
			"the portal_shared_mailbox data source), or have its users archive mail first."
	case api.CodeForwardingToOwnAddress:
		return "forwarding_address is one of the mailbox's own addresses: forward to another mailbox, or remove forwarding_address."
	case api.CodeExternalForwardingNotAllowed:
		return "The customer does not allow forwarding outside its accepted domains (allow_external_forwarding of the " +
			"portal_customer data source). Forward to an address in one of its domains, or ask the hosting provider to " +
			"allow external forwarding for the customer."
	case api.CodeAutomappingRequiresFullAccess:
		return "automapping only means something with full_access: remove it, or add full_access to the permissions."
	case api.CodeAutomappingImmutable:
		return "The portal cannot change the automapping of a full_access the grantee holds; the provider removes " +
			"full_access and grants it again when the plan changes automapping. Run plan again: the grant changed in the " +
			"portal while Terraform was changing it."
	}
	if e.Status >= 500 {
		return "The portal failed after all retries. Run the same terraform command again later; raise max_retries if this happens often."
	}
	return ""
}
