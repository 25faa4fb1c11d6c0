package mockportal

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/csportal/terraform-provider-portal/internal/api"
)

// Field rules of ARCHITECTURE.md ("Normalisation"). Each check appends to a fieldErrors so that one 400
// names every refused field at once.

var usernamePattern = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{0,63}$`)

// customerCodePattern is a customer's code, as stored (uppercase).
var customerCodePattern = regexp.MustCompile(`^[A-Z0-9]{1,16}$`)

// domainPattern is an accepted domain, as stored (lowercase): the contract's Domain.
var domainPattern = regexp.MustCompile(`^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$`)

const maxDomainLen = 253

func validDomain(d string) bool { return len(d) <= maxDomainLen && domainPattern.MatchString(d) }

const (
	maxEmailLen       = 254
	minPasswordLen    = 12
	maxPasswordLen    = 128
	maxPersonNameLen  = 64
	maxDisplayNameLen = 256
	maxPlanNameLen    = 256
	// maxListItems bounds arrays in request bodies (aliases, permissions); the contract says the same.
	maxListItems = 100
)

// fieldErrors collects refused fields of one request.
type fieldErrors []api.FieldError

func (fe *fieldErrors) add(field, format string, args ...any) {
	*fe = append(*fe, api.FieldError{Field: field, Message: fmt.Sprintf(format, args...)})
}

// err is nil when nothing was refused, else a 400 naming every refused field.
func (fe fieldErrors) err() error {
	if len(fe) == 0 {
		return nil
	}
	return errInvalidFields(fe)
}

// username lowercases a username and checks it.
func (fe *fieldErrors) username(field, raw string) string {
	u := strings.ToLower(raw)
	if !usernamePattern.MatchString(u) {
		fe.add(field, "must match ^[a-z0-9][a-z0-9._-]{0,63}$ (after lowercasing)")
	}
	return u
}

// storedUsername checks a requested username and returns the name customer c stores for it (R17): with
// the customer's username_suffix, its code appended, which must still fit the username rules.
func (fe *fieldErrors) storedUsername(field, raw string, c *customerRecord) string {
	u := fe.username(field, raw)
	stored := api.StoredUsername(u, c.Code, c.UsernameSuffix)
	if usernamePattern.MatchString(u) && !usernamePattern.MatchString(stored) {
		fe.add(field, "customer %s stores usernames with its code appended (username_suffix), and %q is over 64 characters",
			c.ID, stored)
	}
	return stored
}

// email lowercases an address and checks it: local@domain with a dot inside the domain, printable ASCII
// only (stricter than the contract's pattern, never looser), at most 254 characters.
func (fe *fieldErrors) email(field, raw string) string {
	e := strings.ToLower(raw)
	if !validEmail(e) {
		fe.add(field, "must be an email address local@domain with a dot in the domain, at most %d characters", maxEmailLen)
	}
	return e
}

func validEmail(e string) bool {
	if len(e) > maxEmailLen {
		return false
	}
	local, domain, ok := strings.Cut(e, "@")
	if !ok || local == "" || strings.Contains(domain, "@") {
		return false
	}
	for i := range len(e) {
		if e[i] <= ' ' || e[i] > '~' {
			return false
		}
	}
	labels := strings.Split(domain, ".")
	return len(labels) >= 2 && !slices.Contains(labels, "")
}

// password checks a password (always the field "password").
func (fe *fieldErrors) password(p string) {
	if n := utf8.RuneCountInString(p); n < minPasswordLen || n > maxPasswordLen {
		fe.add("password", "must be %d to %d characters", minPasswordLen, maxPasswordLen)
	}
}

func (fe *fieldErrors) maxLen(field, s string, limit int) {
	if utf8.RuneCountInString(s) > limit {
		fe.add(field, "must be at most %d characters", limit)
	}
}

func (fe *fieldErrors) id(field, prefix, s string) {
	if !validID(prefix, s) {
		fe.add(field, "must be an ID of the form %s<16 lowercase hex digits>", prefix)
	}
}

// addresses checks a mailbox spec's addresses: each well-formed, and no alias repeating the primary or
// another alias (case-insensitive). It returns them lowercased, aliases never nil.
func (fe *fieldErrors) addresses(primary string, aliases []string) (string, []string) {
	p := fe.email("primary_email", primary)
	if len(aliases) > maxListItems {
		fe.add("email_aliases", "must have at most %d items", maxListItems)
		return p, []string{}
	}
	seen := map[string]bool{p: true}
	out := make([]string, 0, len(aliases))
	for i, raw := range aliases {
		field := fmt.Sprintf("email_aliases[%d]", i)
		a := fe.email(field, raw)
		if seen[a] {
			fe.add(field, "repeats the primary address or another alias")
			continue
		}
		seen[a] = true
		out = append(out, a)
	}
	return p, out
}

// permissionSet checks permission values and returns them sorted and de-duplicated. Unknown values are
// named by index (permissions[i]).
func (fe *fieldErrors) permissionSet(values []string) []string {
	if len(values) > maxListItems {
		fe.add("permissions", "must have at most %d items", maxListItems)
		return nil
	}
	out := make([]string, 0, len(values))
	for i, v := range values {
		if !slices.Contains(api.AllPermissions, v) {
			fe.add(fmt.Sprintf("permissions[%d]", i), "unknown permission %q; allowed: %s", v, strings.Join(api.AllPermissions, ", "))
			continue
		}
		out = append(out, v)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// submailboxName checks a submailbox name: 1 to 64 characters, no path separator.
func (fe *fieldErrors) submailboxName(field, name string) {
	if n := utf8.RuneCountInString(name); n < 1 || n > api.SubmailboxNameMaxLength {
		fe.add(field, "must be 1 to %d characters", api.SubmailboxNameMaxLength)
	}
	if strings.Contains(name, api.SubmailboxPathSeparator) {
		fe.add(field, "must not contain %q, which separates the names of a path", api.SubmailboxPathSeparator)
	}
}

// defaultDisplayName is "first last", or the username when both names are empty.
func defaultDisplayName(first, last, username string) string {
	if d := strings.TrimSpace(first + " " + last); d != "" {
		return d
	}
	return username
}

// oneOf checks that a value is one of the allowed ones.
func (fe *fieldErrors) oneOf(field, v string, allowed []string) {
	if !slices.Contains(allowed, v) {
		fe.add(field, "unknown value %q; allowed: %s", v, strings.Join(allowed, ", "))
	}
}
