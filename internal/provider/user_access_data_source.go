package provider

import (
	"context"
	"strings"

	"github.com/csportal/terraform-provider-portal/internal/api"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var _ datasource.DataSourceWithConfigure = &UserAccessDataSource{}

// UserAccessDataSource answers "what can this person open?": every mailbox, submailbox and calendar a user
// (or an application user) holds rights on, with the rights and the mailbox's address — from the customer's
// listings filtered by grantee, a handful of requests however many mailboxes the customer has, never a read
// per mailbox.
type UserAccessDataSource struct {
	data *providerData
}

// NewUserAccessDataSource is the data source's constructor for the provider.
func NewUserAccessDataSource() datasource.DataSource { return &UserAccessDataSource{} }

type userAccessModel struct {
	UserID       types.String              `tfsdk:"user_id"`
	CustomerID   types.String              `tfsdk:"customer_id"`
	Mailboxes    []userMailboxAccessModel  `tfsdk:"mailboxes"`
	Submailboxes []userSubmailboxAccess    `tfsdk:"submailboxes"`
	Calendars    []userCalendarAccessModel `tfsdk:"calendars"`
}

type userMailboxAccessModel struct {
	MailboxID   types.String `tfsdk:"mailbox_id"`
	Address     types.String `tfsdk:"address"`
	Permissions types.Set    `tfsdk:"permissions"`
}

type userSubmailboxAccess struct {
	SubmailboxID types.String `tfsdk:"submailbox_id"`
	MailboxID    types.String `tfsdk:"mailbox_id"`
	Address      types.String `tfsdk:"address"`
	Path         types.String `tfsdk:"path"`
	Permissions  types.Set    `tfsdk:"permissions"`
}

type userCalendarAccessModel struct {
	MailboxID       types.String `tfsdk:"mailbox_id"`
	Address         types.String `tfsdk:"address"`
	Access          types.String `tfsdk:"access"`
	Delegate        types.Bool   `tfsdk:"delegate"`
	SeePrivateItems types.Bool   `tfsdk:"see_private_items"`
}

func (d *UserAccessDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_user_access"
}

func (d *UserAccessDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	computed := func(description string) schema.StringAttribute {
		return schema.StringAttribute{Computed: true, MarkdownDescription: description}
	}
	permissions := schema.SetAttribute{Computed: true, ElementType: types.StringType,
		MarkdownDescription: "The permissions the user holds on it (`" + strings.Join(api.AllPermissions, "`, `") + "`)."}
	address := computed("The primary email address of the mailbox.")
	resp.Schema = schema.Schema{
		MarkdownDescription: "What one user can open: every mailbox, submailbox and calendar of the customer that the user " +
			"holds rights on, with the rights and the mailbox's address — for an audit, or before a leaver's account is " +
			"removed (see the guide *Offboarding a user*). Read from the customer's listings filtered by the user, in a " +
			"handful of requests however many mailboxes the customer has. Administrators have every right without one and " +
			"hold nothing here.",
		Attributes: map[string]schema.Attribute{
			"user_id": schema.StringAttribute{
				MarkdownDescription: "The user: a portal user (`usr_…`, see the `portal_user` data source) or an application user (`apu_…`).",
				Required:            true,
				Validators:          []validator.String{stringvalidator.RegexMatches(granteeIDPattern, granteeIDRule)},
			},
			"customer_id": schema.StringAttribute{
				MarkdownDescription: "The customer (`cus_…`) whose mailboxes are looked at. Defaults to the user's own " +
					"customer, where every right it can hold lies — an application user's too, found by looking for it in " +
					"each application (a request per application; setting `customer_id` saves them).",
				Optional:   true,
				Computed:   true,
				Validators: []validator.String{customerIDValidator()},
			},
			"mailboxes": schema.ListNestedAttribute{
				MarkdownDescription: "The mailboxes the user holds permissions on, by `mailbox_id`. Their submailboxes are not " +
					"included: permissions do not carry over to them.",
				Computed: true,
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"mailbox_id":  computed("User ID of the mailbox (`usr_…`)."),
					"address":     address,
					"permissions": permissions,
				}},
			},
			"submailboxes": schema.ListNestedAttribute{
				MarkdownDescription: "The submailboxes the user holds permissions on, by `submailbox_id`.",
				Computed:            true,
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"submailbox_id": computed("ID of the submailbox (`smb_…`)."),
					"mailbox_id":    computed("User ID of the mailbox it is in (`usr_…`)."),
					"address":       address,
					"path":          computed("Its path inside the mailbox, such as `Invoices/2026`."),
					"permissions":   permissions,
				}},
			},
			"calendars": schema.ListNestedAttribute{
				MarkdownDescription: "The calendars the user has an entry on, by `mailbox_id` (never an application user's).",
				Computed:            true,
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"mailbox_id": computed("User ID of the mailbox whose calendar it is (`usr_…`)."),
					"address":    address,
					"access":     computed("The user's access to the calendar (`" + strings.Join(api.CalendarEntryAccesses, "`, `") + "`)."),
					"delegate": schema.BoolAttribute{Computed: true,
						MarkdownDescription: "Whether the user is the calendar's delegate, who receives its meeting requests."},
					"see_private_items": schema.BoolAttribute{Computed: true,
						MarkdownDescription: "Whether the user, a delegate, sees the items marked private."},
				}},
			},
		},
	}
}

