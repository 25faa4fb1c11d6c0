package mockportal

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/csportal/terraform-provider-portal/internal/api"
)

// A "legacy portal" is what years of operators clicking leave behind: shared mailboxes made the seed's way
// (generic user, Hosted Exchange on the Shared Mailbox plan, rights delegated, login disabled — or, now and
// then, left enabled), aliases, submailboxes, grants and application users, beside regular users and
// administrators that are no shared mailbox at all. BuildLegacyPortal makes one through the operator
// functions, the same rules an operator's clicks go through, for adoption tests, `make adopt` and the bench.

// LegacyCustomerStark is the second customer of the legacy fixtures: below the reseller beside Acme and
// Globex, with Hosted Exchange on the Shared Mailbox and Standard plans, like Acme.
const LegacyCustomerStark = "cus_57a4c00000000004"

// LegacyFixtures are the demo fixtures plus the second customer a legacy portal spreads its mailboxes over.
// Both are below the reseller, so that its administrator can adopt all of it.
func LegacyFixtures() *Fixtures {
	f := DemoFixtures()
	i := slices.IndexFunc(f.Customers, func(c FixtureCustomer) bool { return c.ID == DemoIDs.Acme })
	f.Customers = append(f.Customers, FixtureCustomer{ID: LegacyCustomerStark, Name: "Stark Industries",
		ParentID: DemoIDs.Reseller, Code: "STARK", Domains: []string{"stark.example"},
		HostedExchangeEnabled: true, UserPlans: f.Customers[i].UserPlans})
	return f
}

// LegacyPortal is the size of a legacy portal.
type LegacyPortal struct {
	// SharedMailboxes are spread over Acme and Stark Industries, the odd ones to Stark.
	SharedMailboxes int
	// SubmailboxTrees is how many of them hold a tree of two submailboxes, Invoices and Invoices/2026.
	SubmailboxTrees int
	// Grants are spread over the shared mailboxes and their submailboxes, to regular users and application
	// users of the mailbox's customer (R16); at most what the mailboxes and grantees allow.
	Grants int
	// ApplicationUsers are spread over the applications b2b-gateway and archiver, and over Acme and Stark.
	ApplicationUsers int
	// CalendarEntries are spread over the shared mailboxes' calendars, to the regular users of the same
	// customer (calendar access is for people); at most what the mailboxes and people allow.
	CalendarEntries int
}

// DefaultLegacyPortal is the legacy portal of `make adopt` and the adoption tests.
var DefaultLegacyPortal = LegacyPortal{SharedMailboxes: 26, SubmailboxTrees: 9, Grants: 60, ApplicationUsers: 10, CalendarEntries: 20}

// LegacyContent is what BuildLegacyPortal made, by kind, for checks of what an adoption took over.
type LegacyContent struct {
	// SharedMailboxes are user IDs by customer.
	SharedMailboxes map[string][]string
	// Submailboxes are IDs by the user ID of their mailbox.
	Submailboxes map[string][]string
	// Grants are "mailbox_id/grantee_id" by customer (mailbox_id a user or submailbox ID).
	Grants map[string][]string
	// ApplicationUsers are IDs by application.
	ApplicationUsers map[string][]string
	// CalendarEntries are "mailbox_id/grantee_id" by customer.
	CalendarEntries map[string][]string
	// NotSharedMailboxes are the users that must not be adopted as shared mailboxes: regular users with and
	// without a mailbox, and an administrator.
	NotSharedMailboxes []string
}

// legacyNames are the mailboxes operators make; past the list, names get a number.
var legacyNames = []string{"Info", "Sales", "Support", "Billing", "HR", "Legal", "Press", "Careers", "Events",
	"Finance", "Helpdesk", "Marketing", "Partners", "Procurement", "Office", "Reception", "Security", "Shipping",
	"Returns", "Orders", "Invoices", "Travel", "Training", "Facilities", "Quality", "Research", "Compliance", "Audit"}

var legacyDomains = map[string]string{DemoIDs.Acme: "Acme.Example", LegacyCustomerStark: "Stark.Example"}

// legacyWorkers bounds how many mailboxes are built at once: each waits for provisioning jobs.
const legacyWorkers = 16

