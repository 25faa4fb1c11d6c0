package client

import (
	"context"
	"fmt"
	"iter"
	"net/http"
	"net/url"
	"strconv"

	"github.com/csportal/terraform-provider-portal/internal/api"
)

// each walks a list endpoint page by page, pageSize items a request (0: the largest the portal allows),
// and yields its items in order. A caller that stops early asks for no further page; an error is yielded
// once, last. filters with empty values are left out.
func each[T any](ctx context.Context, c *Client, filters map[string]string, pageSize int, segments ...string) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
		q := url.Values{}
		for k, v := range filters {
			if v != "" {
				q.Set(k, v)
			}
		}
		if pageSize <= 0 || pageSize > api.MaxPageSize {
			pageSize = api.MaxPageSize
		}
		q.Set("page_size", strconv.Itoa(pageSize))
		r := request{method: http.MethodGet, segments: segments, query: q} // shares q: page_token set below
		seen := map[string]bool{}
		for {
			var page api.Page[T]
			if err := c.do(ctx, r, &page); err != nil {
				yield(zero, err)
				return
			}
			for _, item := range page.Items {
				if !yield(item, nil) {
					return
				}
			}
			next := page.NextPageToken
			if next == "" {
				return
			}
			if seen[next] {
				// A portal that hands out a token twice would keep us here forever.
				path, _ := r.path()
				yield(zero, fmt.Errorf("portal: GET %s: the portal returned page token %q twice", path, next))
				return
			}
			seen[next] = true
			q.Set("page_token", next)
		}
	}
}

// list fetches every page of a list endpoint.
func list[T any](ctx context.Context, c *Client, filters map[string]string, segments ...string) ([]T, error) {
	items := []T{}
	for item, err := range each[T](ctx, c, filters, 0, segments...) {
		if err != nil {
			return nil, err
		}
		items = append(items, item)
	}
	return items, nil
}

// ListingOption widens a customer listing.
type ListingOption func(filters map[string]string)

// Subtree makes a customer listing cover every customer below it that the token reaches too, in the same
// pages; each item names its customer (customer_id), so a reseller's many small customers are listed in a
// few requests rather than a few per customer.
func Subtree() ListingOption { return func(f map[string]string) { f["subtree"] = "true" } }

// customerListingFilter is the query of the customer listings: shared_mailbox and the options; only "true"
// values filter.
func customerListingFilter(sharedOnly bool, opts []ListingOption) map[string]string {
	f := map[string]string{}
	if sharedOnly {
		f["shared_mailbox"] = "true"
	}
	for _, o := range opts {
		o(f)
	}
	return f
}

// EachCustomerMailbox walks the customer's mailboxes, each user with its Hosted Exchange service as the two
// single reads show them, pageSize a request (0: the largest); sharedOnly keeps the shared mailboxes (R1).
func (c *Client) EachCustomerMailbox(ctx context.Context, customerID string, sharedOnly bool, pageSize int, opts ...ListingOption) iter.Seq2[api.Mailbox, error] {
	return each[api.Mailbox](ctx, c, customerListingFilter(sharedOnly, opts), pageSize, "customers", customerID, "mailboxes")
}

// EachCustomerPermission walks every grant on the customer's mailboxes and their submailboxes; sharedOnly
// keeps those on shared mailboxes (R1) and their submailboxes.
func (c *Client) EachCustomerPermission(ctx context.Context, customerID string, sharedOnly bool, pageSize int, opts ...ListingOption) iter.Seq2[api.Permission, error] {
	return each[api.Permission](ctx, c, customerListingFilter(sharedOnly, opts), pageSize, "customers", customerID, "permissions")
}

// EachPermission walks the grants on one mailbox or submailbox (see ListPermissions).
func (c *Client) EachPermission(ctx context.Context, mailboxID string, pageSize int) iter.Seq2[api.Permission, error] {
	return each[api.Permission](ctx, c, nil, pageSize, permissionsPath(mailboxID)...)
}

// EachApplicationUser walks the users of an application.
func (c *Client) EachApplicationUser(ctx context.Context, appID string, pageSize int) iter.Seq2[api.ApplicationUser, error] {
	return each[api.ApplicationUser](ctx, c, nil, pageSize, "applications", appID, "users")
}

// EachSubmailbox walks every submailbox of a mailbox, at any depth.
func (c *Client) EachSubmailbox(ctx context.Context, mailboxID string, pageSize int) iter.Seq2[api.Submailbox, error] {
	return each[api.Submailbox](ctx, c, nil, pageSize, "users", mailboxID, "hosted-exchange", "submailboxes")
}

// EachCustomerSubmailbox walks every submailbox of the customer's mailboxes, at any depth.
func (c *Client) EachCustomerSubmailbox(ctx context.Context, customerID string, pageSize int, opts ...ListingOption) iter.Seq2[api.Submailbox, error] {
	return each[api.Submailbox](ctx, c, customerListingFilter(false, opts), pageSize, "customers", customerID, "submailboxes")
}
