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
//	  "customers": [{"id": "cus_…", "name": "Acme", "hosted_exchange_enabled": true,
//	                 "user_plans": [{"name": "Shared Mailbox", "description": "…", "mailbox_size_mb": 51200,
//	                                 "shared_mailbox": true}]}],
//	  "users": [{"id": "usr_…", "customer_id": "cus_…", "username": "alice", "first_name": "Alice",
//	             "last_name": "Liddell", "display_name": "", "role": "user", "login_disabled": false,
//	             "hosted_exchange": {"user_plan": "Standard", "primary_email": "alice@acme.example",
//	                                 "email_aliases": []}}],
//	  "applications": [{"id": "app_…", "name": "b2b-gateway", "description": "…"}],
//	  "application_users": [{"id": "apu_…", "application_id": "app_…", "username": "orders",
//	                         "display_name": "", "email": "", "disabled": false}],
//	  "permissions": [{"mailbox_id": "usr_…", "grantee_id": "usr_… or apu_…", "permissions": ["view"]}]
//	}
//
// IDs are <prefix><16 lowercase hex digits>. Fixtures obey the same rules as the API (unique usernames and
// addresses, plans offered to the customer, no grants to administrators, application permissions only for
// application users, …); a fixture set that breaks one is refused by New. Users given "hosted_exchange"
// start with the service provisioned. The admin token acts as the first user with role "admin", so the
// set needs at least one.
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

// FixtureCustomer is a customer and the Hosted Exchange user plans made available to it (R2).
type FixtureCustomer struct {
	ID                    string         `json:"id"`
	Name                  string         `json:"name"`
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

// FixtureApplicationUser is a user record of an application (R13).
type FixtureApplicationUser struct {
	ID            string `json:"id"`
	ApplicationID string `json:"application_id"`
	Username      string `json:"username"`
	DisplayName   string `json:"display_name,omitempty"` // default the username
	Email         string `json:"email,omitempty"`
	Disabled      bool   `json:"disabled,omitempty"`
}

// FixturePermission is a grant on a fixture mailbox.
type FixturePermission struct {
	MailboxID   string   `json:"mailbox_id"`
	GranteeID   string   `json:"grantee_id"`
	Permissions []string `json:"permissions"`
	// Automapping of a full_access grant; absent means true, as in the API.
	Automapping *bool `json:"automapping,omitempty"`
}

// DemoFixtureIDs are the fixed IDs of the built-in demo fixtures (DemoFixtures).
type DemoFixtureIDs struct {
	// Customers.
	Acme               string // Hosted Exchange enabled; plans "Shared Mailbox" and "Standard"
	Globex             string // Hosted Exchange enabled; plan "Standard" only (no shared mailboxes: R2)
	Initech            string // Hosted Exchange disabled
	NoPlanCustomer     string // = Globex
	NoExchangeCustomer string // = Initech
	// Users of Acme.
	Alice string // role user, mailbox alice@acme.example on "Standard"
	Bob   string // role user, mailbox bob@acme.example on "Standard"
	Admin string // role admin: the principal of the admin token
	// Applications (no application users in the demo set).
	B2BGateway string // "b2b-gateway"
	Archiver   string // "archiver"
	SecondApp  string // = Archiver
}

// DemoIDs are the IDs of the demo fixtures. Objects created later get random IDs.
var DemoIDs = DemoFixtureIDs{
	Acme:               "cus_ac3e000000000001",
	Globex:             "cus_610be00000000002",
	Initech:            "cus_1417ec0000000003",
	NoPlanCustomer:     "cus_610be00000000002",
	NoExchangeCustomer: "cus_1417ec0000000003",
	Alice:              "usr_a11ce00000000001",
	Bob:                "usr_b0b0000000000002",
	Admin:              "usr_ad31a00000000003",
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

// DemoFixtures returns a fresh copy of the built-in demo set: Acme (Hosted Exchange with the "Shared
// Mailbox" and "Standard" plans) with regular users alice and bob (provisioned Standard mailboxes) and the
// administrator "admin"; Globex (Hosted Exchange without the Shared Mailbox plan); Initech (Hosted Exchange
// disabled); the applications "b2b-gateway" and "archiver". IDs are in DemoIDs.
func DemoFixtures() *Fixtures {
	shared := api.UserPlan{Name: PlanSharedMailbox, Description: "A mailbox shared by a group, with a shared calendar",
		MailboxSizeMB: 51200, SharedMailbox: true}
	standard := api.UserPlan{Name: PlanStandard, Description: "A personal mailbox", MailboxSizeMB: 10240}
	return &Fixtures{
		Customers: []FixtureCustomer{
			{ID: DemoIDs.Acme, Name: "Acme", HostedExchangeEnabled: true, UserPlans: []api.UserPlan{shared, standard}},
			{ID: DemoIDs.Globex, Name: "Globex", HostedExchangeEnabled: true, UserPlans: []api.UserPlan{standard}},
			{ID: DemoIDs.Initech, Name: "Initech", UserPlans: []api.UserPlan{}},
		},
		Users: []FixtureUser{
			{ID: DemoIDs.Alice, CustomerID: DemoIDs.Acme, Username: "alice", FirstName: "Alice", LastName: "Liddell",
				Role: api.RoleUser, HostedExchange: &api.HostedExchangeSpec{UserPlan: PlanStandard, PrimaryEmail: AliceEmail, EmailAliases: []string{}}},
			{ID: DemoIDs.Bob, CustomerID: DemoIDs.Acme, Username: "bob", FirstName: "Bob", LastName: "Builder",
				Role: api.RoleUser, HostedExchange: &api.HostedExchangeSpec{UserPlan: PlanStandard, PrimaryEmail: BobEmail, EmailAliases: []string{}}},
			{ID: DemoIDs.Admin, CustomerID: DemoIDs.Acme, Username: "admin", FirstName: "Portal", LastName: "Administrator",
				Role: api.RoleAdmin},
		},
		Applications: []api.Application{
			{ID: DemoIDs.B2BGateway, Name: "b2b-gateway", Description: "Business-to-business message gateway"},
			{ID: DemoIDs.Archiver, Name: "archiver", Description: "Mail archiving service"},
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
	for i, a := range f.Applications {
		b.application(fmt.Sprintf("applications[%d]", i), a)
	}
	for i, u := range f.Users {
		b.user(fmt.Sprintf("users[%d]", i), u)
	}
	for i, a := range f.ApplicationUsers {
		b.appUser(fmt.Sprintf("application_users[%d]", i), a)
	}
	for i, p := range f.Permissions {
		b.permission(fmt.Sprintf("permissions[%d]", i), p)
	}
	for i, m := range f.Mail {
		b.mail(fmt.Sprintf("mail[%d]", i), m)
	}
	if st.adminID == "" {
		b.fe.add("users", "at least one user needs role %q: the admin token acts as the first one", api.RoleAdmin)
	}
	if err := b.fe.err(); err != nil {
		return nil, fmt.Errorf("invalid fixtures: %w", err)
	}
	return st, nil
}
