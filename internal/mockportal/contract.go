package mockportal

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"

	"github.com/csportal/terraform-provider-portal/internal/api"
)

// LoadContract returns api.OpenAPI parsed and validated. The document is the same for every portal, so it
// is loaded once; callers must not modify it.
func LoadContract() (*openapi3.T, error) { return loadContract() }

var loadContract = sync.OnceValues(func() (*openapi3.T, error) {
	doc, err := openapi3.NewLoader().LoadFromData(api.OpenAPI)
	if err != nil {
		return nil, fmt.Errorf("loading the API contract: %w", err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		return nil, fmt.Errorf("the API contract is invalid: %w", err)
	}
	return doc, nil
})

var contractRouter = sync.OnceValues(func() (routers.Router, error) {
	doc, err := LoadContract()
	if err != nil {
		return nil, err
	}
	return gorillamux.NewRouter(doc)
})

// contractValidator checks API requests and responses against the contract and reports disagreements.
//
// Requests are often invalid on purpose (tests of bad input): an invalid request answered 4xx is the mock
// and the contract agreeing. A violation is an invalid request the mock accepted, a 2xx on a route the
// contract does not have, or any response that does not match the contract (status, headers, body).
type contractValidator struct {
	router routers.Router
	report func(error)
}

func newContractValidator(report func(error)) (*contractValidator, error) {
	router, err := contractRouter()
	if err != nil {
		return nil, err
	}
	return &contractValidator{router: router, report: report}, nil
}

func (v *contractValidator) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// HEAD is served for every GET by net/http but is not part of the contract.
		if r.Method == http.MethodHead {
			next.ServeHTTP(w, r)
			return
		}
		body, err := io.ReadAll(io.LimitReader(r.Body, api.MaxBodyBytes+1))
		if err != nil {
			next.ServeHTTP(w, r)
			return
		}
		r.Body = io.NopCloser(io.MultiReader(bytes.NewReader(body), r.Body))
		probe := r.Clone(context.WithoutCancel(r.Context()))
		tw := &teeWriter{ResponseWriter: w}
		next.ServeHTTP(tw, r)
		if infoOf(r).aborted {
			return
		}
		status := tw.status
		if status == 0 {
			status = http.StatusOK
		}
		if err := v.check(probe, body, status, w.Header(), tw.body.Bytes()); err != nil {
			v.report(fmt.Errorf("contract violation: %s %s → %d: %w", r.Method, r.URL.RequestURI(), status, err))
		}
	})
}

func (v *contractValidator) check(r *http.Request, body []byte, status int, header http.Header, respBody []byte) error {
	ctx := r.Context()
	r.Body = io.NopCloser(bytes.NewReader(body))
	route, params, err := v.router.FindRoute(r)
	if err != nil {
		if status < 300 {
			return fmt.Errorf("answered %d on a route the contract does not have: %w", status, err)
		}
		return nil
	}
	in := &openapi3filter.RequestValidationInput{
		Request: r, PathParams: params, Route: route,
		Options: &openapi3filter.Options{
			AuthenticationFunc: openapi3filter.NoopAuthenticationFunc, // the mock checks tokens itself
			ExcludeRequestBody: len(body) > api.MaxBodyBytes,
		},
	}
	if err := openapi3filter.ValidateRequest(ctx, in); err != nil && status < 400 {
		return fmt.Errorf("the request violates the contract but was answered %d: %w", status, err)
	}
	out := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: in, Status: status, Header: header,
		Body:    io.NopCloser(bytes.NewReader(respBody)),
		Options: &openapi3filter.Options{IncludeResponseStatus: true},
	}
	if err := openapi3filter.ValidateResponse(ctx, out); err != nil {
		return fmt.Errorf("the response violates the contract: %w", err)
	}
	return nil
}
