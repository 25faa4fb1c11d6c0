package mockportal

import (
	"crypto/rand"
	"encoding/hex"
	"strings"

	"github.com/csportal/terraform-provider-portal/internal/api"
)

// idHexLen is the number of lowercase hex digits after an ID's kind prefix.
const idHexLen = 16

// newID returns a random ID of the given kind. 64 random bits make a collision in a test run negligible;
// the store still refuses to overwrite an existing ID (see store.freshID).
func newID(prefix string) string {
	var b [idHexLen / 2]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails on supported platforms
	return prefix + hex.EncodeToString(b[:])
}

// validID reports whether s is <prefix><16 lowercase hex digits>.
func validID(prefix, s string) bool {
	rest, ok := strings.CutPrefix(s, prefix)
	if !ok || len(rest) != idHexLen {
		return false
	}
	for i := range len(rest) {
		c := rest[i]
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}

// validGranteeID reports whether s names a portal user or an application user.
func validGranteeID(s string) bool {
	return validID(api.PrefixUser, s) || validID(api.PrefixApplicationUser, s)
}
