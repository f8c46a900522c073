from odoo import api, models


class ReportWaterWeeklyBilling(models.AbstractModel):
    """The billing department's weekly activity report (PDF): readings, anomalies, field orders, bills
    issued and padrón changes of one week."""

    _name = "report.water_reports.report_weekly_billing"
    _description = "Billing department weekly activity report"

    @api.model
    def _get_report_values(self, docids, data=None):
        values, date_from, date_to, company = self.env["water.activity.report.wizard"]._water_report_values(
            docids, data
        )
        Activity = self.env["water.report.activity"]
        return {
            **values,
            "readings": Activity._water_readings(date_from, date_to, company),
            "orders": Activity._water_orders(date_from, date_to, company, source="field"),
            "contracts": Activity._water_contracts(date_from, date_to, company),
            "padron": Activity._water_padron(date_from, date_to, company),
            "bills": Activity._water_bills(date_from, date_to, company),
        }
