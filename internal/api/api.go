// Package api holds the wire types of the portal provisioning API: the JSON bodies, the problem codes and
// the enumerations that the mock portal serves and the client speaks. The OpenAPI document in
// internal/api/openapi.yaml is the contract; these types are its Go shape, shared so that the mock and the
// client cannot drift apart silently (tests validate every exchange against the document).
//
// This package knows nothing about HTTP transport: no handlers, no requests.
package api

import "time"

// BasePath is where the API is mounted on the portal's host.
const BasePath = "/api/v1"

// Principal kinds (GET /me).
const (
	KindUser            = "user"
	KindApplicationUser = "application_user"
)

// Roles of portal users. Application users have no role field of their own (their role reads "user").
const (
	RoleAdmin = "admin"
	RoleUser  = "user"
)

// Me is the principal a token belongs to.
type Me struct {
	ID   string `json:"id"`
	Kind string `json:"kind"`
	Role string `json:"role"`
	// Name is the username of a portal user or application user.
	Name string `json:"name"`
	// ApplicationID is set only for application users.
	ApplicationID string `json:"application_id,omitempty"`
	// Customer is the customer the principal belongs to.
	Customer CustomerRef `json:"customer"`
	// Reach is what the principal reaches (R14).
	Reach Reach `json:"reach"`
}

// Customer is a tenant of the hosting provider, a node of the customer tree (R14).
type Customer struct {
	ID                    string `json:"id"`
	Name                  string `json:"name"`
	HostedExchangeEnabled bool   `json:"hosted_exchange_enabled"`
	// ParentID is the customer directly above (a reseller, or the service provider); empty only for the root.
	ParentID string `json:"parent_id"`
	// Code is the customer's short name, unique in the portal and immutable ("ACME").
	Code string `json:"code"`
	// Domains are the accepted domains (R15), lowercased and sorted; each belongs to one customer only.
	Domains []string `json:"domains"`
	// UsernameSuffix stores the customer's usernames with its code appended (R17, see StoredUsername).
	UsernameSuffix bool `json:"username_suffix"`
	// AllowExternalForwarding lets the customer's mailboxes forward mail outside its accepted domains.
	AllowExternalForwarding bool `json:"allow_external_forwarding"`
}

// UserPlan is a Hosted Exchange user plan made available to a customer (R2).
type UserPlan struct {
	Name          string `json:"name"`
	Description   string `json:"description"`
	MailboxSizeMB int    `json:"mailbox_size_mb"`
	// SharedMailbox plans give the mailbox a shared calendar (R7).
	SharedMailbox bool `json:"shared_mailbox"`
}

// User is a portal user of a customer. A shared mailbox is a generic user with the Hosted Exchange service
// on a shared-mailbox plan (R1). Passwords are accepted on writes and never returned.
type User struct {
	ID           string `json:"id"`
	CustomerID   string `json:"customer_id"`
	Username     string `json:"username"`
	FirstName    string `json:"first_name"`
	LastName     string `json:"last_name"`
	DisplayName  string `json:"display_name"`
	Role         string `json:"role"`
	LoginEnabled bool   `json:"login_enabled"`
	// PrimaryEmail is the primary address of the user's Hosted Exchange mailbox, empty without one.
	PrimaryEmail string    `json:"primary_email"`
	Version      int64     `json:"version"`
	CreatedAt    time.Time `json:"created_at"`
	UpdatedAt    time.Time `json:"updated_at"`
	// CreationMark is the mark the user's creator gave it (UserCreate.CreationMark), or a later PATCH set;
	// empty for a user made without one.
	CreationMark string `json:"creation_mark,omitempty"`
	// LoginVersion increases with every write of LoginEnabled, even one that leaves the value as it was, so
	// that a program that enabled the login for a moment can disable it again only if nobody wrote the
	// login since (UserPatch.IfLoginVersion).
	LoginVersion int64 `json:"login_version"`
}

