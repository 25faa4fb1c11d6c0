package provider

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
)

// A create whose Terraform is killed after the portal committed it leaves an object that no state knows:
// Terraform learns a new object's ID only when Create returns, and saves it later still (a local state
// file after each resource; a remote backend every 20 s by default). The next apply's create of the same
// resource then meets the object (409 already_exists, or an address that is taken).
//
// The proof that such an object is the remains of an interrupted create of this very configuration is
// its creation mark, which the portal keeps with it: every create sends
//
//	tf1.<fingerprint>.<nonce>
//
// where the fingerprint is a hash of the resource type and every configured value the object is made
// of (never a secret: the mark is readable by anyone who can read the object), and the nonce is random.
// A create that meets an object of the same natural key whose mark carries its own fingerprint adopts
// it: it claims it with a mark of its own nonce, finishes what the interrupted create left undone, and
// warns. An object without a mark (made by hand, by another program, or by this provider before creation
// marks) or with another fingerprint (another configuration: another state's resource, or this one before
// its configuration changed) is refused, with the import block that would bring it under this resource.
//
// No mark can tell the remains of a completed create from the identical object of another state that
// declares the very same object (a misconfiguration): both carry the fingerprint. The create adopts it,
// because an apply killed after the portal's last write but before Terraform saved the state leaves
// exactly that — for up to 20 s with a remote backend, which saves the state at that interval — and
// refusing would leave the pipeline stuck until someone imports by hand. Two resource blocks of one
// configuration that declare the same object, both created in one apply, are told apart: Terraform applies
// them through one provider process, which knows the natural keys of its creates and the objects they made,
// and never adopts one of those. Otherwise the misconfiguration (two states, or a new resource block that
// copies one already in the state: Terraform applies through a provider process that never saw the state's
// other objects) does not stay silent: each resource keeps the mark it gave or claimed (private state), and
// once a refresh finds another nonce on its object, every plan of the resource fails, saying that two
// resources manage it, until one of them forgets it.

// creationMarkVersion prefixes every mark this provider makes.
const creationMarkVersion = "tf1"

// privateCreationMarkKey is where a resource keeps the mark of its object (private state).
const privateCreationMarkKey = "creation_mark"

// creationMark is a mark of this provider's: the configuration's fingerprint and a create's nonce.
type creationMark struct{ fingerprint, nonce string }

func (m creationMark) String() string {
	return creationMarkVersion + "." + m.fingerprint + "." + m.nonce
}

// parseCreationMark reads a mark of this provider's; ok is false for any other string ("" included).
func parseCreationMark(s string) (creationMark, bool) {
	parts := strings.Split(s, ".")
	if len(parts) != 3 || parts[0] != creationMarkVersion || parts[1] == "" || parts[2] == "" {
		return creationMark{}, false
	}
	return creationMark{fingerprint: parts[1], nonce: parts[2]}, true
}

// newCreationMark returns a mark of the configuration fingerprint with a fresh nonce.
func newCreationMark(fingerprint string) creationMark {
	return creationMark{fingerprint: fingerprint, nonce: hex.EncodeToString(randomBytes(8))}
}

func randomBytes(n int) []byte {
	b := make([]byte, n)
	_, _ = rand.Read(b) // crypto/rand.Read never fails (Go 1.24+)
	return b
}

// configuration is the fingerprint's input: the resource type and the configured values of the object,
// by attribute name. Values that the portal compares without regard to case go in lowercased, sets sorted.
type configuration struct {
	resourceType string
	values       map[string]string
}

func newConfiguration(resourceType string) *configuration {
	return &configuration{resourceType: resourceType, values: map[string]string{}}
}

// set records an attribute's value.
func (c *configuration) set(name, value string) *configuration {
	c.values[name] = value
	return c
}

// setFold records a value compared without regard to case.
func (c *configuration) setFold(name, value string) *configuration {
	return c.set(name, strings.ToLower(value))
}

// setAliases records the set of a mailbox's aliases, compared without regard to case.
func (c *configuration) setAliases(values []string) *configuration {
	lower := make([]string, len(values))
	for i, v := range values {
		lower[i] = strings.ToLower(v)
	}
	slices.Sort(lower)
	raw, _ := json.Marshal(lower) // strings always encode
	return c.set("email_aliases", string(raw))
}

// fingerprint is 32 hex digits of a SHA-256 of the type and the values, names sorted.
func (c *configuration) fingerprint() string {
	raw, _ := json.Marshal(struct {
		Type   string            `json:"type"`
		Values map[string]string `json:"values"` // encoding/json sorts map keys
	}{c.resourceType, c.values})
	sum := sha256.Sum256(raw)
	return hex.EncodeToString(sum[:16])
}

// remains is what a create learns about an object it met where it meant to make one.
type remains int

const (
	// unmarked: made without a creation mark of this provider's.
	unmarked remains = iota
	// otherConfiguration: made by a create of this provider, of another configuration.
	otherConfiguration
	// heldHere: made or adopted by another create of this provider process (two resource blocks, one object).
	heldHere
	// ownRemains: made by a create of this very configuration, interrupted (or, see above, by another
	// state's create of the identical object).
	ownRemains
)

// judge tells what the object id, carrying the mark found, is to a create of fingerprint.
func (d *providerData) judge(id, found, fingerprint string) remains {
	if _, held := d.held.Load(id); held {
		return heldHere
	}
	m, ok := parseCreationMark(found)
	switch {
	case !ok:
		return unmarked
	case m.fingerprint != fingerprint:
		return otherConfiguration
	}
	return ownRemains
}

