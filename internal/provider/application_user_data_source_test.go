package provider_test

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/csportal/terraform-provider-portal/internal/acctest"
	"github.com/csportal/terraform-provider-portal/internal/api"
	"github.com/csportal/terraform-provider-portal/internal/mockportal"
)

func TestAccApplicationUserDataSource(t *testing.T) {
	ts := acctest.NewMock(t)
	b2b, archiver := mockportal.DemoIDs.B2BGateway, mockportal.DemoIDs.Archiver
	// R13: the same name in both applications; each lookup must find its own record.
	relay := acctest.NewApplicationUser(t, ts, b2b, "relay")
	other := acctest.NewApplicationUser(t, ts, archiver, "relay")
	disabled := false
	if _, err := ts.UpdateApplicationUser(other, api.ApplicationUserPatch{Enabled: &disabled}); err != nil {
		t.Fatal(err)
	}
	withEmail, err := ts.CreateApplicationUser(archiver, api.ApplicationUserCreate{
		Username: "indexer", DisplayName: "Indexer", Email: "indexer@acme.example"})
	if err != nil {
		t.Fatal(err)
	}
	ds := func(name string) string { return "data.portal_application_user." + name }
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: acctest.Config(ts, fmt.Sprintf(`
data "portal_application_user" "x" {
  application_id = %q
  username       = "nobody"
}
`, b2b)),
				ExpectError: regexp.MustCompile(`application ` + b2b + ` has no user named "nobody"`),
			},
			{
				// The record exists, but in the other application.
				Config: acctest.Config(ts, fmt.Sprintf(`
data "portal_application_user" "x" {
  application_id = %q
  id             = %q
}
`, b2b, withEmail.ID)),
				ExpectError: regexp.MustCompile(`Cannot find the application user`),
			},
			{
				Config:      acctest.Config(ts, `data "portal_application_user" "x" { username = "relay" }`),
				ExpectError: regexp.MustCompile(`(?s)Attribute "application_id" must be specified when "username" is\s+specified`),
			},
			{
				Config: acctest.Config(ts, fmt.Sprintf(`
data "portal_application_user" "by_name" {
  application_id = %[1]q
  username       = "Relay"
}

data "portal_application_user" "by_name_other_app" {
  application_id = %[2]q
  username       = "relay"
}

data "portal_application_user" "by_id" {
  id = %[3]q
}

data "portal_application_user" "by_id_and_app" {
  id             = %[3]q
  application_id = %[2]q
}
`, b2b, archiver, withEmail.ID)),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(ds("by_name"), tfjsonpath.New("id"), knownvalue.StringExact(relay)),
					statecheck.ExpectKnownValue(ds("by_name"), tfjsonpath.New("username"), knownvalue.StringExact("Relay")),
					statecheck.ExpectKnownValue(ds("by_name"), tfjsonpath.New("display_name"), knownvalue.StringExact("relay")),
					statecheck.ExpectKnownValue(ds("by_name"), tfjsonpath.New("email"), knownvalue.Null()),
					statecheck.ExpectKnownValue(ds("by_name"), tfjsonpath.New("enabled"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(ds("by_name_other_app"), tfjsonpath.New("id"), knownvalue.StringExact(other)),
					statecheck.ExpectKnownValue(ds("by_name_other_app"), tfjsonpath.New("enabled"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue(ds("by_id"), tfjsonpath.New("application_id"), knownvalue.StringExact(archiver)),
					statecheck.ExpectKnownValue(ds("by_id"), tfjsonpath.New("username"), knownvalue.StringExact("indexer")),
					statecheck.ExpectKnownValue(ds("by_id"), tfjsonpath.New("display_name"), knownvalue.StringExact("Indexer")),
					statecheck.ExpectKnownValue(ds("by_id"), tfjsonpath.New("email"), knownvalue.StringExact("indexer@acme.example")),
					statecheck.ExpectKnownValue(ds("by_id_and_app"), tfjsonpath.New("username"), knownvalue.StringExact("indexer")),
				},
			},
		},
	})
}

// A username names a record per customer: with several in reach the lookup needs customer_id, and a token
// of one customer finds only its own.
func TestAccApplicationUserDataSource_customer(t *testing.T) {
	ts := acctest.NewMock(t)
	b2b := mockportal.DemoIDs.B2BGateway
	acme := acctest.NewApplicationUser(t, ts, b2b, "relay")
	globex, err := ts.CreateApplicationUser(b2b, api.ApplicationUserCreate{CustomerID: mockportal.DemoIDs.Globex, Username: "relay"})
	if err != nil {
		t.Fatal(err)
	}
	lookup := func(extra string) string {
		return fmt.Sprintf(`
data "portal_application_user" "x" {
  application_id = %q
  username       = "relay"
  %s
}
`, b2b, extra)
	}
	ds := "data.portal_application_user.x"
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: acctest.Config(ts, lookup("")),
				ExpectError: regexp.MustCompile(`(?s)has 2 users named "relay", one per customer:.*` + acme + `\s+of\s+customer\s+` +
					mockportal.DemoIDs.Acme + `.*name the customer \(customer_id\)`),
			},
			{
				Config: acctest.Config(ts, lookup(fmt.Sprintf("customer_id = %q", mockportal.DemoIDs.Globex))),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("id"), knownvalue.StringExact(globex.ID)),
				},
			},
			{
				Config: acctest.Config(ts, fmt.Sprintf(`
data "portal_application_user" "x" {
  id          = %q
  customer_id = %q
}
`, acme, mockportal.DemoIDs.Globex)),
				ExpectError: regexp.MustCompile(`application user ` + acme + ` is a record of customer\s+` + mockportal.DemoIDs.Acme),
			},
			{
				// Globex's administrator reaches Globex alone: the name is Globex's record.
				Config: acctest.ProviderConfigWithToken(ts, ts.Token(t, mockportal.DemoIDs.GlobexAdmin)) + lookup(""),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("id"), knownvalue.StringExact(globex.ID)),
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("customer_id"), knownvalue.StringExact(mockportal.DemoIDs.Globex)),
				},
			},
		},
	})
}
