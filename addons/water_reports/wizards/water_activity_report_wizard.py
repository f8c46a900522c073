from odoo import api, fields, models

from ..utils.operations import month_bounds, week_bounds

REPORTS = {
    "weekly_billing": "water_reports.action_report_weekly_billing",
    "monthly_commercial": "water_reports.action_report_monthly_commercial",
}


class WaterActivityReportWizard(models.TransientModel):
    """Choose the week (billing department) or the month (commercial department) of the activity report."""

    _name = "water.activity.report.wizard"
    _description = "Activity report: choose the week or month"

    report_kind = fields.Selection(
        [("weekly_billing", "Billing department, weekly"), ("monthly_commercial", "Commercial department, monthly")],
        string="Report",
        required=True,
        default="weekly_billing",
    )
    reference_date = fields.Date(
        string="Any day of the week or month",
        required=True,
        default=fields.Date.context_today,
    )
    date_from = fields.Date(compute="_compute_dates", string="From")
    date_to = fields.Date(compute="_compute_dates", string="To")
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)

    @api.depends("report_kind", "reference_date")
    def _compute_dates(self):
        for wizard in self:
            if not wizard.reference_date:
                wizard.date_from = wizard.date_to = False
                continue
            bounds = week_bounds if wizard.report_kind == "weekly_billing" else month_bounds
            wizard.date_from, wizard.date_to = bounds(wizard.reference_date)

    def _water_data(self):
        self.ensure_one()
        return {
            "date_from": fields.Date.to_string(self.date_from),
            "date_to": fields.Date.to_string(self.date_to),
            "company_id": self.company_id.id,
        }

    @api.model
    def _water_report_values(self, docids, data):
        """The values both activity reports share (the wizard, the company and the dates) and the period:
        ``(values, date_from, date_to, company)``. Printed from the wizard record itself (Print menu,
        /report URL) without data, a report covers the record's own week or month."""
        data = data or {}
        if not data.get("date_from") and docids:
            data = self.browse(docids[:1])._water_data()
        company = self.env["res.company"].browse(data.get("company_id")) or self.env.company
        date_from = fields.Date.to_date(data["date_from"])
        date_to = fields.Date.to_date(data["date_to"])
        values = {
            "doc_ids": docids,
            "doc_model": self._name,
            "docs": self.browse(docids),
            "company": company,
            "date_from": date_from,
            "date_to": date_to,
        }
        return values, date_from, date_to, company

    def action_print(self):
        self.ensure_one()
        return self.env.ref(REPORTS[self.report_kind]).report_action(self, data=self._water_data())
