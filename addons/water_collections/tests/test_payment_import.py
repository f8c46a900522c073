from unittest.mock import patch

from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.water_registry.tests.common import xlsx_file

from ..wizards import water_payment_import
from .common import WaterCollectionsCase, csv_bytes


@tagged("post_install", "-at_install")
class TestPaymentImport(WaterCollectionsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.a, cls.b, cls.c = cls.contracts[0], cls.contracts[1], cls.contracts[2]
        cls.a_jan = cls.make_bill(cls.a, 2025, 1, 100.0)
        cls.a_feb = cls.make_bill(cls.a, 2025, 2, 150.0)
        cls.b_feb = cls.make_bill(cls.b, 2025, 2, 80.0)
        cls.c_feb = cls.make_bill(cls.c, 2025, 2, 60.0)

    def test_partial_payment_pays_the_oldest_bill_first(self):
        day = self.yesterday()
        rows = [
            [day, self.reference(self.a, 2025, 2), "120.00", "AUT-1"],
            [day, self.reference(self.b, 2025, 2), "80", "AUT-2"],
        ]
        wizard = self.wizard(csv_bytes(rows))
        wizard.action_check()
        self.assertEqual((wizard.state, wizard.error_count, wizard.valid_count), ("checked", 0, 2))
        self.assertFalse(self.env["water.payment.file"].search([]), "a dry run writes nothing")
        self.assertEqual(self.a_jan.amount_residual, 100.0)
        wizard.action_import()
        self.assertEqual(wizard.state, "done", wizard.summary)
        payment_file = wizard.payment_file_id
        self.assertEqual(payment_file.line_count, 2)
        self.assertEqual(payment_file.amount_total, 200.0)
        self.assertEqual(payment_file.state, "posted")
        self.assertEqual(self.a_jan.payment_state, "paid", "the oldest bill is paid first")
        self.assertEqual(self.a_feb.amount_residual, 130.0)
        self.assertEqual(self.a_feb.payment_state, "partial")
        self.assertEqual(self.b_feb.payment_state, "paid")
        self.assertEqual(self.c_feb.amount_residual, 60.0)
        move = payment_file.move_ids
        self.assertEqual(len(move), 1, "one entry per payment date")
        self.assertEqual(move.state, "posted")
        self.assertEqual(move.journal_id, self.bank)
        self.assertEqual(len(move.line_ids), 3, "a receivable credit per payment and the day's total")
        line_a = payment_file.line_ids.filtered(lambda line: line.contract_id == self.a)
        self.assertEqual(line_a.paid_move_ids, self.a_jan | self.a_feb)
        self.assertEqual(line_a.partner_id, self.a.partner_id)
        self.assertTrue(line_a.move_line_id.reconciled)
        # the accountant sees the file; the chatter tells what was imported
        self.assertEqual(payment_file.with_user(self.accountant).line_ids.mapped("folio"), ["AUT-1", "AUT-2"])
        self.assertIn("pagos.csv", payment_file.message_ids[:1].body)

    def test_same_file_twice_never_pays_twice(self):
        rows = [[self.yesterday(), self.reference(self.b, 2025, 2), "40", "F-100"]]
        first = self.wizard(csv_bytes(rows))
        first.action_import()
        self.assertEqual(first.state, "done")
        self.assertEqual(self.b_feb.amount_residual, 40.0)
        again = self.wizard(csv_bytes(rows))
        again.action_import()
        self.assertEqual(again.state, "checked")
        self.assertEqual(again.line_ids[0].row_number, 0)
        self.assertIn(first.payment_file_id.name, again.line_ids[0].message)
        self.assertIn("F-100", again.line_ids[1].message, "its folio was imported too")
        self.assertEqual(self.b_feb.amount_residual, 40.0)
        self.assertEqual(self.env["water.payment.file"].search_count([]), 1)
        # another file (another name, other bytes) with the same bank folio is refused as well
        rows2 = [[self.yesterday(), self.reference(self.b, 2025, 2), "40", "f-100 "], ["", "", "", ""]]
        other = self.wizard(csv_bytes(rows2), name="otro.csv")
        other.action_import()
        self.assertEqual(other.line_ids.mapped("row_number"), [2])
        self.assertIn(first.payment_file_id.name, other.line_ids.message)
        self.assertEqual(self.b_feb.amount_residual, 40.0)
        # the same folio in another bank's journal is another payment
        bank2 = self.env["account.journal"].create({"name": "OXXO", "type": "bank", "code": "TOXXO"})
        self.wizard(csv_bytes(rows2), name="oxxo.csv", journal=bank2).action_import()
        self.assertEqual(self.b_feb.payment_state, "paid")

    def test_database_refuses_a_folio_or_a_file_twice(self):
        rows = [[self.yesterday(), self.reference(self.c, 2025, 2), "10", "DB-1"]]
        wizard = self.wizard(csv_bytes(rows))
        wizard.action_import()
        payment_file = wizard.payment_file_id
        line = payment_file.line_ids
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.env.cr.savepoint():
            self.env["water.payment.file.line"].create({"file_id": payment_file.id, "folio": "DB-1", "amount": 1})
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.env.cr.savepoint():
            payment_file.copy({"file_name": "copia.csv"})
        self.assertEqual(line.folio, "DB-1")

    def test_two_imports_at_once_apply_the_file_once(self):
        """The check of a second import ran before the first one committed: the unique indexes refuse it."""
        rows = [[self.yesterday(), self.reference(self.c, 2025, 2), "10", "RACE-1"]]
        first = self.wizard(csv_bytes(rows))
        clean, errors = first._validate()
        self.assertFalse(errors)
        first.action_import()
        second = self.wizard(csv_bytes(rows))
        with (
            patch.object(type(second), "_validate", return_value=(clean, [])),
            mute_logger("odoo.sql_db"),
            self.assertRaises(UserError),
        ):
            second.action_import()
        self.assertEqual(self.c_feb.amount_residual, 50.0)
        self.assertEqual(self.env["water.payment.file"].search_count([]), 1)

    def test_every_problem_reported_with_its_row_and_nothing_applied(self):
        # the company keeps no overpayments as credit: an amount above the debt is refused
        self.company.water_allow_credit = False
        day = self.yesterday()
        good = self.reference(self.a, 2025, 1)
        bad_digit = good[:-1] + str((int(good[-1]) + 1) % 10)
        unknown = self.reference(self.contracts[4], 2025, 2)  # no bill of that account and period
        rows = [
            [day, good, "50", "R-1"],  # 2 good
            [day, bad_digit, "50", "R-2"],  # 3 check digit
            [day, unknown, "50", "R-3"],  # 4 no bill
            [day, self.reference(self.c, 2025, 2), "60.01", "R-4"],  # 5 wrong amount: above what is owed
            [day, good, "10", "R-1"],  # 6 folio repeated in the file
            [day, good, "cien", "R-6"],  # 7 not an amount
        ]
        wizard = self.wizard(csv_bytes(rows))
        wizard.action_import()
        self.assertEqual(wizard.state, "checked")
        self.assertEqual(wizard.line_ids.mapped("row_number"), [3, 4, 5, 6, 7])
        messages = wizard.line_ids.mapped("message")
        self.assertIn("check digit", messages[0])
        self.assertIn(unknown, messages[1])
        self.assertIn("60.01", messages[2])
        self.assertIn("60.00", messages[2])
        self.assertIn("row 2", messages[3])
        self.assertEqual((wizard.valid_count, wizard.row_count), (1, 6))
        self.assertIn("Nothing was imported", wizard.summary)
        self.assertFalse(self.env["water.payment.file"].search([]))
        self.assertEqual(self.a_jan.amount_residual, 100.0, "all or nothing: the good row is not applied")

    def test_messages_in_spanish(self):
        rows = [[self.yesterday(), "123", "10", "S-1"]]
        wizard = self.wizard(csv_bytes(rows)).with_context(lang="es_MX")
        wizard.action_check()
        if self.env["res.lang"]._lang_get("es_MX"):
            self.assertIn("dígito verificador", wizard.line_ids.message)
        else:
            self.assertIn("check digit", wizard.line_ids.message)

    def test_xlsx_file_and_several_days(self):
        content = xlsx_file(
            [
                [self.yesterday(), self.reference(self.a, 2025, 2), 250.0, "X-1", "Centro"],
                [self.today.strftime("%Y-%m-%d"), self.reference(self.c, 2025, 2), 60, "X-2", "Norte"],
            ],
            headers=["Fecha de pago", "Referencia", "Importe", "No. Autorización", "Sucursal"],
            sheet_name="Pagos",
        )
        wizard = self.wizard(content, name="banco.xlsx")
        wizard.action_import()
        self.assertEqual(wizard.state, "done", wizard.line_ids.mapped("message"))
        self.assertEqual(len(wizard.payment_file_id.move_ids), 2, "one entry per payment date")
        self.assertEqual((self.a_jan | self.a_feb | self.c_feb).mapped("payment_state"), ["paid"] * 3)

    def test_entries_are_split_and_the_journal_must_be_a_bank(self):
        day = self.yesterday()
        rows = [
            [day, self.reference(self.a, 2025, 1), "100", "S-1"],
            [day, self.reference(self.a, 2025, 2), "100", "S-2"],
            [day, self.reference(self.b, 2025, 2), "80", "S-3"],
        ]
        with self.assertRaises(UserError):
            self.wizard(csv_bytes(rows), journal=self.sale_journal).action_check()
        with patch.object(water_payment_import, "ENTRY_SIZE", 2):
            wizard = self.wizard(csv_bytes(rows))
            wizard.action_import()
        moves = wizard.payment_file_id.move_ids
        self.assertEqual(len(moves), 2, "two payments per entry at most")
        self.assertEqual(sorted(moves.mapped("amount_total")), [80.0, 200.0])
        self.assertEqual((self.a_jan | self.a_feb).mapped("amount_residual"), [0.0, 50.0])
        self.assertEqual(self.b_feb.payment_state, "paid")

    def test_missing_columns_and_no_journal(self):
        wizard = self.wizard(csv_bytes([["01/01/2025", "10"]], headers=["fecha", "importe"]))
        wizard.action_check()
        self.assertEqual(wizard.line_ids.row_number, 1)
        self.assertIn("referencia, folio", wizard.line_ids.message)
        with self.assertRaises(UserError):
            self.env["water.payment.import"].with_user(self.officer).create({"file_data": False}).action_check()

    def test_roles(self):
        rows = [[self.yesterday(), self.reference(self.c, 2025, 2), "60", "ROL-1"]]
        for user in (self.cashier, self.accountant, self.viewer):
            with self.assertRaises(AccessError):
                self.wizard(csv_bytes(rows), user=user)
        with self.assertRaises(AccessError):
            self.env["water.payment.import"].create({"journal_id": self.bank.id, "file_data": False}).with_user(
                self.cashier
            ).action_import()
        wizard = self.wizard(csv_bytes(rows))
        wizard.action_import()
        with self.assertRaises(AccessError):
            wizard.payment_file_id.with_user(self.cashier).read(["name"])
        with self.assertRaises(AccessError):
            wizard.payment_file_id.with_user(self.accountant).write({"file_name": "x"})
        with self.assertRaises(AccessError):
            wizard.payment_file_id.with_user(self.officer).write({"reversal_reason": "error"})
            wizard.payment_file_id.with_user(self.officer).action_reverse()

    def test_reverse_a_file_then_import_it_again(self):
        rows = [[self.yesterday(), self.reference(self.c, 2025, 2), "60", "REV-1"]]
        first = self.wizard(csv_bytes(rows))
        first.action_import()
        self.assertEqual(self.c_feb.payment_state, "paid")
        payment_file = first.payment_file_id.with_user(self.manager)
        with self.assertRaises(UserError):
            payment_file.action_reverse()
        payment_file.reversal_reason = "El banco envió el archivo de otro convenio"
        payment_file.action_reverse()
        self.assertEqual(payment_file.state, "reversed")
        self.assertEqual(self.c_feb.payment_state, "not_paid", "the bill owes again")
        self.assertEqual(payment_file.move_ids.state, "posted", "nothing posted is deleted: it is reversed")
        self.assertTrue(payment_file.move_ids.reversal_move_ids)
        again = self.wizard(csv_bytes(rows))
        again.action_import()
        self.assertEqual(again.state, "done", again.line_ids.mapped("message"))
        self.assertEqual(self.c_feb.payment_state, "paid")
