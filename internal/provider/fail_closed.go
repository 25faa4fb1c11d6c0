package provider

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/csportal/terraform-provider-portal/internal/api"
	"github.com/csportal/terraform-provider-portal/internal/client"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
)

// Fail closed: no misconfiguration may make a refresh drop a live object from state. A wrong base path
// answers 404 for everything, and the portal answers 404 alike for an object that is gone and for one whose
// customer the token cannot reach (R14), so a 404 alone proves nothing. An object leaves the state only
// when all of these hold:
//
//  1. the endpoint is this portal's API and accepts the token: GET /me answered 200 with a principal. This
//     is asked once per provider process, at the first answer that needs it — a 404, another refusal, a
//     body that is not the portal's, an object that is not the one asked for — so that a refresh whose
//     reads succeed costs what it did;
//  2. the portal answered 404 (or another "it is gone" answer) for the object itself;
//  3. the object's owner — its customer, or for an application user its application — is within the
//     token's reach: the owner's own read answers 200. An owner out of reach is an error that says so.
//
// Every resource's Read goes through the refresh functions of refresh.go, which apply this, whether the
// object came from a batched listing or was read alone; Delete checks the owner before it takes a 404 for
// "already deleted".

// verification is the outcome of GET /me that is remembered for the process: the principal, or a
// refusal that no retry will change (the endpoint is not the portal's API, or it does not accept the token).
type verification struct {
	me      api.Me
	refusal error
}

// verifyPortal returns the token's principal once the endpoint has proven to be this portal's API and to
// accept the token. Its error is a *portalRefusal when the endpoint answered but not as the portal does, a
// *client.NotConfiguredError while the endpoint is known only after apply, or the failure of the request
// (network, 5xx, cancellation), which is not remembered. None of them is a 404.
func (d *providerData) verifyPortal(ctx context.Context) (api.Me, error) {
	v, err := d.me.get("me", func() (verification, error) {
		me, err := d.client.Me(ctx)
		switch {
		case err == nil && isPrincipal(me):
			return verification{me: me}, nil
		case err == nil:
			return verification{refusal: d.notThePortal("answered 200 with JSON that names no principal (no id and kind " +
				"of a portal user or application user)")}, nil
		case isDefinitive(err):
			return verification{refusal: d.refusalOf(err)}, nil
		}
		return verification{}, err
	})
	if err != nil {
		return api.Me{}, err
	}
	return v.me, v.refusal
}

// whoAmI returns the principal the provider's token belongs to, asked once per run.
func (d *providerData) whoAmI(ctx context.Context) (api.Me, error) { return d.verifyPortal(ctx) }

func isPrincipal(me api.Me) bool {
	return me.ID != "" && (me.Kind == api.KindUser || me.Kind == api.KindApplicationUser)
}

// isDefinitive reports an answer that a retry would not change: a refusal other than 5xx and 429, or a
// 2xx body that is not the portal's JSON.
func isDefinitive(err error) bool {
	var body *client.BodyError
	if errors.As(err, &body) {
		return true
	}
	e, ok := client.AsError(err)
	return ok && e.Status < http.StatusInternalServerError && e.Status != http.StatusTooManyRequests
}

// portalRefusal is an endpoint that does not answer GET /me as the portal does. It never wraps the answer
// it describes: code that takes a 404 for "gone" must not see one in it.
type portalRefusal struct{ summary, detail string }

func (e *portalRefusal) Error() string   { return e.detail }
func (e *portalRefusal) Summary() string { return e.summary }

// noChange is what every refusal of fail-closed ends with.
const noChange = "Until it does, the provider removes nothing from the state and changes nothing in the portal."

// refusalOf describes the answer of GET /me that proves the endpoint unusable.
func (d *providerData) refusalOf(err error) *portalRefusal {
	var body *client.BodyError
	if errors.As(err, &body) {
		return d.notThePortal(fmt.Sprintf("answered %d with a body that is not the portal's JSON: %q", body.Status, body.Excerpt))
	}
	e, _ := client.AsError(err)
	answer := fmt.Sprintf("answered %d %s", e.Status, cmp.Or(e.Code, http.StatusText(e.Status)))
	if msg := cmp.Or(e.Detail, e.Title); msg != "" {
		answer += fmt.Sprintf(" (%q)", msg)
	}
	if e.Status == http.StatusUnauthorized {
		return &portalRefusal{
			summary: "The portal does not accept the API token",
			detail: fmt.Sprintf("GET %s/me %s: the portal at %s does not accept the provider's API token. Check api_token "+
				"(or PORTAL_API_TOKEN): it may have expired or been revoked. %s", d.client.Endpoint(), answer, d.client.Endpoint(), noChange),
		}
	}
	return d.notThePortal(answer)
}

// notThePortal says that the endpoint is not the portal's provisioning API, and what it answered.
func (d *providerData) notThePortal(answer string) *portalRefusal {
	endpoint := d.client.Endpoint()
	return &portalRefusal{
		summary: "The endpoint is not the portal's API: " + endpoint,
		detail: fmt.Sprintf("GET %s/me %s, where the portal's provisioning API answers 200 with the principal of the API "+
			"token. So %s is not the portal's API: a wrong base path (the API is under /api/v1), a wrong host, or a "+
			"proxy or web page in front of it. Set the provider's endpoint (or PORTAL_ENDPOINT) to the API's base "+
			"URL, such as https://portal.example.com/api/v1. %s", endpoint, answer, endpoint, noChange),
	}
}

