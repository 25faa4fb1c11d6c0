package provider

import (
	"cmp"
	"context"
	"iter"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/csportal/terraform-provider-portal/internal/api"
	"github.com/csportal/terraform-provider-portal/internal/client"
	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// Batched refresh. Terraform refreshes every resource of a state with its own Read, ten at a time; against
// a portal that answers in 200 ms, a state of 1,000 objects waits 25 s for reads one by one. So Reads of
// objects in one scope — a customer's mailboxes, grants or submailboxes, an application's users — are
// served from one paged listing of the scope, and a Read waits only for the page that holds its object.
//
// When a listing pays: the first Read of a scope reads its object alone, as it would without batching;
// the second starts the listing, and the listing asks for another page only while it has fetched fewer
// pages than the scope has had Reads. So a plan that refreshes one object never lists (a portal of 5,000
// mailboxes is not listed for one), and a listing never costs more requests than the Reads it serves.
//
// Exactness: a listing item carries everything the single read does. An object the listing does not
// show — gone, or too fresh to be listed yet under eventual consistency — is read alone, so a Read
// removes an object from state only on the portal's 404 for that object. A listing that lags behind the
// store can never drop a fresh object and cause a duplicate. And a listing is never used after the
// provider has written anything (every write the client makes bumps a generation and wakes the Reads
// waiting on a listing, which then read alone), nor after maxListingAge.
//
// A listing's walk outlives the Read that started it, so it cannot run on that Read's context, which ends
// with the Read; it keeps that context's values (the loggers: with TF_LOG=DEBUG its requests are logged as
// any other), and it stops when Terraform stops the provider (Ctrl-C sends StopProvider).

// Across customers: a reseller's pipeline refreshes objects of many small customers, each scope read too
// rarely for its own listing to pay. So once the reads of one kind have come from two customers, and the
// token reaches a subtree of customers (an administrator's token, GET /me), every later read of that kind
// goes to one listing of the whole reach instead: the subtree listing of the top of the reach, whose items
// name their customers. A refresh of one customer's objects never asks; one of a single object still reads
// it alone.

// Tuning of the listings.
const (
	// listingThreshold is the Read of a scope that starts its listing: the second.
	listingThreshold = 2
	// maxListingAge bounds how long one listing serves Reads.
	maxListingAge = 5 * time.Minute
)

// batchReads are a provider process's listings, one batcher per kind of object.
type batchReads struct {
	enabled bool
	// stopped ends when Terraform stops the provider (StopProvider); the listings' walks end with it.
	stopped context.Context
	// generation counts the provider's writes: a listing started before one is not used.
	generation   atomic.Uint64
	mailboxes    *batcher[api.Mailbox]
	grants       *batcher[api.Permission]
	submailboxes *batcher[api.Submailbox]
	appUsers     *batcher[api.ApplicationUser]
	// calendarEntries are the entries of a customer's calendars.
	calendarEntries *batcher[api.CalendarPermission]
	// batchers are all of the above, for wrote to wake; set up before any Read.
	batchers []interface{ wake() }
	// customers are the customers of mailbox keys (usr_ or smb_) and application users learned from reads:
	// where a grant or a submailbox lies, when its state does not say.
	customers sync.Map
	// reachTop returns the customer whose subtree listings cover every customer the token reaches, false
	// when the token's reach is one customer (or cannot be told): see subtreeRoot.
	reachTop func(context.Context) (string, bool)
	// reach is reachTop's answer, asked once for every kind (see top).
	reachOnce sync.Once
	reachID   string
	reachOK   bool
}

// top is reachTop's answer, asked once per run however many kinds and Reads want it at once.
func (b *batchReads) top(ctx context.Context) (string, bool) {
	b.reachOnce.Do(func() { b.reachID, b.reachOK = b.reachTop(ctx) })
	return b.reachID, b.reachOK
}

// subtreeScopePrefix marks a scope that is the subtree of a customer, not the customer alone.
const subtreeScopePrefix = "subtree:"

// listingOf is the customer a scope lists and the options that widen the listing to its subtree.
func listingOf(scope string) (string, []client.ListingOption) {
	if top, ok := strings.CutPrefix(scope, subtreeScopePrefix); ok {
		return top, []client.ListingOption{client.Subtree()}
	}
	return scope, nil
}

// wrote is what the client calls after every request that writes. The listings it made unusable wake the
// Reads waiting on them: those read alone at once instead of waiting for pages they will not use.
func (b *batchReads) wrote() {
	b.generation.Add(1)
	for _, w := range b.batchers {
		w.wake()
	}
}

// learnCustomer remembers the customer of a mailbox or submailbox.
func (b *batchReads) learnCustomer(mailboxKey, customerID string) {
	if mailboxKey != "" && customerID != "" {
		b.customers.Store(mailboxKey, customerID)
	}
}

// customerOf is the customer of a mailbox key: the hint (from the resource's private state) when there
// is one, else what a read in this process learned, else "" (unknown: read alone).
func (b *batchReads) customerOf(mailboxKey, hint string) string {
	if hint != "" {
		return hint
	}
	c, _ := b.customers.Load(mailboxKey)
	id, _ := c.(string)
	return id
}

// batcher serves the Reads of one kind of object from listings of their scope.
type batcher[T any] struct {
	kind string // for logs: "mailboxes"
	b    *batchReads
	// list walks a scope's listing, sorted by key, in pages of listPageSize.
	list func(ctx context.Context, scope string) iter.Seq2[T, error]
	key  func(T) string

	// wide: the kind's scopes are customers, and a subtree listing serves many at once; customers are the
	// customers its reads came from, until the kind widens (widened, to the scope of the reach's subtree).
	wide      bool
	customers map[string]bool
	widened   string

	mu     sync.Mutex
	scopes map[string]*batchScope[T]
}

const listPageSize = api.MaxPageSize

func newBatcher[T any](b *batchReads, kind string, list func(context.Context, string) iter.Seq2[T, error], key func(T) string) *batcher[T] {
	bt := &batcher[T]{kind: kind, b: b, list: list, key: key, scopes: map[string]*batchScope[T]{}, customers: map[string]bool{}}
	b.batchers = append(b.batchers, bt)
	return bt
}

// acrossCustomers makes a batcher whose scopes are customers widen to the token's reach (see above).
func (bt *batcher[T]) acrossCustomers() *batcher[T] {
	bt.wide = true
	return bt
}

// scopeFor is the scope that serves a read of customer scope: the reach's subtree once the kind has been
// read in two customers and the token reaches a subtree, else the customer.
func (bt *batcher[T]) scopeFor(ctx context.Context, scope string) string {
	if scope == "" || bt.b.reachTop == nil {
		return scope
	}
	bt.mu.Lock()
	wide, widened := bt.wide, bt.widened
	bt.customers[scope] = true
	many := len(bt.customers) > 1
	bt.mu.Unlock()
	if !wide || widened != "" || !many {
		return cmp.Or(widened, scope)
	}
	top, ok := bt.b.top(ctx) // GET /me, once per run
	bt.mu.Lock()
	defer bt.mu.Unlock()
	if !ok {
		bt.wide = false // one customer's reach: the customers' own listings
		return scope
	}
	if bt.widened == "" {
		bt.widened = subtreeScopePrefix + top
		tflog.Debug(ctx, "reads of several customers: one listing of the token's reach serves them", map[string]any{
			"kind": bt.kind, "scope": bt.widened})
	}
	return bt.widened
}

type batchScope[T any] struct {
	reads   int
	listing *listing[T]
}

// listing is one walk through a scope's listing. Its fields change under the batcher's lock; changed is
// closed (and replaced) whenever they do.
type listing[T any] struct {
	generation uint64
	started    time.Time
	items      map[string]T
	// covered is the greatest key seen: with the listing sorted by key, an object of a smaller or equal key
	// that is not in items was not listed.
	covered string
	ended   bool // no more pages will come: every page fetched, failed, or stopped because it no longer paid
	changed chan struct{}
}

// read returns the object of key in scope: from the scope's listing where it holds it, else from single,
// the object's own read. scope "" (not known) always reads alone.
func (bt *batcher[T]) read(ctx context.Context, scope, key string, single func(context.Context) (T, error)) (T, error) {
	if !bt.b.enabled || scope == "" {
		return single(ctx)
	}
	scope = bt.scopeFor(ctx, scope)
	bt.mu.Lock()
	sc := bt.scopes[scope]
	if sc == nil {
		sc = &batchScope[T]{}
		bt.scopes[scope] = sc
	}
	l := sc.listing
	if l != nil && !bt.usable(l) {
		// Out of date: the scope starts over, as if never read, so that a Read after a write reads alone.
		l, sc.listing, sc.reads = nil, nil, 0
	}
	sc.reads++
	if l == nil {
		if sc.reads < listingThreshold {
			bt.mu.Unlock()
			return single(ctx)
		}
		l = &listing[T]{generation: bt.b.generation.Load(), started: time.Now(), items: map[string]T{}, changed: make(chan struct{})}
		sc.listing = l
		tflog.Debug(ctx, "listing to serve reads", map[string]any{"kind": bt.kind, "scope": scope})
		walkCtx, done := bt.b.walkContext(ctx)
		go func() {
			defer done()
			bt.walk(walkCtx, scope, sc, l)
		}()
	}
	for bt.usable(l) {
		if item, ok := l.items[key]; ok {
			bt.mu.Unlock()
			return item, nil
		}
		if l.covered != "" && key <= l.covered || l.ended {
			break // not listed (gone or fresh), or the listing stopped short of it: read it alone
		}
		changed := l.changed
		bt.mu.Unlock()
		select {
		case <-ctx.Done():
			var zero T
			return zero, ctx.Err()
		case <-changed:
		}
		bt.mu.Lock()
	}
	bt.mu.Unlock()
	return single(ctx)
}

// usable reports whether a listing may serve a Read: no write since it started, and not too old.
func (bt *batcher[T]) usable(l *listing[T]) bool {
	return l.generation == bt.b.generation.Load() && time.Since(l.started) < maxListingAge
}

// walkContext is the context of a listing's walk started by a Read with context ctx: ctx's values, kept
// for as long as the walk runs, without its cancellation (the Read may end first, and the listing serves
// others), for at most maxListingAge, and ended when Terraform stops the provider. done releases it.
func (b *batchReads) walkContext(ctx context.Context) (context.Context, func()) {
	ctx, unpin := keepValues(ctx)
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), maxListingAge)
	stopped := b.stopped
	if stopped == nil {
		stopped = context.Background()
	}
	unhook := context.AfterFunc(stopped, cancel)
	return ctx, func() {
		unhook()
		cancel()
		unpin()
	}
}

