package provider

import (
	"context"
	"strings"
	"testing"

	"github.com/csportal/terraform-provider-portal/internal/api"
	"github.com/csportal/terraform-provider-portal/internal/client"
	"github.com/csportal/terraform-provider-portal/internal/mockportal"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
)

// A plan of many mailboxes asks the portal once per address it adds, however many of them ask for it, and
// each mailbox that asks for a taken one is refused.
func TestCheckAddressesFree_oneLookupPerAddress(t *testing.T) {
	ts := mockportal.NewTestServer(t)
	c, err := client.New(client.Config{Endpoint: ts.URL, Token: ts.AdminToken, MaxRetries: -1})
	if err != nil {
		t.Fatal(err)
	}
	d := newProviderData(c, newBatchReads(false))
	ts.ResetStats()
	wants := func(addresses ...string) mailboxAddresses {
		m := mailboxAddresses{customerID: mockportal.DemoIDs.Acme, username: "team"}
		for _, a := range addresses {
			m.wanted = append(m.wanted, wantedAddress{a, path.Root("email_aliases")})
		}
		return m
	}
	var refused int
	for _, m := range []mailboxAddresses{
		wants("one@acme.example", "shared@acme.example"),
		wants("two@acme.example", "Shared@Acme.Example", mockportal.BobEmail),
		wants("three@acme.example", "shared@acme.example", "BOB@acme.example"),
	} {
		var diags diag.Diagnostics
		d.checkAddressesFree(context.Background(), m, &diags)
		refused += diags.ErrorsCount()
	}
	if refused != 2 {
		t.Errorf("%d refusals, want 2: the two mailboxes that ask for bob's address", refused)
	}
	// one, two, three, shared and bob's: five lookups. Classifying bob's address as his personal mailbox
	// reads his service and the customer's plans once each time it is refused.
	if got := ts.Stats().Requests["GET /api/v1/users"]; got != 5 {
		t.Errorf("GET /users was asked %d times, want 5, one per distinct address: %v", got, ts.Stats().Requests)
	}
}

// The advice fits the holder: only a shared mailbox of the same customer is offered as one to import, and
// of another customer's object nothing is named but the address.
func TestAddressHolderAdvice(t *testing.T) {
	sales := api.User{ID: "usr_5a1e500000000001", CustomerID: mockportal.DemoIDs.Acme, Username: "sales"}
	alice := api.User{ID: mockportal.DemoIDs.Alice, CustomerID: mockportal.DemoIDs.Acme, Username: "alice"}
	for _, tc := range []struct {
		name     string
		holder   addressHolder
		username string
		want     []string
		wantNot  []string
	}{
		{"shared mailbox with the resource's username", addressHolder{address: "sales@acme.example", kind: heldBySharedMailbox, user: sales}, "Sales",
			[]string{"belongs to shared mailbox usr_5a1e500000000001 (username \"sales\")", "It has this resource's username",
				"import {\n    to = portal_shared_mailbox.NAME\n    id = \"usr_5a1e500000000001\"\n  }",
				`after "with portal_shared_mailbox."`, "terraform import portal_shared_mailbox.NAME usr_5a1e500000000001",
				"unless another Terraform configuration manages it"},
			[]string{"set username to that"}},
		{"shared mailbox of another username", addressHolder{address: "sales@acme.example", kind: heldBySharedMailbox, user: sales}, "helpdesk",
			[]string{`its username is "sales": set username to that`, "import {", "Otherwise choose another address"}, nil},
		{"personal mailbox", addressHolder{address: mockportal.AliceEmail, kind: heldByPersonalMailbox, user: alice}, "helpdesk",
			[]string{"belongs to the personal mailbox of user " + alice.ID + ` (username "alice")`,
				"cannot be imported as this shared mailbox", "Choose another address"},
			[]string{"import {", "terraform import"}},
		{"another customer's object", addressHolder{address: "ceo@globex.example", kind: heldByOtherCustomer}, "helpdesk",
			[]string{"The address ceo@globex.example belongs to an object of another customer", "choose another address"},
			[]string{"usr_", "cus_", "import"}},
		{"out of the token's sight", addressHolder{kind: heldOutOfSight}, "helpdesk",
			[]string{"The portal refused one of the mailbox's addresses as taken; the provider's token cannot read the object it names", "Choose another address"},
			[]string{"usr_", "import", "another customer"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := tc.holder.advice(tc.username)
			for _, w := range tc.want {
				if !strings.Contains(got, w) {
					t.Errorf("advice lacks %q:\n%s", w, got)
				}
			}
			for _, w := range tc.wantNot {
				if strings.Contains(got, w) {
					t.Errorf("advice says %q, which it must not:\n%s", w, got)
				}
			}
		})
	}
	for _, kind := range []holderKind{addressFree, heldBySelf} {
		if h := (addressHolder{kind: kind}); h.taken() || h.advice("x") != "" {
			t.Errorf("kind %d: taken %v, advice %q; want free of advice", kind, h.taken(), h.advice("x"))
		}
	}
}

// A create re-planned by the apply while the same process deletes the holder of its address (a block renamed
// without a moved block: Terraform destroys the old object and creates the new one in parallel, and plans the
// create again before making it) is not refused: the delete frees the address, and the create waits for it.
func TestCheckAddressesFree_holderDeletedHere(t *testing.T) {
	ts := mockportal.NewTestServer(t)
	c, err := client.New(client.Config{Endpoint: ts.URL, Token: ts.AdminToken, MaxRetries: -1})
	if err != nil {
		t.Fatal(err)
	}
	d := newProviderData(c, newBatchReads(false))
	// bob's mailbox holds his address; this process has started to delete him (the delete is under way).
	m := mailboxAddresses{customerID: mockportal.DemoIDs.Acme, username: "bob", fingerprint: "0123",
		wanted: []wantedAddress{{mockportal.BobEmail, path.Root("email_address")}}}
	var before diag.Diagnostics
	d.checkAddressesFree(context.Background(), m, &before)
	if before.ErrorsCount() != 1 {
		t.Fatalf("bob's address before any delete: %d errors, want 1 (taken)", before.ErrorsCount())
	}
	done := d.deleting(mockportal.DemoIDs.Bob)
	defer done()
	var during diag.Diagnostics
	d.checkAddressesFree(context.Background(), m, &during)
	if during.HasError() {
		t.Errorf("the holder is being deleted by this process, yet the plan refuses its address: %v", during)
	}
}