// owner is what decides whether the token can see an object: the customer of a mailbox, grant,
// submailbox or application user, or for an application user recorded before application users belonged
// to a customer, its application. id is "" when the provider does not know it.
type owner struct{ kind, id string }

const (
	ownerCustomer    = "customer"
	ownerApplication = "application"
)

func customerOwner(id string) owner    { return owner{kind: ownerCustomer, id: id} }
func applicationOwner(id string) owner { return owner{kind: ownerApplication, id: id} }

// ownerVisible reports whether the token reaches the owner: its read answers 200 (404 out of reach).
// Remembered for the process, so that a refresh confirms each owner once.
func (d *providerData) ownerVisible(ctx context.Context, o owner) (bool, error) {
	return d.visible.get(o.kind+"/"+o.id, func() (bool, error) {
		var err error
		if o.kind == ownerApplication {
			_, err = d.client.GetApplication(ctx, o.id)
		} else {
			_, err = d.customer(ctx, o.id)
		}
		if client.IsNotFound(err) {
			return false, nil
		}
		return err == nil, err
	})
}

// withinReach returns nil when the portal is verified and the token reaches the owner of what (an object
// such as "shared mailbox usr_…"), so that a 404 for the object means it is gone; otherwise the error that
// says why nothing can be concluded.
func (d *providerData) withinReach(ctx context.Context, what string, o owner) error {
	me, err := d.verifyPortal(ctx)
	if err != nil {
		return err
	}
	if o.id == "" {
		whole, err := d.reachesWholePortal(ctx, me)
		if err != nil {
			return fmt.Errorf("cannot tell whether %s is gone, for reading the token's reach failed: %w", what, err)
		}
		if whole {
			return nil
		}
		return &outOfReachError{what: what, owner: o, token: describeToken(me)}
	}
	visible, err := d.ownerVisible(ctx, o)
	if err != nil {
		return fmt.Errorf("cannot tell whether %s is gone, for reading its %s %s failed: %w", what, o.kind, o.id, err)
	}
	if !visible {
		return &outOfReachError{what: what, owner: o, token: describeToken(me)}
	}
	return nil
}

// reachesWholePortal reports whether a 404 for any object means it is gone, whatever its owner: the token
// reaches the root of the customer tree (the service provider) and everything below it (R14). GET /me says
// the top of the reach and whether it extends below; whether that top is the root, its customer record
// says (no parent). Asked only on the path of an absence whose owner is unknown.
func (d *providerData) reachesWholePortal(ctx context.Context, me api.Me) (bool, error) {
	if !me.Reach.Subtree || me.Reach.Root.ID == "" {
		return false, nil
	}
	top, err := d.customer(ctx, me.Reach.Root.ID)
	if err != nil {
		return false, err
	}
	return top.ParentID == "", nil
}

// subtreeRoot is the customer whose subtree listings cover every customer the token reaches: the top of
// its reach, when the reach extends below it (an administrator's token). From GET /me, asked once per run.
func (d *providerData) subtreeRoot(ctx context.Context) (string, bool) {
	me, err := d.verifyPortal(ctx)
	if err != nil || !me.Reach.Subtree || me.Reach.Root.ID == "" {
		return "", false
	}
	return me.Reach.Root.ID, true
}

// confirmAbsent turns a read's answer that the object is absent (a 404 for it) into a *goneError, the only
// error that removes an object from state, when the portal is verified and the owner within reach; into
// the error that says why not, otherwise.
func (d *providerData) confirmAbsent(ctx context.Context, what string, o owner, absent error) error {
	if err := d.withinReach(ctx, what, o); err != nil {
		return err
	}
	return &goneError{absent}
}

// goneError is the portal's confirmed answer that an object no longer exists.
type goneError struct{ err error }

func (e *goneError) Error() string { return e.err.Error() }
func (e *goneError) Unwrap() error { return e.err }

// isGone reports whether a refresh found its object confirmed gone: it leaves the state.
func isGone(err error) bool {
	var g *goneError
	return errors.As(err, &g)
}

// outOfReachError is an object the portal will not show because its owner is outside the token's reach.
type outOfReachError struct {
	what  string
	owner owner
	token string
}

func (e *outOfReachError) Summary() string {
	if e.owner.id == "" {
		return "Cannot tell whether " + e.what + " is gone"
	}
	return fmt.Sprintf("%s %s is outside the API token's reach", capitalise(e.owner.kind), e.owner.id)
}