// walk fetches the scope's listing into l, page by page while it pays and while it may serve Reads.
func (bt *batcher[T]) walk(ctx context.Context, scope string, sc *batchScope[T], l *listing[T]) {
	next, stop := iter.Pull2(bt.list(ctx, scope))
	defer stop()
	for pulled := 0; ; pulled++ {
		if pulled > 0 && pulled%listPageSize == 0 {
			// The next item is on a page not fetched yet: fetch it only while fewer pages than Reads, and
			// not for a listing that a write made unusable.
			bt.mu.Lock()
			pays := pulled/listPageSize < sc.reads && bt.usable(l)
			bt.mu.Unlock()
			if !pays {
				bt.update(l, func() { l.ended = true })
				return
			}
		}
		item, err, ok := next()
		if !ok || err != nil {
			if err != nil {
				tflog.Debug(ctx, "listing failed: reads of what it has not covered read alone", map[string]any{
					"kind": bt.kind, "scope": scope, "error": err.Error()})
			}
			bt.update(l, func() { l.ended = true })
			return
		}
		bt.update(l, func() {
			k := bt.key(item)
			l.items[k], l.covered = item, max(l.covered, k)
		})
	}
}

// wake wakes every Read waiting on a listing of the batcher, to look again whether it is usable.
func (bt *batcher[T]) wake() {
	bt.mu.Lock()
	defer bt.mu.Unlock()
	for _, sc := range bt.scopes {
		if l := sc.listing; l != nil {
			close(l.changed)
			l.changed = make(chan struct{})
		}
	}
}

// update changes l under the lock and wakes the Reads waiting on it.
func (bt *batcher[T]) update(l *listing[T], change func()) {
	bt.mu.Lock()
	defer bt.mu.Unlock()
	change()
	close(l.changed)
	l.changed = make(chan struct{})
}
