from odoo import fields, models


class WaterNoticeBatchMake(models.TransientModel):
    """Make delivery batches of the selected notices: one per route, in delivery order."""

    _name = "water.notice.batch.make"
    _description = "Make delivery batches of notices"

    notice_ids = fields.Many2many(
        "water.collection.notice",
        string="Notices",
        default=lambda self: self.env["water.collection.notice"].browse(self.env.context.get("active_ids", [])),
    )
    notifier_id = fields.Many2one(
        "res.users",
        domain=lambda self: [("groups_id", "in", self.env.ref("water_collections.group_water_notifier").ids)],
        help="Assign the batches to him at once; leave empty to assign each batch later.",
    )
    date = fields.Date(string="Delivery date", required=True, default=fields.Date.context_today)

    def action_make(self):
        self.ensure_one()
        batches = self.env["water.collection.notice.batch"]._water_make(self.notice_ids, self.notifier_id, self.date)
        action = self.env["ir.actions.act_window"]._for_xml_id("water_collections.action_water_notice_batch")
        action["domain"] = [("id", "in", batches.ids)]
        return action
