package mockportal

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"time"

	"github.com/csportal/terraform-provider-portal/internal/api"
)

// Fixtures is the initial content of a portal, and the shape of the --fixtures JSON file
// (cmd/portal-mock/fixtures.example.json is the demo set):
//
//	{
//	  "customers": [{"id": "cus_…", "name": "Acme", "parent_id": "cus_… (empty for the root)", "code": "ACME",
//	                 "domains": ["acme.example"], "username_suffix": false, "hosted_exchange_enabled": true,
//	                 "user_plans": [{"name": "Shared Mailbox", "description": "…", "mailbox_size_mb": 51200,
//	                                 "shared_mailbox": true}]}],
//	  "users": [{"id": "usr_…", "customer_id": "cus_…", "username": "alice", "first_name": "Alice",
//	             "last_name": "Liddell", "display_name": "", "role": "user", "login_disabled": false,
//	             "hosted_exchange": {"user_plan": "Standard", "primary_email": "alice@acme.example",
//	                                 "email_aliases": []}}],
//	  "applications": [{"id": "app_…", "name": "b2b-gateway", "description": "…",
//	                    "customer_id": "cus_… (offering it; empty: the root)"}],
//	  "application_users": [{"id": "apu_…", "application_id": "app_…", "customer_id": "cus_… (empty: the root)",
//	                         "username": "orders", "display_name": "", "email": "", "disabled": false}],
//	  "permissions": [{"mailbox_id": "usr_…", "grantee_id": "usr_… or apu_…", "permissions": ["view"]}]
//	}
//
// Customers form one tree (R14): exactly one customer, the service provider, has no parent_id; every other
// names its parent. Codes are unique in the portal (stored uppercase), domains too (stored lowercase,
// compared without case). IDs are <prefix><16 lowercase hex digits>. Fixtures obey the same rules as the
// API (unique usernames and addresses, addresses in the customer's domains, plans offered to the customer,
// grants only to users of the mailbox's customer and never to its administrators, application permissions
// only for application users, …); a fixture set that breaks one is refused by New, naming every broken
// rule by its JSON path. Users given "hosted_exchange" start with the service provisioned; usernames of a
// customer with username_suffix are stored with its code appended (R17). The admin token acts as the first
// user with role "admin" of the root customer, so the set needs one.
type Fixtures struct {
	Customers        []FixtureCustomer        `json:"customers"`
	Users            []FixtureUser            `json:"users"`
	Applications     []api.Application        `json:"applications"`
	ApplicationUsers []FixtureApplicationUser `json:"application_users,omitempty"`
	Permissions      []FixturePermission      `json:"permissions,omitempty"`
	// Mail is what fixture mailboxes hold to begin with; a mailbox not listed is empty.
	Mail []FixtureMail `json:"mail,omitempty"`
}

// FixtureMail is the mail a fixture mailbox holds: how many items, and how much room they take.
type FixtureMail struct {
	MailboxID string `json:"mailbox_id"`
	Items     int64  `json:"items"`
	SizeMB    int64  `json:"size_mb"`
}

// FixtureCustomer is a customer, its place in the tree, its accepted domains and the Hosted Exchange user
// plans made available to it (R2).
type FixtureCustomer struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	// ParentID is the customer directly above; empty only for the root (the service provider).
	ParentID string `json:"parent_id,omitempty"`
	// Code is the customer's short name, unique in the portal (1-16 letters and digits, stored uppercase).
	Code string `json:"code"`
	// Domains are the accepted domains (R15), unique in the portal.
	Domains []string `json:"domains"`
	// UsernameSuffix stores the customer's usernames with "_" and its code appended (R17).
	UsernameSuffix        bool           `json:"username_suffix,omitempty"`
	HostedExchangeEnabled bool           `json:"hosted_exchange_enabled"`
	UserPlans             []api.UserPlan `json:"user_plans"`
	// AllowExternalForwarding lets the customer's mailboxes forward outside its accepted domains (off unless set).
	AllowExternalForwarding bool `json:"allow_external_forwarding,omitempty"`
}

