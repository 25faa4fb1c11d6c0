package provider_test

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/csportal/terraform-provider-portal/internal/acctest"
	"github.com/csportal/terraform-provider-portal/internal/api"
	"github.com/csportal/terraform-provider-portal/internal/mockportal"
)

// TestAccDisplayName_followsThePortal is the sentence of the resource pages' Drift sections: display_name
// follows the portal while the configuration leaves it out — a name edited by hand is taken into the state
// and the plan stays empty — and is drift once the configuration sets it. So for portal_shared_mailbox and
// portal_application_user, whose display_name the portal chooses when none is given.
func TestAccDisplayName_followsThePortal(t *testing.T) {
	ts := acctest.NewMock(t)
	appUser := "portal_application_user.test"
	config := func(displayName string) string {
		// The application user is Acme's, as the mailbox: an application user is a record of one customer.
		mailbox, user := infoMailbox(), []string{acmeRecord}
		if displayName != "" {
			mailbox = mailbox.with(`display_name = "` + displayName + `"`)
			user = append(user, `display_name = "`+displayName+`"`)
		}
		return acctest.Config(ts, mailbox.String(), appUserConfig(mockportal.DemoIDs.B2BGateway, "gateway", user...))
	}
	var mailboxID, userID string
	rename := func(name string) func() {
		return func() {
			_, err := ts.UpdateUser(mailboxID, api.UserPatch{DisplayName: &name})
			operatorMust(t, err)
			_, err = ts.UpdateApplicationUser(userID, api.ApplicationUserPatch{DisplayName: &name})
			operatorMust(t, err)
		}
	}
	displayNames := func(mailbox, user string) []statecheck.StateCheck {
		return []statecheck.StateCheck{
			expectMailboxAttr("display_name", knownvalue.StringExact(mailbox)),
			statecheck.ExpectKnownValue(appUser, tfjsonpath.New("display_name"), knownvalue.StringExact(user)),
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             acctest.CheckSharedMailboxesDestroyed(ts),
		Steps: []resource.TestStep{
			{
				// Left out: the portal's choices.
				Config:            config(""),
				ConfigStateChecks: displayNames("Info Desk", "gateway"),
				Check: resource.ComposeAggregateTestCheckFunc(saveMailboxID(&mailboxID),
					acctest.WithID(appUser, func(id string) error { userID = id; return nil })),
			},
			{
				// Renamed by hand: followed, no diff.
				PreConfig:         rename("Front Office"),
				Config:            config(""),
				ConfigPlanChecks:  resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				ConfigStateChecks: displayNames("Front Office", "Front Office"),
			},
			{
				// Set in the configuration: held.
				Config: config("Info Desk"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(mailboxAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectResourceAction(appUser, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: displayNames("Info Desk", "Info Desk"),
			},
			{
				// Renamed by hand again: now drift, set back.
				PreConfig: rename("Someone Else"),
				Config:    config("Info Desk"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(mailboxAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectResourceAction(appUser, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: displayNames("Info Desk", "Info Desk"),
			},
		},
	})
}
