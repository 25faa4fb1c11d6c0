package provider

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
)

// defaultTimeLimit is the limit of every create, update and delete where the configuration sets none. A
// shared mailbox waits for its provisioning jobs; grants and submailboxes are changed under their mailbox's
// lock, so most of their time can be waiting for the mailbox's other changes, its provisioning included:
// they get the mailbox's limit.
const defaultTimeLimit = 20 * time.Minute

// lockedChangeWaits is what the timeouts of grants and submailboxes say they wait for.
const lockedChangeWaits = "waiting for the mailbox's other changes (its provisioning included) to finish"

// timeoutsAttribute is the `timeouts` block with a description that says what is waited for and the
// default, which the library's attribute leaves blank.
func timeoutsAttribute(ctx context.Context, waitsFor string) schema.Attribute {
	defText := fmt.Sprintf("%dm", defaultTimeLimit/time.Minute) // "20m", not "20m0s"
	each := fmt.Sprintf("A duration such as `30m` or `1h`; defaults to `%s`.", defText)
	attr := timeouts.Attributes(ctx, timeouts.Opts{
		Create: true, Update: true, Delete: true,
		CreateDescription: "Time limit of a create. " + each,
		UpdateDescription: "Time limit of an update. " + each,
		DeleteDescription: "Time limit of a destroy. " + each,
	})
	if nested, ok := attr.(schema.SingleNestedAttribute); ok {
		nested.MarkdownDescription = fmt.Sprintf("Time limits of the operations as a whole, including %s. "+
			"Each defaults to `%s`. Interrupting Terraform (Ctrl-C) stops the wait at once.", waitsFor, defText)
		return nested
	}
	return attr
}

// limitOf reads an operation's limit from a timeouts value.
var limitOf = map[string]func(timeouts.Value, context.Context, time.Duration) (time.Duration, diag.Diagnostics){
	"create": timeouts.Value.Create,
	"update": timeouts.Value.Update,
	"delete": timeouts.Value.Delete,
}

// withTimeLimit bounds an operation ("create", "update" or "delete") by the limit the resource's timeouts
// value gives it, defaultTimeLimit where the configuration sets none. It reports ok = false when diags holds an error,
// the value's own or an earlier one, and the operation must stop. Otherwise the function it returns, for
// the operation to defer, ends the context and, when the operation failed because the limit ran out, adds
// an error that says which limit it was and how to raise it: the error of the step that was cut short says
// only "context deadline exceeded".
func withTimeLimit(ctx context.Context, diags *diag.Diagnostics, value timeouts.Value, operation string) (context.Context, func(), bool) {
	limit, d := limitOf[operation](value, ctx, defaultTimeLimit)
	if diags.Append(d...); diags.HasError() {
		return ctx, nil, false
	}
	ctx, cancel := context.WithTimeout(ctx, limit)
	return ctx, func() {
		explainTimeLimit(ctx, diags, operation, limit)
		cancel()
	}, true
}

func explainTimeLimit(ctx context.Context, diags *diag.Diagnostics, operation string, limit time.Duration) {
	if !diags.HasError() || !errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return
	}
	diags.AddError(fmt.Sprintf("The %s ran out of time (%s)", operation, limit),
		fmt.Sprintf("The %[1]s did not finish within its time limit of %[2]s, so the provider stopped waiting. "+
			"Anything already made in the portal is recorded in the state, so nothing is left untracked. If the "+
			"portal is only slow, raise the limit in the resource's timeouts, for example `timeouts = { %[1]s = \"%[3]s\" }`.",
			operation, limit, suggestLimit(limit)))
}

// suggestLimit is twice limit, in the minutes or seconds a timeouts value takes.
func suggestLimit(limit time.Duration) string {
	double := 2 * limit
	if double >= time.Minute {
		return fmt.Sprintf("%dm", (double+time.Minute-1)/time.Minute)
	}
	return fmt.Sprintf("%ds", (double+time.Second-1)/time.Second)
}