// FixtureUser is a portal user; with HostedExchange its mailbox starts provisioned.
type FixtureUser struct {
	ID          string `json:"id"`
	CustomerID  string `json:"customer_id"`
	Username    string `json:"username"`
	FirstName   string `json:"first_name"`
	LastName    string `json:"last_name"`
	DisplayName string `json:"display_name,omitempty"` // default "first last"
	Role        string `json:"role"`                   // "admin" or "user"
	// LoginDisabled is false by default: login is enabled unless a fixture says otherwise.
	LoginDisabled  bool                    `json:"login_disabled,omitempty"`
	HostedExchange *api.HostedExchangeSpec `json:"hosted_exchange,omitempty"`
}

// FixtureApplicationUser is a user record of an application for a customer (R13).
type FixtureApplicationUser struct {
	ID            string `json:"id"`
	ApplicationID string `json:"application_id"`
	// CustomerID is the customer whose record it is; empty means the root customer.
	CustomerID  string `json:"customer_id,omitempty"`
	Username    string `json:"username"`
	DisplayName string `json:"display_name,omitempty"` // default the username
	Email       string `json:"email,omitempty"`
	Disabled    bool   `json:"disabled,omitempty"`
}

// FixturePermission is a grant on a fixture mailbox.
type FixturePermission struct {
	MailboxID   string   `json:"mailbox_id"`
	GranteeID   string   `json:"grantee_id"`
	Permissions []string `json:"permissions"`
	// Automapping of a full_access grant; absent means true, as in the API.
	Automapping *bool `json:"automapping,omitempty"`
}

// DemoFixtureIDs are the fixed IDs of the built-in demo fixtures (DemoFixtures). The tree:
//
//	Example Hosting (Root, the service provider: RootAdmin, shared mailbox RootMailbox)
//	├── Northwind Hosting (Reseller: ResellerAdmin, ResellerUser, shared mailbox ResellerMailbox)
//	│   ├── Acme (Alice, Bob, Admin)
//	│   └── Globex (GlobexAdmin, GlobexUser, shared mailbox GlobexMailbox)
//	├── Initech (username_suffix: InitechAdmin, InitechUser, shared mailbox InitechMailbox)
//	├── Soylent (NoPlanCustomer)
//	└── Tyrell (NoExchangeCustomer)
type DemoFixtureIDs struct {
	// Customers.
	Root               string // the service provider: the admin token acts as its administrator RootAdmin
	Reseller           string // "Northwind Hosting", a reseller: Acme and Globex are below it
	Acme               string // below the reseller; Hosted Exchange with plans "Shared Mailbox" and "Standard"
	Globex             string // below the reseller; as Acme
	Initech            string // below the root; as Acme, with username_suffix (code INITECH)
	NoPlanCustomer     string // "Soylent", below the root: Hosted Exchange with plan "Standard" only (R2)
	NoExchangeCustomer string // "Tyrell", below the root: Hosted Exchange disabled (R2)
	// Users of Acme.
	Alice string // role user, mailbox alice@acme.example on "Standard"
	Bob   string // role user, mailbox bob@acme.example on "Standard"
	Admin string // role admin of Acme: it reaches Acme alone
	// The other customers' people and shared mailboxes.
	RootAdmin       string // role admin of the root: the principal of the admin token, reaching everything
	RootMailbox     string // shared mailbox noc@hosting.example, no grants
	ResellerAdmin   string // role admin of the reseller: it reaches the reseller, Acme and Globex
	ResellerUser    string // role user of the reseller
	ResellerMailbox string // shared mailbox support@northwind.example; ResellerUser holds view on it
	GlobexAdmin     string // role admin of Globex
	GlobexUser      string // role user of Globex
	GlobexMailbox   string // shared mailbox info@globex.example; GlobexUser holds view and send_as on it
	InitechAdmin    string // role admin of Initech, username stored as "bill_initech" (R17)
	InitechUser     string // role user of Initech, stored as "peter_initech"
	InitechMailbox  string // shared mailbox tps-reports@initech.example, stored as "tps_initech"; InitechUser holds view
	// Applications, both offered by the root to every customer (no application users in the demo set).
	B2BGateway string // "b2b-gateway"
	Archiver   string // "archiver"
	SecondApp  string // = Archiver
}

