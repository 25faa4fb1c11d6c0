package soak

import (
	"context"
	"fmt"
	"strings"

	"github.com/csportal/terraform-provider-portal/internal/api"
	"github.com/csportal/terraform-provider-portal/internal/client"
	"github.com/csportal/terraform-provider-portal/internal/mockportal"
	"github.com/csportal/terraform-provider-portal/internal/tfharness"
)

// inspector looks at the portal through its API as the service provider's administrator (the master token),
// the way an operator auditing it would, with the faults off: it sees what a run left anywhere in the portal,
// beyond the reach of the run's own token.
type inspector struct {
	c *client.Client
}

func newInspector(m *tfharness.Mock) (*inspector, error) {
	c, err := m.Client()
	if err != nil {
		return nil, err
	}
	return &inspector{c: c}, nil
}

// createGrantees creates the regular users and application users that the configuration grants
// permissions to besides the demo users, and returns their IDs.
func (in *inspector) createGrantees(ctx context.Context, sz Sizes) (users, agents []string, err error) {
	for i := 1; i <= sz.ExtraUsers; i++ {
		u, err := in.c.CreateUser(ctx, api.UserCreate{CustomerID: mockportal.DemoIDs.Acme,
			Username: fmt.Sprintf("%s%02d", granteePrefix, i), FirstName: "Soak", LastName: fmt.Sprintf("User %02d", i),
			Password: soakPasswordPrefix + "grantee"})
		if err != nil {
			return nil, nil, err
		}
		users = append(users, u.ID)
	}
	for i := 1; i <= sz.ExtraAgents; i++ {
		a, err := in.c.CreateApplicationUser(ctx, mockportal.DemoIDs.B2BGateway, api.ApplicationUserCreate{
			CustomerID: mockportal.DemoIDs.Acme, Username: fmt.Sprintf("%s%02d", appGranteePrefix, i)})
		if err != nil {
			return nil, nil, err
		}
		agents = append(agents, a.ID)
	}
	return users, agents, nil
}

// snapshot is everything the portal holds that a run can leave behind.
type snapshot struct {
	users    []api.User
	appUsers []api.ApplicationUser
	services map[string]api.HostedExchange // by user ID, only users with a service
	grants   []api.Permission
}

func (in *inspector) snapshot(ctx context.Context) (snapshot, error) {
	s := snapshot{services: map[string]api.HostedExchange{}}
	var err error
	if s.users, err = in.c.ListUsers(ctx, client.UserFilter{}); err != nil {
		return s, err
	}
	apps, err := in.c.ListApplications(ctx, "")
	if err != nil {
		return s, err
	}
	for _, a := range apps {
		us, err := in.c.ListApplicationUsers(ctx, a.ID, "")
		if err != nil {
			return s, err
		}
		s.appUsers = append(s.appUsers, us...)
	}
	for _, u := range s.users {
		svc, err := in.c.GetHostedExchange(ctx, u.ID)
		if err != nil {
			return s, err
		}
		if svc.ProvisioningStatus == api.ServiceNotProvisioned {
			continue
		}
		s.services[u.ID] = svc
		if svc.ProvisioningStatus != api.ServiceProvisioned {
			continue // permissions exist only on a provisioned mailbox
		}
		grants, err := in.c.ListPermissions(ctx, u.ID)
		if err != nil {
			return s, err
		}
		s.grants = append(s.grants, grants...)
	}
	return s, nil
}

// duplicates reports every value that must be unique and is held twice: a username within a customer
// (R1) or an application (R13), an email address across the portal (R3).
func (s snapshot) duplicates() []string {
	var out []string
	seen := map[string]string{}
	check := func(key, what, id string) {
		if first, dup := seen[key]; dup {
			out = append(out, fmt.Sprintf("duplicate %s: %s and %s", what, first, id))
			return
		}
		seen[key] = id
	}
	for _, u := range s.users {
		check("user "+u.CustomerID+"/"+strings.ToLower(u.Username), fmt.Sprintf("username %q in customer %s", u.Username, u.CustomerID), u.ID)
	}
	for _, a := range s.appUsers {
		check("apu "+a.ApplicationID+"/"+strings.ToLower(a.Username), fmt.Sprintf("username %q in application %s", a.Username, a.ApplicationID), a.ID)
	}
	for id, svc := range s.services {
		for _, addr := range append([]string{svc.PrimaryEmail}, svc.EmailAliases...) {
			check("addr "+strings.ToLower(addr), fmt.Sprintf("address %q", addr), id)
		}
	}
	return out
}

// checkConverged compares the portal with the state after the applies: every object the run made must be
// the one object Terraform tracks for it. An object of the run that the state does not hold was created
// twice (the state holds the other), and counts as a duplicate.
func (in *inspector) checkConverged(ctx context.Context, cfg configuration, state []tfharness.StateResource, converged bool, res *Result) error {
	s, err := in.snapshot(ctx)
	if err != nil {
		return fmt.Errorf("inspecting the portal after the applies: %w", err)
	}
	for _, d := range s.duplicates() {
		res.add(&res.Duplicates, d)
	}
	tracked := map[string]bool{}
	for _, r := range state {
		tracked[r.ID()] = true
	}
	for _, u := range s.users {
		if strings.HasPrefix(u.Username, mailboxPrefix) && !tracked[u.ID] {
			res.add(&res.Duplicates, fmt.Sprintf("user %s (%q) exists but is not in the state", u.ID, u.Username))
		}
	}
	for _, a := range s.appUsers {
		if strings.HasPrefix(a.Username, appUserPrefix) && !tracked[a.ID] {
			res.add(&res.Duplicates, fmt.Sprintf("application user %s (%q) exists but is not in the state", a.ID, a.Username))
		}
	}
	for _, g := range s.grants {
		id := g.MailboxID + "/" + g.GranteeID
		if tracked[g.MailboxID] && !tracked[id] {
			res.add(&res.Duplicates, fmt.Sprintf("grant %s %v exists but is not in the state", id, g.Permissions))
		}
	}
	if n := len(state); n != cfg.resources() && converged {
		// An empty plan with the wrong number of resources would be a provider that forgets what it made.
		return fmt.Errorf("the plan is empty but the state holds %d resources, not %d", n, cfg.resources())
	}
	return nil
}

// checkDestroyed counts what the run created and destroy left behind: users and application users of
// the run's names (its own grantees excepted) and any grant involving the run's objects.
func (in *inspector) checkDestroyed(ctx context.Context, res *Result) error {
	s, err := in.snapshot(ctx)
	if err != nil {
		return fmt.Errorf("inspecting the portal after destroy: %w", err)
	}
	run := map[string]bool{}
	for _, u := range s.users {
		run[u.ID] = isRunObject(u.Username)
		if strings.HasPrefix(u.Username, mailboxPrefix) {
			res.add(&res.Orphans, fmt.Sprintf("user %s (%q) left after destroy", u.ID, u.Username))
		}
	}
	for _, a := range s.appUsers {
		run[a.ID] = isRunObject(a.Username)
		if strings.HasPrefix(a.Username, appUserPrefix) {
			res.add(&res.Orphans, fmt.Sprintf("application user %s (%q) left after destroy", a.ID, a.Username))
		}
	}
	for _, g := range s.grants {
		if run[g.MailboxID] || run[g.GranteeID] {
			res.add(&res.Orphans, fmt.Sprintf("grant %s/%s %v left after destroy", g.MailboxID, g.GranteeID, g.Permissions))
		}
	}
	return nil
}
