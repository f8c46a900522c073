from odoo import api, models


class ReportWaterMonthlyCommercial(models.AbstractModel):
    """The commercial department's monthly activity report (PDF): income, billing, contracts, cut and
    field orders, complaints and requests and the satisfaction surveys of one month."""

    _name = "report.water_reports.report_monthly_commercial"
    _description = "Commercial department monthly activity report"

    @api.model
    def _get_report_values(self, docids, data=None):
        values, date_from, date_to, company = self.env["water.activity.report.wizard"]._water_report_values(
            docids, data
        )
        Activity = self.env["water.report.activity"]
        return {
            **values,
            "income": Activity._water_income(date_from, date_to, company),
            "bills": Activity._water_bills(date_from, date_to, company),
            "contracts": Activity._water_contracts(date_from, date_to, company),
            "orders": Activity._water_orders(date_from, date_to, company),
            "requests": Activity._water_requests(date_from, date_to, company),
            "surveys": Activity._water_surveys(date_from, date_to, company),
        }
