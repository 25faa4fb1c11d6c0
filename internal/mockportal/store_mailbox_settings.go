package mockportal

import (
	"fmt"
	"slices"
	"time"

	"github.com/csportal/terraform-provider-portal/internal/api"
)

// A mailbox's settings (forwarding, copies of sent items, the address lists) change at once, without a
// job, as Exchange's Set-Mailbox does; its usage is what its mail takes up, which the plan must fit.

// patchMailboxSettings changes the settings present in patch, checking in the documented order: body (400),
// user (404), mailbox provisioned (409), forwarding not to the mailbox itself (422), forwarding inside the
// customer's domains unless it allows external forwarding (422), login enabled (409, R6), If-Match (412).
func (s *store) patchMailboxSettings(actor principal, userID string, patch api.MailboxSettingsPatch, cond precondition) (api.HostedExchange, error) {
	var fe fieldErrors
	if patch.ForwardingAddress != nil && *patch.ForwardingAddress != "" {
		patch.ForwardingAddress = ptr(fe.email("forwarding_address", *patch.ForwardingAddress))
	}
	if err := fe.err(); err != nil {
		return api.HostedExchange{}, err
	}
	var out api.HostedExchange
	err := s.write(func(st *state, now time.Time) error {
		u, err := st.user(actor, userID)
		if err != nil {
			return err
		}
		if err := requireMailbox(u); err != nil {
			return err
		}
		want := applySettingsPatch(u.Service.Settings, patch)
		if want.ForwardingAddress != u.Service.Settings.ForwardingAddress {
			if err := st.checkForwarding(u, want.ForwardingAddress); err != nil {
				return err
			}
		}
		if !u.LoginEnabled {
			return errLoginDisabled(u.ID)
		}
		if err := cond.check(u.Service.Version); err != nil {
			return err
		}
		if want != u.Service.Settings {
			u.Service.Settings, u.Service.Version = want, st.next()
			st.record(now, actor, OpMailboxSettingsPatch, ptr(u.LoginEnabled), userID)
		}
		out = serviceView(u)
		return nil
	})
	return out, err
}

func applySettingsPatch(s api.MailboxSettings, p api.MailboxSettingsPatch) api.MailboxSettings {
	set := func(dst *bool, v *bool) {
		if v != nil {
			*dst = *v
		}
	}
	if p.ForwardingAddress != nil {
		s.ForwardingAddress = *p.ForwardingAddress
	}
	set(&s.ForwardingKeepCopy, p.ForwardingKeepCopy)
	set(&s.KeepSentAsCopy, p.KeepSentAsCopy)
	set(&s.KeepSentOnBehalfCopy, p.KeepSentOnBehalfCopy)
	set(&s.HiddenFromAddressLists, p.HiddenFromAddressLists)
	return s
}

// checkForwarding refuses forwarding to the mailbox's own addresses (a loop) and, unless the customer allows
// it, to an address outside the customer's accepted domains (mail leaving the tenant).
func (st *state) checkForwarding(u *userRecord, address string) error {
	if address == "" {
		return nil
	}
	if slices.Contains(u.Service.addresses(), address) {
		e := errUnprocessable(api.CodeForwardingToOwnAddress,
			"mailbox %s cannot forward to %s, which is one of its own addresses", u.ID, address)
		e.Fields = []api.FieldError{{Field: "forwarding_address", Message: "is an address of the mailbox itself"}}
		return e
	}
	c := st.customers[u.CustomerID]
	if c.AllowExternalForwarding || c.accepts(address) {
		return nil
	}
	e := errUnprocessable(api.CodeExternalForwardingNotAllowed,
		"customer %s does not allow forwarding outside its accepted domains (%s), and %s is outside them",
		u.CustomerID, c.domainList(), address)
	e.Fields = []api.FieldError{{Field: "forwarding_address", Message: "is outside the customer's accepted domains"}}
	return e
}

// mailFits refuses a plan smaller than the mail the mailbox holds: the portal would have to delete mail.
func mailFits(u *userRecord, plan api.UserPlan) error {
	used := u.Service.Usage.StorageUsedMB
	if !u.Service.MailboxExists || used <= int64(plan.MailboxSizeMB) {
		return nil
	}
	e := errUnprocessable(api.CodePlanTooSmall,
		"mailbox %s holds %d MB of mail (%d items), more than the %d MB of user plan %q: the plan change would lose mail",
		u.ID, used, u.Service.Usage.ItemCount, plan.MailboxSizeMB, plan.Name)
	e.Fields = []api.FieldError{{Field: "user_plan", Message: fmt.Sprintf("allows %d MB, the mailbox holds %d MB", plan.MailboxSizeMB, used)}}
	return e
}

// deliverMail adds mail to a provisioned mailbox (negative values remove some), as the world does by the
// minute. It is no change of the mailbox's service: its version stays, and no R6 applies.
func (s *store) deliverMail(userID string, items, sizeMB int64) error {
	return s.write(func(st *state, _ time.Time) error {
		u, err := st.user(operator, userID)
		if err != nil {
			return err
		}
		if err := requireMailbox(u); err != nil {
			return err
		}
		usage := &u.Service.Usage
		usage.ItemCount, usage.StorageUsedMB = max(0, usage.ItemCount+items), max(0, usage.StorageUsedMB+sizeMB)
		return nil
	})
}

// setAllowExternalForwarding changes a customer's external forwarding setting, which the hosting provider
// decides. Forwarding set up before stays: the rule applies when forwarding is set.
func (s *store) setAllowExternalForwarding(customerID string, allow bool) error {
	return s.write(func(st *state, _ time.Time) error {
		c, ok := st.customers[customerID]
		if !ok {
			return errNotFound("customer %s does not exist", customerID)
		}
		c.AllowExternalForwarding = allow
		return nil
	})
}
