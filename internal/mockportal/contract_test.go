package mockportal

import (
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/csportal/terraform-provider-portal/internal/api"
)

func TestContractDocumentIsValid(t *testing.T) {
	doc, err := LoadContract()
	if err != nil {
		t.Fatal(err)
	}
	if got := doc.Servers[0].URL; got != api.BasePath {
		t.Errorf("server URL %q, want %q", got, api.BasePath)
	}
}

// Every route the mux serves is an operation of the contract, and every operation is served.
func TestContractRoutesMatchTheMux(t *testing.T) {
	doc, err := LoadContract()
	if err != nil {
		t.Fatal(err)
	}
	var inDoc []string
	for path, item := range doc.Paths.Map() {
		for method := range item.Operations() {
			inDoc = append(inDoc, method+" "+api.BasePath+path)
		}
	}
	served := RoutePatterns()
	slices.Sort(inDoc)
	slices.Sort(served)
	if !slices.Equal(inDoc, served) {
		t.Errorf("routes differ\ncontract: %s\nmux:      %s", strings.Join(inDoc, ", "), strings.Join(served, ", "))
	}
}

// The listings the soak and the bench count are routes the mock serves: a misspelt one would count 0.
func TestListingRoutesAreServed(t *testing.T) {
	served := RoutePatterns()
	for route := range ListingRoutes {
		if !slices.Contains(served, route) {
			t.Errorf("ListingRoutes names %q, which the mock does not serve", route)
		}
	}
}

// The contract's problem codes are exactly those of package api.
func TestContractProblemCodesMatchPackageAPI(t *testing.T) {
	doc, err := LoadContract()
	if err != nil {
		t.Fatal(err)
	}
	var inDoc []string
	for _, v := range doc.Components.Schemas["ProblemCode"].Value.Enum {
		inDoc = append(inDoc, v.(string))
	}
	codes := []string{api.CodeInvalidRequest, api.CodeUnauthorized, api.CodeNotAnAdministrator, api.CodeNotFound,
		api.CodeMethodNotAllowed, api.CodeAlreadyExists, api.CodeUserDisabled, api.CodeServiceProvisioned,
		api.CodeJobInProgress, api.CodeServiceNotProvisioned, api.CodeHasChildren, api.CodePreconditionFailed,
		api.CodeRequestTooLarge, api.CodeUnsupportedMediaType, api.CodePlanNotAvailable,
		api.CodeAdminHasAllPermissions, api.CodePermissionNotAllowed, api.CodePermissionsEmpty,
		api.CodeGranteeNotFound, api.CodeIdempotencyKeyReused, api.CodeRateLimited, api.CodeInternalError,
		api.CodeServiceUnavailable, api.CodeDomainNotAccepted, api.CodeGranteeOtherCustomer, api.CodeApplicationUnavailable,
		api.CodePlanTooSmall, api.CodeForwardingToOwnAddress, api.CodeExternalForwardingNotAllowed,
		api.CodeAutomappingRequiresFullAccess, api.CodeAutomappingImmutable}
	slices.Sort(inDoc)
	slices.Sort(codes)
	if !slices.Equal(inDoc, codes) {
		t.Errorf("problem codes differ\ncontract: %v\napi:      %v", inDoc, codes)
	}
	var perms []string
	for _, v := range doc.Components.Schemas["PermissionName"].Value.Enum {
		perms = append(perms, v.(string))
	}
	if !slices.Equal(perms, api.AllPermissions) {
		t.Errorf("permission names differ\ncontract: %v\napi:      %v", perms, api.AllPermissions)
	}
	for schema, values := range map[string][]string{"CalendarAccess": api.CalendarEntryAccesses, "CalendarDefaultAccess": api.CalendarDefaultAccesses} {
		var inDoc []string
		for _, v := range doc.Components.Schemas[schema].Value.Enum {
			inDoc = append(inDoc, v.(string))
		}
		if !slices.Equal(inDoc, values) {
			t.Errorf("%s differs\ncontract: %v\napi:      %v", schema, inDoc, values)
		}
	}
}

