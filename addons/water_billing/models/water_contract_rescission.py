# pylint: disable=consider-merging-classes-inherited
# (the rescission's part, in a file of its own)
from markupsafe import Markup

from odoo import _, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import format_amount, formatLang

from ..utils import reading as reading_utils

RESCINDABLE_STATES = ("active", "suspended", "cut")


class WaterContract(models.Model):
    """Rescission (rescisión): the commercial manager terminates an account under the regulation, with its
    final bill; the account is cancelled and what it owes stays in its ledger."""

    _inherit = "water.contract"

    rescission_article = fields.Char(
        string="Article of the regulation", readonly=True, copy=False, help="Under which the account was rescinded."
    )
    rescission_bill_id = fields.Many2one("account.move", string="Final bill", readonly=True, copy=False)
    rescission_user_id = fields.Many2one("res.users", string="Rescinded by", readonly=True, copy=False)

    def action_water_rescind(self):
        self.ensure_one()
        self._water_check_rescindable()
        return {
            "type": "ir.actions.act_window",
            "name": _("Rescind account"),
            "res_model": "water.contract.rescission.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_contract_id": self.id},
        }

    def _water_check_rescindable(self):
        if not self.env.user.has_group("water_registry.group_water_manager"):
            raise AccessError(_("Only the commercial manager rescinds accounts."))
        for contract in self:
            if contract.state == "cancelled":
                raise UserError(_("Account %s is already cancelled.", contract.number))
            if contract.state not in RESCINDABLE_STATES:
                raise UserError(
                    _(
                        "Account %s is a draft: it never had service. Cancel it instead of rescinding it.",
                        contract.number,
                    )
                )

    def _water_rescind(self, reason, article, day=None, final_reading=None, attachments=None):
        """Rescind the account: its final bill (with the charges waiting for the next bill), its meter removed
        from service, the account cancelled with the reason; the debt stays in the ledger, nothing is written
        off. Returns the final bill (empty when nothing was left to bill)."""
        self.ensure_one()
        self._water_check_rescindable()
        today = fields.Date.context_today(self)
        day = day or today
        if not (reason or "").strip():
            raise UserError(_("Give the reason for the rescission."))
        if not (article or "").strip():
            raise UserError(_("Give the article of the regulation the rescission is based on."))
        if day > today:
            raise UserError(_("The rescission cannot be dated in the future."))
        meter = self.meter_id
        if meter:
            self._water_check_final_reading(final_reading)
        bill = self.env["water.bill.run"]._water_final_bill(self, day, final_reading)
        # the charges the final bill could not carry (no bill left to make) are invoiced at once
        invoiced = self._water_pending_charges()._water_invoice()
        if meter:
            self._water_remove_meter(day, final_reading)
        self.write({"rescission_article": article, "rescission_bill_id": bill.id, "rescission_user_id": self.env.uid})
        self.change_state("cancelled", reason, day)
        attachments = attachments or self.env["ir.attachment"]
        if attachments:
            attachments.write({"res_model": self._name, "res_id": self.id})
        self.message_post(
            body=self._water_rescission_message(article, reason, day, meter, final_reading, bill, invoiced),
            attachment_ids=attachments.ids,
            subtype_xmlid="mail.mt_note",
        )
        return bill

    def _water_check_final_reading(self, final_reading):
        """The final reading is not below the last one, unless the dial rolled over."""
        if final_reading is None or final_reading is False:
            raise UserError(_("Give the final reading of meter %s.", self.meter_id.display_name))
        if final_reading < 0:
            raise UserError(_("Readings cannot be negative."))
        last = self._water_last_meter_value() or 0.0
        consumption, _rolled = reading_utils.meter_difference(last, final_reading, self.meter_id.digits or 5)
        if consumption is None:
            raise UserError(
                _(
                    "The final reading %(final)s of account %(account)s is lower than its last reading %(last)s.",
                    final=final_reading,
                    account=self.number,
                    last=last,
                )
            )

    def _water_remove_meter(self, day, final_reading):
        """The meter leaves service through the registry's meter wizard (history, meter state 'removed')."""
        self.env["water.meter.change.wizard"].create(
            {
                "service_point_id": self.service_point_id.id,
                "old_meter_final_reading": final_reading,
                "removal_reason": self.env._("Rescission of account %s", self.number),
                "date": day,
            }
        ).action_confirm()

    def _water_pending_charges(self):
        """The account's approved charges waiting for its next bill."""
        self.ensure_one()
        return (
            self.env["water.charge"]
            .sudo()
            .search(
                [
                    ("contract_id", "=", self.id),
                    ("state", "=", "approved"),
                    ("billing_mode", "=", "next_bill"),
                    ("move_id", "=", False),
                ],
                order="date, id",
            )
        )

    def _water_rescission_message(self, article, reason, day, meter, final_reading, bill, invoiced):
        lines = [
            _(
                "Account rescinded on %(date)s under %(article)s by %(user)s. Reason: %(reason)s",
                date=fields.Date.to_string(day),
                article=article,
                user=self.env.user.name,
                reason=reason,
            )
        ]
        if meter:
            lines.append(
                _(
                    "Final reading of meter %(meter)s: %(reading)s.",
                    meter=meter.display_name,
                    reading=formatLang(self.env, final_reading, digits=2),
                )
            )
        if bill:
            lines.append(
                _(
                    "Final bill %(bill)s: %(amount)s.",
                    bill=bill.name,
                    amount=format_amount(self.env, bill.amount_total, bill.currency_id),
                )
            )
            carried = self.env["water.charge"].sudo().search([("move_id", "=", bill.id)])
            if carried:
                lines.append(
                    _("It carries the charges waiting for the next bill: %s.", ", ".join(carried.mapped("name")))
                )
        else:
            lines.append(_("Nothing was left to bill: the last bill is the final one."))
        if invoiced:
            lines.append(
                _(
                    "Charges waiting for the next bill invoiced at once: %s.",
                    ", ".join(invoiced.mapped("name")),
                )
            )
        balance = self._water_balances().get(self.id, 0.0)
        lines.append(
            _(
                "What the account owes (%s) remains in its ledger.",
                format_amount(self.env, balance, self.company_id.currency_id),
            )
        )
        return Markup("<br/>").join(lines)
