package mockportal

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"net/http"
	"strings"
	"time"
)

// tokenPrefix marks tokens issued by the mock (POST /_mock/tokens, Portal.IssueToken).
const tokenPrefix = "mpt_"

// issueToken creates a bearer token acting as the principal (a portal user or an application user).
func (s *store) issueToken(principalID string) (string, error) {
	var b [16]byte
	_, _ = rand.Read(b[:])
	tok := tokenPrefix + hex.EncodeToString(b[:])
	err := s.write(func(st *state, now time.Time) error {
		if _, ok := st.principal(principalID); !ok {
			return errNotFound("principal %s does not exist", principalID)
		}
		st.tokens[tok] = principalID
		st.record(now, operator, OpTokenIssue, nil, principalID)
		return nil
	})
	return tok, err
}

// authenticate resolves a bearer token. The admin token acts as the root customer's first administrator and is
// never refused (it is the mock's master key); an issued token is refused once its principal is deleted,
// its login disabled, or (application users) disabled. Every comparison is constant-time, and every
// issued token is compared, so the time taken does not reveal how much of a guess was right.
func (s *store) authenticate(token string, adminToken []byte) (principal, error) {
	var out principal
	err := s.read(func(st *state, _ time.Time) error {
		if subtle.ConstantTimeCompare([]byte(token), adminToken) == 1 {
			out, _ = st.principal(st.adminID)
			return nil
		}
		var id string
		for tok, pid := range st.tokens {
			if subtle.ConstantTimeCompare([]byte(token), []byte(tok)) == 1 {
				id = pid
			}
		}
		p, ok := st.principal(id)
		if !ok {
			return errUnauthorized("the bearer token is not valid")
		}
		if u, isUser := st.users[id]; isUser && !u.LoginEnabled {
			return errUnauthorized("the login of the token's user is disabled")
		}
		if a, isApp := st.appUsers[id]; isApp && !a.Enabled {
			return errUnauthorized("the token's application user is disabled")
		}
		out = p
		return nil
	})
	return out, err
}

// bearerToken extracts the token of an "Authorization: Bearer <token>" header.
func bearerToken(r *http.Request) (string, bool) {
	scheme, tok, ok := strings.Cut(r.Header.Get("Authorization"), " ")
	tok = strings.TrimSpace(tok)
	if !ok || !strings.EqualFold(scheme, "Bearer") || tok == "" {
		return "", false
	}
	return tok, true
}
