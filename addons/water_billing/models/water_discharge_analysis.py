from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..utils import discharge

ANALYSIS_STATES = [("draft", "Draft"), ("confirmed", "Confirmed"), ("billed", "On a bill")]


class WaterDischargeAnalysis(models.Model):
    """A laboratory analysis of an account's wastewater discharge for one billing period: the bill run
    charges each parameter above the discharge norm's limit on the account's bill of the period."""

    _name = "water.discharge.analysis"
    _description = "Laboratory analysis of a discharge"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "period_id desc, contract_id"
    _check_company_auto = True

    contract_id = fields.Many2one(
        "water.contract", string="Account", required=True, index=True, tracking=True, check_company=True
    )
    partner_id = fields.Many2one(related="contract_id.partner_id", string="Holder")
    service_class_id = fields.Many2one(related="contract_id.service_class_id")
    period_id = fields.Many2one("water.billing.period", required=True, index=True, tracking=True, ondelete="restrict")
    sample_date = fields.Date(required=True, default=fields.Date.context_today, tracking=True)
    laboratory = fields.Char(tracking=True)
    report_number = fields.Char(string="Laboratory report", tracking=True)
    volume = fields.Float(
        string="Discharged volume (m³)",
        digits=(12, 2),
        tracking=True,
        help="0: the volume billed in the period (the account's reading, its well's or its declared volume).",
    )
    line_ids = fields.One2many("water.discharge.analysis.line", "analysis_id", string="Results", copy=True)
    state = fields.Selection(ANALYSIS_STATES, default="draft", required=True, tracking=True, copy=False)
    move_id = fields.Many2one("account.move", string="Bill", readonly=True, copy=False, index=True)
    company_id = fields.Many2one(related="contract_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    amount_estimate = fields.Monetary(
        string="Estimated charge",
        compute="_compute_amount_estimate",
        help="Before VAT, on the discharged volume typed here, else on the volume billed in the period.",
    )
    note = fields.Text()

    @api.depends("contract_id.number", "period_id.name")
    def _compute_display_name(self):
        for analysis in self:
            parts = (analysis.contract_id.number, analysis.period_id.name)
            analysis.display_name = " · ".join(part for part in parts if part) or False

    @api.depends("volume", "line_ids.amount_estimate")
    def _compute_amount_estimate(self):
        for analysis in self:
            analysis.amount_estimate = sum(analysis.line_ids.mapped("amount_estimate"))

    def _estimate_volumes(self):
        """{analysis id: m³} the charge is computed on: the discharged volume typed, else the bill's volume,
        else the period's own-well volume or valid reading (what the bill run will bill); two queries."""
        contracts, periods = self.contract_id._origin, self.period_id._origin
        extracted = {
            (contract.id, period.id): volume
            for contract, period, volume in self.env["water.discharge.declaration"]
            .sudo()
            ._read_group(
                [("contract_id", "in", contracts.ids), ("period_id", "in", periods.ids)],
                ["contract_id", "period_id"],
                ["volume:sum"],
            )
        }
        readings = (
            self.env["water.reading"]
            .sudo()
            .search_read(
                [
                    ("contract_id", "in", contracts.ids),
                    ("period_id", "in", periods.ids),
                    ("state", "in", ("valid", "billed")),
                ],
                ["contract_id", "period_id", "consumption"],
            )
        )
        measured = {(r["contract_id"][0], r["period_id"][0]): r["consumption"] for r in readings}
        result = {}
        for analysis in self:
            key = (analysis.contract_id._origin.id, analysis.period_id._origin.id)
            result[analysis.id] = (
                analysis.volume or analysis.move_id.water_volume or measured.get(key) or extracted.get(key) or 0.0
            )
        return result

    # ------------------------------------------------------------------ checks
    @api.model
    def _billed_pairs(self, pairs):
        """The (contract id, period id) of ``pairs`` that already have a bill (not cancelled), in one query."""
        pairs = list(pairs)
        if not pairs:
            return set()
        self.env["account.move"].flush_model(["water_contract_id", "water_period_id", "move_type", "state"])
        self.env.cr.execute(
            """
            SELECT DISTINCT m.water_contract_id, m.water_period_id
              FROM account_move m
              JOIN unnest(%s::int[], %s::int[]) AS p(contract_id, period_id)
                ON m.water_contract_id = p.contract_id AND m.water_period_id = p.period_id
             WHERE m.move_type = 'out_invoice' AND m.state != 'cancel'
            """,
            [[c for c, _p in pairs], [p for _c, p in pairs]],
        )
        return set(self.env.cr.fetchall())

    @api.constrains("contract_id", "period_id", "volume", "state")
    def _check_analysis(self):
        for analysis in self:
            if analysis.volume < 0:
                raise ValidationError(
                    _("Analysis %s: the discharged volume cannot be negative.", analysis.display_name)
                )
            twin = self.search_count(
                [
                    ("id", "!=", analysis.id),
                    ("contract_id", "=", analysis.contract_id.id),
                    ("period_id", "=", analysis.period_id.id),
                ],
                limit=1,
            )
            if twin:
                raise ValidationError(
                    _(
                        "Account %(account)s already has an analysis for %(period)s: correct that one.",
                        account=analysis.contract_id.number,
                        period=analysis.period_id.name,
                    )
                )
        self._check_not_billed()

    def _check_not_billed(self):
        """An analysis changes nothing on a period already billed: the bill is posted."""
        open_ones = self.filtered(lambda a: a.state != "billed")
        billed = self._billed_pairs((a.contract_id.id, a.period_id.id) for a in open_ones)
        for analysis in open_ones:
            if (analysis.contract_id.id, analysis.period_id.id) in billed:
                raise ValidationError(
                    _(
                        "Account %(account)s is already billed for %(period)s: an analysis cannot be added or "
                        "changed for that period. Enter it for the next period, or adjust the bill.",
                        account=analysis.contract_id.number,
                        period=analysis.period_id.name,
                    )
                )

    def write(self, vals):
        if not self.env.context.get("water_discharge_billing") and self.filtered(lambda a: a.state == "billed"):
            raise UserError(_("An analysis already on a bill cannot be changed."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_not_billed(self):
        if self.filtered(lambda a: a.state == "billed"):
            raise UserError(_("An analysis already on a bill cannot be deleted."))

    # ------------------------------------------------------------------ actions
    def action_confirm(self):
        for analysis in self:
            if analysis.state != "draft":
                continue
            if not analysis.line_ids:
                raise UserError(_("Analysis %s has no results to confirm.", analysis.display_name))
        self.filtered(lambda a: a.state == "draft").write({"state": "confirmed"})
        return True

    def action_draft(self):
        self.filtered(lambda a: a.state == "confirmed").write({"state": "draft"})
        return True

    # ------------------------------------------------------------------ pricing
    def _charges(self, volume=None):
        """[utils.discharge.Charge] of the analysis on ``volume`` m³ (its own discharged volume by default)."""
        self.ensure_one()
        parameters = self.line_ids.parameter_id.sorted(lambda p: (p.sequence, p.id))
        concentrations = {line.parameter_id.code: line.concentration for line in self.line_ids}
        return discharge.charges(parameters._to_engine(), concentrations, self.volume if volume is None else volume)
