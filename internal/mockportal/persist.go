package mockportal

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/csportal/terraform-provider-portal/internal/api"
)

// stateFormat versions the state file; a file of another format is refused rather than misread. Format 2:
// customers form a tree with codes and domains, application users and jobs belong to a customer.
const stateFormat = 2

// stateFile is the JSON state file (--state): the whole state, so a restarted mock carries on where it
// stopped, unfinished jobs included.
type stateFile struct {
	Format           int                 `json:"format"`
	SavedAt          time.Time           `json:"saved_at"`
	Seq              int64               `json:"seq"`
	AdminID          string              `json:"admin_id"`
	Customers        []*customerRecord   `json:"customers"`
	Users            []*userRecord       `json:"users"`
	Permissions      []*permissionRecord `json:"permissions"`
	Submailboxes     []*submailboxRecord `json:"submailboxes,omitempty"`
	Applications     []api.Application   `json:"applications"`
	ApplicationUsers []*appUserRecord    `json:"application_users"`
	Jobs             []*jobRecord        `json:"jobs"`
	Tokens           map[string]string   `json:"tokens"`
	Events           []Event             `json:"events"`
	// CalendarPermissions are the entries of the mailboxes' calendars.
	CalendarPermissions []*calendarPermissionRecord `json:"calendar_permissions,omitempty"`
}

// save writes the state to path atomically: a temporary file in the same directory, synced, then
// renamed over the old one, so a crash leaves either the old file or the new one, never half of one.
func (s *store) save(path string) error {
	var data []byte
	err := s.read(func(st *state, now time.Time) error {
		f := stateFile{Format: stateFormat, SavedAt: now, Seq: st.seq, AdminID: st.adminID,
			Customers: sortedValues(st.customers), Users: sortedValues(st.users),
			Applications: sortedValues(st.applications), ApplicationUsers: sortedValues(st.appUsers),
			Jobs: sortedValues(st.jobs), Tokens: st.tokens, Events: st.events, Submailboxes: sortedValues(st.submailboxes)}
		for _, grants := range sortedValues(st.perms) {
			f.Permissions = append(f.Permissions, sortedValues(grants)...)
		}
		for _, entries := range sortedValues(st.calendars) {
			f.CalendarPermissions = append(f.CalendarPermissions, sortedValues(entries)...)
		}
		var err error
		data, err = json.MarshalIndent(f, "", "  ")
		return err
	})
	if err != nil {
		return err
	}
	return writeFileAtomic(path, data)
}

func writeFileAtomic(path string, data []byte) (err error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			_ = os.Remove(tmp.Name())
		}
	}()
	if _, err = tmp.Write(data); err != nil {
		_ = tmp.Close()
		return err
	}
	if err = tmp.Sync(); err != nil {
		_ = tmp.Close()
		return err
	}
	if err = tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// loadState reads a state file. A missing file is (nil, nil): the caller starts from the fixtures.
func loadState(path string) (*state, error) {
	data, err := os.ReadFile(path) //nolint:gosec // the operator names the state file
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var f stateFile
	if err := json.Unmarshal(data, &f); err != nil {
		return nil, fmt.Errorf("state file %s: %w", path, err)
	}
	if f.Format != stateFormat {
		return nil, fmt.Errorf("state file %s: format %d, want %d (a file of format 1 was written before customers "+
			"formed a tree; start from the fixtures instead)", path, f.Format, stateFormat)
	}
	st := newState()
	st.seq, st.adminID, st.events = f.Seq, f.AdminID, f.Events
	for _, c := range f.Customers {
		st.customers[c.ID] = c
	}
	for _, u := range f.Users {
		st.users[u.ID] = u
	}
	for _, g := range f.Permissions {
		if st.perms[g.MailboxID] == nil {
			st.perms[g.MailboxID] = map[string]*permissionRecord{}
		}
		st.perms[g.MailboxID][g.GranteeID] = g
	}
	for _, sm := range f.Submailboxes {
		st.submailboxes[sm.ID] = sm
	}
	for _, e := range f.CalendarPermissions {
		if st.calendars[e.MailboxID] == nil {
			st.calendars[e.MailboxID] = map[string]*calendarPermissionRecord{}
		}
		st.calendars[e.MailboxID][e.GranteeID] = e
	}
	for _, a := range f.Applications {
		st.applications[a.ID] = a
	}
	for _, a := range f.ApplicationUsers {
		st.appUsers[a.ID] = a
	}
	for _, j := range f.Jobs {
		st.jobs[j.ID] = j
	}
	for tok, id := range f.Tokens {
		st.tokens[tok] = id
	}
	if _, ok := st.users[st.adminID]; !ok {
		return nil, fmt.Errorf("state file %s: admin_id %q names no user", path, st.adminID)
	}
	st.reindex()
	return st, nil
}
