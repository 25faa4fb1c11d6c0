package client

import (
	"context"
	"encoding/json"
	"iter"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"testing"

	"github.com/csportal/terraform-provider-portal/internal/api"
)

// TestEndpoints checks that each domain method sends the method, path, query and body of the API, with
// the headers every request needs, as the OpenAPI contract allows, and decodes the answer.
func TestEndpoints(t *testing.T) {
	yes := true
	name := "Shared Box"
	const page = "page_size=500"
	for _, tc := range []struct {
		name     string
		call     func(context.Context, *Client) (any, error)
		method   string
		uri      string
		body     string // JSON, "" for none
		key      bool   // carries an Idempotency-Key
		response string
	}{
		{"Me", func(ctx context.Context, c *Client) (any, error) { return c.Me(ctx) },
			"GET", "/me", "", false, `{"id":"usr_0000000000000001","kind":"user","role":"admin","name":"ops",` +
				`"customer":{"id":"cus_0000000000000001","name":"Northwind Hosting","code":"NORTHWIND"},` +
				`"reach":{"root":{"id":"cus_0000000000000001","name":"Northwind Hosting","code":"NORTHWIND"},"subtree":true,"read_only":false}}`},
		{"ListCustomers", func(ctx context.Context, c *Client) (any, error) { return c.ListCustomers(ctx, "Acme & Co") },
			"GET", "/customers?name=Acme+%26+Co&" + page, "", false, `{"items":[{"id":"cus_0000000000000001"}],"next_page_token":""}`},
		{"ListCustomers all", func(ctx context.Context, c *Client) (any, error) { return c.ListCustomers(ctx, "") },
			"GET", "/customers?" + page, "", false, `{"items":[],"next_page_token":""}`},
		{"FindCustomers by code", func(ctx context.Context, c *Client) (any, error) {
			return c.FindCustomers(ctx, CustomerFilter{Code: "ACME"})
		}, "GET", "/customers?code=ACME&" + page, "", false,
			`{"items":[{"id":"cus_0000000000000002","name":"Acme","hosted_exchange_enabled":true,"parent_id":"cus_0000000000000001","code":"ACME","domains":["acme.example"],"username_suffix":false}],"next_page_token":""}`},
		{"GetCustomer", func(ctx context.Context, c *Client) (any, error) { return c.GetCustomer(ctx, "cus_0000000000000001") },
			"GET", "/customers/cus_0000000000000001", "", false, `{"id":"cus_0000000000000001","hosted_exchange_enabled":true}`},
		{"ListUserPlans", func(ctx context.Context, c *Client) (any, error) { return c.ListUserPlans(ctx, "cus_0000000000000001") },
			"GET", "/customers/cus_0000000000000001/user-plans?" + page, "", false, `{"items":[{"name":"Shared Mailbox","shared_mailbox":true}]}`},
		{"CreateUser", func(ctx context.Context, c *Client) (any, error) {
			return c.CreateUser(ctx, api.UserCreate{CustomerID: "cus_0000000000000001", Username: "shared", FirstName: "S", LastName: "B", Password: "pw-123456789012", LoginEnabled: &yes})
		}, "POST", "/users", `{"customer_id":"cus_0000000000000001","username":"shared","first_name":"S","last_name":"B","password":"pw-123456789012","login_enabled":true}`, true, `{"id":"usr_0000000000000001"}`},
		{"GetUser", func(ctx context.Context, c *Client) (any, error) { return c.GetUser(ctx, "usr_0000000000000001") },
			"GET", "/users/usr_0000000000000001", "", false, `{"id":"usr_0000000000000001","login_enabled":false}`},
		{"ListUsers", func(ctx context.Context, c *Client) (any, error) {
			return c.ListUsers(ctx, UserFilter{CustomerID: "cus_0000000000000001", Email: "a+b@example.com"})
		}, "GET", "/users?customer_id=cus_0000000000000001&email=a%2Bb%40example.com&" + page, "", false, `{"items":[{"id":"usr_0000000000000001"}]}`},
		{"UpdateUser", func(ctx context.Context, c *Client) (any, error) {
			return c.UpdateUser(ctx, "usr_0000000000000001", api.UserPatch{DisplayName: &name, LoginEnabled: &yes})
		}, "PATCH", "/users/usr_0000000000000001", `{"display_name":"Shared Box","login_enabled":true}`, true, `{"id":"usr_0000000000000001"}`},
		{"UpdateUser conditional", func(ctx context.Context, c *Client) (any, error) {
			return c.UpdateUser(ctx, "usr_0000000000000001", api.UserPatch{LoginEnabled: new(false), IfLoginVersion: new(int64(7)),
				CreationMark: new("tf1.x")})
		}, "PATCH", "/users/usr_0000000000000001", `{"login_enabled":false,"creation_mark":"tf1.x","if_login_version":7}`, true,
			`{"id":"usr_0000000000000001","login_version":8}`},
		{"DeleteUser", func(ctx context.Context, c *Client) (any, error) {
			return nil, c.DeleteUser(ctx, "usr_0000000000000001")
		},
			"DELETE", "/users/usr_0000000000000001", "", false, ""},
		{"GetHostedExchange", func(ctx context.Context, c *Client) (any, error) {
			return c.GetHostedExchange(ctx, "usr_0000000000000001")
		},
			"GET", "/users/usr_0000000000000001/hosted-exchange", "", false, `{"user_id":"usr_0000000000000001","provisioning_status":"provisioned","calendar":{"name":"S Calendar","shared":true}}`},
		{"PutHostedExchange", func(ctx context.Context, c *Client) (any, error) {
			return c.PutHostedExchange(ctx, "usr_0000000000000001", api.HostedExchangeSpec{UserPlan: "Shared Mailbox", PrimaryEmail: "s@example.com", EmailAliases: []string{"t@example.com"}})
		}, "PUT", "/users/usr_0000000000000001/hosted-exchange", `{"user_plan":"Shared Mailbox","primary_email":"s@example.com","email_aliases":["t@example.com"]}`, false, `{"id":"job_0000000000000001","status":"requested"}`},
		{"DeleteHostedExchange", func(ctx context.Context, c *Client) (any, error) {
			return c.DeleteHostedExchange(ctx, "usr_0000000000000001")
		},
			"DELETE", "/users/usr_0000000000000001/hosted-exchange", "", false, `{"id":"job_0000000000000002","operation":"deprovision"}`},
		{"GetJob", func(ctx context.Context, c *Client) (any, error) { return c.GetJob(ctx, "job_0000000000000001") },
			"GET", "/jobs/job_0000000000000001", "", false, `{"id":"job_0000000000000001","status":"provisioned"}`},
		{"ListPermissions", func(ctx context.Context, c *Client) (any, error) {
			return c.ListPermissions(ctx, "usr_0000000000000001")
		},
			"GET", "/users/usr_0000000000000001/hosted-exchange/permissions?" + page, "", false, `{"items":[{"grantee_id":"usr_0000000000000002","permissions":["view"]}]}`},
		{"GetPermission", func(ctx context.Context, c *Client) (any, error) {
			return c.GetPermission(ctx, "usr_0000000000000001", "apu_0000000000000002")
		},
			"GET", "/users/usr_0000000000000001/hosted-exchange/permissions/apu_0000000000000002", "", false, `{"grantee_id":"apu_0000000000000002","permissions":["create_messages"]}`},
		{"PutPermission", func(ctx context.Context, c *Client) (any, error) {
			return c.PutPermission(ctx, "usr_0000000000000001", "usr_0000000000000002", []string{"view", "send_as"})
		}, "PUT", "/users/usr_0000000000000001/hosted-exchange/permissions/usr_0000000000000002", `{"permissions":["view","send_as"]}`, false, `{"grantee_id":"usr_0000000000000002"}`},
		{"PutGrant", func(ctx context.Context, c *Client) (any, error) {
			return c.PutGrant(ctx, "usr_0000000000000001", "usr_0000000000000002", api.PermissionSpec{Permissions: []string{"full_access"}, Automapping: new(false)})
		}, "PUT", "/users/usr_0000000000000001/hosted-exchange/permissions/usr_0000000000000002", `{"permissions":["full_access"],"automapping":false}`, false, `{"grantee_id":"usr_0000000000000002","automapping":false}`},
		{"PatchMailboxSettings", func(ctx context.Context, c *Client) (any, error) {
			return c.PatchMailboxSettings(ctx, "usr_0000000000000001", api.MailboxSettings{ForwardingAddress: "a@example.com", ForwardingKeepCopy: true}.SetAll())
		}, "PATCH", "/users/usr_0000000000000001/hosted-exchange", `{"forwarding_address":"a@example.com","forwarding_keep_copy":true,"keep_sent_as_copy":false,"keep_sent_on_behalf_copy":false,"hidden_from_address_lists":false}`, false, `{"user_id":"usr_0000000000000001","forwarding_address":"a@example.com","forwarding_keep_copy":true}`},
		{"DeletePermission", func(ctx context.Context, c *Client) (any, error) {
			return nil, c.DeletePermission(ctx, "usr_0000000000000001", "usr_0000000000000002")
		},
			"DELETE", "/users/usr_0000000000000001/hosted-exchange/permissions/usr_0000000000000002", "", false, ""},
		{"ListSubmailboxPermissions", func(ctx context.Context, c *Client) (any, error) {
			return c.ListPermissions(ctx, "smb_0000000000000001")
		},
			"GET", "/submailboxes/smb_0000000000000001/permissions?" + page, "", false, `{"items":[{"mailbox_id":"smb_0000000000000001","grantee_id":"usr_0000000000000002","permissions":["view"]}]}`},
		{"GetSubmailboxPermission", func(ctx context.Context, c *Client) (any, error) {
			return c.GetPermission(ctx, "smb_0000000000000001", "usr_0000000000000002")
		},
			"GET", "/submailboxes/smb_0000000000000001/permissions/usr_0000000000000002", "", false, `{"mailbox_id":"smb_0000000000000001","grantee_id":"usr_0000000000000002","permissions":["view"]}`},
		{"PutSubmailboxPermission", func(ctx context.Context, c *Client) (any, error) {
			return c.PutPermission(ctx, "smb_0000000000000001", "apu_0000000000000002", []string{"create_messages"})
		}, "PUT", "/submailboxes/smb_0000000000000001/permissions/apu_0000000000000002", `{"permissions":["create_messages"]}`, false, `{"grantee_id":"apu_0000000000000002"}`},
		{"DeleteSubmailboxPermission", func(ctx context.Context, c *Client) (any, error) {
			return nil, c.DeletePermission(ctx, "smb_0000000000000001", "usr_0000000000000002")
		},
			"DELETE", "/submailboxes/smb_0000000000000001/permissions/usr_0000000000000002", "", false, ""},
		{"CreateSubmailbox", func(ctx context.Context, c *Client) (any, error) {
			return c.CreateSubmailbox(ctx, "usr_0000000000000001", api.SubmailboxCreate{Name: "2026", ParentID: "smb_0000000000000001"})
		}, "POST", "/users/usr_0000000000000001/hosted-exchange/submailboxes", `{"name":"2026","parent_id":"smb_0000000000000001"}`, true, `{"id":"smb_0000000000000002","parent_id":"smb_0000000000000001","name":"2026","path":"Invoices/2026"}`},
		{"CreateSubmailbox top level", func(ctx context.Context, c *Client) (any, error) {
			return c.CreateSubmailbox(ctx, "usr_0000000000000001", api.SubmailboxCreate{Name: "Invoices"})
		}, "POST", "/users/usr_0000000000000001/hosted-exchange/submailboxes", `{"name":"Invoices"}`, true, `{"id":"smb_0000000000000001","parent_id":"","name":"Invoices","path":"Invoices"}`},
		{"ListSubmailboxes", func(ctx context.Context, c *Client) (any, error) {
			return c.ListSubmailboxes(ctx, "usr_0000000000000001")
		},
			"GET", "/users/usr_0000000000000001/hosted-exchange/submailboxes?" + page, "", false, `{"items":[{"id":"smb_0000000000000001","path":"Invoices"}],"next_page_token":""}`},
		{"GetSubmailbox", func(ctx context.Context, c *Client) (any, error) { return c.GetSubmailbox(ctx, "smb_0000000000000001") },
			"GET", "/submailboxes/smb_0000000000000001", "", false, `{"id":"smb_0000000000000001","mailbox_id":"usr_0000000000000001","name":"Invoices","path":"Invoices","version":3}`},
		{"UpdateSubmailbox", func(ctx context.Context, c *Client) (any, error) {
			return c.UpdateSubmailbox(ctx, "smb_0000000000000001", api.SubmailboxPatch{Name: &name})
		}, "PATCH", "/submailboxes/smb_0000000000000001", `{"name":"Shared Box"}`, false, `{"id":"smb_0000000000000001","name":"Shared Box"}`},
		{"DeleteSubmailbox", func(ctx context.Context, c *Client) (any, error) {
			return nil, c.DeleteSubmailbox(ctx, "smb_0000000000000001")
		},
			"DELETE", "/submailboxes/smb_0000000000000001", "", false, ""},
		{"ListApplications", func(ctx context.Context, c *Client) (any, error) { return c.ListApplications(ctx, "crm") },
			"GET", "/applications?name=crm&" + page, "", false, `{"items":[{"id":"app_0000000000000001","name":"crm"}]}`},
		{"GetApplication", func(ctx context.Context, c *Client) (any, error) {
			return c.GetApplication(ctx, "app_0000000000000001")
		},
			"GET", "/applications/app_0000000000000001", "", false, `{"id":"app_0000000000000001"}`},
		{"CreateApplicationUser", func(ctx context.Context, c *Client) (any, error) {
			return c.CreateApplicationUser(ctx, "app_0000000000000001", api.ApplicationUserCreate{Username: "bot", Email: "bot@example.com", Password: "pw-123456789012"})
		}, "POST", "/applications/app_0000000000000001/users", `{"username":"bot","email":"bot@example.com","password":"pw-123456789012"}`, true, `{"id":"apu_0000000000000001"}`},
		{"ListApplicationUsers", func(ctx context.Context, c *Client) (any, error) {
			return c.ListApplicationUsers(ctx, "app_0000000000000001", "bot")
		},
			"GET", "/applications/app_0000000000000001/users?" + page + "&username=bot", "", false, `{"items":[{"id":"apu_0000000000000001"}]}`},
		{"FindApplicationUsers of a customer", func(ctx context.Context, c *Client) (any, error) {
			return c.FindApplicationUsers(ctx, "app_0000000000000001", ApplicationUserFilter{Username: "bot", CustomerID: "cus_0000000000000002"})
		},
			"GET", "/applications/app_0000000000000001/users?customer_id=cus_0000000000000002&" + page + "&username=bot", "", false,
			`{"items":[{"id":"apu_0000000000000001","customer_id":"cus_0000000000000002"}]}`},
		{"CreateApplicationUser for a customer", func(ctx context.Context, c *Client) (any, error) {
			return c.CreateApplicationUser(ctx, "app_0000000000000001", api.ApplicationUserCreate{CustomerID: "cus_0000000000000002", Username: "bot"})
		}, "POST", "/applications/app_0000000000000001/users", `{"customer_id":"cus_0000000000000002","username":"bot"}`, true,
			`{"id":"apu_0000000000000001","customer_id":"cus_0000000000000002"}`},
		{"GetApplicationUser", func(ctx context.Context, c *Client) (any, error) {
			return c.GetApplicationUser(ctx, "app_0000000000000001", "apu_0000000000000001")
		},
			"GET", "/applications/app_0000000000000001/users/apu_0000000000000001", "", false, `{"id":"apu_0000000000000001","enabled":true}`},
		{"UpdateApplicationUser", func(ctx context.Context, c *Client) (any, error) {
			return c.UpdateApplicationUser(ctx, "app_0000000000000001", "apu_0000000000000001", api.ApplicationUserPatch{Enabled: &yes})
		}, "PATCH", "/applications/app_0000000000000001/users/apu_0000000000000001", `{"enabled":true}`, false, `{"id":"apu_0000000000000001"}`},
		{"DeleteApplicationUser", func(ctx context.Context, c *Client) (any, error) {
			return nil, c.DeleteApplicationUser(ctx, "app_0000000000000001", "apu_0000000000000001")
		},
			"DELETE", "/applications/app_0000000000000001/users/apu_0000000000000001", "", false, ""},
		{"EachCustomerMailbox", func(ctx context.Context, c *Client) (any, error) {
			return collect(c.EachCustomerMailbox(ctx, "cus_0000000000000001", true, 0))
		},
			"GET", "/customers/cus_0000000000000001/mailboxes?" + page + "&shared_mailbox=true", "", false,
			`{"items":[{"user":{"id":"usr_0000000000000001"},"hosted_exchange":{"user_id":"usr_0000000000000001","provisioning_status":"provisioned"}}],"next_page_token":""}`},
		{"EachCustomerMailbox every mailbox", func(ctx context.Context, c *Client) (any, error) {
			return collect(c.EachCustomerMailbox(ctx, "cus_0000000000000001", false, 20))
		},
			"GET", "/customers/cus_0000000000000001/mailboxes?page_size=20", "", false, `{"items":[],"next_page_token":""}`},
		{"EachCustomerMailbox of a subtree", func(ctx context.Context, c *Client) (any, error) {
			return collect(c.EachCustomerMailbox(ctx, "cus_0000000000000001", true, 0, Subtree()))
		},
			"GET", "/customers/cus_0000000000000001/mailboxes?" + page + "&shared_mailbox=true&subtree=true", "", false, `{"items":[],"next_page_token":""}`},
		{"EachCustomerPermission of a subtree", func(ctx context.Context, c *Client) (any, error) {
			return collect(c.EachCustomerPermission(ctx, "cus_0000000000000001", false, 0, Subtree()))
		},
			"GET", "/customers/cus_0000000000000001/permissions?" + page + "&subtree=true", "", false, `{"items":[],"next_page_token":""}`},
		{"EachCustomerSubmailbox of a subtree", func(ctx context.Context, c *Client) (any, error) {
			return collect(c.EachCustomerSubmailbox(ctx, "cus_0000000000000001", 0, Subtree()))
		},
			"GET", "/customers/cus_0000000000000001/submailboxes?" + page + "&subtree=true", "", false, `{"items":[],"next_page_token":""}`},
		{"EachCustomerPermission", func(ctx context.Context, c *Client) (any, error) {
			return collect(c.EachCustomerPermission(ctx, "cus_0000000000000001", true, 0))
		},
			"GET", "/customers/cus_0000000000000001/permissions?" + page + "&shared_mailbox=true", "", false,
			`{"items":[{"mailbox_id":"smb_0000000000000001","customer_id":"cus_0000000000000001","grantee_id":"usr_0000000000000002","permissions":["view"]}]}`},
		{"EachPermission of a submailbox", func(ctx context.Context, c *Client) (any, error) {
			return collect(c.EachPermission(ctx, "smb_0000000000000001", 7))
		},
			"GET", "/submailboxes/smb_0000000000000001/permissions?page_size=7", "", false, `{"items":[{"grantee_id":"apu_0000000000000002","permissions":["create_messages"]}]}`},
		{"EachApplicationUser", func(ctx context.Context, c *Client) (any, error) {
			return collect(c.EachApplicationUser(ctx, "app_0000000000000001", 0))
		},
			"GET", "/applications/app_0000000000000001/users?" + page, "", false, `{"items":[{"id":"apu_0000000000000001","enabled":true}]}`},
		{"EachCustomerSubmailbox", func(ctx context.Context, c *Client) (any, error) {
			return collect(c.EachCustomerSubmailbox(ctx, "cus_0000000000000001", 0))
		},
			"GET", "/customers/cus_0000000000000001/submailboxes?" + page, "", false, `{"items":[{"id":"smb_0000000000000001","mailbox_id":"usr_0000000000000001","path":"Invoices"}]}`},
		{"EachSubmailbox", func(ctx context.Context, c *Client) (any, error) {
			return collect(c.EachSubmailbox(ctx, "usr_0000000000000001", 0))
		},
			"GET", "/users/usr_0000000000000001/hosted-exchange/submailboxes?" + page, "", false, `{"items":[{"id":"smb_0000000000000001","path":"Invoices"}]}`},
		{"GetCalendar", func(ctx context.Context, c *Client) (any, error) { return c.GetCalendar(ctx, "usr_0000000000000001") },
			"GET", "/users/usr_0000000000000001/hosted-exchange/calendar", "", false, `{"name":"S Calendar","shared":true,"default_access":"none","version":4}`},
		{"SetCalendarDefaultAccess", func(ctx context.Context, c *Client) (any, error) {
			return c.SetCalendarDefaultAccess(ctx, "usr_0000000000000001", "limited_details")
		}, "PATCH", "/users/usr_0000000000000001/hosted-exchange/calendar", `{"default_access":"limited_details"}`, false, `{"name":"S Calendar","shared":true,"default_access":"limited_details","version":5}`},
		{"ListCalendarPermissions", func(ctx context.Context, c *Client) (any, error) {
			return c.ListCalendarPermissions(ctx, "usr_0000000000000001")
		},
			"GET", "/users/usr_0000000000000001/hosted-exchange/calendar/permissions?" + page, "", false, `{"items":[{"grantee_id":"usr_0000000000000002","access":"reviewer"}]}`},
		{"EachCalendarPermission", func(ctx context.Context, c *Client) (any, error) {
			return collect(c.EachCalendarPermission(ctx, "usr_0000000000000001", 3))
		},
			"GET", "/users/usr_0000000000000001/hosted-exchange/calendar/permissions?page_size=3", "", false, `{"items":[{"grantee_id":"usr_0000000000000002","access":"reviewer"}]}`},
		{"GetCalendarPermission", func(ctx context.Context, c *Client) (any, error) {
			return c.GetCalendarPermission(ctx, "usr_0000000000000001", "usr_0000000000000002")
		},
			"GET", "/users/usr_0000000000000001/hosted-exchange/calendar/permissions/usr_0000000000000002", "", false, `{"grantee_id":"usr_0000000000000002","access":"editor","delegate":true}`},
		{"PutCalendarPermission", func(ctx context.Context, c *Client) (any, error) {
			return c.PutCalendarPermission(ctx, "usr_0000000000000001", "usr_0000000000000002",
				api.CalendarPermissionSpec{Access: "editor", Delegate: true, SeePrivateItems: true})
		}, "PUT", "/users/usr_0000000000000001/hosted-exchange/calendar/permissions/usr_0000000000000002", `{"access":"editor","delegate":true,"see_private_items":true}`, false, `{"grantee_id":"usr_0000000000000002","access":"editor","delegate":true,"see_private_items":true}`},
		{"PutCalendarPermission reviewer", func(ctx context.Context, c *Client) (any, error) {
			return c.PutCalendarPermission(ctx, "usr_0000000000000001", "usr_0000000000000002", api.CalendarPermissionSpec{Access: "reviewer"})
		}, "PUT", "/users/usr_0000000000000001/hosted-exchange/calendar/permissions/usr_0000000000000002", `{"access":"reviewer"}`, false, `{"grantee_id":"usr_0000000000000002","access":"reviewer"}`},
		{"DeleteCalendarPermission", func(ctx context.Context, c *Client) (any, error) {
			return nil, c.DeleteCalendarPermission(ctx, "usr_0000000000000001", "usr_0000000000000002")
		},
			"DELETE", "/users/usr_0000000000000001/hosted-exchange/calendar/permissions/usr_0000000000000002", "", false, ""},
		{"EachCustomerCalendarPermission", func(ctx context.Context, c *Client) (any, error) {
			return collect(c.EachCustomerCalendarPermission(ctx, "cus_0000000000000001", "", 0))
		},
			"GET", "/customers/cus_0000000000000001/calendar-permissions?" + page, "", false, `{"items":[{"mailbox_id":"usr_0000000000000001","grantee_id":"usr_0000000000000002","access":"owner"}]}`},
		{"EachCustomerCalendarPermission of a grantee", func(ctx context.Context, c *Client) (any, error) {
			return collect(c.EachCustomerCalendarPermission(ctx, "cus_0000000000000001", "usr_0000000000000002", 0))
		},
			"GET", "/customers/cus_0000000000000001/calendar-permissions?grantee_id=usr_0000000000000002&" + page, "", false, `{"items":[]}`},
		{"EachCustomerCalendarPermission of a grantee in a subtree", func(ctx context.Context, c *Client) (any, error) {
			return collect(c.EachCustomerCalendarPermission(ctx, "cus_0000000000000001", "usr_0000000000000002", 0, Subtree()))
		},
			"GET", "/customers/cus_0000000000000001/calendar-permissions?grantee_id=usr_0000000000000002&" + page + "&subtree=true", "", false, `{"items":[]}`},
		{"EachGranteePermission in a subtree", func(ctx context.Context, c *Client) (any, error) {
			return collect(c.EachGranteePermission(ctx, "cus_0000000000000001", "usr_0000000000000002", 0, Subtree()))
		},
			"GET", "/customers/cus_0000000000000001/permissions?grantee_id=usr_0000000000000002&" + page + "&subtree=true", "", false, `{"items":[]}`},
		{"EachGranteePermission", func(ctx context.Context, c *Client) (any, error) {
			return collect(c.EachGranteePermission(ctx, "cus_0000000000000001", "apu_0000000000000002", 0))
		},
			"GET", "/customers/cus_0000000000000001/permissions?grantee_id=apu_0000000000000002&" + page, "", false, `{"items":[{"mailbox_id":"usr_0000000000000001","grantee_id":"apu_0000000000000002","permissions":["create_messages"]}]}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rec := &recorder{answer: func(w http.ResponseWriter, _ *http.Request, _ int) {
				if tc.response == "" {
					w.WriteHeader(http.StatusNoContent)
					return
				}
				w.Header().Set("Content-Type", api.ContentTypeJSON)
				_, _ = w.Write([]byte(tc.response))
			}}
			c := newTestClient(t, rec)
			got, err := tc.call(context.Background(), c)
			if err != nil {
				t.Fatal(err)
			}
			reqs := rec.all()
			if len(reqs) != 1 {
				t.Fatalf("%d requests, want 1", len(reqs))
			}
			r := reqs[0]
			if r.Method != tc.method || r.URI != api.BasePath+tc.uri {
				t.Errorf("sent %s %s, want %s %s", r.Method, r.URI, tc.method, api.BasePath+tc.uri)
			}
			if r.Body != tc.body {
				t.Errorf("body %s, want %s", r.Body, tc.body)
			}
			checkHeaders(t, r, tc.body != "", tc.key)
			checkContract(t, r)
			if tc.response != "" {
				checkDecoded(t, got, tc.response)
			}
		})
	}
}

func checkHeaders(t *testing.T, r recorded, hasBody, hasKey bool) {
	t.Helper()
	want := map[string]string{
		"Authorization": "Bearer " + canaryToken,
		"User-Agent":    "terraform-provider-portal/test",
		"Accept":        "application/json",
	}
	if hasBody {
		want["Content-Type"] = "application/json"
	}
	for k, v := range want {
		if got := r.Header.Get(k); got != v {
			t.Errorf("%s: %q, want %q", k, got, v)
		}
	}
	if !hasBody && r.Header.Get("Content-Type") != "" {
		t.Errorf("Content-Type %q on a request without a body", r.Header.Get("Content-Type"))
	}
	if key := r.Header.Get(api.HeaderIdempotencyKey); (key != "") != hasKey {
		t.Errorf("Idempotency-Key %q; want one: %v", key, hasKey)
	}
}

// checkDecoded compares what a method returned with the JSON the server sent (as items for lists).
func checkDecoded(t *testing.T, got any, response string) {
	t.Helper()
	var sent map[string]json.RawMessage
	_ = json.Unmarshal([]byte(response), &sent)
	want := response
	if items, ok := sent["items"]; ok {
		want = string(items)
	}
	// Round-trip both through the returned type, so that fields the response left out compare equal.
	decoded := func(s string) string {
		v := newLike(got)
		if err := json.Unmarshal([]byte(s), v); err != nil {
			t.Fatalf("decoding %s: %v", s, err)
		}
		b, _ := json.Marshal(v)
		return string(b)
	}
	gotJSON, _ := json.Marshal(got)
	if decoded(want) != string(gotJSON) {
		t.Errorf("returned %s, want %s", gotJSON, decoded(want))
	}
}

func TestPathSegmentsEscaped(t *testing.T) {
	rec := &recorder{answer: func(w http.ResponseWriter, _ *http.Request, _ int) { writeJSON(w, 200, api.ApplicationUser{}) }}
	c := newTestClient(t, rec)
	if _, err := c.GetApplicationUser(context.Background(), "app_0000000000000001/../../me", "a b?c=d#e"); err != nil {
		t.Fatal(err)
	}
	want := api.BasePath + "/applications/" + url.PathEscape("app_0000000000000001/../../me") + "/users/" + url.PathEscape("a b?c=d#e")
	if got := rec.all()[0].URI; got != want {
		t.Errorf("sent %s, want %s", got, want)
	}
}

func TestEmptyOrDotIDRefused(t *testing.T) {
	rec := &recorder{answer: func(w http.ResponseWriter, _ *http.Request, _ int) { writeJSON(w, 200, api.User{}) }}
	c := newTestClient(t, rec)
	for _, id := range []string{"", ".", ".."} {
		_, err := c.GetUser(context.Background(), id)
		if err == nil || !strings.Contains(err.Error(), "invalid ID") {
			t.Errorf("GetUser(%q): got %v; want the ID refused", id, err)
		}
	}
	if err := c.DeletePermission(context.Background(), "usr_0000000000000001", ""); err == nil {
		t.Error("an empty grantee must not turn into a DELETE of the list")
	}
	if rec.count() != 0 {
		t.Errorf("%d requests sent; want none", rec.count())
	}
}

func TestPaginationFollowed(t *testing.T) {
	pages := map[string]api.Page[api.User]{
		"":   {Items: []api.User{{ID: "usr_0000000000000001"}, {ID: "usr_0000000000000002"}}, NextPageToken: "p2"},
		"p2": {Items: []api.User{{ID: "usr_0000000000000003"}}, NextPageToken: "p3"},
		"p3": {Items: []api.User{{ID: "usr_0000000000000004"}}},
	}
	rec := &recorder{answer: func(w http.ResponseWriter, r *http.Request, _ int) {
		writeJSON(w, 200, pages[r.URL.Query().Get("page_token")])
	}}
	c := newTestClient(t, rec)
	users, err := c.ListUsers(context.Background(), UserFilter{Username: "shared"})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, u := range users {
		ids = append(ids, u.ID)
	}
	if strings.Join(ids, ",") != "usr_0000000000000001,usr_0000000000000002,usr_0000000000000003,usr_0000000000000004" {
		t.Errorf("got %v; want all four users in order", ids)
	}
	for i, r := range rec.all() {
		q := mustQuery(t, r.URI)
		if q.Get("username") != "shared" || q.Get("page_size") != "500" || q.Get("page_token") != []string{"", "p2", "p3"}[i] {
			t.Errorf("page %d: query %v", i, q)
		}
	}
}

// A caller that stops walking a list early asks for no further page: a list resource's limit costs the
// pages it needs, not the whole list.
func TestEachStopsWhenTheCallerStops(t *testing.T) {
	rec := &recorder{answer: func(w http.ResponseWriter, r *http.Request, _ int) {
		next := "p" + r.URL.Query().Get("page_token")
		writeJSON(w, 200, api.Page[api.ApplicationUser]{Items: []api.ApplicationUser{{ID: "apu_0000000000000001"}, {ID: "apu_0000000000000002"}}, NextPageToken: next})
	}}
	c := newTestClient(t, rec)
	n := 0
	for _, err := range c.EachApplicationUser(context.Background(), "app_0000000000000001", 2) {
		if err != nil {
			t.Fatal(err)
		}
		if n++; n == 3 {
			break
		}
	}
	if rec.count() != 2 {
		t.Fatalf("%d requests for 3 items in pages of 2; want 2", rec.count())
	}
}

// An error ends the walk: it is yielded once, after the items that came before it.
func TestEachYieldsTheErrorLast(t *testing.T) {
	rec := &recorder{answer: func(w http.ResponseWriter, r *http.Request, _ int) {
		if r.URL.Query().Get("page_token") == "" {
			writeJSON(w, 200, api.Page[api.Submailbox]{Items: []api.Submailbox{{ID: "smb_0000000000000001"}}, NextPageToken: "p2"})
			return
		}
		writeJSON(w, http.StatusNotFound, api.Problem{Status: http.StatusNotFound, Code: api.CodeNotFound, Detail: "gone"})
	}}
	c := newTestClient(t, rec)
	var items, errs int
	for _, err := range c.EachSubmailbox(context.Background(), "usr_0000000000000001", 0) {
		if err != nil {
			errs++
			if !IsNotFound(err) {
				t.Errorf("error %v; want the portal's 404", err)
			}
			continue
		}
		items++
	}
	if items != 1 || errs != 1 {
		t.Fatalf("%d items and %d errors; want the first page's item, then one error", items, errs)
	}
}

// collect drains a walk into a slice, stopping at the first error.
func collect[T any](seq iter.Seq2[T, error]) ([]T, error) {
	out := []T{}
	for item, err := range seq {
		if err != nil {
			return nil, err
		}
		out = append(out, item)
	}
	return out, nil
}

func TestPaginationLoopStops(t *testing.T) {
	rec := &recorder{answer: func(w http.ResponseWriter, _ *http.Request, _ int) {
		writeJSON(w, 200, api.Page[api.Customer]{Items: []api.Customer{{ID: "cus_0000000000000001"}}, NextPageToken: "again"})
	}}
	c := newTestClient(t, rec)
	_, err := c.ListCustomers(context.Background(), "")
	if err == nil || !strings.Contains(err.Error(), `page token "again" twice`) || rec.count() != 2 {
		t.Fatalf("got %v after %d requests; want the loop detected on the second page", err, rec.count())
	}
}

func TestEmptyListIsNotNil(t *testing.T) {
	rec := &recorder{answer: func(w http.ResponseWriter, _ *http.Request, _ int) { _, _ = w.Write([]byte(`{"items":null}`)) }}
	c := newTestClient(t, rec)
	got, err := c.ListApplications(context.Background(), "")
	if err != nil || got == nil || len(got) != 0 {
		t.Fatalf("got %#v, %v; want an empty, non-nil list", got, err)
	}
}

func mustQuery(t *testing.T, uri string) url.Values {
	t.Helper()
	u, err := url.Parse(uri)
	if err != nil {
		t.Fatal(err)
	}
	return u.Query()
}

// newLike returns a pointer to a new zero value of v's type.
func newLike(v any) any { return reflect.New(reflect.TypeOf(v)).Interface() }

// AfterWrite hears of every call that writes, failed ones too (a write may commit although its answer is
// lost), and of no read.
func TestAfterWrite(t *testing.T) {
	rec := &recorder{answer: func(w http.ResponseWriter, r *http.Request, _ int) {
		if r.Method == http.MethodDelete {
			writeJSON(w, http.StatusConflict, api.Problem{Status: http.StatusConflict, Code: api.CodeUserDisabled, Detail: "disabled"})
			return
		}
		writeJSON(w, 200, api.User{ID: "usr_0000000000000001"})
	}}
	writes := 0
	c := newTestClient(t, rec, func(cfg *Config) { cfg.AfterWrite = func() { writes++ } })
	ctx := context.Background()
	if _, err := c.GetUser(ctx, "usr_0000000000000001"); err != nil {
		t.Fatal(err)
	}
	if _, err := collect(c.EachCustomerMailbox(ctx, "cus_0000000000000001", false, 0)); err != nil {
		t.Fatal(err)
	}
	if writes != 0 {
		t.Fatalf("%d writes heard after reads", writes)
	}
	yes := true
	if _, err := c.UpdateUser(ctx, "usr_0000000000000001", api.UserPatch{LoginEnabled: &yes}); err != nil {
		t.Fatal(err)
	}
	if err := c.DeletePermission(ctx, "usr_0000000000000001", "usr_0000000000000002"); err == nil {
		t.Fatal("the refused DELETE succeeded")
	}
	if writes != 2 {
		t.Fatalf("%d writes heard, want 2 (a PATCH, and a DELETE the portal refused)", writes)
	}
}
