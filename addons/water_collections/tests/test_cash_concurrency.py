import threading
from datetime import date

from psycopg2.errors import SerializationFailure

from odoo import SUPERUSER_ID, Command, api
from odoo.api import Transaction
from odoo.exceptions import UserError
from odoo.modules.registry import Registry
from odoo.sql_db import db_connect
from odoo.tests import new_test_user, tagged
from odoo.tests.common import BaseCase, get_db_name
from odoo.tools import mute_logger


@tagged("post_install", "-at_install")
class TestCashConcurrency(BaseCase):
    """Two cashiers pay the same bill at the same moment, in two real transactions."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.dbname = get_db_name()
        # the test runner holds the registry lock: the threads get the registry from here
        cls.registry = Registry(cls.dbname)

    def environment(self, cr, uid):
        cr.transaction = Transaction(self.registry)
        return api.Environment(cr, uid, {})

    def cursor(self):
        return db_connect(self.dbname).cursor()

    def commit_setup(self, allow_credit):
        with self.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            env.company._water_cash_setup()
            kept_credit = env.company.water_allow_credit
            env.company.water_allow_credit = allow_credit
            sector = env["water.sector"].create({"code": "TCONC", "name": "Concurrencia"})
            route = env["water.route"].create({"code": "RCONC", "name": "Ruta concurrencia", "sector_id": sector.id})
            partner = env["res.partner"].create({"name": "Titular Concurrencia"})
            point = env["water.service.point"].create(
                {"street": "Calle Concurrencia", "street_number": "1", "sector_id": sector.id, "route_id": route.id}
            )
            contract = env["water.contract"].create(
                {
                    "partner_id": partner.id,
                    "service_point_id": point.id,
                    "service_class_id": env.ref("water_registry.service_class_domestic").id,
                }
            )
            users = [
                new_test_user(
                    env,
                    f"t_conc_cashier{i}",
                    groups="base.group_user,water_collections.group_water_cashier",
                    lang="en_US",
                )
                for i in (1, 2)
            ]
            sessions = [env["water.cash.session"].with_user(user).create({"opening_float": 0.0}) for user in users]
            journal = env["account.journal"].search(
                [("type", "=", "sale"), ("company_id", "=", env.company.id)], limit=1
            )
            bill = env["account.move"].create(
                {
                    "move_type": "out_invoice",
                    "partner_id": partner.id,
                    "journal_id": journal.id,
                    "invoice_date": date(2025, 1, 1),
                    "water_contract_id": contract.id,
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "product_id": env.ref("water_billing.product_water_consumption").id,
                                "price_unit": 250.0,
                                "tax_ids": [],
                            }
                        )
                    ],
                }
            )
            bill.action_post()
            cash = env["water.cash.method"].search([("company_id", "=", env.company.id), ("code", "=", "cash")])
            receipts = [
                env["water.cash.receipt"]
                .with_user(user)
                .create(
                    {
                        "session_id": session.id,
                        "contract_id": contract.id,
                        "amount": 250.0,
                        "payment_ids": [Command.create({"method_id": cash.id, "amount": 250.0})],
                    }
                )
                for user, session in zip(users, sessions, strict=True)
            ]
            cr.commit()  # pylint: disable=invalid-commit
            return {
                "sector": sector.id,
                "route": route.id,
                "partner": partner.id,
                "point": point.id,
                "contract": contract.id,
                "users": [u.id for u in users],
                "sessions": [s.id for s in sessions],
                "bill": bill.id,
                "receipts": [r.id for r in receipts],
                "company": env.company.id,
                "kept_credit": kept_credit,
            }

    def cleanup(self, ids):
        with self.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            receipts = env["water.cash.receipt"].browse(ids["receipts"])
            moves = env["account.move"].browse(ids["bill"]) | receipts.move_id
            env["res.company"].browse(ids["company"]).water_allow_credit = ids["kept_credit"]
            cr.execute("DELETE FROM water_cash_receipt_line WHERE receipt_id IN %s", [tuple(ids["receipts"])])
            cr.execute("DELETE FROM water_cash_receipt WHERE id IN %s", [tuple(ids["receipts"])])
            moves.line_ids.remove_move_reconcile()
            moves.button_draft()
            moves.with_context(force_delete=True).unlink()
            cr.execute("DELETE FROM water_cash_session WHERE id IN %s", [tuple(ids["sessions"])])
            cr.execute(
                "DELETE FROM mail_message WHERE (model = 'water.cash.receipt' AND res_id IN %s)"
                " OR (model = 'water.cash.session' AND res_id IN %s)",
                [tuple(ids["receipts"]), tuple(ids["sessions"])],
            )
            env["water.contract"].browse(ids["contract"]).unlink()
            env["water.service.point"].browse(ids["point"]).unlink()
            env["water.route"].browse(ids["route"]).unlink()
            env["water.sector"].browse(ids["sector"]).unlink()
            users = env["res.users"].browse(ids["users"])
            partners = users.partner_id | env["res.partner"].browse(ids["partner"])
            users.unlink()
            partners.unlink()
            cr.commit()  # pylint: disable=invalid-commit

    def pay_in_thread(self, index, receipt_id, user_id, barrier, results):
        try:
            with self.cursor() as cr:
                env = self.environment(cr, user_id)
                receipt = env["water.cash.receipt"].browse(receipt_id)
                barrier.wait(timeout=30)
                for _attempt in range(3):
                    try:
                        receipt._post_receipts()
                        cr.commit()  # pylint: disable=invalid-commit
                        results[index] = "posted"
                        break
                    except SerializationFailure:
                        # what an RPC call does (odoo.service.model.retrying): roll back and try again
                        cr.rollback()
                        results[index] = "serialization failure"
                    except UserError as error:
                        cr.rollback()
                        results[index] = str(error)
                        break
        except Exception as error:  # noqa: BLE001 - reported to the main thread
            results[index] = f"unexpected {type(error).__name__}: {error}"

    def race(self, ids):
        barrier = threading.Barrier(2)
        results = [None, None]
        threads = [
            threading.Thread(target=self.pay_in_thread, args=(i, ids["receipts"][i], ids["users"][i], barrier, results))
            for i in (0, 1)
        ]
        # the loser's SELECT ... FOR UPDATE fails with a serialization error, logged by odoo.sql_db
        with mute_logger("odoo.sql_db"):
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=120)
        return results

    def test_two_cashiers_pay_the_same_bill(self):
        """Overpayments refused: the second payment finds nothing left to pay and is refused."""
        ids = self.commit_setup(allow_credit=False)
        try:
            results = self.race(ids)
            self.assertEqual(results.count("posted"), 1, results)
            error = next(result for result in results if result != "posted")
            self.assertIn("another payment was registered", error)
            with self.cursor() as cr:
                env = api.Environment(cr, SUPERUSER_ID, {})
                bill = env["account.move"].browse(ids["bill"])
                self.assertEqual(bill.amount_residual, 0.0)
                self.assertEqual(bill.payment_state, "paid")
                receipts = env["water.cash.receipt"].browse(ids["receipts"])
                self.assertEqual(sorted(receipts.mapped("state")), ["draft", "posted"])
                paid = sum(receipts.move_id.line_ids.mapped("credit"))
                self.assertEqual(paid, 250.0, "the bill is paid once, never twice")
        finally:
            self.cleanup(ids)

    def test_two_cashiers_pay_the_same_bill_credits_allowed(self):
        """Overpayments kept as credit: both payments post, the bill is paid once and the second payment is the
        account's credit, open, never applied twice."""
        ids = self.commit_setup(allow_credit=True)
        try:
            results = self.race(ids)
            self.assertEqual(results, ["posted", "posted"])
            with self.cursor() as cr:
                env = api.Environment(cr, SUPERUSER_ID, {})
                bill = env["account.move"].browse(ids["bill"])
                self.assertEqual(bill.amount_residual, 0.0)
                receipts = env["water.cash.receipt"].browse(ids["receipts"])
                self.assertEqual(sum(bill.line_ids.matched_credit_ids.mapped("amount")), 250.0, "paid once")
                credited = receipts.filtered("credit_line_id")
                self.assertEqual(len(credited), 1)
                self.assertEqual(credited.amount_credit, 250.0)
                self.assertEqual(credited.credit_line_id.amount_residual, -250.0)
                self.assertFalse(credited.line_ids, "it paid nothing: the other receipt had paid the bill")
                contract = env["water.contract"].browse(ids["contract"])
                self.assertEqual(contract._water_balances()[contract.id], -250.0)
        finally:
            self.cleanup(ids)
