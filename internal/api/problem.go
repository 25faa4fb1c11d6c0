package api

// Problem is an RFC 9457 problem+json error body. Code is the stable value clients branch on.
type Problem struct {
	Type   string       `json:"type"`
	Title  string       `json:"title"`
	Status int          `json:"status"`
	Code   string       `json:"code"`
	Detail string       `json:"detail"`
	Errors []FieldError `json:"errors,omitempty"`
	// ExistingID names the object that already holds a unique value (409 already_exists).
	ExistingID string `json:"existing_id,omitempty"`
}

// FieldError names one request field that was refused, by its JSON path (e.g. "permissions[2]").
type FieldError struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

// ProblemTypeBase prefixes Problem.Type: the type URI is ProblemTypeBase + Code.
const ProblemTypeBase = "https://portal.example.com/problems/"

// Problem codes. Each is stable: clients and the provider branch on them.
const (
	CodeInvalidRequest         = "invalid_request"           // 400: malformed JSON, unknown fields, bad IDs or values
	CodeUnauthorized           = "unauthorized"              //nolint:misspell // 401: missing or unknown bearer token (the wire value keeps its US spelling)
	CodeNotAnAdministrator     = "not_an_administrator"      // 403: writes need an administrator (R10)
	CodeNotFound               = "not_found"                 // 404
	CodeMethodNotAllowed       = "method_not_allowed"        // 405
	CodeAlreadyExists          = "already_exists"            // 409 + existing_id: username or email taken
	CodeUserDisabled           = "user_disabled"             // 409: service or permission change while login disabled (R6)
	CodeServiceProvisioned     = "service_provisioned"       // 409: user delete while its service is provisioned
	CodeJobInProgress          = "job_in_progress"           // 409: a provisioning job of this user is still running
	CodeServiceNotProvisioned  = "service_not_provisioned"   // 409: permissions on a user without a mailbox
	CodeHasChildren            = "has_children"              // 409: submailbox delete while it has children
	CodePreconditionFailed     = "precondition_failed"       // 412: If-Match does not match the ETag
	CodeRequestTooLarge        = "request_too_large"         // 413: body over MaxBodyBytes
	CodeUnsupportedMediaType   = "unsupported_media_type"    // 415: body not application/json
	CodePlanNotAvailable       = "plan_not_available"        // 422: plan missing or not offered to the customer (R2)
	CodeAdminHasAllPermissions = "admin_has_all_permissions" // 422: grant to an administrator (R12)
	CodePermissionNotAllowed   = "permission_not_allowed"    // 422: non-application permission for an application user (R11)
	CodePermissionsEmpty       = "permissions_empty"         // 422: empty set on PUT (use DELETE)
	CodeGranteeNotFound        = "grantee_not_found"         // 422: grantee_id names no user or application user
	CodeIdempotencyKeyReused   = "idempotency_key_reused"    // 422: same Idempotency-Key, different body
	CodeDomainNotAccepted      = "domain_not_accepted"       // 422: an address outside the customer's domains (R15)
	CodeGranteeOtherCustomer   = "grantee_other_customer"    // 422: a grantee of another customer than the mailbox's (R16)
	CodeApplicationUnavailable = "application_not_available" // 422: an application not offered to the customer
	CodeRateLimited            = "rate_limited"              // 429 + Retry-After
	CodeInternalError          = "internal_error"            // 500
	CodeServiceUnavailable     = "service_unavailable"       // 503

	CodePlanTooSmall                  = "plan_too_small"                   // 422: the mailbox's mail does not fit the plan
	CodeForwardingToOwnAddress        = "forwarding_to_own_address"        // 422: a mailbox forwarding to itself
	CodeExternalForwardingNotAllowed  = "external_forwarding_not_allowed"  // 422: forwarding outside the customer's domains
	CodeAutomappingRequiresFullAccess = "automapping_requires_full_access" // 422: automapping without full_access
	CodeAutomappingImmutable          = "automapping_immutable"            // 409: automapping changed on an existing full_access
)
