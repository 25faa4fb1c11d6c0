package provider

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
)

// fakePrivate is a resource's private state for the unit tests.
type fakePrivate map[string][]byte

func (p fakePrivate) GetKey(_ context.Context, key string) ([]byte, diag.Diagnostics) {
	return p[key], nil
}

func (p fakePrivate) SetKey(_ context.Context, key string, value []byte) diag.Diagnostics {
	if len(value) == 0 {
		delete(p, key)
	} else {
		p[key] = value
	}
	return nil
}

// The fingerprint is the configuration's, whatever the order it is given in and the case of what the portal
// compares without regard to case, and another for any other value, name or resource type.
func TestFingerprint(t *testing.T) {
	base := func() *configuration {
		return newConfiguration("portal_shared_mailbox").set("customer_id", "cus_1").setFold("username", "Info").
			setAliases([]string{"b@x.example", "A@x.example"})
	}
	same := newConfiguration("portal_shared_mailbox").setAliases([]string{"a@x.example", "B@X.example"}).
		setFold("username", "info").set("customer_id", "cus_1")
	if base().fingerprint() != same.fingerprint() {
		t.Error("the same configuration in another order and case has another fingerprint")
	}
	if len(base().fingerprint()) != 32 {
		t.Errorf("fingerprint %q: want 32 hex digits", base().fingerprint())
	}
	for name, other := range map[string]*configuration{
		"another value":          base().set("customer_id", "cus_2"),
		"another set":            base().setAliases([]string{"a@x.example"}),
		"another name":           base().set("first_name", ""),
		"another type":           newConfiguration("portal_submailbox").set("customer_id", "cus_1").setFold("username", "Info").setAliases([]string{"b@x.example", "A@x.example"}),
		"a case-sensitive value": newConfiguration("portal_shared_mailbox").set("customer_id", "CUS_1").setFold("username", "Info").setAliases([]string{"b@x.example", "A@x.example"}),
	} {
		if other.fingerprint() == base().fingerprint() {
			t.Errorf("%s: the same fingerprint", name)
		}
	}
}

// A mark reads back as written; anything else is not this provider's.
func TestParseCreationMark(t *testing.T) {
	m := newCreationMark("0123456789abcdef0123456789abcdef")
	got, ok := parseCreationMark(m.String())
	if !ok || got != m || !strings.HasPrefix(m.String(), "tf1.") || len(m.nonce) != 16 {
		t.Fatalf("%q read back as %+v, %v", m.String(), got, ok)
	}
	if newCreationMark(m.fingerprint).nonce == m.nonce {
		t.Error("two marks of one configuration share a nonce")
	}
	for _, s := range []string{"", "by-hand", "tf1.abc", "tf2.abc.def", "tf1..def", "tf1.abc.", "tf1.a.b.c"} {
		if _, ok := parseCreationMark(s); ok {
			t.Errorf("%q read as a mark of this provider's", s)
		}
	}
}

// What a create makes of the object it meets: its own remains only with its own fingerprint and never
// an object another create of the process made, adopted or is deleting.
func TestJudge(t *testing.T) {
	d := &providerData{}
	own := newCreationMark("f1")
	for name, tc := range map[string]struct {
		id, mark string
		want     remains
	}{
		"no mark":             {"usr_1", "", unmarked},
		"a foreign mark":      {"usr_1", "made-by-hand", unmarked},
		"another config":      {"usr_1", newCreationMark("f2").String(), otherConfiguration},
		"its own remains":     {"usr_1", newCreationMark("f1").String(), ownRemains},
		"held by the process": {"usr_2", newCreationMark("f1").String(), heldHere},
	} {
		if tc.id == "usr_2" {
			d.hold("usr_2")
		}
		if got := d.judge(tc.id, tc.mark, own.fingerprint); got != tc.want {
			t.Errorf("%s: %v, want %v", name, got, tc.want)
		}
	}
	var diags diag.Diagnostics
	if !d.claimCreate("usr:cus_1/info", "s", "w", &diags) || d.claimCreate("usr:cus_1/info", "Cannot create", "the user", &diags) {
		t.Error("a natural key was claimed twice")
	}
	if !diags.HasError() || !strings.Contains(diags[0].Detail(), "two resource blocks declare the same object") {
		t.Errorf("diagnostics %v", diags)
	}
}

// A refresh records the mark it finds, until another nonce of this provider's shows another resource's
// adoption: then every plan of the resource is refused, with the advice, and the record is kept.
func TestTakenOver(t *testing.T) {
	ctx := context.Background()
	private := fakePrivate{}
	mine, theirs := newCreationMark("f1"), newCreationMark("f1")
	var diags diag.Diagnostics
	noteCreationMark(ctx, private, private, mine.String(), &diags) // first sight: recorded
	noteCreationMark(ctx, private, private, mine.String(), &diags)
	refuseTakenOver(ctx, private, "portal_shared_mailbox", "shared mailbox", "usr_1", &diags)
	if diags.HasError() || privateString(ctx, private, privateCreationMarkKey) != mine.String() {
		t.Fatalf("own mark: %v, recorded %q", diags, privateString(ctx, private, privateCreationMarkKey))
	}
	noteCreationMark(ctx, private, private, theirs.String(), &diags)
	refuseTakenOver(ctx, private, "portal_shared_mailbox", "shared mailbox", "usr_1", &diags)
	if !diags.HasError() {
		t.Fatal("another resource's adoption was not refused")
	}
	for _, want := range []string{theirs.String(), mine.String(), "from = portal_shared_mailbox.NAME", "destroy = false",
		"terraform state rm portal_shared_mailbox.NAME", `id = "usr_1"`} {
		if !strings.Contains(diags[0].Detail(), want) {
			t.Errorf("the refusal does not say %q:\n%s", want, diags[0].Detail())
		}
	}
	// An operator clearing the mark, or replacing it with one of their own, is no adoption: recorded as it is.
	diags = nil
	other := fakePrivate{}
	noteCreationMark(ctx, other, other, mine.String(), &diags)
	noteCreationMark(ctx, other, other, "", &diags)
	noteCreationMark(ctx, other, other, "by-hand", &diags)
	refuseTakenOver(ctx, other, "portal_shared_mailbox", "shared mailbox", "usr_1", &diags)
	if diags.HasError() || privateString(ctx, other, privateCreationMarkKey) != "by-hand" {
		t.Errorf("%v, recorded %q", diags, privateString(ctx, other, privateCreationMarkKey))
	}
}
