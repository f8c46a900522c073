from odoo import api, fields, models

from ..models.water_report_issue import PDF_REPORT, XLSX_REPORT
from ..utils import government


class WaterReportGovernmentWizard(models.TransientModel):
    """Issue a report to government: a template and its period (the year, and the bimester or quarter its
    periodicity asks for); the figures are computed, kept as issued and printed as PDF or XLSX."""

    _name = "water.report.government.wizard"
    _description = "Issue a report to government"

    template_id = fields.Many2one("water.report.template", string="Report", required=True)
    periodicity = fields.Selection(related="template_id.periodicity")
    year = fields.Integer(required=True, default=lambda self: self._default_year())
    period_number = fields.Integer(string="Period", default=1, help="Bimester (1 to 6) or quarter (1 to 4).")
    period_count = fields.Integer(compute="_compute_period")
    date_from = fields.Date(compute="_compute_period")
    date_to = fields.Date(compute="_compute_period")
    issue_id = fields.Many2one("water.report.issue", readonly=True)

    @api.model
    def _default_year(self):
        return fields.Date.context_today(self).year

    @api.depends("template_id", "year", "period_number")
    def _compute_period(self):
        for wizard in self:
            wizard.period_count = government.period_count(wizard.periodicity) if wizard.periodicity else 0
            try:
                number = wizard.period_number if wizard.periodicity != "annual" else 1
                wizard.date_from, wizard.date_to = government.period_bounds(wizard.periodicity, wizard.year, number)
            except (ValueError, KeyError):
                wizard.date_from = wizard.date_to = False

    def _water_issue(self):
        self.ensure_one()
        number = 1 if self.periodicity == "annual" else self.period_number
        self.issue_id = self.env["water.report.issue"]._water_issue(self.template_id, self.year, number)
        return self.issue_id

    def action_issue_pdf(self):
        return self.env.ref(PDF_REPORT).report_action(self._water_issue())

    def action_issue_xlsx(self):
        return self.env.ref(XLSX_REPORT).report_action(self._water_issue())
