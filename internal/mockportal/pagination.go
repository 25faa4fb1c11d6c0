package mockportal

import (
	"encoding/base64"
	"net/http"
	"strconv"
	"strings"

	"github.com/csportal/terraform-provider-portal/internal/api"
)

// Page tokens are cursors: the sort key of the last item returned. A cursor stays correct while objects
// are created and deleted between pages (nothing is skipped or repeated that existed throughout).
const pageTokenPrefix = "after:"

type pageQuery struct {
	size  int
	after string // sort key of the last item of the previous page; "" for the first page
}

// parsePage reads ?page_size= (1–500, default 50) and ?page_token=, each 400 naming itself when invalid.
func parsePage(r *http.Request) (pageQuery, error) {
	q := pageQuery{size: api.DefaultPageSize}
	values := r.URL.Query()
	if raw := values.Get("page_size"); raw != "" {
		n, err := strconv.Atoi(raw)
		if err != nil || n < 1 || n > api.MaxPageSize {
			return q, errInvalid("page_size", "must be an integer from 1 to "+strconv.Itoa(api.MaxPageSize))
		}
		q.size = n
	}
	if tok := values.Get("page_token"); tok != "" {
		raw, err := base64.RawURLEncoding.DecodeString(tok)
		after, ok := strings.CutPrefix(string(raw), pageTokenPrefix)
		if err != nil || !ok || after == "" || len(tok) > 1024 {
			return q, errInvalid("page_token", "is not a page token of this list; use next_page_token as returned")
		}
		q.after = after
	}
	return q, nil
}

// paginate returns the page of items (sorted by key) after q.after. Items is never nil: the contract says
// "items" is an array.
func paginate[T any](items []T, key func(T) string, q pageQuery) api.Page[T] {
	start := 0
	if q.after != "" {
		for start < len(items) && key(items[start]) <= q.after {
			start++
		}
	}
	end := min(start+q.size, len(items))
	page := api.Page[T]{Items: append(make([]T, 0, end-start), items[start:end]...)}
	if end < len(items) {
		page.NextPageToken = base64.RawURLEncoding.EncodeToString([]byte(pageTokenPrefix + key(items[end-1])))
	}
	return page
}

// servePage answers one page of a list: it reads ?page_size= and ?page_token=, gets the filtered items
// (sorted by key) from list and writes the page.
func servePage[T any](w http.ResponseWriter, r *http.Request, key func(T) string, list func() ([]T, error)) error {
	q, err := parsePage(r)
	if err != nil {
		return err
	}
	items, err := list()
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, paginate(items, key, q))
	return nil
}
