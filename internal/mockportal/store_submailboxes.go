package mockportal

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/csportal/terraform-provider-portal/internal/api"
)

// Submailboxes are folders of a shared mailbox, nested under one another. They are managed like the
// mailbox's service: only while it is provisioned, and not while its login is disabled (R6). Their grants
// are their own records (R8), kept with the mailbox's under the submailbox's ID (see mailboxOwner).

// submailboxView is the wire form of a submailbox, with its path from the mailbox's top level.
func (st *state) submailboxView(sm *submailboxRecord) api.Submailbox {
	names := []string{sm.Name}
	for p := st.submailboxes[sm.ParentID]; p != nil; p = st.submailboxes[p.ParentID] {
		names = append(names, p.Name)
	}
	slices.Reverse(names)
	var customerID string
	if owner, ok := st.users[sm.MailboxID]; ok {
		customerID = owner.CustomerID
	}
	return api.Submailbox{ID: sm.ID, MailboxID: sm.MailboxID, CustomerID: customerID, ParentID: sm.ParentID, Name: sm.Name,
		Path: strings.Join(names, api.SubmailboxPathSeparator), Version: sm.Version, CreationMark: sm.CreationMark}
}

// submailbox returns a submailbox a write by the principal may act on (hidden ones included): one of a
// mailbox of a customer it reaches.
func (st *state) submailbox(p principal, id string) (*submailboxRecord, error) {
	sm, ok := st.submailboxes[id]
	if !ok {
		return nil, errNotFound("submailbox %s does not exist", id)
	}
	if owner, ok := st.users[sm.MailboxID]; !ok || !st.reaches(p, owner.CustomerID) {
		return nil, errNotFound("submailbox %s does not exist", id)
	}
	return sm, nil
}

// visibleSubmailbox returns a submailbox a read by the principal may see.
func (st *state) visibleSubmailbox(p principal, id string, now time.Time) (*submailboxRecord, error) {
	sm, err := st.submailbox(p, id)
	if err != nil || !sm.readable(now) {
		return nil, errNotFound("submailbox %s does not exist", id)
	}
	return sm, nil
}

// children returns the submailboxes directly inside parentID of the mailbox ("" for its top level),
// sorted by ID.
func (st *state) children(mailboxID, parentID string) []*submailboxRecord {
	var out []*submailboxRecord
	for _, sm := range sortedValues(st.submailboxes) {
		if sm.MailboxID == mailboxID && sm.ParentID == parentID {
			out = append(out, sm)
		}
	}
	return out
}

// checkNameFree answers 409 already_exists when a sibling other than self holds the name, compared
// without regard to case.
func (st *state) checkNameFree(mailboxID, parentID, name, self string) error {
	for _, sm := range st.children(mailboxID, parentID) {
		if sm.ID != self && strings.EqualFold(sm.Name, name) {
			where := "the top level of mailbox " + mailboxID
			if parentID != "" {
				where = "submailbox " + parentID
			}
			return errAlreadyExists(sm.ID, "%s already holds a submailbox named %q (%s); names are unique among "+
				"siblings without regard to case", where, sm.Name, sm.ID)
		}
	}
	return nil
}

// descendants returns every submailbox below id, at any depth.
func (st *state) descendants(id string) []*submailboxRecord {
	var out []*submailboxRecord
	for _, sm := range sortedValues(st.submailboxes) {
		for p := st.submailboxes[sm.ParentID]; p != nil; p = st.submailboxes[p.ParentID] {
			if p.ID == id {
				out = append(out, sm)
				break
			}
		}
	}
	return out
}

// createSubmailbox creates a submailbox of the mailbox, checking in the documented order: body (400),
// mailbox user (404), mailbox provisioned (409), parent in this mailbox (400 parent_id), name free among
// the siblings (409 already_exists), login enabled (409 user_disabled, R6).
func (s *store) createSubmailbox(actor principal, mailboxID string, in api.SubmailboxCreate) (api.Submailbox, error) {
	var fe fieldErrors
	fe.submailboxName("name", in.Name)
	if in.ParentID != "" {
		fe.id("parent_id", api.PrefixSubmailbox, in.ParentID)
	}
	fe.creationMark(in.CreationMark)
	if err := fe.err(); err != nil {
		return api.Submailbox{}, err
	}
	var out api.Submailbox
	err := s.write(func(st *state, now time.Time) error {
		u, err := st.user(actor, mailboxID)
		if err != nil {
			return err
		}
		if err := requireMailbox(u); err != nil {
			return err
		}
		if in.ParentID != "" {
			if parent, ok := st.submailboxes[in.ParentID]; !ok || parent.MailboxID != mailboxID {
				return errInvalid("parent_id", fmt.Sprintf("mailbox %s has no submailbox %s", mailboxID, in.ParentID))
			}
		}
		if err := st.checkNameFree(mailboxID, in.ParentID, in.Name, ""); err != nil {
			return err
		}
		if !u.LoginEnabled {
			return errLoginDisabled(u.ID)
		}
		sm := &submailboxRecord{
			ID:        st.freshID(api.PrefixSubmailbox, func(id string) bool { _, ok := st.submailboxes[id]; return ok }),
			MailboxID: mailboxID, ParentID: in.ParentID, Name: in.Name, CreationMark: in.CreationMark, Version: st.next(),
			appearance: s.appearing(now),
		}
		st.submailboxes[sm.ID] = sm
		st.record(now, actor, OpSubmailboxCreate, ptr(u.LoginEnabled), sm.ID, u.ID)
		out = st.submailboxView(sm)
		return nil
	})
	return out, err
}

