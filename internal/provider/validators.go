package provider

import (
	"context"
	"fmt"
	"regexp"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// Syntax the portal accepts. Checked at plan time so that a typo fails in `terraform plan`, not halfway
// through an apply; the portal checks again.
var (
	usernamePattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$`)
	emailPattern    = regexp.MustCompile(`^[A-Za-z0-9.!#$%&'*+/=?^_{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$`)
)

// Password length limits of the portal.
const (
	minPasswordLength = 12
	maxPasswordLength = 128
)

// customerIDValidator checks a customer ID, and says where one comes from.
func customerIDValidator() validator.String {
	return stringvalidator.RegexMatches(customerIDPattern,
		"must be a customer ID such as cus_0123456789abcdef (the portal_customer data source looks one up by name)")
}

// applicationIDValidator checks an application ID, and says where one comes from.
func applicationIDValidator() validator.String {
	return stringvalidator.RegexMatches(applicationIDPattern, applicationIDRule)
}

func usernameValidators() []validator.String {
	return []validator.String{stringvalidator.RegexMatches(usernamePattern,
		"must be 1 to 64 letters, digits, dots, underscores or hyphens, starting with a letter or digit")}
}

func emailValidators() []validator.String {
	return []validator.String{
		stringvalidator.LengthAtMost(254),
		stringvalidator.RegexMatches(emailPattern, "must be an email address such as shared@example.com"),
	}
}

func passwordValidators() []validator.String {
	return []validator.String{stringvalidator.LengthBetween(minPasswordLength, maxPasswordLength)}
}

// endpointValidator checks the endpoint's URL shape at plan time when it is written in configuration.
type endpointValidator struct{}

func (endpointValidator) Description(context.Context) string {
	return "must be an absolute http(s) URL such as https://portal.example.com/api/v1"
}

func (v endpointValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (endpointValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if err := validateEndpoint(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid portal endpoint", err.Error())
	}
}

// durationValidator checks a Go duration string within [min, max].
type durationValidator struct{ min, max time.Duration }

func (v durationValidator) Description(context.Context) string {
	return fmt.Sprintf("must be a duration such as 30s or 2m, between %s and %s", v.min, v.max)
}

func (v durationValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v durationValidator) ValidateString(ctx context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	d, err := time.ParseDuration(req.ConfigValue.ValueString())
	if err != nil || d < v.min || d > v.max {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid duration",
			fmt.Sprintf("%q %s.", req.ConfigValue.ValueString(), v.Description(ctx)))
	}
}