// hold records that a create of this provider process made or adopted the object id.
func (d *providerData) hold(id string) { d.held.Store(id, struct{}{}) }

// claimCreate records that a create of this run makes the object of a natural key (its kind and what the
// portal keeps unique, such as a customer's username), and reports false when another create of this run
// did so first: two resource blocks declare the same object, and the second must not adopt the first's.
// It adds a diagnostic then.
func (d *providerData) claimCreate(naturalKey, summary, what string, diags *diag.Diagnostics) bool {
	if _, taken := d.held.LoadOrStore("create:"+naturalKey, struct{}{}); taken {
		diags.AddError(summary, fmt.Sprintf("Another resource of this configuration creates %s in this run: two "+
			"resource blocks declare the same object. Remove one of them.", what))
		return false
	}
	return true
}

// notAdopted explains to a refused create why the object it met is not adopted, and how to manage it.
func notAdopted(resourceType, kind, id string, r remains) string {
	why := whyNotAdopted(kind+" "+id, r)
	if r == heldHere {
		return why
	}
	return why + "\n\n" + importAdvice(resourceType, id)
}

// whyNotAdopted explains to a refused create why the object it met is not adopted.
func whyNotAdopted(what string, r remains) string {
	switch r {
	case heldHere:
		return fmt.Sprintf("Another resource of this configuration made or took over %s in this apply: two "+
			"resource blocks declare the same object. Remove one of them.", what)
	case otherConfiguration:
		return fmt.Sprintf("Terraform did not take %s over: it was made by a Terraform create of a different "+
			"configuration (another state's resource, or this resource before its configuration changed), and a "+
			"create adopts only the remains of an interrupted create of its own configuration.", what)
	}
	return fmt.Sprintf("Terraform did not take %s over: it carries no creation mark of this provider, so it was "+
		"made by hand in the portal, by another program, or by an older version of this provider; a create adopts "+
		"only the remains of an interrupted create of its own configuration.", what)
}

// addAdoptedWarning tells the user that a create adopted the remains of an interrupted one.
func addAdoptedWarning(diags *diag.Diagnostics, what, finished string) {
	diags.AddWarning("Adopted "+what+", left by an interrupted create",
		fmt.Sprintf("An earlier create of this resource's very configuration made %s in the portal, but Terraform "+
			"never saved it in the state: Terraform or the provider was stopped (killed, or its machine lost) before "+
			"it could. Its creation mark shows that a create of this configuration made it, and this create took it over "+
			"instead of failing on it%s. Should another Terraform state declare the very same object, the other state's "+
			"plans now fail, saying so, until one of the two forgets it.", what, finished))
}

// recordCreationMark keeps the mark of the resource's object in its private state.
func recordCreationMark(ctx context.Context, private privateWriter, mark string, diags *diag.Diagnostics) {
	if mark != "" {
		setPrivateString(ctx, private, privateCreationMarkKey, mark, diags)
	}
}

// privateTakenOverKey is where a refresh notes the mark of another resource that took the object over.
const privateTakenOverKey = "creation_mark_taken_over"

// noteCreationMark is a refresh's look at the mark of its object. Another resource's create that adopted
// the object as its own remains has claimed it with a nonce of its own, so a mark of this provider's that
// is not the one this resource recorded means that two resources manage the object: the refresh notes it
// (private state) for the plan to refuse (refuseTakenOver), and keeps its own record. Otherwise the mark
// found is recorded: an object imported, or made before creation marks, is watched from then on.
func noteCreationMark(ctx context.Context, private privateReader, into privateWriter, found string, diags *diag.Diagnostics) {
	recorded := privateString(ctx, private, privateCreationMarkKey)
	if recorded == found || into == nil {
		return
	}
	was, recordedOurs := parseCreationMark(recorded)
	now, foundOurs := parseCreationMark(found)
	if recordedOurs && foundOurs && was.nonce != now.nonce {
		setPrivateString(ctx, into, privateTakenOverKey, found, diags)
		return
	}
	recordCreationMark(ctx, into, found, diags)
	setPrivateString(ctx, into, privateTakenOverKey, "", diags)
}

// refuseTakenOver fails a plan that would change or delete an object another resource took over (see
// noteCreationMark): each of the two would act without the other knowing. Forgetting it (a removed block
// with destroy = false, or terraform state rm) asks nothing of the provider and stays possible.
func refuseTakenOver(ctx context.Context, private privateReader, resourceType, kind, id string, diags *diag.Diagnostics) {
	taker := privateString(ctx, private, privateTakenOverKey)
	if taker == "" {
		return
	}
	what := kind + " " + id
	diags.AddError(fmt.Sprintf("Another resource has taken %s over", what),
		fmt.Sprintf("A create of another resource — in another Terraform state, another working copy of this one, or a "+
			"second resource block of this configuration — adopted %s as the remains of an interrupted create of its "+
			"own identical configuration: its creation mark is now %s, not the %s this resource gave it. Two resources "+
			"declare the same object, and each would change or delete it without the other knowing, so this one plans "+
			"nothing for it until one lets it go.\n\n"+
			"To leave it to the other resource, forget it here: replace this resource block with\n\n"+
			"  removed {\n    from = %[4]s.NAME\n    lifecycle {\n      destroy = false\n    }\n  }\n\n"+
			"(NAME: this resource's name, as Terraform names it above), or run `terraform state rm %[4]s.NAME`. To keep "+
			"it here instead, forget it in the other resource's configuration the same way, then forget it here too and "+
			"import it again, which records its mark as it is now:\n\n%[5]s",
			what, taker, privateString(ctx, private, privateCreationMarkKey), resourceType, importBlock(resourceType, id)))
}
