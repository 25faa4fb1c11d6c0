package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// Terraform plans a destroy's deletions in the order it would make them — a submailbox before the
// submailbox it lies in, and both before their mailbox — and once one resource's plan fails, it plans none
// of those that wait for it, silently. So a refused submailbox hides the protected objects it lies in: the
// first `terraform destroy` of examples/complete named 2 of its 4 protected objects, and a user who turned
// off the two named was refused again. Each refusal of a submailbox therefore names them itself.
//
// The refusal is planned in a provider process that has seen nothing else of the state: Terraform starts
// one per walk of its graph (the refresh before a destroy, then the destroy's plan). What a submailbox lies
// in travels in its private state instead. Whenever the provider reads, creates or updates a submailbox, it
// records there the protected objects the submailbox lies in, as this process saw them: the mailbox and
// the outer submailboxes refer to nothing of the inner ones, so Terraform refreshes (and creates) them
// first, and their notes are there when the inner one's turn comes. Objects this process did not see keep
// what the private state said before.

// privateContainersKey is the private-state key of a submailbox's protected containers.
const privateContainersKey = "protected_containers"

// container is a protected object a submailbox lies in, as a refusal names it.
type container struct {
	ID          string `json:"id"`
	Description string `json:"description"`
}

// protectionNote is what one provider process saw of a mailbox or submailbox: its description, whether
// its state protects it, and the submailbox it lies in ("" at a mailbox's top level, and for a mailbox).
type protectionNote struct {
	description string
	protected   bool
	parentID    string
}

// protectionNotes are the notes of one provider process, by object ID.
type protectionNotes struct {
	mu    sync.Mutex
	notes map[string]protectionNote
}

// note records what the process saw of the object id.
func (p *protectionNotes) note(id string, n protectionNote) {
	if id == "" {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.notes == nil {
		p.notes = map[string]protectionNote{}
	}
	p.notes[id] = n
}

// seen reports whether this process has read, created or updated the object id: it is in the state.
func (p *protectionNotes) seen(id string) bool {
	_, ok := p.lookup(id)
	return ok
}

func (p *protectionNotes) lookup(id string) (protectionNote, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	n, ok := p.notes[id]
	return n, ok
}

// containers returns the protected objects that a submailbox of mailboxID inside parentID lies in,
// innermost first: from this process's notes where it has them, and where it has none, from prior (what
// the submailbox's private state said).
func (p *protectionNotes) containers(mailboxID, parentID string, prior []container) []container {
	var chain []string
	for id := parentID; id != "" && !slices.Contains(chain, id); {
		chain = append(chain, id)
		n, ok := p.lookup(id)
		if !ok {
			// The rest of the chain is unknown here: keep what was recorded of it.
			for _, c := range prior {
				if !slices.Contains(chain, c.ID) && c.ID != mailboxID {
					chain = append(chain, c.ID)
				}
			}
			break
		}
		id = n.parentID
	}
	chain = append(chain, mailboxID)
	var out []container
	for _, id := range chain {
		if n, ok := p.lookup(id); ok {
			if n.protected {
				out = append(out, container{ID: id, Description: n.description})
			}
			continue
		}
		if i := slices.IndexFunc(prior, func(c container) bool { return c.ID == id }); i >= 0 {
			out = append(out, prior[i])
		}
	}
	return out
}

// privateContainers reads a submailbox's protected containers from its private state.
func privateContainers(ctx context.Context, private privateReader) []container {
	if private == nil {
		return nil
	}
	raw, diags := private.GetKey(ctx, privateContainersKey)
	var out []container
	if diags.HasError() || len(raw) == 0 || json.Unmarshal(raw, &out) != nil {
		return nil
	}
	return out
}

// recordContainers keeps a submailbox's protected containers in its private state.
func recordContainers(ctx context.Context, private privateWriter, containers []container, diags *diag.Diagnostics) {
	if private == nil {
		return
	}
	if containers == nil {
		containers = []container{}
	}
	raw, _ := json.Marshal(containers) // plain strings always encode
	diags.Append(private.SetKey(ctx, privateContainersKey, raw)...)
}

// hiddenContainers is the part of a submailbox's refusal that names the protected objects it lies in.
func hiddenContainers(containers []container) string {
	if len(containers) == 0 {
		return ""
	}
	lines := make([]string, len(containers))
	for i, c := range containers {
		lines[i] = "  - " + c.Description
	}
	return fmt.Sprintf("It lies in these protected objects, which Terraform deletes only after it, so it plans "+
		"none of them while this refusal stands and none of them is refused on its own: if this plan deletes "+
		"them too (terraform destroy does), they need deletion_protection = false as well (terraform state list "+
		"-id=ID prints the address of each):\n%s", strings.Join(lines, "\n"))
}

// noteProtection records what this process saw of the object of o whose state is state (nothing when the
// state is gone): parentID is the submailbox it lies in, "" for a mailbox.
func (d *providerData) noteProtection(ctx context.Context, o protectedObject, state tfsdk.State, parentID string) {
	var id types.String
	if state.Raw.IsNull() || state.GetAttribute(ctx, path.Root("id"), &id).HasError() {
		return
	}
	protected, diags := protectedIn(ctx, state)
	if diags.HasError() {
		return
	}
	d.protected.note(id.ValueString(), protectionNote{description: o.describe(ctx, state), protected: protected, parentID: parentID})
}

// recordSubmailboxContainers notes the submailbox of state and records in its private state the protected
// objects it lies in, from this process's notes and prior, what its private state said before.
func (d *providerData) recordSubmailboxContainers(ctx context.Context, state tfsdk.State, prior privateReader,
	private privateWriter, diags *diag.Diagnostics) {
	var m submailboxModel
	if state.Raw.IsNull() || state.Get(ctx, &m).HasError() {
		return
	}
	d.noteProtection(ctx, protectedSubmailbox, state, m.ParentID.ValueString())
	recordContainers(ctx, private, d.protected.containers(m.MailboxID.ValueString(), m.ParentID.ValueString(),
		privateContainers(ctx, prior)), diags)
}
