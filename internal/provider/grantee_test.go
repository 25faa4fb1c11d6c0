package provider

import (
	"context"
	"strings"
	"testing"

	"github.com/csportal/terraform-provider-portal/internal/api"
	"github.com/csportal/terraform-provider-portal/internal/client"
	"github.com/csportal/terraform-provider-portal/internal/mockportal"
	"github.com/hashicorp/terraform-plugin-framework/diag"
)

// The plan-time checks stop almost every refused grant before it reaches the portal. When one gets through
// anyway (the portal changed between plan and apply, or a lookup failed at plan time), the portal's
// refusal must read as the plan-time check would have.
func TestPortalRefusalsOfGrantsReadLikeThePlanTimeChecks(t *testing.T) {
	ts := mockportal.NewTestServer(t)
	mailbox := mockportal.DemoIDs.Alice
	orders, err := ts.CreateApplicationUser(mockportal.DemoIDs.B2BGateway, api.ApplicationUserCreate{CustomerID: mockportal.DemoIDs.Acme, Username: "orders"})
	if err != nil {
		t.Fatal(err)
	}
	providerWith := func(token string) *providerData {
		c, err := client.New(client.Config{Endpoint: ts.URL, Token: token, MaxRetries: -1})
		if err != nil {
			t.Fatal(err)
		}
		return newProviderData(c, newBatchReads(false))
	}
	admin, alice := providerWith(ts.AdminToken), providerWith(ts.Token(t, mockportal.DemoIDs.Alice))

	for _, tc := range []struct {
		name    string
		d       *providerData
		grantee string
		perms   []string
		want    []string
	}{
		{"R12 administrator grantee", admin, mockportal.DemoIDs.Admin, []string{"view"}, []string{
			"user " + mockportal.DemoIDs.Admin + " is an administrator; administrators have all permissions and cannot be granted any",
			adminGranteeAdvice,
		}},
		{"R11 application user", admin, orders.ID, []string{"create_messages", "view"}, []string{
			"permissions[1]: view is not an application permission",
			applicationPermissionsAdvice,
		}},
		{"R10 regular user's token", alice, mockportal.DemoIDs.Bob, []string{"view"}, []string{
			"403 not_an_administrator",
			`the provider's API token belongs to user alice (` + mockportal.DemoIDs.Alice + `) with role "user", which is not an administrator`,
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := tc.d.client.PutPermission(context.Background(), mailbox, tc.grantee, tc.perms)
			if err == nil {
				t.Fatal("the portal accepted the grant")
			}
			var diags diag.Diagnostics
			tc.d.addPermissionError(context.Background(), &diags, "Cannot grant permissions", err)
			if len(diags) != 1 {
				t.Fatalf("got %d diagnostics, want 1: %v", len(diags), diags)
			}
			for _, want := range tc.want {
				if !strings.Contains(diags[0].Detail(), want) {
					t.Errorf("detail does not say %q:\n%s", want, diags[0].Detail())
				}
			}
		})
	}
}
