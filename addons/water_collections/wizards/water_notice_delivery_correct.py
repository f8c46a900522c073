from markupsafe import Markup

from odoo import _, fields, models
from odoo.exceptions import AccessError, UserError

from ..models.water_collection_notice import OUTCOMES, RELATIONS
from ..utils import notices as notice_utils


class WaterNoticeDeliveryCorrect(models.TransientModel):
    """The collections officer corrects a recorded delivery; the reason goes in the notice's chatter."""

    _name = "water.notice.delivery.correct"
    _description = "Correct the delivery of a notice"

    notice_id = fields.Many2one("water.collection.notice", required=True, readonly=True)
    outcome = fields.Selection(OUTCOMES, required=True)
    received_by = fields.Char(string="Received by")
    received_relation = fields.Selection(RELATIONS, string="Relation to the holder")
    reason = fields.Text(required=True)

    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        notice = self.env["water.collection.notice"].browse(values.get("notice_id"))
        if notice:
            values.setdefault("outcome", notice.outcome)
            values.setdefault("received_by", notice.received_by)
            values.setdefault("received_relation", notice.received_relation)
        return values

    def action_apply(self):
        self.ensure_one()
        if not self.env.user.has_group("water_collections.group_water_collections_officer"):
            raise AccessError(_("Only the collections officer corrects a recorded delivery."))
        notice = self.notice_id
        if notice.delivery_state != "recorded":
            raise UserError(_("Notice %s has no delivery recorded yet.", notice.name))
        if not (self.reason or "").strip():
            raise UserError(_("Say why the delivery is corrected."))
        if notice_utils.delivery_problem(self.outcome, self.received_by) == notice_utils.NO_RECEIVER:
            raise UserError(_("Write the name of the person who received notice %s.", notice.name))
        labels = dict(self._fields["outcome"]._description_selection(self.env))
        before = labels.get(notice.outcome, "")
        notice.write(
            {
                "outcome": self.outcome,
                "received_by": self.received_by,
                "received_relation": self.received_relation,
            }
        )
        notice.message_post(
            body=Markup("<p>%s</p><p>%s</p>")
            % (
                _(
                    "Delivery corrected by %(user)s: %(before)s → %(after)s",
                    user=self.env.user.name,
                    before=before,
                    after=labels[self.outcome],
                ),
                _("Reason: %s", self.reason),
            ),
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        return {"type": "ir.actions.act_window_close"}
