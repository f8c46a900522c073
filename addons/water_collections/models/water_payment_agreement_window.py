# pylint: disable=consider-merging-classes-inherited
# (the window's side of the payment agreements keeps its own file)
from odoo import Command, api, fields, models
from odoo.exceptions import UserError


class WaterPaymentAgreement(models.Model):
    """An agreement made from a cashier's receipt: once signed, the receipt shows the account's debts as they stand
    (the surcharges forgiven) and proposes the down payment."""

    _inherit = "water.payment.agreement"

    amount_down_payment_left = fields.Monetary(
        string="Down payment left",
        compute="_compute_amount_down_payment_left",
        help="What is still to be paid of the down payment while the agreement waits for it.",
    )

    @api.depends("state", "amount_down_payment")
    def _compute_amount_down_payment_left(self):
        waiting = self.filtered(lambda agreement: agreement.state == "waiting")._origin
        left = waiting.sudo()._water_down_payment_left() if waiting else {}
        for agreement in self:
            agreement.amount_down_payment_left = float(left.get(agreement._origin.id, 0.0))

    def action_confirm(self):
        context = self.env.context
        receipt_id = context.get("water_receipt_id")
        # the window's defaults (account, channel) are for the agreement, not for what signing creates
        clean = {key: value for key, value in context.items() if not key.startswith("default_")}
        result = super(WaterPaymentAgreement, self.with_env(self.env(context=clean))).action_confirm()
        if receipt_id:
            receipt = self.env["water.cash.receipt"].browse(receipt_id).exists()
            receipt.filtered(lambda r: r.contract_id in self.contract_id)._water_refresh_open_items()
        return result

    # ------------------------------------------------------------------ the live schedule in the form
    @api.onchange("instalment_count")
    def _onchange_instalment_count(self):
        super()._onchange_instalment_count()
        return self._water_plan_warning()

    @api.onchange("debt_line_ids", "amount_down_payment", "frequency", "first_due_date", "interest_rate", "method")
    def _onchange_plan(self):
        super()._onchange_plan()
        return self._water_plan_warning()

    def _water_plan_warning(self):
        """Terms that make no agreement (no debt chosen, a down payment that pays everything, a frequency without due
        dates): the schedule shown is emptied and the officer told why, instead of keeping the last one."""
        if not self.contract_id:
            return None
        try:
            self._water_plan()
        except UserError as error:
            self.line_ids = [Command.clear()]
            return {"warning": {"title": self.env._("No schedule yet"), "message": error.args[0]}}
        return None
