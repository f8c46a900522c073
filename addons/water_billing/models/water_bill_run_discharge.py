# pylint: disable=consider-merging-classes-inherited
# (the discharges' part of the bill run: own-well volumes and pollution charges)
from collections import defaultdict
from decimal import Decimal

from odoo import _, models
from odoo.tools.translate import LazyTranslate

from ..utils import discharge
from ..utils import tariff as tariff_engine

_lt = LazyTranslate(__name__)
DISCHARGE_CONCEPT = "discharge"
# a line of quantity 1: the amount is rounded once, as the law's arithmetic (kg x price), and the label says it
# short enough for the recibo's line: "Descarga DBO5 420 mg/l (lím. 150): 110.70 kg × 2.35 - 2026-11"
DISCHARGE_LABEL = _lt("Discharge %(parameter)s %(value)s mg/l (lim. %(limit)s): %(quantity)s %(unit)s × %(price)s")


def _figure(value):
    """A concentration as the laboratory writes it: 420, 0.4, 27.75 (no trailing zeros)."""
    return f"{value:,.3f}".rstrip("0").rstrip(".")


class WaterBillRun(models.Model):
    _inherit = "water.bill.run"

    def _extracted_volumes(self, contracts):
        """{contract id: m³} extracted in the period by the own-well accounts among ``contracts``, one query."""
        rows = (
            self.env["water.discharge.declaration"]
            .sudo()
            ._read_group(
                [("contract_id", "in", contracts.ids), ("period_id", "=", self.period_id.id)],
                ["contract_id"],
                ["volume:sum"],
            )
        )
        return {contract.id: volume for contract, volume in rows if contract.own_well}

    def _pending_analyses(self, contracts):
        return (
            self.env["water.discharge.analysis"]
            .sudo()
            .search(
                [
                    ("contract_id", "in", contracts.ids),
                    ("period_id", "=", self.period_id.id),
                    ("state", "=", "confirmed"),
                    ("move_id", "=", False),
                ]
            )
        )

    def _price_batch(self, contracts):
        """Each bill also carries the pollution charges of the account's confirmed analysis of the period
        (a line per parameter above the discharge norm's limit), on the analysis' volume or the billed one."""
        drafts, problems, taxes = super()._price_batch(contracts)
        analyses = self._pending_analyses(contracts)
        if not analyses:
            return drafts, problems, taxes
        analyses.line_ids.parameter_id.range_ids.mapped("rate")  # prefetch the norm at once
        by_contract = {analysis.contract_id.id: analysis for analysis in analyses}
        env = self.with_context(lang=self.company_id.partner_id.lang or self.env.lang).env
        kept = []
        for draft in drafts:
            analysis = by_contract.get(draft["contract"].id)
            if not analysis:
                kept.append(draft)
                continue
            volume = analysis.volume or draft["volume"]
            if not volume and analysis._charges(1):
                # above the limits, but no volume to price: not billed until the clerk gives it
                problems.append(
                    _(
                        "%(account)s: its discharge analysis is above the limits but the period has no volume: "
                        "enter the discharged volume on the analysis, then run again",
                        account=draft["contract"].number,
                    )
                )
                continue
            try:
                priced = analysis._charges(volume)
            except ValueError as error:
                problems.append(
                    _(
                        "%(account)s: the discharge analysis cannot be priced (%(error)s)",
                        account=draft["contract"].number,
                        error=error,
                    )
                )
                continue
            draft["lines"], draft["labels"] = list(draft["lines"]), list(draft["labels"])
            draft["discharge_analysis"] = analysis
            parameters = {parameter.id: parameter for parameter in analysis.line_ids.parameter_id}
            for charge in priced:
                parameter = parameters[charge.key]
                vat = Decimal(str(parameter.vat_rate))
                self._tax(vat, taxes)
                draft["lines"].append(
                    tariff_engine.Line(
                        concept=DISCHARGE_CONCEPT,
                        quantity=1,
                        unit_price=charge.amount,
                        amount=charge.amount,
                        vat_rate=vat,
                    )
                )
                label = env._(DISCHARGE_LABEL) % {
                    "parameter": parameter.code,
                    "value": _figure(charge.concentration),
                    "limit": _figure(charge.limit),
                    "quantity": f"{charge.quantity:,.2f}",
                    "unit": "m³" if parameter.method == discharge.TABLE_M3 else "kg",
                    "price": f"{charge.unit_price:,.2f}",
                }
                draft["labels"].append(f"{label} - {self.period_id.name}")
            kept.append(draft)
        return kept, problems, taxes

    def _write_batch(self, drafts, taxes, orm=False):
        super()._write_batch(drafts, taxes, orm=orm)
        analysed = [draft for draft in drafts if draft.get("discharge_analysis")]
        if not analysed:
            return
        bills = self.env["account.move"].search_read(
            [
                ("water_bill_run_id", "=", self.id),
                ("water_contract_id", "in", [draft["contract"].id for draft in analysed]),
                ("state", "=", "posted"),
            ],
            ["water_contract_id"],
        )
        bill_of = {bill["water_contract_id"][0]: bill["id"] for bill in bills}
        by_bill = defaultdict(list)
        for draft in analysed:
            by_bill[bill_of[draft["contract"].id]].append(draft["discharge_analysis"].id)
        Analysis = self.env["water.discharge.analysis"].sudo().with_context(water_discharge_billing=True)
        for bill_id, analysis_ids in by_bill.items():
            Analysis.browse(analysis_ids).write({"state": "billed", "move_id": bill_id})
