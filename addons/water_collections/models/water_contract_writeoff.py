# pylint: disable=consider-merging-classes-inherited
# (an extension of its own, apart from the other developers' work on the same model)
from markupsafe import escape

from odoo import _, fields, models

from .water_writeoff import WRITEOFF_REASONS


class WaterContract(models.Model):
    _inherit = "water.contract"

    water_written_off = fields.Boolean(string="Written off", readonly=True, copy=False, tracking=True, index=True)
    water_writeoff_date = fields.Date(string="Written off on", readonly=True, copy=False, tracking=True)
    water_writeoff_reason = fields.Selection(
        WRITEOFF_REASONS, string="Write-off reason", readonly=True, copy=False, tracking=True
    )
    water_writeoff_id = fields.Many2one(
        "water.writeoff", string="Write-off", readonly=True, copy=False, tracking=True, index="btree_not_null"
    )
    water_pae_case_ids = fields.One2many("water.pae.case", "contract_id", string="PAE cases")

    def _water_mark_written_off(self, writeoff):
        """Mark the accounts of ``writeoff`` (written off, date, reason, the write-off), traced in their chatter."""
        reasons = {line.contract_id.id: line.reason for line in writeoff.line_ids}
        for reason in set(reasons.values()):
            self.filtered(lambda contract, reason=reason: reasons.get(contract.id) == reason).write(
                {
                    "water_written_off": True,
                    "water_writeoff_date": writeoff.date,
                    "water_writeoff_reason": reason,
                    "water_writeoff_id": writeoff.id,
                }
            )

    def _water_unmark_written_off(self, writeoff, reason):
        """Take the mark of ``writeoff`` off (its cancellation), with ``reason`` in their chatter."""
        marked = self.filtered(lambda contract: contract.water_writeoff_id == writeoff)
        marked.write(
            {
                "water_written_off": False,
                "water_writeoff_date": False,
                "water_writeoff_reason": False,
                "water_writeoff_id": False,
            }
        )
        marked._message_log_batch(
            bodies=dict.fromkeys(
                marked.ids,
                _("Write-off %(name)s cancelled: %(reason)s", name=writeoff.name, reason=escape(reason)),
            )
        )
