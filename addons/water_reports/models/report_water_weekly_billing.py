from odoo import api, fields, models


class ReportWaterWeeklyBilling(models.AbstractModel):
    """The billing department's weekly activity report (PDF): readings, anomalies, field orders, bills
    issued and padrón changes of one week."""

    _name = "report.water_reports.report_weekly_billing"
    _description = "Billing department weekly activity report"

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
            "readings": Activity._water_readings(date_from, date_to, company),
            "orders": Activity._water_orders(date_from, date_to, company, source="field"),
            "contracts": Activity._water_contracts(date_from, date_to, company),
            "padron": Activity._water_padron(date_from, date_to, company),
            "bills": Activity._water_bills(date_from, date_to, company),
        }