// BuildLegacyPortal fills a portal started from LegacyFixtures with a legacy portal of the given size.
func (p *Portal) BuildLegacyPortal(size LegacyPortal) (LegacyContent, error) {
	c := LegacyContent{SharedMailboxes: map[string][]string{}, Submailboxes: map[string][]string{},
		Grants: map[string][]string{}, ApplicationUsers: map[string][]string{}, CalendarEntries: map[string][]string{}}
	grantees, err := p.legacyGrantees(&c, size.ApplicationUsers)
	if err != nil {
		return c, err
	}
	type built struct {
		customer, id string
		targets      []string // the mailbox and its submailboxes
		enabled      bool
	}
	boxes := make([]built, size.SharedMailboxes)
	errs := make([]error, size.SharedMailboxes)
	if size.SubmailboxTrees > (size.SharedMailboxes+1)/3 {
		return c, fmt.Errorf("a legacy portal of %d shared mailboxes holds at most %d submailbox trees (every third mailbox)",
			size.SharedMailboxes, (size.SharedMailboxes+1)/3)
	}
	var wg sync.WaitGroup
	work := make(chan int)
	for range legacyWorkers {
		wg.Go(func() {
			for i := range work {
				b := &boxes[i]
				b.customer = DemoIDs.Acme
				if i%2 == 1 {
					b.customer = LegacyCustomerStark
				}
				b.id, b.targets, errs[i] = p.legacyMailbox(i, b.customer, i%3 == 1 && i/3 < size.SubmailboxTrees)
				b.enabled = i%5 == 4 // an operator forgot the last step
			}
		})
	}
	for i := range size.SharedMailboxes {
		work <- i
	}
	close(work)
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return c, err
	}

	// Grants go round the mailboxes of each customer and round its grantees, one pair at most once.
	fullAccess := 0
	for made, round := 0, 0; made < size.Grants; round++ {
		progress := false
		for i := range boxes {
			b := boxes[i]
			people := grantees[b.customer]
			if made == size.Grants || round >= len(people)*len(b.targets) {
				continue
			}
			target := b.targets[round%len(b.targets)]
			grantee := people[(round/len(b.targets)+i)%len(people)]
			perms := legacyPermissions(grantee, round+i)
			spec := api.PermissionSpec{Permissions: perms}
			if slices.Contains(perms, api.PermissionFullAccess) {
				if fullAccess++; fullAccess%2 == 0 {
					spec.Automapping = ptr(false) // a large team that did not want the mailbox in every Outlook
				}
			}
			if _, err := p.PutGrant(target, grantee, spec); err != nil {
				return c, fmt.Errorf("granting %v on %s to %s: %w", perms, target, grantee, err)
			}
			c.Grants[b.customer] = append(c.Grants[b.customer], target+"/"+grantee)
			made, progress = made+1, true
		}
		if !progress {
			return c, fmt.Errorf("a legacy portal of %d shared mailboxes holds at most %d grants", size.SharedMailboxes, made)
		}
	}
	people := map[string][]string{}
	for customer, ids := range grantees {
		people[customer] = slices.DeleteFunc(slices.Clone(ids), func(id string) bool { return strings.HasPrefix(id, api.PrefixApplicationUser) })
	}
	mailboxes := make([]string, len(boxes))
	customers := make([]string, len(boxes))
	for i, b := range boxes {
		mailboxes[i], customers[i] = b.id, b.customer
	}
	if err := p.legacyCalendarEntries(&c, mailboxes, customers, people, size.CalendarEntries); err != nil {
		return c, err
	}
	// The last step of the seed's process: disable the generic users' login (R5).
	for _, b := range boxes {
		c.SharedMailboxes[b.customer] = append(c.SharedMailboxes[b.customer], b.id)
		c.Submailboxes[b.id] = b.targets[1:]
		if err := p.SetLoginEnabled(b.id, b.enabled); err != nil {
			return c, err
		}
	}
	return c, nil
}

