package api

import _ "embed"

// OpenAPI is the OpenAPI 3.0 document of the provisioning API (openapi.yaml beside this file): every
// endpoint, parameter, body, status code, header and problem code. It is the contract the mock portal and
// the client conform to; the mock's tests validate every request and response against it.
//
//go:embed openapi.yaml
var OpenAPI []byte
