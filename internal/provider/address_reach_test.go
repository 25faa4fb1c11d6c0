package provider

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/csportal/terraform-provider-portal/internal/api"
	"github.com/csportal/terraform-provider-portal/internal/client"
	"github.com/csportal/terraform-provider-portal/internal/mockportal"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
)

// The plan-time address check tells nothing of customers the token cannot reach (R14): with a token of Acme,
// an address that Globex's shared mailbox holds is as free as one nobody holds — no error, no warning, the
// same outcome — while a token that reaches both customers is told it belongs to another customer.
func TestCheckAddressesFree_outOfReach(t *testing.T) {
	ts := mockportal.NewTestServer(t)
	checkAs := func(token string, address string) diag.Diagnostics {
		t.Helper()
		c, err := client.New(client.Config{Endpoint: ts.URL, Token: token, MaxRetries: -1})
		if err != nil {
			t.Fatal(err)
		}
		d := newProviderData(c, newBatchReads(false))
		m := mailboxAddresses{customerID: mockportal.DemoIDs.Acme, username: "team",
			wanted: []wantedAddress{{address, path.Root("email_aliases")}}}
		var diags diag.Diagnostics
		d.checkAddressesFree(context.Background(), m, &diags)
		return diags
	}
	const held, free = "info@globex.example", "nobody@globex.example" // held: Globex's shared mailbox (GlobexMailbox)

	acme := ts.Token(t, mockportal.DemoIDs.Admin) // reaches Acme alone
	for _, address := range []string{held, free} {
		if diags := checkAs(acme, address); len(diags) != 0 {
			t.Errorf("with a token of Acme, %s gave %v; want nothing, as for an address nobody holds", address, diags)
		}
	}

	reseller := ts.Token(t, mockportal.DemoIDs.ResellerAdmin) // reaches Acme and Globex
	diags := checkAs(reseller, held)
	if diags.ErrorsCount() != 1 || !strings.Contains(diags.Errors()[0].Detail(), "belongs to an object of another customer") {
		t.Errorf("with the reseller's token, %s gave %v; want it refused as another customer's", held, diags)
	}
	if got := checkAs(reseller, free); len(got) != 0 {
		t.Errorf("with the reseller's token, %s gave %v; want nothing", free, got)
	}
}

// A refusal at apply that names a holder the token cannot read (404) says nothing of it: not whose it is,
// nor that it is another customer's.
func TestAddAddressTakenError_holderOutOfReach(t *testing.T) {
	ts := mockportal.NewTestServer(t)
	c, err := client.New(client.Config{Endpoint: ts.URL, Token: ts.Token(t, mockportal.DemoIDs.Admin), MaxRetries: -1})
	if err != nil {
		t.Fatal(err)
	}
	d := newProviderData(c, newBatchReads(false))
	m := mailboxAddresses{customerID: mockportal.DemoIDs.Acme, username: "team",
		wanted: []wantedAddress{{"team@acme.example", path.Root("email_address")}}}
	refusal := &client.Error{Method: http.MethodPut, Path: "/users/usr_0000000000000001/hosted-exchange",
		Status: http.StatusConflict, Code: api.CodeAlreadyExists, Detail: "an address is taken",
		ExistingID: mockportal.DemoIDs.GlobexMailbox}
	var diags diag.Diagnostics
	if !d.addAddressTakenError(context.Background(), &diags, "Cannot provision", m, refusal) {
		t.Fatal("a 409 already_exists was not reported as a taken address")
	}
	got := diags.Errors()[0].Detail()
	for _, want := range []string{"the provider's token cannot read the object it names", "Choose another address"} {
		if !strings.Contains(got, want) {
			t.Errorf("the refusal lacks %q:\n%s", want, got)
		}
	}
	for _, not := range []string{"another customer", "belongs to an object", "belongs to shared", "Globex", "globex", "shared mailbox", "personal"} {
		if strings.Contains(got, not) {
			t.Errorf("the refusal says %q of a holder out of reach:\n%s", not, got)
		}
	}
}
