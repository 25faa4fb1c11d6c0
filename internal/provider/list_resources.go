package provider

import (
	"context"
	"iter"

	"github.com/csportal/terraform-provider-portal/internal/api"
	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/listresourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// The list resources serve `terraform query` (Terraform 1.14 or later): they find what operators made by
// hand, page by page through the portal's listings, and return for each object its identity, a name a
// person recognises and, with include_resource, the object as a resource would hold it after an import —
// so that what `terraform query -generate-config-out` writes applies with no change.

// pageSizeFor asks the portal for no more than a list block's limit in one page: a query for ten objects
// costs one small request.
func pageSizeFor(limit int64) int {
	if limit <= 0 || limit > api.MaxPageSize {
		return api.MaxPageSize
	}
	return int(limit)
}

// listResults turns a walk through a portal listing into the results of a list block: at most limit of
// them (no further page is asked for once it is reached); a failed request ends the stream with an error
// that says what was being listed. describe names a result and sets its identity from one item, and
// returns the item as the resource's model, which becomes the result's resource only when the query asked
// for resources (-generate-config-out): a plain query does not pay for the conversion. describe may add
// diagnostics to the result.
func listResults[T any](ctx context.Context, req list.ListRequest, what string, items iter.Seq2[T, error],
	describe func(T, *list.ListResult) any) iter.Seq[list.ListResult] {
	return func(push func(list.ListResult) bool) {
		var n int64
		for item, err := range items {
			if err != nil {
				push(list.ListResult{Diagnostics: apiErrorDiagnostics("Cannot list "+what, err)})
				return
			}
			result := req.NewListResult(ctx)
			model := describe(item, &result)
			if req.IncludeResource {
				result.Diagnostics.Append(result.Resource.Set(ctx, model)...)
			} else {
				result.Resource = nil
			}
			// Stopping at the limit before the walk moves on keeps it from asking for a page nobody reads.
			if n++; !push(result) || req.Limit > 0 && n >= req.Limit {
				return
			}
		}
	}
}

// listError is a stream of one result that carries diagnostics: a list block whose configuration or
// lookups failed before any listing began.
func listError(diags diag.Diagnostics) iter.Seq[list.ListResult] {
	return list.ListResultsStreamDiagnostics(diags)
}

// notConfigured reports a list block run before the provider was configured, which Terraform does not do;
// a stream of this error instead of a crash, should it ever.
func notConfigured(data *providerData, stream *list.ListResultsStream) bool {
	if data != nil {
		return false
	}
	var diags diag.Diagnostics
	diags.AddError("Provider not configured", "The list resource ran before the provider was configured. "+
		"Please report this issue to the provider developers.")
	stream.Results = listError(diags)
	return true
}

// listAPIError is listError for a failed request: what was being done, and the portal's answer.
func listAPIError(summary string, err error) iter.Seq[list.ListResult] {
	return listError(apiErrorDiagnostics(summary, err))
}

// apiErrorDiagnostics is the error diagnostic of a failed request: what was being done, and the portal's answer.
func apiErrorDiagnostics(summary string, err error) diag.Diagnostics {
	var diags diag.Diagnostics
	addAPIError(&diags, summary, err)
	return diags
}

// nullTimeouts is a resource's timeouts attribute as an import leaves it: null, with the attribute's
// object type, which a zero timeouts.Value lacks.
func nullTimeouts(req list.ListRequest) timeouts.Value {
	var attrTypes map[string]attr.Type
	if a, ok := req.ResourceSchema.GetAttributes()["timeouts"]; ok {
		if t, ok := a.GetType().(timeouts.Type); ok {
			attrTypes = t.AttrTypes
		}
	}
	return timeouts.Value{Object: types.ObjectNull(attrTypes)}
}

// collectInto hands every item of a walk to f and returns the walk's error.
func collectInto[T any](items iter.Seq2[T, error], f func(T)) error {
	for item, err := range items {
		if err != nil {
			return err
		}
		f(item)
	}
	return nil
}

// filterSeq is the walk of the items that keep reports true for, and of every error.
func filterSeq[T any](items iter.Seq2[T, error], keep func(T) bool) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		for item, err := range items {
			if err == nil && !keep(item) {
				continue
			}
			if !yield(item, err) {
				return
			}
		}
	}
}

// mailboxOrCustomer is the configuration of a list block that takes exactly one of a mailbox and a customer
// (grants, submailboxes): one mailbox's objects, or a customer's in one paged listing.
type mailboxOrCustomer struct {
	MailboxID  types.String `tfsdk:"mailbox_id"`
	CustomerID types.String `tfsdk:"customer_id"`
}

// mailboxOrCustomerValidators makes a list block name at most one of the two scopes: with neither, the
// provider's customer is the scope.
func mailboxOrCustomerValidators() []list.ConfigValidator {
	return []list.ConfigValidator{listresourcevalidator.Conflicting(path.MatchRoot("mailbox_id"), path.MatchRoot("customer_id"))}
}

// readMailboxOrCustomer decodes such a block's configuration, the customer the provider's default when the
// block names neither scope; on failure the stream carries the diagnostics. what names the list block.
func (d *providerData) readMailboxOrCustomer(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream, what string) (mailboxOrCustomer, bool) {
	var cfg mailboxOrCustomer
	diags := req.Config.Get(ctx, &cfg)
	if !diags.HasError() && cfg.MailboxID.IsNull() {
		if customerID, ok := d.requireCustomer(cfg.CustomerID, customerIDPath, what+" without mailbox_id", &diags); ok {
			cfg.CustomerID = types.StringValue(customerID)
		}
	}
	if diags.HasError() {
		stream.Results = listError(diags)
		return cfg, false
	}
	return cfg, true
}

// readCustomer decodes the configuration of a list block whose only scope is a customer, the provider's
// default when the block names none; on failure the stream carries the diagnostics.
func (d *providerData) readCustomer(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream, what string) (string, bool) {
	var cfg struct {
		CustomerID types.String `tfsdk:"customer_id"`
	}
	diags := req.Config.Get(ctx, &cfg)
	customerID := ""
	if !diags.HasError() {
		customerID, _ = d.requireCustomer(cfg.CustomerID, customerIDPath, what, &diags)
	}
	if diags.HasError() {
		stream.Results = listError(diags)
		return "", false
	}
	return customerID, true
}
