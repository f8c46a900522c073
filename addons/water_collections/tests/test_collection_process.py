from datetime import date
from unittest.mock import patch

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged
from odoo.tools.safe_eval import safe_eval

from .common_ledger import WaterLedgerCase

DAY = date(2025, 8, 1)  # bills of January to June 2025 are all overdue (due on the 15th of the next month)


@tagged("post_install", "-at_install")
class TestCollectionProcess(WaterLedgerCase):
    """The collection process: policies, stages, the daily proposal and its confirmation, exclusions, leaving on
    payment, the bill message."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.process_class = cls.env["water.service.class"].create({"name": "Clase cobranza", "code": "TCOB"})
        cls.todo = cls.env.ref("mail.mail_activity_data_todo")
        cls.policy = cls.env["water.collection.policy"].create(
            {
                "name": "Proceso de prueba",
                "sequence": 1,
                "service_class_ids": [Command.set(cls.process_class.ids)],
                "stage_ids": [
                    Command.create(
                        {
                            "name": "Recordatorio",
                            "sequence": 10,
                            "action": "bill_message",
                            "min_months": 1,
                            "min_amount": 50,
                            "bill_message": "Tiene adeudo vencido: pague antes del vencimiento.",
                            "exclude_agreement": False,
                            "exclude_complaint": False,
                            "exclude_review": False,
                        }
                    ),
                    Command.create(
                        {
                            "name": "Aviso",
                            "sequence": 20,
                            "action": "notice",
                            "min_months": 2,
                            "min_amount": 100,
                            "min_days_since_previous": 15,
                            "deadline_days": 10,
                        }
                    ),
                    Command.create(
                        {
                            "name": "Visita",
                            "sequence": 30,
                            "action": "activity",
                            "min_months": 3,
                            "min_amount": 150,
                            "activity_type_id": cls.todo.id,
                            "activity_user_id": cls.officer.id,
                        }
                    ),
                    Command.create(
                        {
                            "name": "Corte",
                            "sequence": 40,
                            "action": "cut",
                            "min_months": 4,
                            "min_amount": 200,
                            "exclude_social_discount": True,
                        }
                    ),
                    Command.create(
                        {"name": "PAE", "sequence": 50, "action": "pae", "min_months": 5, "min_amount": 250}
                    ),
                ],
            }
        )
        cls.reminder, cls.notice, cls.visit, cls.cut, cls.pae = cls.policy.stage_ids.sorted("sequence")
        cls.Run = cls.env["water.collection.run"].with_user(cls.officer)
        for month in range(1, 9):  # the periods of the tests' bills, shared by the tests
            cls.period(2025, month)
        cls.notifier = new_test_user(
            cls.env, "t_notifier", groups="base.group_user,water_collections.group_water_notifier"
        )

    def account(self, months=6, amount=100.0, **vals):
        """An active account of the test class owing ``months`` bills of ``amount`` from January 2025."""
        values = {"service_class_id": self.process_class.id, "unmetered_billing": "fixed_quota"}
        values.update(vals)
        contract = self.make_contract(**values)
        contract.action_activate()
        for month in range(1, months + 1):
            self.make_bill(contract, 2025, month, amount)
        return contract

    def propose(self, day, contracts):
        run = self.Run._water_run_of(day)
        run.action_propose(contract_ids=contracts.ids)
        return run

    def confirm(self, day, contracts):
        run = self.propose(day, contracts)
        run.action_confirm()
        self.assertEqual(run.state, "done")
        return run

    # ------------------------------------------------------------------ policies
    def test_policy_of_an_account_by_class_and_large_consumer(self):
        large = self.env["water.collection.policy"].create(
            {
                "name": "Grandes",
                "sequence": 0,
                "large_consumers": "only",
                "service_class_ids": [Command.set(self.process_class.ids)],
            }
        )
        everyone = self.env["water.collection.policy"].create({"name": "Todos", "sequence": 2})
        small = self.account(months=0)
        big = self.account(months=0, large_consumer=True)
        other = self.account(months=0, service_class_id=self.commercial.id)
        found = self.env["water.collection.policy"]._water_policy_of(small | big | other)
        self.assertEqual(found[big.id], large)
        self.assertEqual(found[small.id], self.policy)
        self.assertEqual(found[other.id], everyone, "no class on the policy: every class")
        large.large_consumers = "exclude"
        self.assertEqual(self.env["water.collection.policy"]._water_policy_of(small | big)[small.id], large)
        self.assertEqual(self.env["water.collection.policy"]._water_policy_of(big)[big.id], self.policy)
        large.active = False
        self.assertEqual(self.env["water.collection.policy"]._water_policy_of(small)[small.id], self.policy)

    def test_public_sector_has_no_cut_stage(self):
        public = self.env.ref("water_collections.collection_policy_public")
        contract = self.account(months=0, service_class_id=self.env.ref("water_registry.service_class_public").id)
        self.assertEqual(self.env["water.collection.policy"]._water_policy_of(contract)[contract.id], public)
        self.assertNotIn("cut", public.stage_ids.mapped("action"))
        self.assertNotIn("pae", public.stage_ids.mapped("action"))

    # ------------------------------------------------------------------ stage conditions
    def test_stage_conditions_months_amount_and_days(self):
        owes = self.account(months=1, amount=60)
        little = self.account(months=1, amount=40)
        run = self.propose(DAY, owes | little)
        self.assertEqual(run.line_ids.contract_id, owes, "40 pesos are below the reminder's 50")
        self.assertEqual(run.line_ids.stage_to_id, self.reminder)
        run.action_confirm()
        self.assertEqual(owes.collection_stage_id, self.reminder)
        self.assertEqual(owes.collection_stage_date, DAY)
        self.assertEqual(owes.collection_policy_id, self.policy)
        # one month owed: the notice asks two
        self.assertFalse(self.propose(date(2025, 9, 1), owes).line_ids)
        two = self.account(months=2, amount=60)
        self.confirm(DAY, two)
        self.assertFalse(self.propose(date(2025, 8, 10), two).line_ids, "the notice asks 15 days in the reminder")
        run = self.propose(date(2025, 8, 16), two)
        self.assertEqual(run.line_ids.stage_to_id, self.notice)

    def test_one_stage_per_run(self):
        contract = self.account(months=6, amount=100)
        self.confirm(DAY, contract)
        self.assertEqual(contract.collection_stage_id, self.reminder, "six months owed: still the first stage")
        self.confirm(date(2025, 8, 16), contract)
        self.assertEqual(contract.collection_stage_id, self.notice)
        self.confirm(date(2025, 8, 17), contract)
        self.assertEqual(contract.collection_stage_id, self.visit)
        self.assertEqual(contract.collection_history_ids.sorted("id").mapped("kind"), ["enter", "advance", "advance"])

    # ------------------------------------------------------------------ proposal and confirmation
    def test_nothing_changes_before_the_confirmation(self):
        contract = self.account(months=6, amount=100)
        contract.write({"collection_stage_id": self.visit.id, "collection_stage_date": date(2025, 7, 1)})
        messages = len(contract.message_ids)
        run = self.propose(DAY, contract)
        self.assertEqual(run.state, "proposed")
        line = run.line_ids
        self.assertEqual((line.stage_from_id, line.stage_to_id), (self.visit, self.cut))
        self.assertEqual(line.months_owed, 6)
        self.assertAlmostEqual(line.overdue, 600.0)
        self.assertEqual(contract.collection_stage_id, self.visit)
        self.assertFalse(contract.collection_cut_requested)
        self.assertFalse(contract.collection_history_ids)
        self.assertEqual(len(contract.message_ids), messages)
        run.action_confirm()
        self.assertEqual(contract.collection_stage_id, self.cut)
        self.assertTrue(contract.collection_cut_requested)
        self.assertEqual(contract.collection_cut_date, DAY)
        self.assertEqual(line.state, "done")
        self.assertEqual(contract.collection_history_ids.run_id, run)
        self.assertIn("Corte", contract.message_ids[0].body)
        cut_list = self.env.ref("water_collections.action_water_contract_cut_requested")
        self.assertIn(contract, self.env["water.contract"].search(safe_eval(cut_list.domain)))

    def test_deselected_lines_are_not_applied(self):
        first, second = self.account(months=2), self.account(months=2)
        run = self.propose(DAY, first | second)
        run.line_ids.filtered(lambda line: line.contract_id == second).with_user(self.officer).action_deselect()
        run.action_confirm()
        self.assertEqual(first.collection_stage_id, self.reminder)
        self.assertFalse(second.collection_stage_id)

    def test_stage_actions_notice_activity_pae(self):
        contract = self.account(months=6, amount=100)
        contract.write({"collection_stage_id": self.reminder.id, "collection_stage_date": date(2025, 7, 1)})
        self.confirm(DAY, contract)
        notices = self.env["water.collection.notice"].search([("contract_id", "=", contract.id)])
        self.assertEqual(len(notices), 1)
        self.assertEqual(notices.stage_id, self.notice)
        self.assertAlmostEqual(notices.amount_due, 600.0)
        self.assertEqual(notices.months_owed, 6)
        self.confirm(date(2025, 8, 2), contract)
        activity = contract.activity_ids.filtered(lambda a: a.summary == "Visita")
        self.assertEqual(activity.user_id, self.officer)
        self.assertEqual(activity.activity_type_id, self.todo)
        contract.write({"collection_stage_id": self.cut.id})
        self.confirm(date(2025, 8, 3), contract)
        case = self.env["water.pae.case"].search([("contract_id", "=", contract.id)])
        self.assertEqual(case.stage_id, self.pae)
        self.assertAlmostEqual(case.amount_debt, 600.0)

    def test_daily_run_is_idempotent(self):
        contract = self.account(months=6)
        run = self.propose(DAY, contract)
        again = self.propose(DAY, contract)
        self.assertEqual(again, run, "one open proposal per day and company")
        self.assertEqual(len(run.line_ids), 1)
        run.action_confirm()
        later = self.propose(DAY, contract)
        self.assertNotEqual(later, run)
        self.assertFalse(later.line_ids, "a confirmed line is not proposed again")
        later.action_confirm()
        self.assertEqual(contract.collection_stage_id, self.reminder)
        self.assertEqual(len(contract.collection_history_ids), 1)

    def test_cron_proposes_in_queue_jobs(self):
        # a run the server's cron opened today (a demo database) is set aside
        self.env["water.collection.run"].search([("state", "in", ("draft", "proposing", "proposed"))]).write(
            {"state": "cancelled"}
        )
        runs_before = self.env["water.collection.run"].search([])
        self.env["water.collection.run"]._cron_propose()
        self.env["water.collection.run"]._cron_propose()
        runs = self.env["water.collection.run"].search([("id", "not in", runs_before.ids)])
        self.assertEqual(len(runs), 1)
        self.assertEqual(runs.state, "proposed")
        self.assertEqual(
            self.env["water.collection.run.line"].search_count([("run_id", "=", runs.id)]), runs.line_count
        )

    # ------------------------------------------------------------------ exclusions
    def test_exclusions_complaint_discount_review_agreement(self):
        complaint = self.account(months=6)
        discount = self.account(months=6)
        review = self.account(months=6)
        agreement = self.account(months=6)
        free = self.account(months=6)
        everyone = complaint | discount | review | agreement | free
        everyone.write({"collection_stage_id": self.visit.id, "collection_stage_date": date(2025, 7, 1)})
        self.env["water.request"].create(
            {
                "request_type_id": self.env.ref("water_registry.request_type_complaint").id,
                "contract_id": complaint.id,
                "partner_id": complaint.partner_id.id,
                "description": "Cobro indebido",
            }
        )
        self.env["water.discount.eligibility"].create(
            {
                "contract_id": discount.id,
                "discount_type": "inapam",
                "state": "verified",
                "valid_from": date(2025, 1, 1),
                "valid_until": date(2030, 12, 31),
            }
        )
        review.with_user(self.officer).action_water_collection_hold("Revisión de consumo")
        self.assertTrue(review.collection_review)
        with patch.object(
            type(self.env["water.contract"]), "_water_collection_agreements", lambda self: {agreement.id: "Convenio 1"}
        ):
            run = self.propose(DAY, everyone)
        lines = {line.contract_id: line for line in run.line_ids}
        self.assertEqual(set(lines), set(everyone))
        self.assertFalse(lines[free].excluded)
        for contract in everyone - free:
            self.assertTrue(lines[contract].excluded, contract.number)
            self.assertFalse(lines[contract].selected)
        self.assertIn("Open complaint", lines[complaint].exclusion_reason)
        self.assertEqual(lines[discount].exclusion_reason, "Social-discount holder")
        self.assertEqual(lines[agreement].exclusion_reason, "Convenio 1")
        self.assertIn("Revisión de consumo", lines[review].exclusion_reason)
        run.action_confirm()
        self.assertEqual(free.collection_stage_id, self.cut)
        self.assertEqual((everyone - free).collection_stage_id, self.visit)
        # the flags are the stage's: the reminder does not exclude complaints
        other = self.account(months=6)
        self.env["water.request"].create(
            {
                "request_type_id": self.env.ref("water_registry.request_type_complaint").id,
                "contract_id": other.id,
                "partner_id": other.partner_id.id,
                "description": "Queja",
            }
        )
        self.assertFalse(self.propose(date(2025, 8, 2), other).line_ids.excluded)

    # ------------------------------------------------------------------ leaving
    def test_payment_at_the_window_takes_the_account_out(self):
        contract = self.account(months=3, amount=100)
        contract.write({"collection_stage_id": self.notice.id, "collection_stage_date": DAY})
        self.pay_window(contract, 150.0)
        self.assertEqual(contract.collection_stage_id, self.notice, "still two months owed")
        self.pay_window(contract, 100.0)
        self.assertFalse(contract.collection_stage_id, "one month owed: below the notice's two")
        history = contract.collection_history_ids
        self.assertEqual(history.kind, "leave")
        self.assertEqual(history.stage_from_id, self.notice)
        self.assertTrue(any("left it" in body for body in contract.message_ids.mapped("body")))
        self.assertIn("on payment", history.reason)

    def test_payment_file_takes_the_account_out(self):
        contract = self.account(months=2, amount=100)
        bills = self.env["account.move"].search([("water_contract_id", "=", contract.id)])
        contract.write(
            {
                "collection_stage_id": self.cut.id,
                "collection_stage_date": DAY,
                "collection_cut_requested": True,
                "collection_cut_date": DAY,
            }
        )
        self.pay_file(contract, 200.0, bills[0])
        self.assertFalse(contract.collection_stage_id)
        self.assertFalse(contract.collection_cut_requested, "the suspension request is withdrawn")

    def test_leave_hook_and_run_takes_out_what_is_below(self):
        signed = self.account(months=3)
        signed.write({"collection_stage_id": self.notice.id, "collection_stage_date": DAY})
        signed._water_collection_leave("Convenio firmado")
        self.assertFalse(signed.collection_stage_id)
        self.assertEqual(signed.collection_history_ids.reason, "Convenio firmado")
        paid = self.account(months=0)
        paid.write({"collection_stage_id": self.notice.id, "collection_stage_date": DAY})
        run = self.propose(date(2025, 8, 2), paid)
        self.assertEqual(run.line_ids.action, "leave")
        run.action_confirm()
        self.assertFalse(paid.collection_stage_id)

    # ------------------------------------------------------------------ the bill
    def test_bill_message_on_the_recibo(self):
        contract = self.account(months=2, amount=100)
        self.confirm(DAY, contract)
        bill = self.make_bill(contract, 2025, 8, 100)
        html = self.env["ir.actions.report"]._render_qweb_html("water_billing.action_report_recibo", bill.ids)[0]
        self.assertIn("Tiene adeudo vencido", html.decode())
        earlier = self.env["account.move"].search(
            [("water_contract_id", "=", contract.id), ("water_period_id", "=", self.period(2025, 1).id)]
        )
        html = self.env["ir.actions.report"]._render_qweb_html("water_billing.action_report_recibo", earlier.ids)[0]
        self.assertNotIn("Tiene adeudo vencido", html.decode(), "bills issued before the stage do not print it")

    # ------------------------------------------------------------------ roles
    def test_access_per_role(self):
        contract = self.account(months=2)
        run = self.propose(DAY, contract)
        with self.assertRaises(AccessError):
            run.with_user(self.cashier).action_confirm()
        with self.assertRaises(AccessError):
            self.env["water.collection.run"].with_user(self.cashier).search([])
        with self.assertRaises(AccessError):
            self.env["water.collection.run"].with_user(self.notifier).search([])
        with self.assertRaises(AccessError):
            self.env["water.collection.run.line"].with_user(self.notifier).search([])
        with self.assertRaises(AccessError):
            contract.with_user(self.cashier).action_water_collection_hold("x")
        self.assertTrue(self.env["water.collection.policy"].with_user(self.cashier).search([]))
        run.with_user(self.officer).action_confirm()
        self.assertEqual(contract.collection_stage_id, self.reminder)

    # ------------------------------------------------------------------ demo
    def test_demo_runs_put_accounts_at_every_stage(self):
        contracts = self.account(months=6) | self.account(months=6) | self.account(months=1)
        runs = self.env["water.collection.run"]._demo_process(
            contract_ids=contracts.ids, days=(75, 60, 45, 30, 0), wait=False
        )
        self.assertEqual(len(runs), 5)
        self.assertEqual(set(runs.mapped("state")), {"done"})
        self.assertTrue(contracts.filtered("collection_review"), "one account held under review")
        self.assertTrue(contracts.mapped("collection_stage_id"))
        self.assertTrue(self.env["water.collection.notice"].search_count([("contract_id", "in", contracts.ids)]))
