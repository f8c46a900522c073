from collections import defaultdict

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..utils import notices as notice_utils


class WaterCollectionNoticeBatch(models.Model):
    """The notices of one route a notifier delivers in one walk, in delivery order, printed as one PDF."""

    _name = "water.collection.notice.batch"
    _description = "Delivery batch of arrears notices"
    _inherit = ["water.folio.mixin", "mail.thread"]
    _order = "date desc, id desc"

    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, readonly=True)
    route_id = fields.Many2one("water.route", readonly=True, index=True)
    notifier_id = fields.Many2one(
        "res.users",
        index=True,
        tracking=True,
        domain=lambda self: [("groups_id", "in", self.env.ref("water_collections.group_water_notifier").ids)],
        readonly=False,
    )
    date = fields.Date(string="Delivery date", required=True, default=fields.Date.context_today, tracking=True)
    notice_ids = fields.One2many("water.collection.notice", "batch_id", string="Notices", readonly=True)
    state = fields.Selection(
        [("draft", "Draft"), ("assigned", "Assigned"), ("done", "Done")],
        default="draft",
        required=True,
        readonly=True,
        tracking=True,
        index=True,
    )
    notice_count = fields.Integer(compute="_compute_counts", string="Number of notices")
    pending_count = fields.Integer(compute="_compute_counts", string="To deliver")
    served_count = fields.Integer(compute="_compute_counts", string="Served")

    def _compute_counts(self):
        counts = defaultdict(lambda: [0, 0, 0])
        for batch, state, served, count in self.env["water.collection.notice"]._read_group(
            [("batch_id", "in", self.ids)], ["batch_id", "delivery_state", "served"], ["__count"]
        ):
            counts[batch.id][0] += count
            if state == "pending":
                counts[batch.id][1] += count
            if served:
                counts[batch.id][2] += count
        for batch in self:
            batch.notice_count, batch.pending_count, batch.served_count = counts[batch.id]

    @api.model
    def _water_make(self, notices, notifier=None, day=None):
        """One batch per company and route of ``notices`` (those not yet in a batch and still to deliver), the
        notices numbered in delivery order (position in the route, account); assigned when a notifier is given.
        One create for the batches, one write per batch, one update for the order. Returns the batches."""
        notices = notices.filtered(lambda notice: not notice.batch_id and notice.delivery_state == "pending")
        if not notices:
            raise UserError(_("None of the selected notices is waiting for a delivery batch."))
        if notifier and not notifier.has_group("water_collections.group_water_notifier"):
            raise UserError(_("%s is not a notifier.", notifier.name))
        groups = defaultdict(lambda: self.env["water.collection.notice"])
        for notice in notices:
            groups[(notice.company_id.id, notice.route_id.id)] |= notice
        keys = sorted(groups, key=lambda key: (key[0], groups[key].route_id.code or "", key[1] or 0))
        day = day or fields.Date.context_today(self)
        batches = self.create(
            [
                {
                    "company_id": company_id,
                    "route_id": route_id,
                    "notifier_id": notifier.id if notifier else False,
                    "date": day,
                    "state": "assigned" if notifier else "draft",
                }
                for company_id, route_id in keys
            ]
        )
        order = []
        for batch, key in zip(batches, keys, strict=True):
            group = groups[key]
            group.sudo().write({"batch_id": batch.id})
            ordered = notice_utils.delivery_order(
                [(notice.id, notice.route_sequence, notice.contract_id.number) for notice in group]
            )
            order += [(notice_id, index) for index, notice_id in enumerate(ordered, start=1)]
        self.env.cr.execute(
            SQL(
                "UPDATE water_collection_notice n SET delivery_sequence = v.seq FROM (VALUES %s) AS v(id, seq)"
                " WHERE n.id = v.id",
                SQL(", ").join(SQL("(%s, %s)", notice_id, index) for notice_id, index in order),
            )
        )
        notices.invalidate_recordset(["delivery_sequence"])
        return batches

    def action_assign(self):
        for batch in self:
            if not batch.notifier_id:
                raise UserError(_("Choose the notifier of batch %s first.", batch.name))
            if batch.state == "done":
                raise UserError(_("Batch %s is done.", batch.name))
        self.write({"state": "assigned"})
        return True

    def write(self, vals):
        if "notifier_id" in vals and any(batch.state == "done" for batch in self):
            raise UserError(_("The notifier of a finished batch cannot change."))
        return super().write(vals)

    def _water_check_done(self):
        """Batches whose every notice is recorded are done."""
        batches = self.sudo().filtered(lambda batch: batch.state != "done")
        if not batches:
            return
        pending = {
            batch.id
            for (batch,) in self.env["water.collection.notice"]
            .sudo()
            ._read_group([("batch_id", "in", batches.ids), ("delivery_state", "=", "pending")], ["batch_id"])
        }
        done = batches.filtered(lambda batch: batch.id not in pending)
        if done:
            done.write({"state": "done"})

    def action_print(self):
        if not self.notice_ids:
            raise UserError(_("The batch has no notices."))
        return self.env.ref("water_collections.action_report_collection_notice_batch").report_action(self, config=False)

    def action_open_notices(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.name,
            "res_model": "water.collection.notice",
            "view_mode": "list,form",
            "domain": [("batch_id", "=", self.id)],
            "context": {"default_batch_id": self.id},
        }
