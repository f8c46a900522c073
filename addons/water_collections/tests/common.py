import base64
from datetime import date, timedelta
from functools import partial

from odoo import fields
from odoo.tests import new_test_user

from odoo.addons.water_billing.tests.common import WaterBillingCase
from odoo.addons.water_billing.utils.payment import payment_reference
from odoo.addons.water_registry.tests.common import csv_file

HEADERS = ("fecha", "referencia", "importe", "autorizacion")


csv_bytes = partial(csv_file, headers=HEADERS)


class WaterCollectionsCase(WaterBillingCase):
    """Five metered accounts of WaterBillingCase, bills posted directly, a bank journal and the roles."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.company.write({"water_surcharge_rate": 1.47, "water_forgiveness_officer_limit": 50.0})
        cls.officer = new_test_user(
            cls.env, "t_collections", groups="base.group_user,water_collections.group_water_collections_officer"
        )
        cls.cashier = new_test_user(
            cls.env, "t_cashier", groups="base.group_user,water_collections.group_water_cashier"
        )
        cls.accountant = new_test_user(
            cls.env, "t_accountant", groups="base.group_user,water_collections.group_water_accountant"
        )
        cls.bank = cls.env["account.journal"].create({"name": "BBVA referenciados", "type": "bank", "code": "TBBVA"})
        cls.sale_journal = cls.env["account.journal"].search(
            [("type", "=", "sale"), ("company_id", "=", cls.company.id)], limit=1
        )
        cls.product = cls.env.ref("water_billing.product_water_consumption")
        cls.periods = {}
        cls.today = fields.Date.context_today(cls.env["res.users"])

    @classmethod
    def period(cls, year, month):
        if (year, month) not in cls.periods:
            cls.periods[(year, month)] = cls.make_period(year, month)
        return cls.periods[(year, month)]

    @classmethod
    def make_bill(cls, contract, year, month, amount, due=None):
        """A posted water bill of the period, like the bill run posts it."""
        period = cls.period(year, month)
        bill = cls.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": contract.partner_id.id,
                "journal_id": cls.sale_journal.id,
                "invoice_date": period.date_end,
                "invoice_date_due": due or period.date_end + timedelta(days=15),
                "water_contract_id": contract.id,
                "water_period_id": period.id,
                "payment_reference": cls.reference(contract, year, month),
                "invoice_line_ids": [
                    (0, 0, {"product_id": cls.product.id, "quantity": 1, "price_unit": amount, "tax_ids": [(6, 0, [])]})
                ],
            }
        )
        bill.action_post()
        return bill

    @classmethod
    def reference(cls, contract, year, month):
        return payment_reference(contract.number, year, month, cls.env.company.water_reference_algorithm)

    def wizard(self, content, user=None, name="pagos.csv", journal=None):
        env = self.env(user=user or self.officer)
        return env["water.payment.import"].create(
            {
                "journal_id": (journal or self.bank).id,
                "file_data": base64.b64encode(content),
                "file_name": name,
            }
        )

    def yesterday(self):
        return (self.today - timedelta(days=1)).strftime("%d/%m/%Y")

    @staticmethod
    def first_of(day):
        return date(day.year, day.month, 1)
