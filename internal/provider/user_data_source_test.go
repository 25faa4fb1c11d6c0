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
	"github.com/csportal/terraform-provider-portal/internal/mockportal"
)

// TestAccUserDataSource refuses lookups that are ambiguous or match nobody, and finds a user by ID, by
// customer and username, and by email address (both without regard to case), keeping the spelling of the
// configuration.
func TestAccUserDataSource(t *testing.T) {
	ts := acctest.NewMock(t)
	alice := func(addr string) []statecheck.StateCheck {
		return []statecheck.StateCheck{
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("id"), knownvalue.StringExact(mockportal.DemoIDs.Alice)),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("customer_id"), knownvalue.StringExact(mockportal.DemoIDs.Acme)),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("first_name"), knownvalue.StringExact("Alice")),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("last_name"), knownvalue.StringExact("Liddell")),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("role"), knownvalue.StringExact("user")),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("login_enabled"), knownvalue.Bool(true)),
		}
	}
	checks := append(append(alice("data.portal_user.by_id"), alice("data.portal_user.by_username")...), alice("data.portal_user.by_email")...)
	checks = append(checks,
		statecheck.ExpectKnownValue("data.portal_user.by_id", tfjsonpath.New("email"), knownvalue.StringExact(mockportal.AliceEmail)),
		statecheck.ExpectKnownValue("data.portal_user.by_id", tfjsonpath.New("username"), knownvalue.StringExact("alice")),
		statecheck.ExpectKnownValue("data.portal_user.by_username", tfjsonpath.New("username"), knownvalue.StringExact("ALICE")),
		statecheck.ExpectKnownValue("data.portal_user.by_email", tfjsonpath.New("email"), knownvalue.StringExact("Alice@Acme.Example")),
		statecheck.ExpectKnownValue("data.portal_user.admin", tfjsonpath.New("role"), knownvalue.StringExact("admin")),
		statecheck.ExpectKnownValue("data.portal_user.admin", tfjsonpath.New("email"), knownvalue.Null()),
	)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: acctest.Config(ts, fmt.Sprintf(`data "portal_user" "test" {
  id    = %q
  email = "alice@acme.example"
}`, mockportal.DemoIDs.Alice)),
				ExpectError: regexp.MustCompile(`Exactly one of these attributes must be configured:\s+\[id,username,email\]`),
			},
			{
				Config:      acctest.Config(ts, `data "portal_user" "test" { username = "alice" }`),
				ExpectError: regexp.MustCompile(`(?s)Missing customer_id.*A lookup of portal_user by username needs a customer\.\s+Set\s+customer_id\s+in\s+this\s+block`),
			},
			{
				Config:      acctest.Config(ts, `data "portal_user" "test" { email = "nobody@acme.example" }`),
				ExpectError: regexp.MustCompile(`0 users match email nobody@acme.example; the lookup must match exactly one`),
			},
			{
				Config: acctest.Config(ts, fmt.Sprintf(`
data "portal_user" "by_id" {
  id = %[1]q
}

data "portal_user" "by_username" {
  customer_id = %[2]q
  username    = "ALICE"
}

data "portal_user" "by_email" {
  email = "Alice@Acme.Example"
}

data "portal_user" "admin" {
  id = %[3]q
}
`, mockportal.DemoIDs.Alice, mockportal.DemoIDs.Acme, mockportal.DemoIDs.Admin)),
				ConfigStateChecks: checks,
			},
		},
	})
}
