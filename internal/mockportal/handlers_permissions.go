package mockportal

import (
	"net/http"

	"github.com/csportal/terraform-provider-portal/internal/api"
)

// The permission handlers serve the grants of a mailbox (/users/{id}/hosted-exchange/permissions, prefix
// usr_) and of a submailbox (/submailboxes/{id}/permissions, prefix smb_) alike: the store keeps both under
// the ID in the path, the mailbox key.

// permissionTarget reads the mailbox key and grantee path parameters (400 naming the malformed one).
func permissionTarget(r *http.Request, prefix string) (mailboxID, granteeID string, err error) {
	if mailboxID, err = pathID(r, "id", prefix); err != nil {
		return "", "", err
	}
	if granteeID, err = pathGranteeID(r); err != nil {
		return "", "", err
	}
	return mailboxID, granteeID, nil
}

func (p *Portal) listPermissions(prefix string) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r, "id", prefix)
		if err != nil {
			return err
		}
		return servePage(w, r, func(g api.Permission) string { return g.GranteeID }, func() ([]api.Permission, error) {
			return p.store.listPermissions(infoOf(r).principal, id)
		})
	}
}

func (p *Portal) getPermission(prefix string) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		mailboxID, granteeID, err := permissionTarget(r, prefix)
		if err != nil {
			return err
		}
		g, err := p.store.getPermission(infoOf(r).principal, mailboxID, granteeID)
		if err != nil {
			return err
		}
		writeVersioned(w, http.StatusOK, g, g.Version)
		return nil
	}
}

func (p *Portal) putPermission(prefix string) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		mailboxID, granteeID, err := permissionTarget(r, prefix)
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
}

func (p *Portal) deletePermission(prefix string) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		mailboxID, granteeID, err := permissionTarget(r, prefix)
		if err != nil {
			return err
		}
		if err := p.store.deletePermission(infoOf(r).principal, mailboxID, granteeID, parseIfMatch(r)); err != nil {
			return err
		}
		w.WriteHeader(http.StatusNoContent)
		return nil
	}
}