// CreationMarkMaxLength bounds a creation mark: 1 to 128 printable ASCII characters (an empty one clears it).
const CreationMarkMaxLength = 128

// UserCreate is the body of POST /users. Usernames are stored lowercased; DisplayName defaults to
// "FirstName LastName"; LoginEnabled defaults to true.
type UserCreate struct {
	CustomerID   string `json:"customer_id"`
	Username     string `json:"username"`
	FirstName    string `json:"first_name"`
	LastName     string `json:"last_name"`
	DisplayName  string `json:"display_name,omitempty"`
	Password     string `json:"password"`
	LoginEnabled *bool  `json:"login_enabled,omitempty"`
	// CreationMark is kept with the user and shown in every read: a creator that died before it learned
	// the new user's ID can recognise its own user by it.
	CreationMark string `json:"creation_mark,omitempty"`
}

// UserPatch is the body of PATCH /users/{id}: only the fields present change.
type UserPatch struct {
	FirstName    *string `json:"first_name,omitempty"`
	LastName     *string `json:"last_name,omitempty"`
	DisplayName  *string `json:"display_name,omitempty"`
	LoginEnabled *bool   `json:"login_enabled,omitempty"`
	Password     *string `json:"password,omitempty"`
	// CreationMark replaces the user's creation mark ("" clears it).
	CreationMark *string `json:"creation_mark,omitempty"`
	// IfLoginVersion makes the patch conditional: the portal answers 412 precondition_failed unless the
	// user's LoginVersion still has this value.
	IfLoginVersion *int64 `json:"if_login_version,omitempty"`
}

// Provisioning statuses of a user's Hosted Exchange service.
const (
	ServiceNotProvisioned = "not_provisioned"
	ServiceRequested      = "requested"
	ServiceInProgress     = "in_progress"
	ServiceProvisioned    = "provisioned"
	ServiceFailed         = "failed"
)

// Calendar is the shared calendar that comes with a shared mailbox (R7).
type Calendar struct {
	Name   string `json:"name"`
	Shared bool   `json:"shared"`
	// DefaultAccess is what everyone without an entry of their own may see (CalendarDefaultAccesses).
	DefaultAccess string `json:"default_access"`
	// Version is the calendar's own, the ETag of GET .../hosted-exchange/calendar.
	Version int64 `json:"version"`
}

// HostedExchange is the Hosted Exchange service of a user (GET /users/{id}/hosted-exchange). A user
// without the service answers 200 with ProvisioningStatus "not_provisioned" and empty fields.
type HostedExchange struct {
	UserID             string    `json:"user_id"`
	ProvisioningStatus string    `json:"provisioning_status"`
	UserPlan           string    `json:"user_plan"`
	PrimaryEmail       string    `json:"primary_email"`
	EmailAliases       []string  `json:"email_aliases"`
	Calendar           *Calendar `json:"calendar"`
	// JobID is the most recent provisioning job, empty when none ran.
	JobID   string `json:"job_id"`
	Version int64  `json:"version"`
	// MailboxSettings are the mailbox's Exchange settings (PATCH /users/{id}/hosted-exchange).
	MailboxSettings
	MailboxUsage
}

// MailboxSettings are the Exchange settings of a provisioned mailbox, changed at once by PATCH
// /users/{id}/hosted-exchange (no job). R6 applies: they are services of the user.
type MailboxSettings struct {
	// ForwardingAddress receives the mailbox's mail (ForwardingSmtpAddress); empty for none. Never one of
	// the mailbox's own addresses; outside the customer's accepted domains only where the customer allows
	// external forwarding.
	ForwardingAddress string `json:"forwarding_address"`
	// ForwardingKeepCopy delivers a forwarded message to the mailbox too (DeliverToMailboxAndForward).
	ForwardingKeepCopy bool `json:"forwarding_keep_copy"`
	// KeepSentAsCopy keeps a copy of what a delegate sends as the mailbox in its Sent Items
	// (MessageCopyForSentAsEnabled); KeepSentOnBehalfCopy the same for send on behalf.
	KeepSentAsCopy       bool `json:"keep_sent_as_copy"`
	KeepSentOnBehalfCopy bool `json:"keep_sent_on_behalf_copy"`
	// HiddenFromAddressLists leaves the mailbox out of the address lists, the GAL.
	HiddenFromAddressLists bool `json:"hidden_from_address_lists"`
}

