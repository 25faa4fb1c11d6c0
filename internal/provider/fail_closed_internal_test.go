package provider

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/csportal/terraform-provider-portal/internal/api"
	"github.com/csportal/terraform-provider-portal/internal/client"
	"github.com/csportal/terraform-provider-portal/internal/mockportal"
	"github.com/hashicorp/terraform-plugin-framework/diag"
)

func providerAt(t *testing.T, endpoint, token string) *providerData {
	t.Helper()
	c, err := client.New(client.Config{Endpoint: endpoint, Token: token, MaxRetries: -1})
	if err != nil {
		t.Fatal(err)
	}
	return newProviderData(c, newBatchReads(false))
}

// A refusal of GET /me is remembered for the process, so a refresh of 1,000 objects at a wrong endpoint
// asks once; a failure that a retry may cure (5xx, network) is not, and the portal verified later is.
func TestVerifyPortalRemembersRefusalsNotFailures(t *testing.T) {
	var calls atomic.Int32
	var status atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(int(status.Load()))
		if status.Load() == http.StatusOK {
			_, _ = w.Write([]byte(`{"id":"usr_ad31a00000000003","kind":"user","role":"admin","name":"admin"}`))
		}
	}))
	t.Cleanup(srv.Close)
	ctx := context.Background()

	status.Store(http.StatusNotFound)
	refused := providerAt(t, srv.URL+"/api/v2", "token")
	for range 3 {
		_, err := refused.verifyPortal(ctx)
		var r *portalRefusal
		if !errors.As(err, &r) || client.IsNotFound(err) {
			t.Fatalf("verifyPortal = %v, want a *portalRefusal that is no 404", err)
		}
	}
	if n := calls.Swap(0); n != 1 {
		t.Errorf("a refused GET /me was asked %d times, want once", n)
	}

	status.Store(http.StatusServiceUnavailable)
	flaky := providerAt(t, srv.URL+"/api/v1", "token")
	for range 2 {
		if _, err := flaky.verifyPortal(ctx); err == nil || isRefusal(err) {
			t.Fatalf("verifyPortal = %v, want the 503 itself", err)
		}
	}
	status.Store(http.StatusOK)
	for range 2 {
		if me, err := flaky.verifyPortal(ctx); err != nil || me.Name != "admin" {
			t.Fatalf("verifyPortal = %+v, %v; want admin", me, err)
		}
	}
	if n := calls.Load(); n != 3 {
		t.Errorf("GET /me was asked %d times, want 3: two failures, then one success remembered", n)
	}
}

// A 404 removes an object only when its owner is within reach; an owner the portal does not show makes
// it an error that names the token's principal and the owner, never a removal.
func TestConfirmAbsent(t *testing.T) {
	ts := mockportal.NewTestServer(t)
	d := providerAt(t, ts.URL, ts.Token(t, mockportal.DemoIDs.Admin)) // Acme's administrator
	ctx := context.Background()
	_, absent := d.client.GetUser(ctx, "usr_0000000000000099")
	if !client.IsNotFound(absent) {
		t.Fatalf("GetUser of an unknown user: %v, want 404", absent)
	}

	if err := d.confirmAbsent(ctx, "shared mailbox usr_0000000000000099", customerOwner(mockportal.DemoIDs.Acme), absent); !isGone(err) {
		t.Errorf("owner within reach: %v, want gone", err)
	}
	if err := d.confirmAbsent(ctx, "application user apu_0000000000000099", applicationOwner(mockportal.DemoIDs.B2BGateway), absent); !isGone(err) {
		t.Errorf("application within reach: %v, want gone", err)
	}

	hidden := "cus_0000000000000099" // as the portal answers for a customer out of reach
	err := d.confirmAbsent(ctx, "shared mailbox usr_0000000000000099", customerOwner(hidden), absent)
	var out *outOfReachError
	if !errors.As(err, &out) || isGone(err) || client.IsNotFound(err) {
		t.Fatalf("owner out of reach: %v, want an *outOfReachError", err)
	}
	for _, want := range []string{
		"The API token acts for admin (" + mockportal.DemoIDs.Admin + "), administrator of Acme (" + mockportal.DemoIDs.Acme +
			") and the customers below it; customer " + hidden + " is outside its reach",
		"Nothing is removed from the state",
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("the error does not say %q:\n%s", want, err)
		}
	}
	if got := out.Summary(); got != "Customer "+hidden+" is outside the API token's reach" {
		t.Errorf("summary %q", got)
	}

	var diags diag.Diagnostics
	if d.deletableWithinReach(ctx, &diags, "shared mailbox usr_0000000000000099", customerOwner(hidden)) || !diags.HasError() {
		t.Errorf("a delete in a customer out of reach went ahead: %v", diags)
	}

	// Globex, beside Acme under the reseller, is out of Acme's administrator's reach, as a real customer.
	if err := d.confirmAbsent(ctx, "shared mailbox usr_0000000000000099", customerOwner(mockportal.DemoIDs.Globex), absent); !errors.As(err, &out) {
		t.Errorf("Globex for Acme's administrator: %v, want out of reach", err)
	}
}

