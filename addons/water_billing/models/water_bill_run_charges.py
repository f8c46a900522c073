# pylint: disable=consider-merging-classes-inherited
# (the charges' part of the bill run, apart from the pricing of consumption)
from collections import defaultdict
from decimal import Decimal

from odoo import models

from ..utils import tariff as tariff_engine

CHARGE_CONCEPT = "charge:%s"  # the bill line concept of a catalogue item: its product


class WaterBillRun(models.Model):
    _inherit = "water.bill.run"

    def _products(self):
        """The bill concepts' products, and every catalogue item's product under ``charge:<product id>``."""
        by_concept = super()._products()
        items = (
            self.env["water.charge.type"].sudo().with_context(active_test=False).search([("product_id", "!=", False)])
        )
        for product in items.product_id:
            by_concept[CHARGE_CONCEPT % product.id] = product
        return by_concept

    def _pending_charges(self, contracts):
        """The approved charges of these accounts waiting for their next bill, dated by the period's end."""
        return (
            self.env["water.charge"]
            .sudo()
            .search(
                [
                    ("contract_id", "in", contracts.ids),
                    ("state", "=", "approved"),
                    ("billing_mode", "=", "next_bill"),
                    ("move_id", "=", False),
                    ("date", "<=", self.period_id.date_end),
                ],
                order="date, id",
            )
        )

    def _price_batch(self, contracts):
        """Each bill also carries the account's charges waiting for it (a line each, with its VAT)."""
        drafts, problems, taxes = super()._price_batch(contracts)
        by_contract = defaultdict(list)
        for charge in self._pending_charges(contracts):
            by_contract[charge.contract_id.id].append(charge)
        if not by_contract:
            return drafts, problems, taxes
        lang = self.company_id.partner_id.lang or self.env.lang
        for draft in drafts:
            pending = by_contract.get(draft["contract"].id)
            if not pending:
                continue
            draft["lines"] = list(draft["lines"])
            draft["labels"] = list(draft["labels"])
            draft["charges"] = pending
            for charge in pending:
                vat = Decimal(str(charge.vat_rate))
                self._tax(vat, taxes)
                unit_price = tariff_engine.money(charge.price_unit)
                draft["lines"].append(
                    tariff_engine.Line(
                        concept=CHARGE_CONCEPT % charge.charge_type_id.product_id.id,
                        quantity=charge.quantity,
                        unit_price=unit_price,
                        amount=tariff_engine.money(unit_price * Decimal(str(charge.quantity))),
                        vat_rate=vat,
                    )
                )
                label = charge.charge_type_id.with_context(lang=lang).name
                draft["labels"].append(f"{label} ({charge.name})")
        return drafts, problems, taxes

    def _write_batch(self, drafts, taxes, orm=False):
        super()._write_batch(drafts, taxes, orm=orm)
        charged = [draft for draft in drafts if draft.get("charges")]
        if not charged:
            return
        bills = self.env["account.move"].search(
            [
                ("water_bill_run_id", "=", self.id),
                ("water_contract_id", "in", [draft["contract"].id for draft in charged]),
                ("state", "=", "posted"),
            ]
        )
        bill_of = {bill.water_contract_id.id: bill.id for bill in bills}
        by_bill = defaultdict(list)
        for draft in charged:
            by_bill[bill_of[draft["contract"].id]] += [charge.id for charge in draft["charges"]]
        for bill_id, charge_ids in by_bill.items():
            self.env["water.charge"].sudo().browse(charge_ids).write({"state": "billed", "move_id": bill_id})
