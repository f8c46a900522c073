# pylint: disable=consider-merging-classes-inherited
# (the citizen's side of the agreements keeps its own file: the portal page, the request it answers)
from odoo import _, api, fields, models
from odoo.tools import format_amount, format_date

from ..utils import agreement_portal

PORTAL_STATES = ("waiting", "active", "done", "broken", "restructured", "cancelled")


class WaterPaymentAgreement(models.Model):
    """What the citizen sees of his agreements on the portal, and the citizen's request the agreement answers."""

    _inherit = "water.payment.agreement"

    @api.model
    def _water_portal_domain(self):
        """The agreements a citizen may see: signed ones only (never drafts nor those waiting for the manager's
        approval; a cancelled agreement shows only if it had been signed: it waited for its down payment)."""
        return [("state", "in", PORTAL_STATES), ("date_down_payment_due", "!=", False)]

    def _water_portal_status_labels(self):
        return {
            agreement_portal.PAID: _("Paid"),
            agreement_portal.OVERDUE: _("Overdue"),
            agreement_portal.DUE: _("To pay now"),
            agreement_portal.UPCOMING: _("Upcoming"),
            agreement_portal.CANCELLED: _("Cancelled"),
        }

    def _water_portal_summaries(self):
        """{agreement id: dict} of what the portal shows of each agreement (its card and its page): the schedule
        with each instalment's state, what is due now, the down payment left of a waiting agreement, the next
        instalment. A few queries whatever the number of agreements (lines and their journal items are read in
        batch, one ledger read for the waiting ones)."""
        agreements = self.sudo()
        agreements.line_ids.move_line_id.mapped("amount_residual")
        today = fields.Date.context_today(self)
        labels = self._water_portal_status_labels()
        state_labels = dict(self._fields["state"]._description_selection(self.env))
        waiting = agreements.filtered(lambda agreement: agreement.state == "waiting")
        down_left = waiting._water_down_payment_left() if waiting else {}
        result = {}
        for agreement in agreements:
            horizon = agreement_portal.payable_from(today, agreement.company_id.water_agreement_notice_days)
            live = agreement.state == "active"
            rows = []
            for line in agreement.line_ids.sorted("number"):
                residual = line.amount_residual
                if live:
                    status = agreement_portal.instalment_status(line.state, residual, line.date_due, today, horizon)
                elif line.state == "cancelled":
                    status = agreement_portal.CANCELLED
                elif line.move_line_id and residual <= 0:
                    status = agreement_portal.PAID
                else:
                    status = agreement_portal.UPCOMING if agreement.state == "waiting" else agreement_portal.CANCELLED
                rows.append(
                    {
                        "number": line.number,
                        "label": line.label,
                        "date_due": line.date_due,
                        "amount": line.amount,
                        "paid": line.amount - residual if line.state != "cancelled" else 0.0,
                        "residual": residual,
                        "state": line.state,
                        "status": status,
                        "status_label": labels[status],
                        "badge": agreement_portal.BADGE_CLASSES[status],
                    }
                )
            due = agreement_portal.due_now(rows, today, horizon) if live else agreement_portal.ZERO
            next_row = next((row for row in rows if row["status"] in ("overdue", "due", "upcoming")), None)
            result[agreement.id] = {
                "agreement": agreement,
                "state_label": state_labels.get(agreement.state, agreement.state),
                "rows": rows,
                "due_now": float(due),
                "down_payment_left": float(down_left.get(agreement.id, 0)),
                "next": next_row,
                "paid_count": sum(1 for row in rows if row["status"] == agreement_portal.PAID),
                "is_late": any(row["status"] == agreement_portal.OVERDUE for row in rows),
            }
        return result

    # ------------------------------------------------------------------ the citizen's request
    def _water_start(self):
        """Signed (by the officer within his limits, or approved by the manager): the citizen's request is
        answered with the terms and the link to the agreement on the portal."""
        result = super()._water_start()
        for agreement in self.filtered("request_id"):
            agreement._water_answer_request()
        return result

    def _water_answer_request(self):
        self.ensure_one()
        water_request = self.request_id.sudo()
        if water_request.state in ("answered", "closed", "cancelled"):
            water_request.message_post(body=_("Payment agreement %s signed.", self.name), subtype_xmlid="mail.mt_note")
            return
        currency = self.currency_id
        if self.instalment_count:
            answer = _(
                "Your payment agreement %(name)s was signed: it covers %(debt)s, %(forgiven)s of surcharges were "
                "forgiven. Pay the down payment of %(down)s by %(date)s (at the window, at the bank or online on "
                "the portal); then %(count)s instalments, each on your bill. You can see it and download it on the "
                "portal, on your account's page.",
                name=self.name,
                debt=format_amount(self.env, self.amount_debt, currency),
                forgiven=format_amount(self.env, self.amount_forgiven, currency),
                down=format_amount(self.env, self.amount_down_payment, currency),
                date=format_date(self.env, self.date_down_payment_due),
                count=self.instalment_count,
            )
        else:
            answer = _(
                "Your payment agreement %(name)s was signed: it covers %(debt)s, %(forgiven)s of surcharges were "
                "forgiven. Pay %(down)s by %(date)s in a single payment (at the window, at the bank or online on "
                "the portal). You can see it and download it on the portal, on your account's page.",
                name=self.name,
                debt=format_amount(self.env, self.amount_debt, currency),
                forgiven=format_amount(self.env, self.amount_forgiven, currency),
                down=format_amount(self.env, self.amount_down_payment, currency),
                date=format_date(self.env, self.date_down_payment_due),
            )
        water_request.answer = answer
        water_request.action_answer()
