package mockportal

import (
	"net/http"

	"github.com/csportal/terraform-provider-portal/internal/api"
)

// permissionTarget reads the mailbox and grantee path parameters (400 naming the malformed one).
func permissionTarget(r *http.Request) (mailboxID, granteeID string, err error) {
	if mailboxID, err = pathID(r, "id", api.PrefixUser); err != nil {
		return "", "", err
	}
	if granteeID, err = pathGranteeID(r); err != nil {
		return "", "", err
	}
	return mailboxID, granteeID, nil
}

func (p *Portal) listPermissions(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id", api.PrefixUser)
	if err != nil {
		return err
	}
	return servePage(w, r, func(g api.Permission) string { return g.GranteeID }, func() ([]api.Permission, error) {
		return p.store.listPermissions(id)
	})
}

func (p *Portal) getPermission(w http.ResponseWriter, r *http.Request) error {
	mailboxID, granteeID, err := permissionTarget(r)
	if err != nil {
		return err
	}
	g, err := p.store.getPermission(mailboxID, granteeID)
	if err != nil {
		return err
	}
	writeVersioned(w, http.StatusOK, g, g.Version)
	return nil
}

func (p *Portal) putPermission(w http.ResponseWriter, r *http.Request) error {
	mailboxID, granteeID, err := permissionTarget(r)
	if err != nil {
		return err
	}
	var spec api.PermissionSpec
	if err := decodeBody(w, r, &spec); err != nil {
		return err
	}
	g, err := p.store.putPermission(infoOf(r).principal, mailboxID, granteeID, spec, parseIfMatch(r))
	if err != nil {
		return err
	}
	writeVersioned(w, http.StatusOK, g, g.Version)
	return nil
}

func (p *Portal) deletePermission(w http.ResponseWriter, r *http.Request) error {
	mailboxID, granteeID, err := permissionTarget(r)
	if err != nil {
		return err
	}
	if err := p.store.deletePermission(infoOf(r).principal, mailboxID, granteeID, parseIfMatch(r)); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
