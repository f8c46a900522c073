# pylint: disable=consider-merging-classes-inherited
# (the demo's fees, fines and extraordinary charges, made through the charges' own methods)
from odoo import api, models

DEMO_ORIGIN = "Demo"
# the extraordinary charges reported by the operations area: (key, amount, description)
DEMO_WORKS = (
    (
        "works_to_approve",
        2850.0,
        "Ampliación de toma de 1/2 in a 3/4 in: 8 m de tubo PEAD, 1 abrazadera, 2 codos, reposición de banqueta",
    ),
    ("works_invoiced", 1340.0, "Rehabilitación de toma: 4 m de tubo de cobre, 1 llave de banqueta"),
    ("works_cancelled", 980.0, "Reposición de caja de válvula"),
    ("works_draft", 640.0, "Materiales: 1 válvula de paso, 2 conectores"),
)


class WaterCharge(models.Model):
    _inherit = "water.charge"

    @api.model
    def demo_charges(self):
        """The demo (data XML): charges in every state but "on a bill" (the next bill run carries those waiting).
        Only the administrator (the install) runs it, once."""
        self.env["water.demo.generator"]._check_demo_allowed()
        if not self.search_count([("origin", "=", DEMO_ORIGIN)]):
            self._demo_charges()
        return True

    @api.model
    def _demo_charges(self):
        """{key: charge}: fees invoiced at once and waiting for the next bill, a fine set by the commercial manager
        inside the law's range with its reason, and extraordinary charges reported by the registry clerk: waiting
        for the collections officer, authorised and invoiced, rejected with a reason, and one still a draft."""
        company = self.env.company
        contracts = self.env["water.contract"].search(
            [("company_id", "=", company.id), ("state", "=", "active")], order="id desc", limit=len(DEMO_WORKS) + 5
        )
        clerk = self.env.ref("water_billing.user_demo_billing_clerk")
        registry = self.env.ref("water_registry.user_demo_clerk")
        manager = self.env.ref("water_registry.user_demo_manager")
        officer = self.env.ref("water_collections.user_demo_collections")
        Charge = self.with_user(clerk)
        made = {
            "fee_invoiced": Charge._water_charge("holder_change", contracts=contracts[0], origin=DEMO_ORIGIN),
            "fee_next_bill": Charge._water_charge("meter_install", contracts=contracts[1], origin=DEMO_ORIGIN),
            "reprint_next_bill": Charge._water_charge("bill_reprint", contracts=contracts[2], origin=DEMO_ORIGIN),
        }
        # the commercial manager fines a meter tampering at twice the law's minimum, with the reason
        tampering = self.env["water.charge.type"]._water_by_purpose("fine_meter_tampering", company)
        fine = self.with_user(manager).create(
            {"contract_id": contracts[3].id, "charge_type_id": tampering.id, "origin": DEMO_ORIGIN}
        )
        fine._water_price()
        fine.write(
            {
                "price_unit": min(fine.amount_min * 2, fine.amount_max),
                "reason": "Reincidencia: segundo medidor manipulado en el año, con el sello de la toma roto.",
            }
        )
        fine.action_confirm()
        made["fine"] = fine
        # the operations area's works, reported by the registry clerk
        works = self.env.ref("water_billing.charge_type_works")
        reported = self.with_user(registry).create(
            [
                {
                    "contract_id": contract.id,
                    "charge_type_id": works.id,
                    "price_unit": amount,
                    "description": description,
                    "origin": DEMO_ORIGIN,
                    "billing_mode": "now" if key == "works_invoiced" else works.billing_mode,
                }
                for (key, amount, description), contract in zip(DEMO_WORKS, contracts[4:], strict=False)
            ]
        )
        made.update({key: charge for (key, _a, _d), charge in zip(DEMO_WORKS, reported, strict=True)})
        (reported - made["works_draft"]).action_confirm()
        made["works_invoiced"].with_user(officer).action_approve()
        made["works_cancelled"].with_user(officer)._water_cancel(
            "La ampliación la pagó el fraccionador con la obra del fraccionamiento."
        )
        return made