// The validator itself catches a response that drifts from the contract, an invalid request the handler
// accepted and a 2xx on an undocumented route, and stays quiet when an invalid request is refused.
func TestContractValidatorReportsViolations(t *testing.T) {
	acmeJSON := `{"id":"` + DemoIDs.Acme + `","name":"Acme","hosted_exchange_enabled":true,"parent_id":"` + DemoIDs.Reseller +
		`","code":"ACME","domains":["acme.example"],"username_suffix":false}`
	cases := []struct {
		name, method, target string
		status               int
		body                 string
		violation            bool
	}{
		{"valid", "GET", "/api/v1/customers/" + DemoIDs.Acme, 200,
			acmeJSON, false},
		{"undocumented field", "GET", "/api/v1/customers/" + DemoIDs.Acme, 200,
			strings.TrimSuffix(acmeJSON, "}") + `,"secret":1}`, true},
		{"undocumented status", "GET", "/api/v1/customers/" + DemoIDs.Acme, 418, `{}`, true},
		{"invalid request accepted", "GET", "/api/v1/customers/nope", 200,
			acmeJSON, true},
		{"invalid request refused", "GET", "/api/v1/customers/nope", 400,
			`{"type":"https://portal.example.com/problems/invalid_request","title":"Bad Request","status":400,"code":"invalid_request","detail":"x"}`, false},
		{"problem with wrong code", "GET", "/api/v1/customers/nope", 400,
			`{"type":"https://portal.example.com/problems/not_found","title":"Bad Request","status":400,"code":"not_found","detail":"x"}`, true},
		{"undocumented route", "GET", "/api/v1/secrets", 200, `{}`, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var got []error
			v, err := newContractValidator(func(err error) { got = append(got, err) })
			if err != nil {
				t.Fatal(err)
			}
			h := v.wrap(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				ct := api.ContentTypeJSON
				if tc.status >= 400 {
					ct = api.ContentTypeProblem
				}
				w.Header().Set("Content-Type", ct)
				w.WriteHeader(tc.status)
				_, _ = w.Write([]byte(tc.body))
			}))
			req := httptest.NewRequest(tc.method, tc.target, nil)
			req.Header.Set("Authorization", "Bearer x")
			h.ServeHTTP(httptest.NewRecorder(), req)
			if (len(got) > 0) != tc.violation {
				t.Errorf("violations %v, want violation=%v", got, tc.violation)
			}
		})
	}
}

// A panic becomes a 500 problem and is reported, so a contract test fails on it.
func TestPanicIsAnswered500AndReported(t *testing.T) {
	var mu sync.Mutex
	var reported []error
	p, err := New(Options{AdminToken: "t", Logger: slog.New(slog.DiscardHandler), OnContractViolation: func(err error) {
		mu.Lock()
		defer mu.Unlock()
		reported = append(reported, err)
	}})
	if err != nil {
		t.Fatal(err)
	}
	h := p.withRecover(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic("boom") }))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/api/v1/me", nil))
	r := response{Status: rec.Code, Header: rec.Header(), Body: rec.Body.Bytes()}
	r.problem(t, http.StatusInternalServerError, api.CodeInternalError)
	if len(reported) != 1 || !strings.Contains(reported[0].Error(), "boom") {
		t.Errorf("reported %v, want the panic", reported)
	}
}

func TestDemoFixtureIDsAreWellFormed(t *testing.T) {
	for prefix, ids := range map[string][]string{
		api.PrefixCustomer:    {DemoIDs.Acme, DemoIDs.Globex, DemoIDs.Initech, DemoIDs.NoPlanCustomer, DemoIDs.NoExchangeCustomer},
		api.PrefixUser:        {DemoIDs.Alice, DemoIDs.Bob, DemoIDs.Admin},
		api.PrefixApplication: {DemoIDs.B2BGateway, DemoIDs.Archiver, DemoIDs.SecondApp},
	} {
		for _, id := range ids {
			if !validID(prefix, id) {
				t.Errorf("%s is not a valid %s ID", id, prefix)
			}
		}
	}
	if _, err := buildState(DemoFixtures(), testNow); err != nil {
		t.Fatal(err)
	}
}

func TestFixturesBreakingRulesAreRefused(t *testing.T) {
	f := DemoFixtures()
	f.Users[1].Username = "ALICE"                                                                                            // R: unique per customer, case-insensitive
	f.Users[1].HostedExchange.PrimaryEmail = "Alice@acme.example"                                                            // R3
	f.Permissions = []FixturePermission{{MailboxID: DemoIDs.Alice, GranteeID: DemoIDs.Admin, Permissions: []string{"view"}}} // R12
	_, err := buildState(f, testNow)
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("err %v, want an *Error naming the fields", err)
	}
	for _, field := range []string{"users[1].username", "users[1].hosted_exchange.primary_email", "permissions[0].grantee_id"} {
		if !hasField(e.Problem(), field) {
			t.Errorf("%v does not name %s", err, field)
		}
	}
}
