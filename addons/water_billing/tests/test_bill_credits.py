from datetime import date
from unittest.mock import patch

from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged

from .common import WaterBillRunCase


def money(value):
    return f"{value:,.2f}"


class _Rollback(Exception):
    pass


class BillCreditCase(WaterBillRunCase):
    """The five accounts and the cuota fija account on the published tariff; credits made by hand."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.bank = cls.env["account.journal"].search(
            [("type", "=", "bank"), ("company_id", "=", cls.env.company.id)], limit=1
        )

    def advance(self, contract, amount, day=date(2025, 2, 10)):
        """A payment made for the account and not applied yet: a posted entry crediting the holder's
        receivable, on the account's ledger. Returns its receivable line."""
        partner = contract.partner_id
        move = self.env["account.move"].create(
            {
                "move_type": "entry",
                "journal_id": self.bank.id,
                "date": day,
                "ref": f"Anticipo {contract.number}",
                "line_ids": [
                    Command.create(
                        {"account_id": self.bank.default_account_id.id, "debit": amount, "name": "Anticipo"}
                    ),
                    Command.create(
                        {
                            "account_id": partner.property_account_receivable_id.id,
                            "partner_id": partner.id,
                            "credit": amount,
                            "name": "Anticipo",
                            "water_contract_id": contract.id,
                        }
                    ),
                ],
            }
        )
        move.action_post()
        return self.receivable(move)

    def customer_move(self, contract, amount, day, move_type):
        move = self.env["account.move"].create(
            {
                "move_type": move_type,
                "partner_id": contract.partner_id.id,
                "journal_id": self.journal.id,
                "invoice_date": day,
                "invoice_date_due": day,
                "water_contract_id": contract.id,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "product_id": self.env.ref("water_billing.product_water_consumption").id,
                            "price_unit": amount,
                            "tax_ids": [],
                        }
                    )
                ],
            }
        )
        move.action_post()
        return self.receivable(move)

    def credit_note(self, contract, amount, day=date(2025, 2, 1)):
        """An open credit note of the account (not reconciled with any bill)."""
        return self.customer_move(contract, amount, day, "out_refund")

    @staticmethod
    def receivable(move):
        return move.line_ids.filtered(lambda line: line.account_id.account_type == "asset_receivable")

    def bill_month(self, month, use=15, user=None, **run_values):
        """Bill the month: every metered account consumed ``use`` m³. Returns (run, {contract: bill})."""
        lot = self.lot_for(self.make_period(2025, month))
        for reading in lot.reading_ids:
            reading.reading_text = str(int(reading.previous_reading) + use)
        lot.action_validate()
        run = self.make_run(lot.period_id, **run_values)
        (run.with_user(user) if user else run).action_run()
        bills = self.env["account.move"].search([("water_bill_run_id", "=", run.id)])
        return run, {bill.water_contract_id: bill for bill in bills}

    def balance(self, contract):
        return contract._water_balances()[contract.id]