func (d *UserAccessDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *UserAccessDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m userAccessModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	userID := m.UserID.ValueString()
	customerID := m.CustomerID.ValueString()
	if customerID == "" {
		var err error
		if customerID, err = d.data.customerOfGrantee(ctx, userID); err != nil {
			addAPIError(&resp.Diagnostics, "Cannot find the customer of user "+userID, err)
			return
		}
	}
	access, err := d.data.userAccess(ctx, customerID, userID)
	if err != nil {
		addAPIError(&resp.Diagnostics, "Cannot read what user "+userID+" can open in customer "+customerID, err)
		return
	}
	m.CustomerID = types.StringValue(customerID)
	resp.Diagnostics.Append(access.fill(ctx, &m)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
}

// userAccess is what a user holds in a customer, as the customer's listings show it.
type userAccess struct {
	grants   []api.Permission
	calendar []api.CalendarPermission
	// addresses are the customer's mailboxes' primary addresses; submailboxes the submailboxes the user holds
	// grants on, by ID.
	addresses    map[string]string
	submailboxes map[string]api.Submailbox
}

// userAccess reads what the user holds in the customer: its grants and its calendar entries through the
// grantee_id filter, then the addresses of the mailboxes they are on (and the submailboxes' paths) from the
// customer's listings, only those the answer needs.
func (d *providerData) userAccess(ctx context.Context, customerID, userID string) (userAccess, error) {
	a := userAccess{addresses: map[string]string{}, submailboxes: map[string]api.Submailbox{}}
	if err := collectInto(d.client.EachGranteePermission(ctx, customerID, userID, 0), func(g api.Permission) {
		a.grants = append(a.grants, g)
	}); err != nil {
		return a, err
	}
	if !isApplicationUser(userID) { // calendar access is for people
		if err := collectInto(d.client.EachCustomerCalendarPermission(ctx, customerID, userID, 0), func(e api.CalendarPermission) {
			a.calendar = append(a.calendar, e)
		}); err != nil {
			return a, err
		}
	}
	onSubmailboxes := false
	for _, g := range a.grants {
		onSubmailboxes = onSubmailboxes || strings.HasPrefix(g.MailboxID, api.PrefixSubmailbox)
	}
	if onSubmailboxes {
		if err := collectInto(d.client.EachCustomerSubmailbox(ctx, customerID, 0), func(sm api.Submailbox) {
			a.submailboxes[sm.ID] = sm
		}); err != nil {
			return a, err
		}
	}
	if len(a.grants)+len(a.calendar) > 0 {
		if err := collectInto(d.client.EachCustomerMailbox(ctx, customerID, false, 0), func(mb api.Mailbox) {
			a.addresses[mb.User.ID] = mb.HostedExchange.PrimaryEmail
		}); err != nil {
			return a, err
		}
	}
	return a, nil
}

// fill sets the three lists, in the listings' order (by mailbox key).
func (a userAccess) fill(ctx context.Context, m *userAccessModel) (diags diag.Diagnostics) {
	m.Mailboxes, m.Submailboxes, m.Calendars = []userMailboxAccessModel{}, []userSubmailboxAccess{}, []userCalendarAccessModel{}
	for _, g := range a.grants {
		perms, d := types.SetValueFrom(ctx, types.StringType, g.Permissions)
		diags.Append(d...)
		sm, onSubmailbox := a.submailboxes[g.MailboxID]
		switch {
		case onSubmailbox:
			m.Submailboxes = append(m.Submailboxes, userSubmailboxAccess{SubmailboxID: types.StringValue(sm.ID),
				MailboxID: types.StringValue(sm.MailboxID), Address: types.StringValue(a.addresses[sm.MailboxID]),
				Path: types.StringValue(sm.Path), Permissions: perms})
		case strings.HasPrefix(g.MailboxID, api.PrefixSubmailbox):
			// Listed among the grants but no longer among the submailboxes: deleted in between.
		default:
			m.Mailboxes = append(m.Mailboxes, userMailboxAccessModel{MailboxID: types.StringValue(g.MailboxID),
				Address: types.StringValue(a.addresses[g.MailboxID]), Permissions: perms})
		}
	}
	for _, e := range a.calendar {
		m.Calendars = append(m.Calendars, userCalendarAccessModel{MailboxID: types.StringValue(e.MailboxID),
			Address: types.StringValue(a.addresses[e.MailboxID]), Access: types.StringValue(e.Access),
			Delegate: types.BoolValue(e.Delegate), SeePrivateItems: types.BoolValue(e.SeePrivateItems)})
	}
	return diags
}
