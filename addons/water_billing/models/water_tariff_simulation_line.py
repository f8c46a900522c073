from odoo import api, fields, models


class WaterTariffSimulationLine(models.Model):
    _name = "water.tariff.simulation.line"
    _description = "Result of a tariff simulation: a period, class and sector"
    _order = "simulation_id, month, service_class_id, sector_id"

    simulation_id = fields.Many2one("water.tariff.simulation", required=True, ondelete="cascade", index=True)
    chunk = fields.Integer(help="The job that wrote the row; -1 once the jobs' rows are summed.")
    currency_id = fields.Many2one(related="simulation_id.currency_id")
    period_id = fields.Many2one("water.billing.period", ondelete="cascade")
    month = fields.Date()
    service_class_id = fields.Many2one("water.service.class", string="Class / use")
    sector_id = fields.Many2one("water.sector")
    bill_count = fields.Integer(string="Bills")
    volume = fields.Float(string="Volume (m³)")
    billed_untaxed = fields.Monetary(string="Billed")
    simulated_untaxed = fields.Monetary(string="Simulated")
    billed_total = fields.Monetary(string="Billed with VAT")
    simulated_total = fields.Monetary(string="Simulated with VAT")
    difference = fields.Monetary(compute="_compute_difference", store=True)
    bills_more = fields.Integer(string="Bills up")
    bills_less = fields.Integer(string="Bills down")
    unpriced_count = fields.Integer(string="Bills without tariff")
    over_share_billed = fields.Integer(string="Household bills over the share (billed)")
    over_share_simulated = fields.Integer(string="Household bills over the share (simulated)")

    @api.depends("billed_untaxed", "simulated_untaxed")
    def _compute_difference(self):
        for line in self:
            line.difference = line.simulated_untaxed - line.billed_untaxed
