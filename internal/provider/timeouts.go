package provider

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
)

// timeoutsAttribute is the `timeouts` block with a description that says what is waited for and the
// default, which the library's attribute leaves blank.
func timeoutsAttribute(ctx context.Context, waitsFor string, def time.Duration) schema.Attribute {
	defText := def.String()
	if def%time.Minute == 0 {
		defText = fmt.Sprintf("%dm", def/time.Minute) // "20m", not "20m0s"
	}
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