// updateSubmailbox renames a submailbox: body (400), submailbox (404), name free among the siblings
// (409), login enabled (409, R6), If-Match (412). The paths of its descendants change with it, and so do
// their versions. A patch that changes nothing keeps the version.
func (s *store) updateSubmailbox(actor principal, id string, in api.SubmailboxPatch, cond precondition) (api.Submailbox, error) {
	var fe fieldErrors
	if in.Name != nil {
		fe.submailboxName("name", *in.Name)
	}
	if in.CreationMark != nil {
		fe.creationMark(*in.CreationMark)
	}
	if err := fe.err(); err != nil {
		return api.Submailbox{}, err
	}
	var out api.Submailbox
	err := s.write(func(st *state, now time.Time) error {
		sm, err := st.submailbox(actor, id)
		if err != nil {
			return err
		}
		name := sm.Name
		setIf(&name, in.Name)
		if err := st.checkNameFree(sm.MailboxID, sm.ParentID, name, sm.ID); err != nil {
			return err
		}
		u := st.users[sm.MailboxID]
		if !u.LoginEnabled {
			return errLoginDisabled(u.ID)
		}
		if err := cond.check(sm.Version); err != nil {
			return err
		}
		mark := sm.CreationMark
		setIf(&mark, in.CreationMark)
		if name != sm.Name {
			for _, d := range st.descendants(sm.ID) {
				d.Version = st.next() // its path changed
			}
		}
		if name != sm.Name || mark != sm.CreationMark {
			sm.Name, sm.CreationMark, sm.Version = name, mark, st.next()
			st.record(now, actor, OpSubmailboxUpdate, ptr(u.LoginEnabled), sm.ID, u.ID)
		}
		out = st.submailboxView(sm)
		return nil
	})
	return out, err
}

// deleteSubmailbox deletes a submailbox without children and every grant on it: submailbox (404), no
// children (409 has_children), login enabled (409, R6), If-Match (412).
func (s *store) deleteSubmailbox(actor principal, id string, cond precondition) error {
	return s.write(func(st *state, now time.Time) error {
		sm, err := st.submailbox(actor, id)
		if err != nil {
			return err
		}
		if kids := st.children(sm.MailboxID, sm.ID); len(kids) > 0 {
			names := make([]string, len(kids))
			for i, k := range kids {
				names[i] = fmt.Sprintf("%q (%s)", k.Name, k.ID)
			}
			return errConflict(api.CodeHasChildren, "submailbox %s (%q) still has %d submailbox(es) inside it: %s; "+
				"delete those first", sm.ID, st.submailboxView(sm).Path, len(kids), strings.Join(names, ", "))
		}
		u := st.users[sm.MailboxID]
		if !u.LoginEnabled {
			return errLoginDisabled(u.ID)
		}
		if err := cond.check(sm.Version); err != nil {
			return err
		}
		st.dropSubmailbox(now, actor, sm, ptr(u.LoginEnabled))
		return nil
	})
}

// dropSubmailbox removes a submailbox and the grants on it, recording each removal.
func (st *state) dropSubmailbox(now time.Time, actor principal, sm *submailboxRecord, loginEnabled *bool) {
	for _, g := range st.removeGrantsOnMailbox(sm.ID) {
		st.record(now, actor, OpPermissionDelete, loginEnabled, sm.ID, g)
	}
	delete(st.submailboxes, sm.ID)
	st.record(now, actor, OpSubmailboxDelete, loginEnabled, sm.ID, sm.MailboxID)
}

// dropSubmailboxesOf removes every submailbox of a mailbox that is deprovisioned or deleted, with their
// grants.
func (st *state) dropSubmailboxesOf(now time.Time, actor principal, u *userRecord, loginEnabled *bool) {
	for _, sm := range sortedValues(st.submailboxes) {
		if sm.MailboxID == u.ID {
			st.dropSubmailbox(now, actor, sm, loginEnabled)
		}
	}
}

func (s *store) getSubmailbox(actor principal, id string) (api.Submailbox, error) {
	var out api.Submailbox
	err := s.read(func(st *state, now time.Time) error {
		sm, err := st.visibleSubmailbox(actor, id, now)
		if err == nil {
			out = st.submailboxView(sm)
		}
		return err
	})
	return out, err
}

// listSubmailboxes returns every submailbox of the mailbox, at any depth, sorted by ID.
func (s *store) listSubmailboxes(actor principal, mailboxID string) ([]api.Submailbox, error) {
	var out []api.Submailbox
	err := s.read(func(st *state, now time.Time) error {
		if err := st.requireVisibleMailbox(actor, mailboxID, now); err != nil {
			return err
		}
		for _, sm := range sortedValues(st.submailboxes) {
			if sm.MailboxID == mailboxID && sm.listed(now) {
				out = append(out, st.submailboxView(sm))
			}
		}
		return nil
	})
	return out, err
}