// DemoIDs are the IDs of the demo fixtures. Objects created later get random IDs.
var DemoIDs = DemoFixtureIDs{
	Root:               "cus_5e4e000000000000",
	Reseller:           "cus_4e5e11e400000005",
	Acme:               "cus_ac3e000000000001",
	Globex:             "cus_610be00000000002",
	Initech:            "cus_1417ec0000000003",
	NoPlanCustomer:     "cus_50e1e40000000006",
	NoExchangeCustomer: "cus_7e4e110000000007",
	Alice:              "usr_a11ce00000000001",
	Bob:                "usr_b0b0000000000002",
	Admin:              "usr_ad31a00000000003",
	RootAdmin:          "usr_5e4ead0000000001",
	RootMailbox:        "usr_5e4ebb0000000002",
	ResellerAdmin:      "usr_4e5ead0000000001",
	ResellerUser:       "usr_4e5e400000000002",
	ResellerMailbox:    "usr_4e5ebb0000000003",
	GlobexAdmin:        "usr_610bead000000001",
	GlobexUser:         "usr_610be40000000002",
	GlobexMailbox:      "usr_610bebb000000003",
	InitechAdmin:       "usr_1417ead000000001",
	InitechUser:        "usr_1417e40000000002",
	InitechMailbox:     "usr_1417ebb000000003",
	B2BGateway:         "app_b2b0000000000001",
	Archiver:           "app_a4c41e0000000002",
	SecondApp:          "app_a4c41e0000000002",
}

// Demo plan names and addresses.
const (
	PlanSharedMailbox = "Shared Mailbox"
	PlanStandard      = "Standard"
	AliceEmail        = "alice@acme.example"
	BobEmail          = "bob@acme.example"
)

