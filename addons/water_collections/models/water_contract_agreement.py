# pylint: disable=consider-merging-classes-inherited
# (the payment agreements keep their own file beside the other parts of the account in collections)
from datetime import timedelta

from odoo import fields, models
from odoo.tools import SQL

from .water_payment_agreement import OPEN_STATES

AGREEMENT_READERS = "water_collections.group_water_cashier,water_collections.group_water_accountant"


class WaterContract(models.Model):
    """The account's payment agreements: its ledger's instalments, the collection process's exclusion."""

    _inherit = "water.contract"

    agreement_ids = fields.One2many(
        "water.payment.agreement", "contract_id", string="Payment agreements", groups=AGREEMENT_READERS
    )
    agreement_count = fields.Integer(compute="_compute_agreement_count", groups=AGREEMENT_READERS)
    agreement_id = fields.Many2one(
        "water.payment.agreement",
        string="Agreement in force",
        compute="_compute_agreement_count",
        groups=AGREEMENT_READERS,
        help="The account's agreement waiting for approval or its down payment, or active.",
    )

    def _compute_agreement_count(self):
        Agreement = self.env["water.payment.agreement"].sudo()
        counts = dict(Agreement._read_group([("contract_id", "in", self.ids)], ["contract_id"], ["__count"]))
        current = {
            agreement.contract_id.id: agreement
            for agreement in Agreement.search([("contract_id", "in", self.ids), ("state", "in", OPEN_STATES)])
        }
        for contract in self:
            contract.agreement_count = counts.get(contract, 0)
            contract.agreement_id = current.get(contract.id, Agreement)

    def _water_ledger(self, date=None, overdue=False, exclude_period=None, lock=False, future_instalments=False):
        """The ledger, with the agreements' items told apart (kind ``agreement``, ``agreement_id``, ``instalment``
        the instalment's number and ``instalment_count``). An instalment is owed but not yet due for payment before
        the company's notice days ahead of its due date: left out of the items (of the balance, the window, the
        payment files and the portal) unless ``future_instalments``."""
        result = super()._water_ledger(date=date, overdue=overdue, exclude_period=exclude_period, lock=lock)
        candidates = [
            row["line_id"]
            for rows in result.values()
            for row in rows
            if row["move_type"] == "entry" and row["residual"] > 0
        ]
        if not candidates:
            return result
        found = {
            line_id: (agreement_id, number, count)
            for line_id, agreement_id, number, count in self.env.execute_query(
                SQL(
                    """
                SELECT l.id, l.water_agreement_id, al.number, a.instalment_count
                  FROM account_move_line l
                  JOIN water_payment_agreement a ON a.id = l.water_agreement_id
             LEFT JOIN water_payment_agreement_line al ON al.id = l.water_agreement_line_id
                 WHERE l.id = ANY(%s)
                    """,
                    candidates,
                )
            )
        }
        if not found:
            return result
        day = date or fields.Date.context_today(self)
        notice = {company.id: company.water_agreement_notice_days for company in self.company_id}
        companies = {contract.id: contract.company_id.id for contract in self}
        for contract_id, rows in result.items():
            horizon = day + timedelta(days=notice.get(companies.get(contract_id), 0))
            kept = []
            for row in rows:
                if row["line_id"] in found:
                    agreement_id, number, count = found[row["line_id"]]
                    row.update(kind="agreement", agreement_id=agreement_id, instalment=number, instalment_count=count)
                    if number and row["date_due"] > horizon and not future_instalments:
                        continue
                kept.append(row)
            result[contract_id] = kept
        return result

    def _water_collection_agreements(self):
        """{contract id: reason} of these accounts with an active payment agreement."""
        agreements = (
            self.env["water.payment.agreement"]
            .sudo()
            .search([("contract_id", "in", self.ids), ("state", "=", "active")])
        )
        return {
            agreement.contract_id.id: self.env._("Payment agreement %s", agreement.name) for agreement in agreements
        }

    def action_water_open_agreements(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("water_collections.action_water_payment_agreement")
        action["domain"] = [("contract_id", "=", self.id)]
        action["context"] = {"default_contract_id": self.id, "default_channel": "office"}
        return action

    def action_water_new_agreement(self):
        """A new agreement on the account, made in the office from its form (the window's is on the receipt)."""
        self.ensure_one()
        self.env["water.payment.agreement"]._check_officer()
        return {
            "type": "ir.actions.act_window",
            "res_model": "water.payment.agreement",
            "view_mode": "form",
            "name": self.env._("New payment agreement"),
            "context": {"default_contract_id": self.id, "default_channel": "office"},
        }
