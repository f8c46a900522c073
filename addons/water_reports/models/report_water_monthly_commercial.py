from odoo import api, fields, models


class ReportWaterMonthlyCommercial(models.AbstractModel):
    """The commercial department's monthly activity report (PDF): income, billing, contracts, cut and
    field orders, complaints and requests and the satisfaction surveys of one month."""

    _name = "report.water_reports.report_monthly_commercial"
    _description = "Commercial department monthly activity report"

    @api.model
    def _get_report_values(self, docids, data=None):
        data = data or {}
        if not data.get("date_from") and docids:
            # printed from the wizard record itself (Print menu, /report URL): its own week or month
            data = self.env["water.activity.report.wizard"].browse(docids[:1])._water_data()
        company = self.env["res.company"].browse(data.get("company_id")) or self.env.company
        date_from = fields.Date.to_date(data["date_from"])
        date_to = fields.Date.to_date(data["date_to"])
        Activity = self.env["water.report.activity"]
        return {
            "doc_ids": docids,
            "doc_model": "water.activity.report.wizard",
            "docs": self.env["water.activity.report.wizard"].browse(docids),
            "company": company,
            "date_from": date_from,
            "date_to": date_to,
            "income": Activity._water_income(date_from, date_to, company),
            "bills": Activity._water_bills(date_from, date_to, company),
            "contracts": Activity._water_contracts(date_from, date_to, company),
            "orders": Activity._water_orders(date_from, date_to, company),
            "requests": Activity._water_requests(date_from, date_to, company),
            "surveys": Activity._water_surveys(date_from, date_to, company),
        }
