from odoo import _, fields, models


class WaterLargeConsumerPrepare(models.TransientModel):
    """The collections officer prepares the large-consumer reviews of a period (one per active large consumer,
    with its figures) and opens them."""

    _name = "water.large.consumer.prepare"
    _description = "Prepare the large-consumer reviews of a period"

    period_id = fields.Many2one("water.billing.period", required=True)

    def action_prepare(self):
        self.ensure_one()
        Review = self.env["water.large.consumer.review"]
        Review._check_officer()
        reviews = Review._water_prepare(self.period_id)
        return {
            "type": "ir.actions.act_window",
            "res_model": "water.large.consumer.review",
            "view_mode": "list,form",
            "name": _("Large consumers of %s", self.period_id.name),
            "domain": [("id", "in", reviews.ids)],
        }