// legacyCalendarEntries gives n entries on the mailboxes' calendars, round the mailboxes and round the
// people of each mailbox's customer, one entry per pair at most: the office as reviewers, the team that works
// the calendar as editors, now and then a delegate.
func (p *Portal) legacyCalendarEntries(c *LegacyContent, mailboxes, customers []string, people map[string][]string, n int) error {
	for made, round := 0, 0; made < n; round++ {
		progress := false
		for i, mailbox := range mailboxes {
			candidates := people[customers[i]]
			if made == n || round >= len(candidates) {
				continue
			}
			person := candidates[(round+i)%len(candidates)]
			spec := []api.CalendarPermissionSpec{{Access: api.CalendarAccessReviewer}, {Access: api.CalendarAccessEditor},
				{Access: api.CalendarAccessLimitedDetails}, {Access: api.CalendarAccessEditor, Delegate: true, SeePrivateItems: true}}[(round+i)%4]
			if _, err := p.PutCalendarPermission(mailbox, person, spec); err != nil {
				return fmt.Errorf("giving %s an entry on the calendar of %s: %w", person, mailbox, err)
			}
			c.CalendarEntries[customers[i]] = append(c.CalendarEntries[customers[i]], mailbox+"/"+person)
			made, progress = made+1, true
		}
		if !progress {
			return fmt.Errorf("a legacy portal of %d shared mailboxes holds at most %d calendar entries", len(mailboxes), made)
		}
	}
	return nil
}

// legacyMailbox makes shared mailbox i of a customer the seed's way, with some aliases and, with tree, two
// submailboxes, and returns its ID and the keys that can carry grants: the mailbox and its submailboxes.
func (p *Portal) legacyMailbox(i int, customerID string, tree bool) (string, []string, error) {
	word := legacyNames[i%len(legacyNames)]
	if i >= len(legacyNames) {
		word = fmt.Sprintf("%s%d", word, i/len(legacyNames)+1)
	}
	domain := legacyDomains[customerID]
	// Operators type usernames and addresses as they come; the portal stores them lowercased.
	u, err := p.CreateUser(api.UserCreate{CustomerID: customerID, Username: word + "-Desk", FirstName: word,
		LastName: "Team", Password: "legacy-portal-password", DisplayName: legacyDisplayName(i, word)})
	if err != nil {
		return "", nil, fmt.Errorf("creating shared mailbox %s: %w", word, err)
	}
	spec := api.HostedExchangeSpec{UserPlan: PlanSharedMailbox, PrimaryEmail: word + "@" + domain, EmailAliases: []string{}}
	if i%3 == 0 {
		spec.EmailAliases = []string{"Team." + word + "@" + domain, word + ".Desk@" + domain}
	}
	if err := provisioned(p.PutHostedExchange(u.ID, spec)); err != nil {
		return "", nil, fmt.Errorf("provisioning shared mailbox %s: %w", word, err)
	}
	if settings, changed := legacySettings(i, domain); changed {
		if _, err := p.PatchMailboxSettings(u.ID, settings); err != nil {
			return "", nil, fmt.Errorf("setting up shared mailbox %s: %w", word, err)
		}
	}
	if err := p.DeliverMail(u.ID, int64(120+37*i), int64(40+11*i)); err != nil {
		return "", nil, err
	}
	targets := []string{u.ID}
	if tree {
		top, err := p.CreateSubmailbox(u.ID, api.SubmailboxCreate{Name: "Invoices"})
		if err != nil {
			return "", nil, err
		}
		year, err := p.CreateSubmailbox(u.ID, api.SubmailboxCreate{Name: "2026", ParentID: top.ID})
		if err != nil {
			return "", nil, err
		}
		targets = append(targets, top.ID, year.ID)
	}
	return u.ID, targets, nil
}

// legacySettings are what operators set on some mailboxes over the years: forwarding to the customer's
// archive address (with or without a copy kept), a mailbox hidden from the address lists, copies of sent
// items kept in the mailbox. The others keep the portal's defaults.
func legacySettings(i int, domain string) (api.MailboxSettingsPatch, bool) {
	var patch api.MailboxSettingsPatch
	if i%6 == 2 {
		patch.ForwardingAddress, patch.ForwardingKeepCopy = ptr("Archive@"+domain), ptr(i%12 != 2)
	}
	if i%7 == 3 {
		patch.HiddenFromAddressLists = ptr(true)
	}
	if i%4 == 1 {
		patch.KeepSentAsCopy, patch.KeepSentOnBehalfCopy = ptr(true), ptr(true)
	}
	return patch, patch != api.MailboxSettingsPatch{}
}