func (e *outOfReachError) Error() string {
	if e.owner.id == "" {
		return fmt.Sprintf("The portal answers 404 for %s, and the provider does not know its %s: the API token acts "+
			"for %s, which does not reach the whole portal, and the portal answers 404 alike for what is gone and for "+
			"what lies outside a token's reach. Nothing is removed from the state. Refresh once with a token that "+
			"reaches it (the provider then records its %s), or remove it from the state yourself "+
			"(terraform state rm, or a removed block) if it is really gone.", e.what, e.owner.kind, e.token, e.owner.kind)
	}
	return fmt.Sprintf("The API token acts for %s; %s %s is outside its reach, so the portal answers 404 for %s "+
		"whether or not it still exists. Nothing is removed from the state. Use a token that reaches %s %s (an "+
		"administrator of it, or of a reseller above it), for example in a provider alias for its resources; or, if "+
		"it is really gone, remove its objects from the state yourself (terraform state rm, or a removed block).",
		e.token, e.owner.kind, e.owner.id, e.what, e.owner.kind, e.owner.id)
}

// describeToken names the principal behind the token and its reach for a reader of an error, from GET /me
// alone: "nadia (usr_…), administrator of Northwind Hosting (cus_…) and the customers below it".
func describeToken(me api.Me) string {
	of := me.Customer.ID
	if me.Customer.Name != "" {
		of = fmt.Sprintf("%s (%s)", me.Customer.Name, me.Customer.ID)
	}
	switch {
	case me.Kind == api.KindApplicationUser:
		return fmt.Sprintf("%s (%s), an application user of application %s for %s", me.Name, me.ID, me.ApplicationID, of)
	case me.Role == api.RoleAdmin && me.Reach.Subtree:
		return fmt.Sprintf("%s (%s), administrator of %s and the customers below it", me.Name, me.ID, of)
	case me.Role == api.RoleAdmin:
		return fmt.Sprintf("%s (%s), administrator of %s", me.Name, me.ID, of)
	}
	return fmt.Sprintf("%s (%s), a user of %s", me.Name, me.ID, of)
}

func capitalise(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// verifiedRead returns a refresh read's answer as a verified portal means it. The portal is verified only
// when the answer would be taken for an absence or might not be the portal's — a 404 or another refusal
// that no retry changes, a body that is not the portal's JSON, or an answer that is not plainly the object
// asked for (plain false: another API's 200 "{}", or an empty list): a refresh whose reads succeed costs
// what it did, and a wrong endpoint or token is reported as such instead of as objects that are gone.
func verifiedRead[T any](ctx context.Context, d *providerData, read func(context.Context) (T, error), plain func(T) bool) (T, error) {
	v, err := read(ctx)
	if err == nil && plain(v) || err != nil && !isDefinitive(err) {
		return v, err
	}
	if _, vErr := d.verifyPortal(ctx); vErr != nil {
		var zero T
		return zero, vErr
	}
	return v, err
}

// settleRead ends a Read whose refresh failed, and reports whether the Read goes on to store what it read
// (err nil). An object confirmed gone leaves the state; while the endpoint is known only after apply the
// state stays as it was, with a warning; anything else is an error, and the state stays too.
func settleRead(ctx context.Context, resp *resource.ReadResponse, summary string, err error) bool {
	switch {
	case err == nil:
		return true
	case isGone(err):
		resp.State.RemoveResource(ctx) // deleted out of band: the next plan creates it again
	case client.IsNotConfigured(err):
		resp.Diagnostics.AddWarning("Not refreshed: the portal is not known yet", explain(err)+
			". The provider plans with the state as it is, and reads the portal at apply time.")
	default:
		addAPIError(&resp.Diagnostics, summary, err)
	}
	return false
}

// verifiedForPlan reports whether plan-time checks that ask the portal may run: the portal is verified.
// While the endpoint is known only after apply they are skipped (apply checks); an endpoint that is not the
// portal's is an error, for the checks' "no such object" would be a lie.
func (d *providerData) verifiedForPlan(ctx context.Context, diags *diag.Diagnostics) bool {
	_, err := d.verifyPortal(ctx)
	switch {
	case err == nil:
		return true
	case client.IsNotConfigured(err):
	case isRefusal(err):
		addAPIError(diags, "", err)
	default:
		diags.AddWarning("Cannot check the plan against the portal", explain(err)+"\n\nApply checks again.")
	}
	return false
}

func isRefusal(err error) bool {
	var r *portalRefusal
	return errors.As(err, &r)
}

// deletableWithinReach is checked before a Delete, which takes the portal's 404 for "already deleted":
// that holds only from a verified portal whose token reaches the object's owner. Otherwise the Delete
// fails with the reason, and the object stays in the state.
func (d *providerData) deletableWithinReach(ctx context.Context, diags *diag.Diagnostics, what string, o owner) bool {
	if err := d.withinReach(ctx, what, o); err != nil {
		addAPIError(diags, "Cannot delete "+what, err)
		return false
	}
	return true
}

// verifiedAbsence is a lookup's error as the user should read it: a 404 from an endpoint that is not the
// portal's API (a wrong base path answers 404 for everything) becomes the reason it is not, instead of "no
// such object". For lookups whose 404 removes nothing: imports, data sources.
func (d *providerData) verifiedAbsence(ctx context.Context, err error) error {
	if client.IsNotFound(err) {
		if _, vErr := d.verifyPortal(ctx); vErr != nil {
			return vErr
		}
	}
	return err
}