@tagged("post_install", "-at_install")
class TestBillCredits(BillCreditCase):
    """The bill run applies the accounts' credits to what they owe, their new bills included."""

    def test_an_advance_pays_part_of_the_next_bill(self):
        account, other = self.contracts[0], self.contracts[1]
        advance = self.advance(account, 100.0)
        self.assertEqual(self.balance(account), -100.0)
        _run, bills = self.bill_month(3)
        bill = bills[account]
        self.assertEqual(bill.water_previous_balance, -100.0, "the recibo starts from the credit")
        self.assertEqual(bill.payment_state, "partial")
        self.assertAlmostEqual(bill.amount_residual, bill.amount_total - 100.0)
        self.assertTrue(advance.reconciled)
        self.assertEqual(advance.amount_residual, 0.0)
        self.assertEqual(self.receivable(bill).matched_credit_ids.credit_move_id, advance)
        # the application moves money between the account's own items: its balance is the credit plus the bill
        self.assertAlmostEqual(self.balance(account), bill.amount_total - 100.0)
        self.assertEqual(bills[other].payment_state, "not_paid", "an account without credit owes its bill")

    def test_many_accounts_in_one_batch_in_the_policys_order(self):
        partly, two_credits, large, older_debt = self.contracts[:4]
        self.advance(partly, 50.0)
        note = self.credit_note(two_credits, 40.0, date(2025, 2, 1))
        payment = self.advance(two_credits, 30.0, date(2025, 2, 20))
        # more than the bill: the oldest credit pays first, the younger one stays whole
        large_advance = self.advance(large, 1000.0, date(2025, 2, 10))
        large_note = self.credit_note(large, 20.0, date(2025, 2, 15))
        # an older debt is paid first, the bill gets the rest
        charge = self.customer_move(older_debt, 60.0, date(2025, 1, 31), "out_invoice")
        self.advance(older_debt, 100.0)
        Line = self.registry["account.move.line"]
        original = Line._reconcile_plan
        plans = []

        def recording(records, plan):
            if any(line.account_id.account_type == "asset_receivable" for lines in plan for line in lines):
                plans.append(plan)
            return original(records, plan)

        with patch.object(Line, "_reconcile_plan", recording):
            _run, bills = self.bill_month(3)
        self.assertEqual(len(plans), 1, "one reconciliation for the whole batch")
        self.assertEqual(len(plans[0]), 6, "a pair per application")

        self.assertAlmostEqual(bills[partly].amount_residual, bills[partly].amount_total - 50.0)
        self.assertEqual((note.amount_residual, payment.amount_residual), (0.0, 0.0))
        self.assertAlmostEqual(bills[two_credits].amount_residual, bills[two_credits].amount_total - 70.0)

        total = bills[large].amount_total
        self.assertEqual(bills[large].payment_state, "paid")
        self.assertAlmostEqual(large_advance.amount_residual, -(1000.0 - total))
        self.assertEqual(large_note.amount_residual, -20.0, "the younger credit is not touched")
        self.assertAlmostEqual(self.balance(large), -(1020.0 - total), "the rest stays in the account's favour")

        self.assertTrue(charge.reconciled, "the older debt is paid first")
        self.assertEqual(bills[older_debt].water_previous_balance, -40.0)
        self.assertAlmostEqual(bills[older_debt].amount_residual, bills[older_debt].amount_total - 40.0)
        self.assertEqual(bills[self.contracts[4]].payment_state, "not_paid")

    def test_one_ledger_read_finds_the_accounts_with_credits(self):
        self.advance(self.contracts[2], 25.0)
        lot = self.lot_for(self.make_period(2025, 3))
        for reading in lot.reading_ids:
            reading.reading_text = str(int(reading.previous_reading) + 15)
        lot.action_validate()
        run = self.make_run(lot.period_id)
        contracts = self.env["water.contract"].browse(run._pending_contract_ids())
        drafts, _problems, taxes = run._price_batch(contracts)
        self.env["water.bill.writer"]._write_bills(run, drafts, run._products(), taxes)
        Contract = self.registry["water.contract"]
        original = Contract._water_ledger
        reads = []

        def recording(records, *args, **kwargs):
            reads.append((records.ids, kwargs.get("lock", False)))
            return original(records, *args, **kwargs)

        with patch.object(Contract, "_water_ledger", recording):
            self.assertEqual(run._apply_credits(contracts), 1)
        self.assertEqual(reads, [(contracts.ids, False), ([self.contracts[2].id], True)])
        with patch.object(Contract, "_water_ledger", recording):
            self.assertEqual(run._apply_credits(contracts), 0, "nothing left to apply")

    def test_running_again_never_applies_twice_and_the_rest_pays_the_next_bill(self):
        account = self.contracts[0]
        advance = self.advance(account, 1000.0)
        run, march = self.bill_month(3)
        self.assertEqual(march[account].payment_state, "paid")
        partials = self.env["account.partial.reconcile"].search_count([])
        balance = self.balance(account)
        run.action_run()
        self.make_run(run.period_id).action_run()
        self.assertEqual(self.env["account.partial.reconcile"].search_count([]), partials)
        self.assertEqual(self.balance(account), balance)
        self.assertAlmostEqual(advance.amount_residual, -(1000.0 - march[account].amount_total))
        _run, april = self.bill_month(4)
        bill = april[account]
        self.assertAlmostEqual(bill.water_previous_balance, -(1000.0 - march[account].amount_total))
        self.assertEqual(bill.payment_state, "paid")
        self.assertAlmostEqual(
            advance.amount_residual, -(1000.0 - march[account].amount_total - bill.amount_total), places=2
        )

    def test_a_billing_clerk_runs_the_billing_that_applies_the_credits(self):
        """The lowest role that runs the billing: the credit is applied and the IVA made exigible with its
        rights (a taxed account's bill)."""
        clerk = new_test_user(
            self.env, "t_credit_clerk", groups="base.group_user,water_billing.group_water_billing_clerk"
        )
        self.env["water.tariff"].search([("service_class_id", "=", self.test_class.id)]).write(
            {"vat_water": 16, "vat_drainage": 16, "vat_sanitation": 16}
        )
        advance = self.advance(self.contracts[0], 100.0)
        run, bills = self.bill_month(3, user=clerk)
        bill = bills[self.contracts[0]]
        self.assertEqual(run.state, "done")
        self.assertTrue(bill.amount_tax)
        self.assertAlmostEqual(bill.amount_residual, bill.amount_total - 100.0)
        self.assertEqual(advance.amount_residual, 0.0)
        self.assertTrue(self.env["account.move"].search([("tax_cash_basis_origin_move_id", "=", bill.id)]))

    def test_bills_the_writer_hands_to_the_orm_get_the_credits_too(self):
        bulk, fallback = self.contracts[0], self.contracts[1]
        # a holder with a delivery address: the writer hands the bill to account.move's ORM
        self.env["res.partner"].create({"name": "Entrega", "parent_id": fallback.partner_id.id, "type": "delivery"})
        self.advance(bulk, 90.0)
        fallback_advance = self.advance(fallback, 80.0)
        _run, march = self.bill_month(3)
        self.assertNotEqual(march[fallback].partner_shipping_id, fallback.partner_id, "made by the ORM")
        self.assertAlmostEqual(march[fallback].amount_residual, march[fallback].amount_total - 80.0)
        self.assertEqual(fallback_advance.amount_residual, 0.0)
        self.assertAlmostEqual(march[bulk].amount_residual, march[bulk].amount_total - 90.0)

    def test_the_orm_path_of_the_bill_run_applies_the_credits(self):
        """The bill run's ORM path (the bulk writer's reference) applies them the same way."""
        account = self.contracts[2]
        self.advance(account, 70.0)
        lot = self.lot_for(self.make_period(2025, 3))
        for reading in lot.reading_ids:
            reading.reading_text = str(int(reading.previous_reading) + 15)
        lot.action_validate()
        run = self.make_run(lot.period_id)
        run._bill_batch(self.env["water.contract"].browse(run._pending_contract_ids()), orm=True)
        bill = self.env["account.move"].search(
            [("water_bill_run_id", "=", run.id), ("water_contract_id", "=", account.id)]
        )
        self.assertEqual(bill.water_previous_balance, -70.0)
        self.assertAlmostEqual(bill.amount_residual, bill.amount_total - 70.0)
        self.assertAlmostEqual(self.balance(account), bill.amount_total - 70.0)

    def test_cash_basis_entries_are_the_ones_odoo_makes(self):
        """The IVA of a taxed bill paid by a credit becomes exigible: the cash-basis entries made for the whole
        batch at once are those Odoo's own reconciliation makes plan by plan."""
        taxed = self.env["water.service.class"].create({"name": "Comercial crédito", "code": "TCCR"})
        self.contracts[2:4].write({"service_class_id": taxed.id})
        self.env["water.tariff"].create(
            {
                "name": "Ley 2025 comercial crédito",
                "service_class_id": taxed.id,
                "date_from": date(2025, 1, 1),
                "date_to": date(2025, 12, 31),
                "method": "flat",
                "base_fee": 57.0,
                "drainage_pct": 15,
                "vat_water": 16,
                "vat_drainage": 16,
                "block_ids": [(0, 0, {"sequence": 0, "upper": 0, "price": 21.0})],
            }
        )
        self.advance(self.contracts[2], 100.0)
        self.advance(self.contracts[3], 5000.0)

        def cash_basis(run):
            bills = self.env["account.move"].search([("water_bill_run_id", "=", run.id)])
            entries = self.env["account.move"].search([("tax_cash_basis_origin_move_id", "in", bills.ids)])
            self.assertEqual(set(entries.mapped("state")), {"posted"})
            return sorted(
                (
                    line.move_id.tax_cash_basis_origin_move_id.water_contract_id.id,
                    line.account_id.id,
                    line.debit,
                    line.credit,
                    tuple(line.tax_ids.ids),
                    tuple(line.tax_tag_ids.ids),
                    line.tax_repartition_line_id.id,
                    line.reconciled,
                )
                for line in entries.line_ids
            )

        Run = self.registry["water.bill.run"]

        def plan_by_plan(run, plan):
            run.env["account.move.line"]._reconcile_plan(plan)

        try:
            with self.env.cr.savepoint(), patch.object(Run, "_reconcile_in_bulk", plan_by_plan):
                run, _bills = self.bill_month(3)
                expected = cash_basis(run)
                raise _Rollback
        except _Rollback:
            self.env.invalidate_all()
        run, bills = self.bill_month(3)
        self.assertTrue(bills[self.contracts[2]].amount_tax)
        self.assertEqual(bills[self.contracts[3]].payment_state, "paid")
        got = cash_basis(run)
        self.assertTrue(expected)
        self.assertEqual(got, expected)

    # ------------------------------------------------------------------ the recibo
    def recibo(self, bill):
        html = self.env["ir.actions.report"]._render_qweb_html("water_billing.action_report_recibo", bill.ids)[0]
        html = html.decode()
        return html[html.index('class="rc-page') :]

    def row(self, page, css_class):
        start = page.index(f'class="{css_class}"')
        return page[start : page.index("</tr>", start)]

    def test_recibo_of_a_bill_paid_in_part_by_a_credit(self):
        account = self.contracts[0]
        self.advance(account, 100.0)
        _run, bills = self.bill_month(3)
        bill = bills[account]
        page = self.recibo(bill)
        values = bill._water_recibo_values()[bill.id]
        self.assertEqual((values["credit_applied"], values["credit_left"]), (100.0, 0.0))
        self.assertAlmostEqual(values["total_to_pay"], bill.amount_total - 100.0)
        self.assertIn(money(100.0), self.row(page, "rc-credit-applied"))
        self.assertNotIn("rc-credit-left", page)
        self.assertNotIn("rc-nothing-due", page)
        self.assertNotIn("rc-previous-balance", page, "the credit is shown as applied, not as a negative debt")
        self.assertIn(money(bill.amount_total - 100.0), page[page.index('class="rc-pay"') :])
        self.assertIn(values["amount_in_words"], page)
        stub = page[page.index('class="rc-stub"') :]
        self.assertIn(money(bill.amount_total - 100.0), stub)

    def test_recibo_of_a_bill_paid_in_full_by_a_credit(self):
        account = self.contracts[0]
        self.advance(account, 1000.0)
        _run, bills = self.bill_month(3)
        bill = bills[account]
        page = self.recibo(bill)
        self.assertIn(money(bill.amount_total), self.row(page, "rc-credit-applied"))
        self.assertIn(money(1000.0 - bill.amount_total), self.row(page, "rc-credit-left"))
        self.assertIn(money(0.0), page[page.index('class="rc-pay"') :])
        self.assertIn("CERO PESOS 00/100 M.N.", page)
        box = page[page.index('class="rc-pay"') : page.index("rc-lines-wrap")]
        self.assertIn("rc-nothing-due", box, "nothing to pay, so no date to pay by")
        self.assertNotIn("rc-due-date", box)
        self.assertIn(money(0.0), page[page.index('class="rc-stub"') :], "the stub asks for nothing")
        # an account without credit: its previous balance prints as before
        page = self.recibo(bills[self.contracts[1]])
        self.assertIn("rc-previous-balance", page)
        self.assertNotIn("rc-credit-applied", page)


