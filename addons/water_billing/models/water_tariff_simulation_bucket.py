from odoo import fields, models

from ..utils import simulation as sim


def _pesos(value):
    return f"-${-value}" if value < 0 else f"+${value}"


def _bucket_label(index):
    """Language-neutral: < -$100, -$100 … -$50, … -$5 … -$0.01, $0, +$0.01 … +$5, … ≥ +$100."""
    lower, upper = sim.bucket_bounds(index)
    if index == sim.UNCHANGED:
        return "$0"
    if lower is None:
        return f"< {_pesos(upper)}"
    if upper is None:
        return f"≥ {_pesos(lower)}"
    lower_text = "+$0.01" if lower == 0 else _pesos(lower)
    upper_text = "-$0.01" if upper == 0 else _pesos(upper)
    return f"{lower_text} … {upper_text}"


BUCKETS = [(f"{index:02d}", _bucket_label(index)) for index in range(sim.BUCKETS)]


class WaterTariffSimulationBucket(models.Model):
    _name = "water.tariff.simulation.bucket"
    _description = "Distribution of the change of a tariff simulation"
    _order = "simulation_id, subject, bucket, service_class_id"

    simulation_id = fields.Many2one("water.tariff.simulation", required=True, ondelete="cascade", index=True)
    chunk = fields.Integer()
    subject = fields.Selection(
        [("bill", "Bills"), ("account", "Accounts")],
        required=True,
        help="Bills: the change of each bill; accounts: each account's average change per bill.",
    )
    service_class_id = fields.Many2one("water.service.class", string="Class / use")
    bucket = fields.Selection(BUCKETS, string="Change", required=True)
    count = fields.Integer()
    over_share_billed = fields.Integer(string="Households over the share (billed)")
    over_share_simulated = fields.Integer(string="Households over the share (simulated)")
