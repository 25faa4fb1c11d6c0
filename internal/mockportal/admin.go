package mockportal

import (
	"crypto/subtle"
	"net/http"
)

// The admin endpoints are the mock's own test surface, not part of the portal API: they need the admin
// token, are never faulted, are not counted in the stats and are not in the contract.
//
//	GET    /_mock/faults  the fault settings (Faults as JSON)
//	PUT    /_mock/faults  replace them (re-seeds the PRNG)
//	GET    /_mock/stats   request counts (Stats as JSON)
//	DELETE /_mock/stats   zero them
//	POST   /_mock/reset   back to the fixtures, faults off, stats and idempotency keys cleared
//	POST   /_mock/tokens  {"principal_id": "usr_…" | "apu_…"} → 201 {"token": "…"}
func (p *Portal) adminHandler() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /_mock/faults", p.adapt(func(w http.ResponseWriter, r *http.Request) error {
		writeJSON(w, http.StatusOK, p.Faults())
		return nil
	}))
	mux.Handle("PUT /_mock/faults", p.adapt(func(w http.ResponseWriter, r *http.Request) error {
		var f Faults
		if err := decodeBody(w, r, &f); err != nil {
			return err
		}
		if err := p.SetFaults(f); err != nil {
			return err
		}
		writeJSON(w, http.StatusOK, p.Faults())
		return nil
	}))
	mux.Handle("GET /_mock/stats", p.adapt(func(w http.ResponseWriter, r *http.Request) error {
		writeJSON(w, http.StatusOK, p.Stats())
		return nil
	}))
	mux.Handle("DELETE /_mock/stats", p.adapt(func(w http.ResponseWriter, r *http.Request) error {
		p.ResetStats()
		w.WriteHeader(http.StatusNoContent)
		return nil
	}))
	mux.Handle("POST /_mock/reset", p.adapt(func(w http.ResponseWriter, r *http.Request) error {
		if err := p.Reset(); err != nil {
			return err
		}
		w.WriteHeader(http.StatusNoContent)
		return nil
	}))
	mux.Handle("POST /_mock/tokens", p.adapt(func(w http.ResponseWriter, r *http.Request) error {
		var in struct {
			PrincipalID string `json:"principal_id"`
		}
		if err := decodeBody(w, r, &in); err != nil {
			return err
		}
		if !validGranteeID(in.PrincipalID) {
			return errInvalid("principal_id", "must be a user ID (usr_…) or an application user ID (apu_…)")
		}
		tok, err := p.IssueToken(in.PrincipalID)
		if err != nil {
			return err
		}
		writeJSON(w, http.StatusCreated, map[string]string{"token": tok})
		return nil
	}))
	mux.HandleFunc("/_mock/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, errNotFound("no admin endpoint %s %s", r.Method, r.URL.Path))
	})
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		tok, ok := bearerToken(r)
		if !ok || subtle.ConstantTimeCompare([]byte(tok), p.adminToken) != 1 {
			w.Header().Set("WWW-Authenticate", `Bearer realm="portal-mock"`)
			writeError(w, errUnauthorized("the /_mock endpoints need the admin token"))
			return
		}
		mux.ServeHTTP(w, r)
	})
}
