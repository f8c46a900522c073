from odoo import api, fields, models


class WaterReportKpiMonth(models.Model):
    """The facts of a closed month behind the indicators (what ``water.report.kpi._water_kpi_facts`` reads for
    it), stored so that the dashboard reads twelve months in milliseconds. A nightly job recomputes the months
    that can still move (see ``utils.kpi.SETTLE_DAYS``) and fills missing ones; the dashboard computes a missing
    month on the spot and the manager can recompute the months shown."""

    _name = "water.report.kpi.month"
    _description = "Monthly facts of the indicators"
    _order = "company_id, month desc"
    _rec_name = "month"

    company_id = fields.Many2one("res.company", required=True, index=True, ondelete="cascade")
    month = fields.Date(required=True, help="First day of the month.")
    facts = fields.Json(required=True)
    date_computed = fields.Datetime(string="Computed on", required=True)

    _sql_constraints = [
        ("month_company_unique", "UNIQUE (company_id, month)", "A month's facts are stored once per company."),
    ]

    @api.model
    def _cron_water_kpi_months(self, months=13):
        """Nightly: for each company, store the closed months of the last ``months`` that are missing or not
        settled yet; {company id: the months stored}."""
        Kpi = self.env["water.report.kpi"].sudo()
        return {
            company.id: Kpi.with_company(company)._water_kpi_months_refresh(company, months=months)
            for company in self.env["res.company"].sudo().search([])
        }