// DefaultMailboxSettings are a new mailbox's settings in the portal (Exchange's defaults): no forwarding
// (a copy kept should one be set), no copies of sent items, listed in the address lists.
var DefaultMailboxSettings = MailboxSettings{ForwardingKeepCopy: true}

// MailboxUsage is the size of a mailbox and what it holds; all zero without a mailbox.
type MailboxUsage struct {
	// StorageLimitMB is the user plan's mailbox_size_mb.
	StorageLimitMB int64 `json:"storage_limit_mb"`
	// StorageUsedMB and ItemCount change by the minute, as mail comes and goes.
	StorageUsedMB int64 `json:"storage_used_mb"`
	ItemCount     int64 `json:"item_count"`
}

// MailboxSettingsPatch is the body of PATCH /users/{id}/hosted-exchange: only the fields present change.
// An empty ForwardingAddress stops forwarding.
type MailboxSettingsPatch struct {
	ForwardingAddress      *string `json:"forwarding_address,omitempty"`
	ForwardingKeepCopy     *bool   `json:"forwarding_keep_copy,omitempty"`
	KeepSentAsCopy         *bool   `json:"keep_sent_as_copy,omitempty"`
	KeepSentOnBehalfCopy   *bool   `json:"keep_sent_on_behalf_copy,omitempty"`
	HiddenFromAddressLists *bool   `json:"hidden_from_address_lists,omitempty"`
}

// SetAll is the patch that makes a mailbox's settings exactly s.
func (s MailboxSettings) SetAll() MailboxSettingsPatch {
	return MailboxSettingsPatch{ForwardingAddress: &s.ForwardingAddress, ForwardingKeepCopy: &s.ForwardingKeepCopy,
		KeepSentAsCopy: &s.KeepSentAsCopy, KeepSentOnBehalfCopy: &s.KeepSentOnBehalfCopy,
		HiddenFromAddressLists: &s.HiddenFromAddressLists}
}

// HostedExchangeSpec is the body of PUT /users/{id}/hosted-exchange. Email addresses are stored lowercased
// and are unique across the portal (R3).
type HostedExchangeSpec struct {
	UserPlan     string   `json:"user_plan"`
	PrimaryEmail string   `json:"primary_email"`
	EmailAliases []string `json:"email_aliases"`
}

// Mailbox is a user with its Hosted Exchange service, as the two single reads show them: an item of
// GET /customers/{id}/mailboxes.
type Mailbox struct {
	User           User           `json:"user"`
	HostedExchange HostedExchange `json:"hosted_exchange"`
}

// Job statuses. "provisioned" means the job finished successfully, whatever its operation.
const (
	JobRequested   = "requested"
	JobInProgress  = "in_progress"
	JobProvisioned = "provisioned"
	JobFailed      = "failed"
)

// Job operations.
const (
	OperationProvision   = "provision"
	OperationDeprovision = "deprovision"
)