// legacyDisplayName is the portal's default ("first last") for most, a name an operator chose for some.
func legacyDisplayName(i int, word string) string {
	if i%4 == 2 {
		return "The " + word + " Desk"
	}
	return ""
}

// provisioned is the outcome of an operator's provisioning as an error: nil once the job succeeded.
func provisioned(job api.Job, err error) error {
	if err == nil && job.Status != api.JobProvisioned {
		err = fmt.Errorf("job %s ended %s: %s", job.ID, job.Status, job.Error)
	}
	return err
}

// legacyGrantees makes the application users and the people who are no shared mailbox, and returns who
// may be granted something, by customer: the customer's regular users and application users (R16).
func (p *Portal) legacyGrantees(c *LegacyContent, appUsers int) (map[string][]string, error) {
	grantees := map[string][]string{DemoIDs.Acme: {DemoIDs.Alice, DemoIDs.Bob}}
	c.NotSharedMailboxes = []string{DemoIDs.Alice, DemoIDs.Bob, DemoIDs.Admin}
	for _, person := range []struct {
		customer, name string
		mailbox, admin bool
	}{
		{DemoIDs.Acme, "carol", true, false}, {DemoIDs.Acme, "dave", false, false},
		{LegacyCustomerStark, "pepper", true, false}, {LegacyCustomerStark, "happy", true, false},
		{LegacyCustomerStark, "rhodey", false, false}, {LegacyCustomerStark, "jarvis", false, true},
	} {
		in := api.UserCreate{CustomerID: person.customer, Username: person.name, FirstName: strings.ToUpper(person.name[:1]) + person.name[1:],
			LastName: "Person", Password: "legacy-portal-password"}
		create := p.CreateUser
		if person.admin {
			create = p.CreateAdministrator
		}
		u, err := create(in)
		if err != nil {
			return nil, err
		}
		c.NotSharedMailboxes = append(c.NotSharedMailboxes, u.ID)
		if person.mailbox {
			address := person.name + "@" + strings.ToLower(legacyDomains[person.customer])
			if err := provisioned(p.PutHostedExchange(u.ID, api.HostedExchangeSpec{UserPlan: PlanStandard, PrimaryEmail: address})); err != nil {
				return nil, fmt.Errorf("provisioning %s's own mailbox: %w", person.name, err)
			}
		}
		if !person.admin {
			grantees[person.customer] = append(grantees[person.customer], u.ID)
		}
	}
	apps := []string{DemoIDs.B2BGateway, DemoIDs.Archiver}
	customers := []string{DemoIDs.Acme, LegacyCustomerStark}
	for i := range appUsers {
		app, customer := apps[i%len(apps)], customers[i/len(apps)%len(customers)]
		a, err := p.CreateApplicationUser(app, api.ApplicationUserCreate{CustomerID: customer,
			Username: fmt.Sprintf("Feed-%02d", i+1), Email: fmt.Sprintf("Feed-%02d@Integrations.Example", i+1)})
		if err != nil {
			return nil, err
		}
		c.ApplicationUsers[app] = append(c.ApplicationUsers[app], a.ID)
		grantees[customer] = append(grantees[customer], a.ID)
	}
	return grantees, nil
}

// legacyPermissions are the rights an operator delegates, varied; application users get only application
// permissions (R11).
func legacyPermissions(granteeID string, n int) []string {
	if strings.HasPrefix(granteeID, api.PrefixApplicationUser) {
		return [][]string{{api.PermissionCreateMessages}, {api.PermissionCreateMessages, api.PermissionChangeProperties}}[n%2]
	}
	return [][]string{
		{api.PermissionFullAccess, api.PermissionSendAs},
		{api.PermissionView},
		{api.PermissionView, api.PermissionSendOnBehalf},
		{api.PermissionView, api.PermissionCreateSubmailboxes, api.PermissionExtractMessages},
	}[n%4]
}
