# pylint: disable=consider-merging-classes-inherited
# (the payment agreements' part of the recibo keeps its own file beside the collection process's part)
from collections import defaultdict

from odoo import models
from odoo.tools import format_date


class AccountMove(models.Model):
    _inherit = "account.move"

    def _water_recibo_values(self):
        """The recibo explains the part of its previous balance that comes from payment agreements: the instalments
        open on the bill's date and due for payment by then (from the notice days before their due date, as the
        ledger charges them), the debt a broken agreement gave back, and the down payment an agreement still waits
        for. ``agreement_lines``: [{agreement, label, amount}], one ledger read per bill date and period."""
        result = super()._water_recibo_values()
        moves = self.sudo().filtered(lambda move: move.id in result and move.water_contract_id)
        if not moves:
            return result
        lines = moves._water_recibo_agreement_lines()
        for move in moves:
            result[move.id]["agreement_lines"] = lines.get(move.id, [])
        return result

    def _water_recibo_agreement_lines(self):
        """{bill id: [{agreement, label, amount}]} of these bills (in sudo)."""
        _ = self.env._
        Agreement = self.env["water.payment.agreement"].sudo()
        # only the accounts that ever had an agreement entry can have its items: the ledger reads only those
        entered = Agreement.search(
            [("contract_id", "in", self.water_contract_id.ids), ("move_id", "!=", False)]
        ).contract_id
        groups = defaultdict(lambda: self.browse())
        for move in self.filtered(lambda bill: bill.water_contract_id in entered):
            groups[(move.invoice_date, move.water_period_id)] |= move
        result = defaultdict(list)
        names = {}
        for (day, period), bills in groups.items():
            contracts = bills.water_contract_id
            ledger = contracts._water_ledger(date=day, exclude_period=period or None)
            agreement_ids = {
                row["agreement_id"] for rows in ledger.values() for row in rows if row.get("kind") == "agreement"
            }
            missing = agreement_ids - set(names)
            if missing:
                names.update({agreement.id: agreement.name for agreement in Agreement.browse(list(missing))})
            for bill in bills:
                for row in ledger.get(bill.water_contract_id.id, []):
                    if row.get("kind") != "agreement" or row["residual"] <= 0:
                        continue
                    name = names.get(row["agreement_id"], "")
                    if row["instalment"]:
                        label = _(
                            "Instalment %(number)s of %(count)s — due %(date)s",
                            number=row["instalment"],
                            count=row["instalment_count"],
                            date=format_date(self.env, row["date_due"]),
                        )
                    else:
                        label = _("Agreement broken: what is still owed")
                    result[bill.id].append({"agreement": name, "label": label, "amount": row["residual"]})
        # the down payment of the agreements waiting for it, signed by the bill's date
        waiting = Agreement.search([("contract_id", "in", self.water_contract_id.ids), ("state", "=", "waiting")])
        if waiting:
            left = waiting._water_down_payment_left()
            by_contract = defaultdict(list)
            for agreement in waiting:
                by_contract[agreement.contract_id.id].append(agreement)
            for bill in self:
                for agreement in by_contract.get(bill.water_contract_id.id, []):
                    amount = float(left[agreement.id])
                    if amount <= 0 or (bill.invoice_date and agreement.date_confirmed > bill.invoice_date):
                        continue
                    result[bill.id].insert(
                        0,
                        {
                            "agreement": agreement.name,
                            "label": _(
                                "Down payment — pay by %(date)s",
                                date=format_date(self.env, agreement.date_down_payment_due),
                            ),
                            "amount": amount,
                        },
                    )
        return result
