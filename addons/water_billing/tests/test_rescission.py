import base64
from datetime import date
from decimal import Decimal as D

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, TransactionCase, new_test_user, tagged

from .common import WaterBillRunCase

# 12 m3 on the published tariff: 163.82 + 2 x 17.33 = 198.48; drainage 20% 39.70; sanitation 10% 19.85
FINAL_12 = D("258.03")
# 15 m3: 250.47 + 50.09 + 25.05
BILL_15 = D("325.61")
RESCISSION = date(2025, 4, 10)


@tagged("post_install", "-at_install")
class TestRescission(WaterBillRunCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.billing_clerk = new_test_user(
            cls.env, "t_resc_billing", groups="base.group_user,water_billing.group_water_billing_clerk"
        )
        march = cls.run_period_cls(3, {c: str(1000 + i + 15) for i, c in enumerate(cls.contracts)})
        cls.march = march.period_id
        cls.march_run = cls.env["water.bill.run"].create(
            {
                "period_id": cls.march.id,
                "sector_ids": [(6, 0, cls.sector.ids)],
                "invoice_date": cls.march.date_end,
                "journal_id": cls.journal.id,
            }
        )
        cls.march_run.action_run()
        cls.april = cls.make_period(2025, 4)
        cls.account = cls.contracts[0]

    @classmethod
    def run_period_cls(cls, month, values):
        period = cls.make_period(2025, month)
        lot = cls.env["water.reading.lot"]._generate(period, cls.route)
        lot.action_send_to_field()
        for contract, text in values.items():
            lot.reading_ids.filtered(lambda r, c=contract: r.contract_id == c).reading_text = text
        lot.action_validate()
        return lot

    def rescind(self, contract, final_reading=None, day=RESCISSION, user=None, **kwargs):
        contract = contract.with_user(user or self.manager)
        return contract._water_rescind(
            kwargs.pop("reason", "Baja solicitada por el titular; predio demolido"),
            kwargs.pop("article", "Art. 95, fracción III del Reglamento"),
            day,
            final_reading=final_reading,
            **kwargs,
        )

    # ------------------------------------------------------------------ the final bill
    def test_final_bill_by_the_tariff_and_debt_remains(self):
        before = self.account._water_balances()[self.account.id]
        self.assertEqual(D(str(before)), BILL_15, "the March bill is owed")
        bill = self.rescind(self.account, 1027)
        self.assertEqual(bill.state, "posted")
        self.assertEqual(bill.move_type, "out_invoice")
        self.assertEqual(bill.water_contract_id, self.account)
        self.assertEqual(bill.water_period_id, self.april)
        self.assertEqual(bill.water_volume, 12, "from the last billed reading 1015 to the final reading 1027")
        self.assertEqual(D(str(bill.amount_total)), FINAL_12)
        self.assertEqual(bill.invoice_date, RESCISSION)
        self.assertAlmostEqual(bill.water_previous_balance, float(BILL_15))
        self.assertEqual(bill.water_bill_run_id.final_contract_id, self.account)
        self.assertEqual(bill.water_bill_run_id.state, "done")
        self.assertEqual(bill.water_reading_id.state, "billed")
        self.assertEqual(bill.water_reading_id.reading_value, 1027)
        self.assertEqual(self.account.rescission_bill_id, bill)
        # the debt stays in the ledger, nothing written off: both bills open
        rows = self.account._water_ledger()[self.account.id]
        self.assertEqual(len([row for row in rows if row["kind"] == "bill" and row["residual"] > 0]), 2)
        self.assertEqual(D(str(self.account._water_balances()[self.account.id])), BILL_15 + FINAL_12)
        # the other accounts of the route wait for their April reading as usual
        others = self.env["water.reading"].search(
            [("period_id", "=", self.april.id), ("contract_id", "in", (self.contracts - self.account).ids)]
        )
        self.assertEqual(set(others.mapped("state")), {"pending"})

    def test_state_meter_and_chatter(self):
        meter, point = self.account.meter_id, self.account.service_point_id
        document = (
            self.env["ir.attachment"]
            .with_user(self.manager)
            .create({"name": "resolucion.pdf", "datas": base64.b64encode(b"%PDF-1.4 resolucion")})
        )
        bill = self.rescind(self.account, 1027, attachments=document)
        self.assertEqual(self.account.state, "cancelled")
        self.assertEqual(self.account.date_cancelled, RESCISSION)
        self.assertEqual(self.account.state_reason, "Baja solicitada por el titular; predio demolido")
        self.assertEqual(self.account.rescission_article, "Art. 95, fracción III del Reglamento")
        self.assertEqual(self.account.rescission_user_id, self.manager)
        self.assertEqual(meter.state, "removed")
        self.assertFalse(point.meter_id)
        install = meter.install_ids.filtered(lambda i: i.service_point_id == point)
        self.assertEqual(install.removal_date, RESCISSION)
        self.assertEqual(install.removal_reading, 1027)
        self.assertEqual((document.res_model, document.res_id), ("water.contract", self.account.id))
        message = self.account.message_ids.filtered(lambda m: "Art. 95" in (m.body or ""))
        self.assertEqual(len(message), 1)
        self.assertIn(bill.name, message.body)
        self.assertIn("1,027.00", message.body)
        self.assertEqual(message.attachment_ids, document)
        self.assertTrue(bill.message_ids.filtered(lambda m: self.account.number in (m.body or "")))

    def test_consumption_of_an_account_already_billed_goes_to_the_next_period(self):
        account = self.contracts[2]  # March: 1017
        bill = self.rescind(account, 1029, day=date(2025, 3, 28))
        self.assertEqual(bill.water_period_id, self.april)
        self.assertEqual(bill.water_volume, 12)
        self.assertEqual(D(str(bill.amount_total)), FINAL_12)

    def test_meter_roll_over(self):
        point = self.make_point(street="Calle Vuelta")
        self.install_meter(point, self.make_meter("RES-ROLL", digits=4), reading=9990, date=date(2024, 1, 1))
        account = self.make_contract(point, service_class_id=self.test_class.id)
        account.action_activate()
        bill = self.rescind(account, 5)
        self.assertEqual(bill.water_volume, 15, "9990 -> 9999 -> 0005 on a four-digit dial")
        self.assertEqual(D(str(bill.amount_total)), BILL_15)
        self.assertTrue(bill.water_reading_id.rolled_over)

    def test_zero_consumption_is_billed_as_measured(self):
        bill = self.rescind(self.account, 1015)
        self.assertEqual(bill.water_volume, 0)
        self.assertEqual(bill.water_reading_id.basis, "measured")
        # 0 m3: the fixed charge of the first block, drainage 20%, sanitation 10%
        self.assertEqual(D(str(bill.amount_total)), D("140.99") + D("28.20") + D("14.10"))

    def test_cut_account_is_rescinded(self):
        account = self.contracts[3]  # March: 1018
        account.change_state("cut", "Adeudo", date(2025, 4, 2))
        bill = self.rescind(account, 1030)
        self.assertEqual(bill.water_volume, 12)
        self.assertEqual(account.state, "cancelled")

    def test_unmetered_account(self):
        bill = self.rescind(self.unmetered)
        self.assertEqual(bill.water_period_id, self.april)
        self.assertEqual(D(str(bill.amount_total)), D("185.40") + D("37.08") + D("18.54"))
        self.assertEqual(self.unmetered.state, "cancelled")

    def test_unmetered_account_already_billed_gets_no_second_bill(self):
        bill = self.rescind(self.unmetered, day=date(2025, 3, 28))
        self.assertFalse(bill)
        self.assertEqual(self.unmetered.state, "cancelled")
        self.assertTrue(
            self.unmetered.message_ids.filtered(lambda m: "Nothing was left to bill" in (m.body or "")),
        )
        self.assertEqual(
            D(str(self.unmetered._water_balances()[self.unmetered.id])), D("185.40") + D("37.08") + D("18.54")
        )

    def test_pending_charges_go_on_the_final_bill(self):
        self.make_charge_type("bill_reprint", billing_mode="next_bill", amount=27)
        self.make_charge_type("meter_install", billing_mode="next_bill", amount=935, vat_rate=16)
        Charge = self.env["water.charge"]
        reprint = Charge._water_charge("bill_reprint", contracts=self.account, day=date(2025, 4, 2))
        install = Charge._water_charge("meter_install", contracts=self.account, day=date(2025, 4, 3))
        other = Charge._water_charge("bill_reprint", contracts=self.contracts[1], day=date(2025, 4, 2))
        wizard = self.env["water.contract.rescission.wizard"].with_user(self.manager).new({"contract_id": self.account})
        self.assertEqual(wizard.pending_charge_ids._origin, reprint | install)
        bill = self.rescind(self.account, 1027)
        # 258.03 of water + 27 + 935 + 16% of 935
        self.assertEqual(D(str(bill.amount_total)), FINAL_12 + D(27) + D(935) + D("149.60"))
        self.assertEqual((reprint | install).mapped("state"), ["billed", "billed"])
        self.assertEqual((reprint | install).move_id, bill)
        self.assertEqual(other.state, "approved", "another account's charge waits for its own bill")
        message = self.account.message_ids.filtered(lambda m: "Art. 95" in (m.body or ""))
        self.assertIn(reprint.name, message.body)

    def test_pending_charges_without_a_final_bill_are_invoiced_at_once(self):
        self.make_charge_type("bill_reprint", billing_mode="next_bill", amount=27)
        charge = self.env["water.charge"]._water_charge("bill_reprint", contracts=self.unmetered, day=date(2025, 3, 25))
        self.assertFalse(self.rescind(self.unmetered, day=date(2025, 3, 28)))
        self.assertEqual(charge.state, "invoiced")
        self.assertEqual(charge.move_id.state, "posted")
        self.assertEqual(charge.move_id.water_contract_id, self.unmetered)
        kinds = [row["kind"] for row in self.unmetered._water_ledger()[self.unmetered.id]]
        self.assertEqual(sorted(kinds), ["bill", "charge"])

    # ------------------------------------------------------------------ refusals
    def test_refusals(self):
        with self.assertRaisesRegex(UserError, "lower than its last reading"):
            self.rescind(self.account, 1010)
        self.assertEqual(self.account.state, "active")
        self.assertFalse(self.env["account.move"].search([("water_period_id", "=", self.april.id)]))
        with self.assertRaisesRegex(UserError, "final reading"):
            self.rescind(self.account)
        with self.assertRaisesRegex(UserError, "reason"):
            self.rescind(self.account, 1027, reason=" ")
        with self.assertRaisesRegex(UserError, "article"):
            self.rescind(self.account, 1027, article="")
        with self.assertRaisesRegex(UserError, "future"):
            self.rescind(self.account, 1027, day=date(2099, 1, 1))
        with self.assertRaisesRegex(UserError, "No billing period"):
            self.rescind(self.account, 1027, day=date(2024, 6, 1))
        draft = self.make_contract(service_class_id=self.test_class.id, unmetered_billing="fixed_quota")
        with self.assertRaisesRegex(UserError, "draft"):
            self.rescind(draft)
        self.rescind(self.account, 1027)
        with self.assertRaisesRegex(UserError, "already cancelled"):
            self.rescind(self.account, 1030)
        with self.assertRaisesRegex(UserError, "already cancelled"):
            self.account.with_user(self.manager).action_water_rescind()

    def test_only_the_manager_rescinds(self):
        for user in (self.billing_clerk, self.clerk, self.viewer):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    self.rescind(self.account, 1027, user=user)
                with self.assertRaises(AccessError):
                    self.account.with_user(user).action_water_rescind()
                with self.assertRaises(AccessError):
                    self.env["water.contract.rescission.wizard"].with_user(user).create(
                        {"contract_id": self.account.id, "article": "Art. 1", "reason": "x"}
                    )
                arch = self.account.with_user(user).get_views([(False, "form")])["views"]["form"]["arch"]
                self.assertNotIn("action_water_rescind", arch)
        self.assertEqual(self.account.state, "active")
        arch = self.account.with_user(self.manager).get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertIn("action_water_rescind", arch)

    # ------------------------------------------------------------------ the wizard
    def test_wizard_form(self):
        action = self.account.with_user(self.manager).action_water_rescind()
        self.assertEqual(action["res_model"], "water.contract.rescission.wizard")
        wizard_model = self.env[action["res_model"]].with_user(self.manager).with_context(**action["context"])
        form = Form(wizard_model)
        self.assertEqual(form.last_reading, 1015)
        self.assertAlmostEqual(form.balance, float(BILL_15))
        form.final_reading = 1027
        form.date = RESCISSION
        form.article = "Art. 95, fracción III del Reglamento"
        form.reason = "Predio fusionado con el vecino"
        wizard = form.save()
        wizard.action_confirm()
        self.assertEqual(self.account.state, "cancelled")
        self.assertEqual(D(str(self.account.rescission_bill_id.amount_total)), FINAL_12)
        self.assertEqual(self.account.state_reason, "Predio fusionado con el vecino")


@tagged("post_install", "-at_install")
class TestRescissionDemo(TransactionCase):
    def test_demo_has_a_rescinded_account(self):
        account = self.env["water.contract"].search([("rescission_article", "!=", False)])
        self.assertEqual(len(account), 1)
        self.assertEqual(account.state, "cancelled")
        bill = account.rescission_bill_id
        self.assertEqual(bill.state, "posted")
        self.assertEqual(bill.water_contract_id, account)
        self.assertGreater(bill.amount_total, 0)
        self.assertFalse(account.meter_id, "its meter was removed from service")
        self.assertGreater(account._water_balances().get(account.id, 0.0), 0, "the debt stays in the ledger")
