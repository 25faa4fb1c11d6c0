package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/csportal/terraform-provider-portal/internal/api"
	"github.com/csportal/terraform-provider-portal/internal/customtypes"
	"github.com/csportal/terraform-provider-portal/internal/mockportal"
)

// A mailbox's remains are a user at its natural key: the plan's customer and the username that customer
// stores for the plan's (R17: Initech appends its code). A user of another customer, or of another name,
// is never its remains, even when it carries the configuration's very mark.
func TestRemainsOfMailboxKey(t *testing.T) {
	ts := mockportal.NewTestServer(t)
	d := providerOn(t, ts, ts.AdminToken)
	plan := func(customerID, username string) sharedMailboxModel {
		var m sharedMailboxModel
		m.CustomerID = types.StringValue(customerID)
		m.Username = customtypes.NewCaseInsensitiveStringValue(username)
		return m
	}
	initech, acme := mockportal.DemoIDs.Initech, mockportal.DemoIDs.Acme
	for name, tc := range map[string]struct {
		plan               sharedMailboxModel
		customerID, stored string // the user met: its customer, and the name it was created with
		wantVerdict        remains
		wantAtKey          bool
	}{
		"the stored form of the name":   {plan(initech, "Info"), initech, "info", ownRemains, true},
		"the name as stored already":    {plan(initech, "desk_initech"), initech, "desk_initech", ownRemains, true},
		"no suffix without the setting": {plan(acme, "desk"), acme, "desk_acme", unmarked, false},
		"another name":                  {plan(initech, "Info"), initech, "sales", unmarked, false},
		"another customer":              {plan(initech, "info"), acme, "info", unmarked, false},
	} {
		t.Run(name, func(t *testing.T) {
			mark := newCreationMark(mailboxFingerprint(tc.plan, api.HostedExchangeSpec{}))
			u, err := ts.CreateUser(api.UserCreate{CustomerID: tc.customerID, Username: tc.stored, Password: "correct-horse-battery",
				CreationMark: newCreationMark(mark.fingerprint).String()}) // an interrupted create's own nonce
			if err != nil {
				t.Fatal(err)
			}
			verdict, atKey, err := d.remainsOfMailbox(t.Context(), u, tc.plan, mark)
			if err != nil || verdict != tc.wantVerdict || atKey != tc.wantAtKey {
				t.Errorf("user %s (%s of %s): verdict %v, at key %v, %v; want %v, %v", u.ID, u.Username, u.CustomerID,
					verdict, atKey, err, tc.wantVerdict, tc.wantAtKey)
			}
		})
	}
}

// An application user's remains are a record of the plan's application, customer and username; a record
// of another customer is never adopted, whatever mark it carries. Without customer_id in the plan, the
// portal's 409 answers for the token's own customer, the one the record is then made for.
func TestRemainsOfApplicationUserKey(t *testing.T) {
	d := &providerData{}
	plan := func(customerID string) applicationUserModel {
		var m applicationUserModel
		m.ApplicationID = types.StringValue(mockportal.DemoIDs.B2BGateway)
		m.CustomerID = types.StringValue(customerID)
		if customerID == "" {
			m.CustomerID = types.StringUnknown()
		}
		m.Username = customtypes.NewCaseInsensitiveStringValue("Gateway")
		return m
	}
	record := func(appID, customerID, username string, mark creationMark) api.ApplicationUser {
		return api.ApplicationUser{ID: "apu_0000000000000001", ApplicationID: appID, CustomerID: customerID, Username: username,
			CreationMark: newCreationMark(mark.fingerprint).String()}
	}
	acme, globex, b2b := mockportal.DemoIDs.Acme, mockportal.DemoIDs.Globex, mockportal.DemoIDs.B2BGateway
	for name, tc := range map[string]struct {
		plan                        applicationUserModel
		appID, customerID, username string
		want                        remains
	}{
		"its own remains":              {plan(acme), b2b, acme, "gateway", ownRemains},
		"the token's customer":         {plan(""), b2b, globex, "gateway", ownRemains},
		"a record of another customer": {plan(acme), b2b, globex, "gateway", unmarked},
		"another application":          {plan(acme), mockportal.DemoIDs.Archiver, acme, "gateway", unmarked},
		"another name":                 {plan(acme), b2b, acme, "orders", unmarked},
	} {
		mark := newCreationMark(applicationUserFingerprint(tc.plan))
		if got := d.remainsOfApplicationUser(record(tc.appID, tc.customerID, tc.username, mark), tc.plan, mark); got != tc.want {
			t.Errorf("%s: %v, want %v", name, got, tc.want)
		}
	}
}