@tagged("post_install", "-at_install")
class TestBillCreditsPortal(BillCreditCase, HttpCase):
    """The citizen sees the credit as a credit, with the figure of the recibo."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("es_MX")
        billing = cls.env["ir.module.module"].search([("name", "=", "water_billing")])
        billing._update_translations(["es_MX"])
        cls.citizen = new_test_user(cls.env, "t_credit_cit", groups="base.group_portal", name="Rosa Saldo")
        cls.citizen.lang = "es_MX"
        cls.own = cls.contracts[0]
        cls.own.partner_id = cls.citizen.partner_id

    def card(self, page, css_class):
        start = page.index(css_class)
        return page[start : start + 1500]

    def test_the_card_and_the_recibo_show_the_same_credit(self):
        _run, march = self.bill_month(3)
        # a credit note larger than what the account owes, left open (not reconciled with a bill)
        self.credit_note(self.own, march[self.own].amount_total + 500.0, date(2025, 4, 5))
        self.assertAlmostEqual(self.balance(self.own), -500.0)
        _run, april = self.bill_month(4)
        bill = april[self.own]
        # the recibo's previous balance is the ledger balance without the bill's period, when it was issued
        self.assertAlmostEqual(bill.water_previous_balance, -500.0)
        self.assertEqual(march[self.own].amount_residual, 0.0, "the credit note paid the older bill first")
        self.assertEqual(bill.amount_residual, 0.0)
        left = 500.0 - bill.amount_total
        self.assertAlmostEqual(self.balance(self.own), -left, msg="the card's balance is the ledger's")
        values = bill._water_recibo_values()[bill.id]
        self.assertAlmostEqual(values["credit_left"], left)
        self.assertEqual(values["total_to_pay"], 0.0)

        self.authenticate("t_credit_cit", "t_credit_cit")
        page = self.url_open(f"/my/water/{self.own.id}").text
        card = self.card(page, "o_water_summary_balance")
        self.assertIn("Saldo a favor", card)
        self.assertIn(money(left), card)
        self.assertIn("text-success", card)
        self.assertNotIn(f"-{money(left)}", card, "not a negative debt")
        # the bills the credit note paid are paid, not void (Odoo calls them reversed)
        self.assertEqual(march[self.own].payment_state, "reversed")
        bills = self.url_open(f"/my/water/{self.own.id}/bills").text
        for paid in (march[self.own], bill):
            start = bills.index(f'<tr class="o_water_bill_row" data-bill-id="{paid.id}"')
            row = bills[start : bills.index("</tr>", start)]
            self.assertIn("Pagado", row)
            self.assertNotIn("Anulado", row)
        accounts = self.url_open("/my/water").text
        row = self.card(accounts, "o_water_card_balance")
        self.assertIn("Saldo a favor", row)
        self.assertIn(money(left), row)

    def test_the_card_and_the_recibo_show_the_same_debt(self):
        _run, march = self.bill_month(3)
        # an open credit note smaller than the unpaid bill: the bill run applies it to the older bill
        self.credit_note(self.own, 100.0, date(2025, 4, 5))
        _run, april = self.bill_month(4)
        bill = april[self.own]
        self.assertAlmostEqual(march[self.own].amount_residual, march[self.own].amount_total - 100.0)
        self.assertAlmostEqual(bill.water_previous_balance, march[self.own].amount_total - 100.0)
        self.assertAlmostEqual(
            bill.water_previous_balance, self.own._water_balances(exclude_period=bill.water_period_id)[self.own.id]
        )
        to_pay = bill._water_recibo_values()[bill.id]["total_to_pay"]
        self.assertAlmostEqual(to_pay, self.balance(self.own))
        self.authenticate("t_credit_cit", "t_credit_cit")
        card = self.card(self.url_open(f"/my/water/{self.own.id}").text, "o_water_summary_balance")
        self.assertNotIn("Saldo a favor", card)
        self.assertIn(money(to_pay), card)
        self.assertIn("text-danger", card)
        row = self.card(self.url_open("/my/water").text, "o_water_card_balance")
        self.assertIn(">Saldo<", row)
        self.assertIn(money(to_pay), row)

    def test_a_credit_not_applied_yet_leaves_nothing_due(self):
        """Paid in advance of the next bill run: the credit covers the open bills, nothing is due."""
        _run, march = self.bill_month(3)
        self.advance(self.own, march[self.own].amount_total + 80.0, date(2025, 4, 10))
        self.authenticate("t_credit_cit", "t_credit_cit")
        page = self.url_open(f"/my/water/{self.own.id}").text
        card = self.card(page, "o_water_summary_balance")
        self.assertIn("Saldo a favor", card)
        self.assertIn(money(80.0), card)
        due = page[page.index("o_water_summary_due") : page.index("o_water_summary_last")]
        self.assertNotIn("Vencido", due, "the March bill is past due, but the credit covers it")
        self.assertIn("—", due)
