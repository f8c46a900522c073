import importlib.util

from odoo.tests import tagged
from odoo.tools.misc import file_path

from .common_ledger import WaterLedgerCase


def migration(name):
    path = file_path(f"water_collections/migrations/18.0.0.4.0/{name}.py")
    spec = importlib.util.spec_from_file_location(f"water_collections_migration_{name.replace('-', '_')}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@tagged("post_install", "-at_install")
class TestMigration(WaterLedgerCase):
    """18.0.0.4.0: the payment policy's settings and the ledger of the payments made before."""

    def test_surcharges_first_becomes_the_first_order(self):
        cr = self.env.cr
        self.env.flush_all()
        cr.execute("ALTER TABLE res_company ADD COLUMN IF NOT EXISTS water_cash_surcharges_first boolean")
        cr.execute("UPDATE res_company SET water_cash_surcharges_first = (id = %s)", [self.company.id])
        cr.execute("ALTER TABLE res_company DROP COLUMN water_payment_surcharges")
        migration("pre-migrate").migrate(cr, "18.0.0.3.0")
        cr.execute("SELECT id, water_payment_surcharges FROM res_company")
        orders = dict(cr.fetchall())
        self.assertEqual(orders.pop(self.company.id), "first")
        self.assertEqual(set(orders.values()) - {"date"}, set(), "the others keep the order by date")
        self.env.invalidate_all()

    def test_receipt_lines_and_open_online_payments_join_the_ledger(self):
        jan = self.make_bill(self.contracts[0], 2025, 1, 100.0)
        receipt = self.pay_window(self.contracts[0], 60.0)
        self.make_bill(self.contracts[1], 2025, 1, 80.0)
        tx = self.pay_online(self.contracts[1], 100.0)  # 20 left open
        credit = self.receivable(tx.payment_id.move_id)
        self.env.flush_all()
        cr = self.env.cr
        cr.execute(
            "UPDATE water_cash_receipt_line SET move_line_id = NULL, kind = NULL WHERE receipt_id = %s", [receipt.id]
        )
        cr.execute("UPDATE account_move_line SET water_contract_id = NULL WHERE id = %s", [credit.id])
        migration("post-migrate").migrate(cr, "18.0.0.3.0")
        self.env.invalidate_all()
        self.assertEqual(receipt.line_ids.move_line_id, self.receivable(jan))
        self.assertEqual(receipt.line_ids.kind, "bill")
        self.assertEqual(credit.water_contract_id, self.contracts[1])
        self.assertEqual(self.balance(self.contracts[1]), -20.0)
