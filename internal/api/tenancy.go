package api

import "strings"

// CustomerRef names a customer the way people do: its ID, name and code.
type CustomerRef struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	Code string `json:"code"`
}

// Reach is what a principal reaches (R14): Root and, with Subtree, every customer below it. Administrators
// reach their customer's subtree and may write there; users with role "user" and application users reach
// their own customer, read-only.
type Reach struct {
	// Root is the top of what the principal reaches: always its own customer.
	Root CustomerRef `json:"root"`
	// Subtree is true when every customer below Root is reached too.
	Subtree bool `json:"subtree"`
	// ReadOnly is true when every write of the principal answers 403 not_an_administrator.
	ReadOnly bool `json:"read_only"`
}

// UsernameSuffixSeparator joins a username and its customer's code in a stored username (R17).
const UsernameSuffixSeparator = "_"

// StoredUsername is the username a customer stores for the requested one: lowercased and, when the
// customer has UsernameSuffix, with the separator and its code appended (R17: "User1" in customer "TC" is
// "user1_tc"). A username that already ends with that suffix is stored as given, so that the stored name
// maps to itself and a lookup or an import by it finds the same user.
func StoredUsername(username, code string, suffix bool) string {
	u := strings.ToLower(username)
	if !suffix {
		return u
	}
	tail := UsernameSuffixSeparator + strings.ToLower(code)
	if strings.HasSuffix(u, tail) {
		return u
	}
	return u + tail
}
