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

func TestAccApplicationDataSource(t *testing.T) {
	ts := acctest.NewMock(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      acctest.Config(ts, `data "portal_application" "x" { name = "crm" }`),
				ExpectError: regexp.MustCompile(`(?s)No application is named "crm";.*applications are\s+"archiver",\s+"b2b-gateway"`),
			},
			{
				Config:      acctest.Config(ts, `data "portal_application" "x" { id = "app_00000000000000ff" }`),
				ExpectError: regexp.MustCompile(`Cannot read application app_00000000000000ff`),
			},
			{
				Config:      acctest.Config(ts, `data "portal_application" "x" {}`),
				ExpectError: regexp.MustCompile(`Exactly one of these attributes must be configured: \[id,name\]`),
			},
			{
				Config: acctest.Config(ts, fmt.Sprintf(`
data "portal_application" "by_name" {
  name = "B2B-Gateway"
}

data "portal_application" "by_id" {
  id = %q
}
`, mockportal.DemoIDs.Archiver)),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.portal_application.by_name", tfjsonpath.New("id"), knownvalue.StringExact(mockportal.DemoIDs.B2BGateway)),
					// The configured spelling stays: the name matched without regard to case.
					statecheck.ExpectKnownValue("data.portal_application.by_name", tfjsonpath.New("name"), knownvalue.StringExact("B2B-Gateway")),
					statecheck.ExpectKnownValue("data.portal_application.by_name", tfjsonpath.New("description"), knownvalue.StringExact("Business-to-business message gateway")),
					statecheck.ExpectKnownValue("data.portal_application.by_id", tfjsonpath.New("name"), knownvalue.StringExact("archiver")),
					statecheck.ExpectKnownValue("data.portal_application.by_id", tfjsonpath.New("description"), knownvalue.StringExact("Mail archiving service")),
				},
			},
		},
	})
}
