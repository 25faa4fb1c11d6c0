package provider

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/csportal/terraform-provider-portal/internal/api"
	"github.com/csportal/terraform-provider-portal/internal/client"
	"github.com/csportal/terraform-provider-portal/internal/mockportal"
)

// The rule of changeMailbox between provider processes, each test with two providers on one portal: the
// one under test and another state's (or an operator's) acting between its requests through the mock's hooks.

const routePatchUser = "PATCH /api/v1/users/{id}"

// providerOn returns the shared state of a provider process on the test server with token.
func providerOn(t *testing.T, ts *mockportal.TestServer, token string) *providerData {
	t.Helper()
	c, err := client.New(client.Config{Endpoint: ts.URL, Token: token, MaxRetries: -1})
	if err != nil {
		t.Fatal(err)
	}
	return newProviderData(c, newBatchReads(false))
}

// disabledMailbox makes a provisioned shared mailbox whose login rests disabled, as an operator would.
func disabledMailbox(t *testing.T, ts *mockportal.TestServer, username string) string {
	t.Helper()
	u, err := ts.CreateUser(api.UserCreate{CustomerID: mockportal.DemoIDs.Acme, Username: username, Password: "correct-horse-battery"})
	if err != nil {
		t.Fatal(err)
	}
	if job, err := ts.PutHostedExchange(u.ID, api.HostedExchangeSpec{UserPlan: mockportal.PlanSharedMailbox,
		PrimaryEmail: username + "@acme.example"}); err != nil || job.Status != api.JobProvisioned {
		t.Fatalf("provisioning %s: %+v, %v", username, job, err)
	}
	if err := ts.SetLoginEnabled(u.ID, false); err != nil {
		t.Fatal(err)
	}
	return u.ID
}

// enablesLogin reports whether a request turns a login on.
func enablesLogin(req mockportal.HookRequest) bool {
	return req.Route == routePatchUser && bytes.Contains(req.Body, []byte(`"login_enabled":true`))
}

// A token that is not an administrator's cannot enable the login for a change (403): the portal never
// enabled it, so the error must not say that the mailbox is left with its login enabled, and the provider
// must not try to disable what it never enabled.
func TestRefusedEnableIsNoOpenLogin(t *testing.T) {
	ts := mockportal.NewTestServer(t)
	mailbox := disabledMailbox(t, ts, "info")
	alice := providerOn(t, ts, ts.Token(t, mockportal.DemoIDs.Alice))
	ts.ResetStats()

	err := alice.changeMailbox(t.Context(), mailbox, nil, func(ctx context.Context) error {
		_, err := alice.client.PutPermission(ctx, mailbox, mockportal.DemoIDs.Bob, []string{api.PermissionView})
		return err
	})
	if !client.HasCode(err, api.CodeNotAnAdministrator) {
		t.Fatalf("error %v, want the 403 not_an_administrator of the enable", err)
	}
	if errors.Is(err, errRestoreFailed) || strings.Contains(err.Error(), "ENABLED") {
		t.Errorf("a refused enable is reported as a login left open: %v", err)
	}
	if n := ts.Stats().Requests[routePatchUser]; n != 1 {
		t.Errorf("%d PATCHes of the user, want 1 (the refused enable; nothing to disable)", n)
	}
	if u, _ := ts.User(mailbox); u.LoginEnabled {
		t.Error("the login is enabled")
	}
}

// Another state's owner turns the mailbox's login on (its configuration now says login_enabled = true)
// while this run's grant has the login enabled for its change: this run's closing disable must not undo
// it. Before login versions, the dance that began first ended last with a disable, and the owner's state
// recorded true while the portal held false.
func TestDanceLeavesAnOwnersLoginOn(t *testing.T) {
	var owner *providerData
	var mailbox string
	var turnedOn atomic.Bool
	ts := mockportal.NewTestServer(t, mockportal.Options{Hooks: &mockportal.Hooks{
		After: func(req mockportal.HookRequest, status int) {
			if status == 200 && enablesLogin(req) && req.PathValue("id") == mailbox && !turnedOn.Swap(true) {
				if err := owner.setLogin(context.Background(), mailbox, true); err != nil {
					t.Errorf("the owner's enable: %v", err)
				}
			}
		},
	}})
	mailbox = disabledMailbox(t, ts, "info")
	owner = providerOn(t, ts, ts.AdminToken)
	dancer := providerOn(t, ts, ts.AdminToken)

	err := dancer.changeMailbox(t.Context(), mailbox, nil, func(ctx context.Context) error {
		_, err := dancer.client.PutPermission(ctx, mailbox, mockportal.DemoIDs.Bob, []string{api.PermissionView})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if !turnedOn.Load() {
		t.Fatal("the owner never acted: the test tested nothing")
	}
	if u, _ := ts.User(mailbox); !u.LoginEnabled {
		t.Error("the owner turned the login on during another run's change, and that change's end turned it off again")
	}
	if g := ts.Permissions(mailbox); len(g) != 1 {
		t.Errorf("grants %+v, want bob's", g)
	}
}

// The owner found the login enabled by another run's dance and rests enabled itself: it writes the login,
// so that the other run's closing disable misses, and the mailbox ends as the owner's configuration says.
func TestOwnerRestingEnabledOutlastsADance(t *testing.T) {
	ts := mockportal.NewTestServer(t)
	mailbox := disabledMailbox(t, ts, "info")
	owner := providerOn(t, ts, ts.AdminToken)
	// Another run's dance: its conditional enable, then (after the owner's change) its conditional disable.
	other, err := ts.UpdateUser(mailbox, api.UserPatch{LoginEnabled: ptr(true), IfLoginVersion: ptr(int64(2))})
	if err != nil {
		t.Fatal(err)
	}
	wantOn := true
	if err := owner.changeMailbox(t.Context(), mailbox, &wantOn, func(ctx context.Context) error {
		_, err := owner.client.PutPermission(ctx, mailbox, mockportal.DemoIDs.Bob, []string{api.PermissionView})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	_, err = ts.UpdateUser(mailbox, api.UserPatch{LoginEnabled: ptr(false), IfLoginVersion: &other.LoginVersion})
	if !errors.As(err, new(*mockportal.Error)) || !strings.Contains(err.Error(), "if_login_version") {
		t.Errorf("the other run's disable after the owner's change: %v, want a refusal on the login version", err)
	}
	if u, _ := ts.User(mailbox); !u.LoginEnabled {
		t.Error("the mailbox whose configuration enables its login ended disabled")
	}
}