// DemoFixtures returns a fresh copy of the built-in demo set: the tree of DemoFixtureIDs. Acme (Hosted
// Exchange with the "Shared Mailbox" and "Standard" plans) has regular users alice and bob (provisioned
// Standard mailboxes) and the administrator "admin", and no shared mailbox: examples and tests make theirs
// there. Globex and Initech (the customer with username_suffix) each have an administrator, a regular user
// and a shared mailbox granted to that user; so have the reseller Northwind Hosting and, without the regular
// user, the root. Soylent (Hosted Exchange without the Shared Mailbox plan) and Tyrell (Hosted Exchange
// disabled) are the customers R2 refuses. The applications "b2b-gateway" and "archiver" are offered by the
// root to every customer. Each customer's domain is its name in lowercase under .example.
func DemoFixtures() *Fixtures {
	shared := api.UserPlan{Name: PlanSharedMailbox, Description: "A mailbox shared by a group, with a shared calendar",
		MailboxSizeMB: 51200, SharedMailbox: true}
	standard := api.UserPlan{Name: PlanStandard, Description: "A personal mailbox", MailboxSizeMB: 10240}
	both := func() []api.UserPlan { return []api.UserPlan{shared, standard} }
	id := DemoIDs
	sharedBox := func(address string) *api.HostedExchangeSpec {
		return &api.HostedExchangeSpec{UserPlan: PlanSharedMailbox, PrimaryEmail: address, EmailAliases: []string{}}
	}
	return &Fixtures{
		Customers: []FixtureCustomer{
			{ID: id.Root, Name: "Example Hosting", Code: "HOSTING", Domains: []string{"hosting.example"},
				HostedExchangeEnabled: true, UserPlans: both()},
			{ID: id.Reseller, Name: "Northwind Hosting", ParentID: id.Root, Code: "NORTHWIND", Domains: []string{"northwind.example"},
				HostedExchangeEnabled: true, UserPlans: both()},
			{ID: id.Acme, Name: "Acme", ParentID: id.Reseller, Code: "ACME", Domains: []string{"acme.example"},
				HostedExchangeEnabled: true, UserPlans: both()},
			{ID: id.Globex, Name: "Globex", ParentID: id.Reseller, Code: "GLOBEX", Domains: []string{"globex.example"},
				HostedExchangeEnabled: true, UserPlans: both()},
			{ID: id.Initech, Name: "Initech", ParentID: id.Root, Code: "INITECH", Domains: []string{"initech.example"},
				UsernameSuffix: true, HostedExchangeEnabled: true, UserPlans: both()},
			{ID: id.NoPlanCustomer, Name: "Soylent", ParentID: id.Root, Code: "SOYLENT", Domains: []string{"soylent.example"},
				HostedExchangeEnabled: true, UserPlans: []api.UserPlan{standard}},
			{ID: id.NoExchangeCustomer, Name: "Tyrell", ParentID: id.Root, Code: "TYRELL", Domains: []string{"tyrell.example"},
				UserPlans: []api.UserPlan{}},
		},
		Users: []FixtureUser{
			{ID: id.Alice, CustomerID: id.Acme, Username: "alice", FirstName: "Alice", LastName: "Liddell",
				Role: api.RoleUser, HostedExchange: &api.HostedExchangeSpec{UserPlan: PlanStandard, PrimaryEmail: AliceEmail, EmailAliases: []string{}}},
			{ID: id.Bob, CustomerID: id.Acme, Username: "bob", FirstName: "Bob", LastName: "Builder",
				Role: api.RoleUser, HostedExchange: &api.HostedExchangeSpec{UserPlan: PlanStandard, PrimaryEmail: BobEmail, EmailAliases: []string{}}},
			{ID: id.Admin, CustomerID: id.Acme, Username: "admin", FirstName: "Portal", LastName: "Administrator",
				Role: api.RoleAdmin},
			{ID: id.RootAdmin, CustomerID: id.Root, Username: "hostmaster", FirstName: "Host", LastName: "Master", Role: api.RoleAdmin},
			{ID: id.RootMailbox, CustomerID: id.Root, Username: "noc", FirstName: "Network", LastName: "Operations",
				Role: api.RoleUser, LoginDisabled: true, HostedExchange: sharedBox("noc@hosting.example")},
			{ID: id.ResellerAdmin, CustomerID: id.Reseller, Username: "nadia", FirstName: "Nadia", LastName: "Northwind", Role: api.RoleAdmin},
			{ID: id.ResellerUser, CustomerID: id.Reseller, Username: "ned", FirstName: "Ned", LastName: "Northwind", Role: api.RoleUser},
			{ID: id.ResellerMailbox, CustomerID: id.Reseller, Username: "support", FirstName: "Reseller", LastName: "Support",
				Role: api.RoleUser, LoginDisabled: true, HostedExchange: sharedBox("support@northwind.example")},
			{ID: id.GlobexAdmin, CustomerID: id.Globex, Username: "hank", FirstName: "Hank", LastName: "Scorpio", Role: api.RoleAdmin},
			{ID: id.GlobexUser, CustomerID: id.Globex, Username: "homer", FirstName: "Homer", LastName: "Simpson", Role: api.RoleUser},
			{ID: id.GlobexMailbox, CustomerID: id.Globex, Username: "info", FirstName: "Globex", LastName: "Info",
				Role: api.RoleUser, LoginDisabled: true, HostedExchange: sharedBox("info@globex.example")},
			{ID: id.InitechAdmin, CustomerID: id.Initech, Username: "bill", FirstName: "Bill", LastName: "Lumbergh", Role: api.RoleAdmin},
			{ID: id.InitechUser, CustomerID: id.Initech, Username: "peter", FirstName: "Peter", LastName: "Gibbons", Role: api.RoleUser},
			{ID: id.InitechMailbox, CustomerID: id.Initech, Username: "tps", FirstName: "TPS", LastName: "Reports",
				Role: api.RoleUser, LoginDisabled: true, HostedExchange: sharedBox("tps-reports@initech.example")},
		},
		Applications: []api.Application{
			{ID: id.B2BGateway, Name: "b2b-gateway", Description: "Business-to-business message gateway", CustomerID: id.Root},
			{ID: id.Archiver, Name: "archiver", Description: "Mail archiving service", CustomerID: id.Root},
		},
		Permissions: []FixturePermission{
			{MailboxID: id.ResellerMailbox, GranteeID: id.ResellerUser, Permissions: []string{api.PermissionView}},
			{MailboxID: id.GlobexMailbox, GranteeID: id.GlobexUser, Permissions: []string{api.PermissionSendAs, api.PermissionView}},
			{MailboxID: id.InitechMailbox, GranteeID: id.InitechUser, Permissions: []string{api.PermissionView}},
		},
		Mail: []FixtureMail{
			{MailboxID: DemoIDs.Alice, Items: DemoMailItems.Alice, SizeMB: DemoMailSizeMB.Alice},
			{MailboxID: DemoIDs.Bob, Items: DemoMailItems.Bob, SizeMB: DemoMailSizeMB.Bob},
		},
	}
}