// An absence whose owner the provider does not know counts only for a token that reaches the whole portal:
// the root's administrator, not a reseller's or a customer's, whose reach GET /me reports.
func TestConfirmAbsentOwnerUnknown(t *testing.T) {
	ts := mockportal.NewTestServer(t)
	ctx := context.Background()
	for principal, whole := range map[string]bool{
		mockportal.DemoIDs.RootAdmin:     true,
		mockportal.DemoIDs.ResellerAdmin: false,
		mockportal.DemoIDs.Admin:         false,
		mockportal.DemoIDs.Alice:         false,
	} {
		d := providerAt(t, ts.URL, ts.Token(t, principal))
		_, absent := d.client.GetUser(ctx, "usr_0000000000000099")
		err := d.confirmAbsent(ctx, "the grant usr_0000000000000099/"+mockportal.DemoIDs.Alice, customerOwner(""), absent)
		var out *outOfReachError
		switch {
		case whole && !isGone(err):
			t.Errorf("%s reaches the whole portal: %v, want gone", principal, err)
		case !whole && !errors.As(err, &out):
			t.Errorf("%s reaches part of the portal: %v, want an *outOfReachError", principal, err)
		case !whole && !strings.Contains(err.Error(), "does not reach the whole portal"):
			t.Errorf("%s: the error does not say why:\n%s", principal, err)
		}
	}
}

// describeToken names the principal, its customer and its reach from GET /me alone.
func TestDescribeToken(t *testing.T) {
	ts := mockportal.NewTestServer(t)
	ctx := context.Background()
	app, err := ts.CreateApplicationUser(mockportal.DemoIDs.B2BGateway, api.ApplicationUserCreate{Username: "feed", CustomerID: mockportal.DemoIDs.Globex})
	if err != nil {
		t.Fatal(err)
	}
	for principal, want := range map[string]string{
		mockportal.DemoIDs.ResellerAdmin: "nadia (" + mockportal.DemoIDs.ResellerAdmin + "), administrator of Northwind Hosting (" +
			mockportal.DemoIDs.Reseller + ") and the customers below it",
		mockportal.DemoIDs.GlobexUser: "homer (" + mockportal.DemoIDs.GlobexUser + "), a user of Globex (" + mockportal.DemoIDs.Globex + ")",
		app.ID: "feed (" + app.ID + "), an application user of application " + mockportal.DemoIDs.B2BGateway + " for Globex (" +
			mockportal.DemoIDs.Globex + ")",
	} {
		d := providerAt(t, ts.URL, ts.Token(t, principal))
		me, err := d.verifyPortal(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if got := describeToken(me); got != want {
			t.Errorf("describeToken(%s) = %q, want %q", principal, got, want)
		}
	}
}

// An unconfigured client (endpoint known only after apply) is never taken for an answer.
func TestVerifyPortalUnconfigured(t *testing.T) {
	d := newProviderData(client.Unconfigured("the provider's endpoint depends on a value known only after apply"), newBatchReads(false))
	_, err := d.verifyPortal(context.Background())
	if !client.IsNotConfigured(err) {
		t.Fatalf("verifyPortal = %v, want not configured", err)
	}
	var diags diag.Diagnostics
	if d.verifiedForPlan(context.Background(), &diags) || len(diags) != 0 {
		t.Errorf("plan-time checks ran or complained without a portal: %v", diags)
	}
	_, err = verifiedRead(context.Background(), d, d.client.Me, func(api.Me) bool { return true })
	if !client.IsNotConfigured(err) {
		t.Errorf("verifiedRead = %v, want not configured", err)
	}
}
