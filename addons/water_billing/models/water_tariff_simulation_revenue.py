from odoo import fields, models, tools


class WaterTariffSimulationRevenue(models.Model):
    """The result rows twice, billed and simulated, for a chart of both side by side."""

    _name = "water.tariff.simulation.revenue"
    _description = "Revenue of a tariff simulation, billed and simulated"
    _auto = False
    _order = "month, side"

    simulation_id = fields.Many2one("water.tariff.simulation", readonly=True)
    month = fields.Date(readonly=True)
    service_class_id = fields.Many2one("water.service.class", string="Class / use", readonly=True)
    sector_id = fields.Many2one("water.sector", readonly=True)
    side = fields.Selection([("1_billed", "Billed"), ("2_simulated", "Simulated")], readonly=True)
    amount = fields.Float(string="Revenue (before VAT)", readonly=True)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            f"""
            CREATE VIEW {self._table} AS
            SELECT l.id * 2 AS id, l.simulation_id, l.month, l.service_class_id, l.sector_id,
                   '1_billed' AS side, l.billed_untaxed AS amount
              FROM water_tariff_simulation_line l
             UNION ALL
            SELECT l.id * 2 + 1, l.simulation_id, l.month, l.service_class_id, l.sector_id,
                   '2_simulated', l.simulated_untaxed
              FROM water_tariff_simulation_line l
            """
        )
