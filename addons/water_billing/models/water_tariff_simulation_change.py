from odoo import fields, models


class WaterTariffSimulationChange(models.Model):
    _name = "water.tariff.simulation.change"
    _description = "Price change of a tariff simulation"
    _order = "simulation_id, service_class_id, block"

    simulation_id = fields.Many2one("water.tariff.simulation", required=True, ondelete="cascade", index=True)
    service_class_id = fields.Many2one("water.service.class", string="Class / use", help="Empty: every class.")
    block = fields.Integer(
        help="Block number (1 = first block) of water and drainage; 0: every block, the base fee and the fixed quota."
    )
    pct = fields.Float(string="Change (%)", required=True, help="e.g. 10 raises the prices 10 %, -5 lowers them.")

    _sql_constraints = [
        ("block_positive", "CHECK(block >= 0)", "The block number cannot be negative."),
        ("pct_range", "CHECK(pct > -100)", "A price cannot fall by 100 % or more."),
        (
            "class_block_uniq",
            "unique(simulation_id, service_class_id, block)",
            "The simulation already changes that block of that class.",
        ),
    ]