// Job is an asynchronous provisioning job (202 responses carry it, with Location: /api/v1/jobs/{id}).
type Job struct {
	ID        string    `json:"id"`
	UserID    string    `json:"user_id"`
	Operation string    `json:"operation"`
	Status    string    `json:"status"`
	Error     string    `json:"error,omitempty"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Done reports whether the job reached a final status.
func (j Job) Done() bool { return j.Status == JobProvisioned || j.Status == JobFailed }

// Mailbox permission values (R11 and the Exchange delegation rights of seed 000). Each is an independent
// flag: none implies another.
const (
	PermissionView               = "view"
	PermissionCreateSubmailboxes = "create_submailboxes"
	PermissionDeleteMailbox      = "delete_mailbox"
	PermissionCreateMessages     = "create_messages"
	PermissionExtractMessages    = "extract_messages"
	PermissionDeleteMessages     = "delete_messages"
	PermissionChangeProperties   = "change_properties"
	PermissionFullAccess         = "full_access"
	PermissionSendAs             = "send_as"
	PermissionSendOnBehalf       = "send_on_behalf"
)

// AllPermissions lists every permission value in documentation order.
var AllPermissions = []string{
	PermissionView, PermissionCreateSubmailboxes, PermissionDeleteMailbox, PermissionCreateMessages,
	PermissionExtractMessages, PermissionDeleteMessages, PermissionChangeProperties,
	PermissionFullAccess, PermissionSendAs, PermissionSendOnBehalf,
}

// ApplicationPermissions are the only values an application user may hold (R11).
var ApplicationPermissions = []string{PermissionCreateMessages, PermissionChangeProperties}

// Grantee kinds of a permission record.
const (
	GranteeUser            = "user"
	GranteeApplicationUser = "application_user"
)

// Permission is the set of permissions one grantee holds on one mailbox or submailbox (R4, R8). Permissions
// are sorted.
type Permission struct {
	// MailboxID is the mailbox's user ID (usr_…) or the submailbox's ID (smb_…).
	MailboxID string `json:"mailbox_id"`
	// CustomerID is the customer of the mailbox (of the submailbox's mailbox), which never changes: a
	// refresh can read the grant again through the customer's listing.
	CustomerID  string   `json:"customer_id"`
	GranteeID   string   `json:"grantee_id"`
	GranteeKind string   `json:"grantee_kind"`
	Permissions []string `json:"permissions"`
	Version     int64    `json:"version"`
	// Automapping says, for a grant with full_access, whether the mailbox appears by itself in the grantee's
	// Outlook; nil without full_access. It cannot change on an existing grant (409 automapping_immutable).
	Automapping *bool `json:"automapping"`
}

// PermissionSpec is the body of PUT .../permissions/{grantee_id}: it replaces the grantee's whole set.
type PermissionSpec struct {
	Permissions []string `json:"permissions"`
	// Automapping is only allowed with full_access. Nil keeps the value of a full_access the grantee holds,
	// and is true for a new one.
	Automapping *bool `json:"automapping,omitempty"`
}

// Submailbox is a folder of a shared mailbox, at its top level or inside another submailbox of the same
// mailbox. Its name is unique among its siblings (case-insensitive, case preserved). Permissions on a
// submailbox are its own records: they neither come from nor go to the mailbox or other submailboxes (R8).
type Submailbox struct {
	ID string `json:"id"`
	// MailboxID is the user ID of the shared mailbox the submailbox belongs to.
	MailboxID string `json:"mailbox_id"`
	// CustomerID is the customer of that mailbox, which never changes: a refresh can read the submailbox
	// again through the customer's listing.
	CustomerID string `json:"customer_id"`
	// ParentID is the submailbox it is inside, empty at the mailbox's top level.
	ParentID string `json:"parent_id"`
	Name     string `json:"name"`
	// Path is the names from the top level down to this one, joined by SubmailboxPathSeparator
	// ("Invoices/2026"). It changes when an ancestor is renamed.
	Path    string `json:"path"`
	Version int64  `json:"version"`
	// CreationMark is the mark its creator gave the submailbox (see User.CreationMark).
	CreationMark string `json:"creation_mark,omitempty"`
}

// SubmailboxCreate is the body of POST /users/{id}/hosted-exchange/submailboxes. An empty ParentID makes a
// top-level submailbox.
type SubmailboxCreate struct {
	Name     string `json:"name"`
	ParentID string `json:"parent_id,omitempty"`
	// CreationMark: see UserCreate.CreationMark.
	CreationMark string `json:"creation_mark,omitempty"`
}

// SubmailboxPatch is the body of PATCH /submailboxes/{id}: a rename. A submailbox cannot move.
type SubmailboxPatch struct {
	Name *string `json:"name,omitempty"`
	// CreationMark replaces the submailbox's creation mark ("" clears it).
	CreationMark *string `json:"creation_mark,omitempty"`
}

// Submailbox name rules: 1 to SubmailboxNameMaxLength characters, none of them SubmailboxPathSeparator.
const (
	SubmailboxNameMaxLength = 64
	SubmailboxPathSeparator = "/"
)

// Application is an integration application whose users are application users (R13).
type Application struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	Description string `json:"description"`
	// CustomerID is the customer offering the application, to itself and every customer below it (the root:
	// every customer).
	CustomerID string `json:"customer_id"`
}

// ApplicationUser is a user record of one application for one customer (R13: unique username within the
// application and customer).
type ApplicationUser struct {
	ID            string    `json:"id"`
	ApplicationID string    `json:"application_id"`
	Username      string    `json:"username"`
	DisplayName   string    `json:"display_name"`
	Email         string    `json:"email"`
	Enabled       bool      `json:"enabled"`
	Version       int64     `json:"version"`
	CreatedAt     time.Time `json:"created_at"`
	UpdatedAt     time.Time `json:"updated_at"`
	// CustomerID is the customer whose record it is (R16: granted only on that customer's mailboxes). It
	// never changes.
	CustomerID string `json:"customer_id"`
	// CreationMark is the mark its creator gave the record (see User.CreationMark).
	CreationMark string `json:"creation_mark,omitempty"`
}

// ApplicationUserCreate is the body of POST /applications/{id}/users. Enabled defaults to true; CustomerID
// defaults to the caller's own customer.
type ApplicationUserCreate struct {
	CustomerID  string `json:"customer_id,omitempty"`
	Username    string `json:"username"`
	DisplayName string `json:"display_name,omitempty"`
	Email       string `json:"email,omitempty"`
	Password    string `json:"password,omitempty"`
	Enabled     *bool  `json:"enabled,omitempty"`
	// CreationMark: see UserCreate.CreationMark.
	CreationMark string `json:"creation_mark,omitempty"`
}

// ApplicationUserPatch is the body of PATCH /applications/{id}/users/{apu_id}.
type ApplicationUserPatch struct {
	DisplayName *string `json:"display_name,omitempty"`
	Email       *string `json:"email,omitempty"`
	Password    *string `json:"password,omitempty"`
	Enabled     *bool   `json:"enabled,omitempty"`
	// CreationMark replaces the record's creation mark ("" clears it).
	CreationMark *string `json:"creation_mark,omitempty"`
}

// Page is one page of a list response. NextPageToken is empty on the last page.
type Page[T any] struct {
	Items         []T    `json:"items"`
	NextPageToken string `json:"next_page_token"`
}

// Pagination limits of list endpoints (?page_size=&page_token=).
const (
	DefaultPageSize = 50
	MaxPageSize     = 500
)

// MaxBodyBytes is the largest request body the portal reads; larger bodies get 413.
const MaxBodyBytes = 1 << 20

// ID prefixes: IDs are opaque strings of the form <prefix><16 lowercase hex digits>.
const (
	PrefixCustomer        = "cus_"
	PrefixUser            = "usr_"
	PrefixApplication     = "app_"
	PrefixApplicationUser = "apu_"
	PrefixJob             = "job_"
	PrefixSubmailbox      = "smb_"
)

// Headers of the API conventions.
const (
	HeaderIdempotencyKey = "Idempotency-Key"
	HeaderETag           = "ETag"
	HeaderIfMatch        = "If-Match"
	HeaderRetryAfter     = "Retry-After"
	HeaderLocation       = "Location"
	ContentTypeJSON      = "application/json"
	ContentTypeProblem   = "application/problem+json"
)
