from datetime import date, timedelta

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged
from odoo.tools.safe_eval import safe_eval

from .common import WaterCollectionsCase


@tagged("post_install", "-at_install")
class TestForgiveness(WaterCollectionsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.a, cls.b, cls.c = cls.contracts[:3]
        for contract in (cls.a, cls.b, cls.c):
            cls.make_bill(contract, 2025, 1, 1000.0)
        cls.env["account.move"]._water_apply_surcharges(day=date(2025, 3, 5))
        cls.env["account.move"]._water_apply_surcharges(day=date(2025, 4, 5))
        cls.Forgiveness = cls.env["water.surcharge.forgiveness"]

    def surcharges(self, contract):
        return self.env["account.move"].search(
            [("water_is_surcharge", "=", True), ("water_contract_id", "=", contract.id)], order="invoice_date"
        )

    def propose(self, user, contract, percentage, reason="Adulto mayor con adeudo antiguo"):
        with Form(self.Forgiveness.with_user(user)) as form:
            form.contract_id = contract
            form.percentage = percentage
            form.reason = reason
        return form.record

    def test_officer_forgives_within_the_limit(self):
        surcharges = self.surcharges(self.a)
        self.assertEqual(surcharges.mapped("amount_total"), [14.70, 14.70])
        forgiveness = self.propose(self.officer, self.a, 50)
        self.assertEqual(forgiveness.surcharge_ids, surcharges, "the account's open surcharges are proposed")
        self.assertEqual(forgiveness.surcharge_residual, 29.40)
        forgiveness.action_submit()
        self.assertEqual(forgiveness.state, "approved")
        self.assertEqual(forgiveness.approved_by_id, self.officer)
        self.assertEqual(forgiveness.amount, 14.70)
        notes = forgiveness.credit_note_ids
        self.assertEqual(len(notes), 2)
        self.assertEqual(set(notes.mapped("move_type")), {"out_refund"})
        self.assertEqual(set(notes.mapped("state")), {"posted"})
        self.assertEqual(notes.reversed_entry_id, surcharges)
        self.assertEqual(surcharges.mapped("amount_residual"), [7.35, 7.35])
        self.assertEqual(set(notes.mapped("payment_state")), {"reversed", "paid"} & set(notes.mapped("payment_state")))
        self.assertTrue(all(note.amount_residual == 0 for note in notes), "each credit note is reconciled")
        self.assertIn("Adulto mayor", forgiveness.message_ids[0].body)
        self.assertIn("Adulto mayor", notes[0].ref)
        # a surcharge is forgiven once: nothing left to propose
        again = self.propose(self.officer, self.a, 10)
        self.assertFalse(again.surcharge_ids)
        with self.assertRaises(UserError):
            again.action_submit()

    def test_above_the_officer_limit_the_manager_approves(self):
        forgiveness = self.propose(self.officer, self.b, 100)
        forgiveness.action_submit()
        self.assertEqual(forgiveness.state, "to_approve")
        self.assertFalse(forgiveness.credit_note_ids)
        with self.assertRaises(AccessError):
            forgiveness.action_approve()
        forgiveness.with_user(self.manager).action_approve()
        self.assertEqual(forgiveness.state, "approved")
        self.assertEqual(forgiveness.approved_by_id, self.manager)
        self.assertEqual(set(self.surcharges(self.b).mapped("payment_state")), {"reversed"})
        self.assertEqual(forgiveness.amount, 29.40)
        # the manager forgives 100% alone
        direct = self.propose(self.manager, self.c, 100)
        direct.action_submit()
        self.assertEqual(direct.state, "approved")

    def test_officer_limit_is_a_company_setting(self):
        self.env.company.water_forgiveness_officer_limit = 100
        forgiveness = self.propose(self.officer, self.b, 100)
        forgiveness.action_submit()
        self.assertEqual(forgiveness.state, "approved")

    def test_discount_entry_pdf(self):
        first = self.propose(self.officer, self.a, 50)
        first.action_submit()
        second = self.propose(self.manager, self.b, 100)
        second.action_submit()
        records = (first | second).with_user(self.accountant)
        rows = records._discount_entry_rows()
        self.assertEqual([row["kind"] for row in rows], ["line"] * 4 + ["subtotal", "total"])
        self.assertAlmostEqual(rows[-1]["amount"], 14.70 + 29.40)
        report = "water_collections.action_report_discount_entry"
        html = self.env["ir.actions.report"].with_user(self.accountant)._render_qweb_html(report, records.ids)[0]
        html = html.decode()
        self.assertIn("44.10", html)
        self.assertIn(first.credit_note_ids[0].name, html)
        self.assertIn("Page <span>1</span> of <span>1</span>", html)
        self.env["ir.config_parameter"].sudo().set_param("report.url", "http://127.0.0.1:9")
        Report = self.env["ir.actions.report"].with_context(force_report_rendering=True)
        pdf, report_type = Report._render_qweb_pdf(report, records.ids)
        self.assertEqual(report_type, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))

    def test_roles(self):
        for user in (self.cashier, self.accountant, self.viewer):
            with self.assertRaises(AccessError):
                self.Forgiveness.with_user(user).create({"contract_id": self.a.id, "percentage": 10, "reason": "x"})
        forgiveness = self.propose(self.officer, self.a, 80)
        forgiveness.action_submit()
        with self.assertRaises(AccessError):
            forgiveness.with_user(self.officer).action_reject()
        forgiveness.with_user(self.manager).action_reject()
        self.assertEqual(forgiveness.state, "rejected")
        self.assertFalse(forgiveness.credit_note_ids)
        self.assertEqual(forgiveness.with_user(self.accountant).state, "rejected", "the accountant reads it")

    def test_campaign_and_the_discount_entry(self):
        today = self.today
        campaign = (
            self.env["water.forgiveness.campaign"]
            .with_user(self.officer)
            .create(
                {
                    "name": "Campaña fin de año",
                    "percentage": 80,
                    "date_from": today - timedelta(days=1),
                    "date_to": today + timedelta(days=30),
                    "reason": "Acuerdo de cabildo 12/2025",
                }
            )
        )
        campaign.action_submit()
        self.assertEqual(campaign.state, "to_approve", "80% is above the officer's 50%")
        with self.assertRaises(UserError):
            campaign.action_apply()
        with self.assertRaises(AccessError):
            campaign.action_approve()
        campaign.with_user(self.manager).action_approve()
        campaign.action_apply()
        self.assertEqual(campaign.forgiveness_count, 3)
        self.assertEqual(campaign.amount_total, 3 * 23.52, "80% of two surcharges of 14.70 per account")
        notes = campaign.forgiveness_ids.credit_note_ids
        self.assertEqual(len(notes), 6)
        self.assertEqual(set(notes.mapped("amount_residual")), {0.0})
        self.assertAlmostEqual(sum(self.surcharges(self.a).mapped("amount_residual")), 5.88)
        self.assertIn("Acuerdo de cabildo", campaign.message_ids[0].body)
        with self.assertRaises(UserError):
            campaign.action_apply()  # every surcharge already forgiven once
        # the discount entry: the accountant reads the forgiveness credit notes by day with their total
        action = self.env["ir.actions.act_window"]._for_xml_id("water_collections.action_water_discount_entry")
        groups = (
            self.env["account.move"]
            .with_user(self.accountant)
            .read_group(safe_eval(action["domain"]), ["amount_total:sum"], ["invoice_date:day"])
        )
        self.assertEqual(len(groups), 1)
        self.assertAlmostEqual(groups[0]["amount_total"], 3 * 23.52)
        # a campaign outside its dates forgives nothing
        late = campaign.copy({"name": "Vencida", "date_from": date(2024, 1, 1), "date_to": date(2024, 1, 31)})
        late.with_user(self.manager).action_submit()
        with self.assertRaises(UserError):
            late.with_user(self.manager).action_apply()
