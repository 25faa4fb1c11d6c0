package client

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"

	"github.com/csportal/terraform-provider-portal/internal/api"
)

// contractRouter routes requests by the OpenAPI contract in internal/api, which the client must conform to.
var contractRouter = sync.OnceValues(func() (routers.Router, error) {
	doc, err := openapi3.NewLoader().LoadFromData(api.OpenAPI)
	if err != nil {
		return nil, err
	}
	if err := doc.Validate(context.Background()); err != nil {
		return nil, err
	}
	return gorillamux.NewRouter(doc)
})

// checkContract fails the test when a request the client sent is not one the contract allows: an unknown
// route, a bad parameter, header or body.
func checkContract(t *testing.T, r recorded) {
	t.Helper()
	router, err := contractRouter()
	if err != nil {
		t.Fatalf("loading the contract: %v", err)
	}
	req, err := http.NewRequest(r.Method, "http://portal.test"+r.URI, strings.NewReader(r.Body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header = r.Header
	route, params, err := router.FindRoute(req)
	if err != nil {
		t.Fatalf("%s %s: not in the contract: %v", r.Method, r.URI, err)
	}
	in := &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route,
		Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc}}
	if err := openapi3filter.ValidateRequest(context.Background(), in); err != nil {
		t.Errorf("%s %s violates the contract: %v", r.Method, r.URI, err)
	}
}
