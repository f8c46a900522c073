from odoo import fields, models


class WaterBillingPeriodGenerate(models.TransientModel):
    _name = "water.billing.period.generate"
    _description = "Generate the billing periods and calendar of a year"

    year = fields.Integer(required=True, default=lambda self: fields.Date.context_today(self).year)
    frequency = fields.Selection(
        [("monthly", "Monthly"), ("bimonthly", "Bimonthly")],
        required=True,
        default=lambda self: self.env.company.water_billing_frequency,
    )

    def action_generate(self):
        self.ensure_one()
        self.env["water.billing.period"].generate_year(self.year, self.frequency)
        return self.env["ir.actions.act_window"]._for_xml_id("water_billing.action_water_billing_calendar")
