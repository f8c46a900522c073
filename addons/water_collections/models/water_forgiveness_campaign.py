from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import format_amount


class WaterForgivenessCampaign(models.Model):
    _name = "water.forgiveness.campaign"
    _description = "Surcharge forgiveness campaign (campaña de condonación)"
    _inherit = ["mail.thread"]
    _order = "date_from desc, id desc"

    name = fields.Char(required=True, tracking=True)
    percentage = fields.Float(string="Forgiven (%)", default=100.0, required=True, tracking=True)
    date_from = fields.Date(string="From", required=True, tracking=True)
    date_to = fields.Date(string="To", required=True, tracking=True)
    sector_ids = fields.Many2many(
        "water.sector", string="Sectors", help="Leave empty for every sector of the utility.", tracking=True
    )
    reason = fields.Text(required=True, tracking=True, help="Why the surcharges are forgiven (e.g. council agreement).")
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("to_approve", "To approve"),
            ("approved", "Approved"),
            ("rejected", "Rejected"),
            ("closed", "Closed"),
        ],
        default="draft",
        required=True,
        tracking=True,
    )
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    currency_id = fields.Many2one(related="company_id.currency_id")
    requested_by_id = fields.Many2one("res.users", readonly=True, default=lambda self: self.env.user)
    approved_by_id = fields.Many2one("res.users", readonly=True, tracking=True)
    forgiveness_ids = fields.One2many("water.surcharge.forgiveness", "campaign_id", readonly=True)
    forgiveness_count = fields.Integer(string="Accounts", compute="_compute_totals")
    amount_total = fields.Monetary(string="Forgiven", compute="_compute_totals")

    _sql_constraints = [
        (
            "percentage_range",
            "CHECK(percentage > 0 AND percentage <= 100)",
            "The percentage must be above 0 and 100 at most.",
        ),
        ("dates_order", "CHECK(date_from <= date_to)", "The campaign must end after it starts."),
    ]

    @api.depends("forgiveness_ids.amount")
    def _compute_totals(self):
        for campaign in self:
            campaign.forgiveness_count = len(campaign.forgiveness_ids)
            campaign.amount_total = sum(campaign.forgiveness_ids.mapped("amount"))

    def action_submit(self):
        Forgiveness = self.env["water.surcharge.forgiveness"]
        for campaign in self:
            if campaign.state != "draft":
                raise UserError(_("Campaign %s was already submitted.", campaign.name))
            if Forgiveness._water_within_limit(campaign.percentage):
                campaign.write({"state": "approved", "approved_by_id": self.env.uid})
            else:
                campaign.write({"state": "to_approve"})

    def action_approve(self):
        self._check_manager()
        self.write({"state": "approved", "approved_by_id": self.env.uid})

    def action_reject(self):
        self._check_manager()
        self.write({"state": "rejected", "approved_by_id": self.env.uid})

    def action_close(self):
        self.filtered(lambda c: c.state == "approved").write({"state": "closed"})

    def _check_manager(self):
        if not self.env.user.has_group("water_registry.group_water_manager"):
            raise AccessError(
                _("Only the commercial manager approves forgiveness above the collections officer's limit.")
            )
        if self.filtered(lambda c: c.state != "to_approve"):
            raise UserError(_("Only campaigns waiting for approval can be decided."))

    def action_apply(self):
        """Forgive the open surcharges of every account of the campaign not forgiven yet, in one batch."""
        self.ensure_one()
        if self.state != "approved":
            raise UserError(_("Campaign %s is not approved.", self.name))
        today = fields.Date.context_today(self)
        if not self.date_from <= today <= self.date_to:
            raise UserError(
                _(
                    "Campaign %(name)s runs from %(start)s to %(end)s.",
                    name=self.name,
                    start=self.date_from,
                    end=self.date_to,
                )
            )
        Forgiveness = self.env["water.surcharge.forgiveness"]
        Forgiveness._water_within_limit(self.percentage)  # only the officer or the manager apply a campaign
        open_surcharges = Forgiveness._water_open_surcharges(sector_ids=self.sector_ids.ids, company=self.company_id)
        if not open_surcharges:
            raise UserError(_("No account has surcharges left to forgive."))
        by_contract = {}
        for move_id, contract_id in open_surcharges:
            by_contract.setdefault(contract_id, []).append(move_id)
        forgiveness = Forgiveness.with_context(tracking_disable=True, mail_create_nolog=True).create(
            [
                {
                    "contract_id": contract_id,
                    "campaign_id": self.id,
                    "percentage": self.percentage,
                    "reason": self.reason,
                    "surcharge_ids": [(6, 0, move_ids)],
                    "company_id": self.company_id.id,
                }
                for contract_id, move_ids in by_contract.items()
            ]
        )
        forgiveness._water_apply()
        self.message_post(
            body=_(
                "%(count)s accounts forgiven %(pct)s%% of their surcharges (%(amount)s): %(reason)s",
                count=len(forgiveness),
                pct=format(self.percentage, "g"),
                amount=format_amount(self.env, sum(forgiveness.mapped("amount")), self.currency_id),
                reason=self.reason,
            )
        )
        return True

    def action_open_forgiveness(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("water_collections.action_water_surcharge_forgiveness")
        action["domain"] = [("campaign_id", "=", self.id)]
        return action