// The mail the demo's regular users hold in their mailboxes.
var (
	DemoMailItems  = struct{ Alice, Bob int64 }{Alice: 2318, Bob: 1204}
	DemoMailSizeMB = struct{ Alice, Bob int64 }{Alice: 1460, Bob: 850}
)

// Customer returns the fixture customer with the given ID, for tests that adjust one customer of a set
// (its position in Customers follows the tree, not the ID); nil when there is none.
func (f *Fixtures) Customer(id string) *FixtureCustomer {
	for i := range f.Customers {
		if f.Customers[i].ID == id {
			return &f.Customers[i]
		}
	}
	return nil
}

// LoadFixtures reads a fixtures JSON file (see Fixtures). Unknown fields are refused, so a typo in a
// fixture file is an error rather than a silently missing object.
func LoadFixtures(path string) (*Fixtures, error) {
	data, err := os.ReadFile(path) //nolint:gosec // the operator names the fixtures file
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var f Fixtures
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("fixtures %s: %w", path, err)
	}
	return &f, nil
}

// buildState turns fixtures into a state, applying the API's rules to every object.
func buildState(f *Fixtures, now time.Time) (*state, error) {
	st := newState()
	b := fixtureBuilder{st: st, now: now}
	for i, c := range f.Customers {
		b.customer(fmt.Sprintf("customers[%d]", i), c)
	}
	root := b.tree(f.Customers)
	for i, a := range f.Applications {
		b.application(fmt.Sprintf("applications[%d]", i), a, root)
	}
	for i, u := range f.Users {
		b.user(fmt.Sprintf("users[%d]", i), u, root)
	}
	for i, a := range f.ApplicationUsers {
		b.appUser(fmt.Sprintf("application_users[%d]", i), a, root)
	}
	for i, p := range f.Permissions {
		b.permission(fmt.Sprintf("permissions[%d]", i), p)
	}
	for i, m := range f.Mail {
		b.mail(fmt.Sprintf("mail[%d]", i), m)
	}
	if st.adminID == "" && root != "" {
		b.fe.add("users", "the root customer %s needs a user with role %q: the admin token acts as the first one", root, api.RoleAdmin)
	}
	if err := b.fe.err(); err != nil {
		return nil, fmt.Errorf("invalid fixtures: %w", err)
	}
	return st, nil
}
