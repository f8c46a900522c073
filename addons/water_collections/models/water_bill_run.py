from odoo import _, models
from odoo.exceptions import UserError


class WaterBillRun(models.Model):
    """The large-consumer check before billing (seed 002 IX), when the company asks for it: a run does not start
    while large consumers of its period and sectors wait for review, and the ones held are not billed."""

    _inherit = "water.bill.run"

    def action_run(self):
        for run in self:
            run._water_check_large_consumers()
        return super().action_run()

    def _water_check_large_consumers(self):
        self.ensure_one()
        if not self.company_id.water_review_large_consumers:
            return
        pending = self.env["water.large.consumer.review"]._water_pending_count(
            self.period_id, self.company_id, self._sectors().ids
        )
        if pending:
            raise UserError(
                _(
                    "The bill run of %(period)s cannot start: %(count)s large consumers are waiting for their review. "
                    "The collections officer validates or holds them first (Collections → Arrears → Large consumer "
                    "reviews).",
                    period=self.period_id.name,
                    count=pending,
                )
            )

    def _pending_contract_ids(self, among=None):
        pending = super()._pending_contract_ids(among=among)
        if not self.company_id.water_review_large_consumers:
            return pending
        held = set(self.env["water.large.consumer.review"]._water_held_ids(self.period_id))
        return [contract_id for contract_id in pending if contract_id not in held] if held else pending
