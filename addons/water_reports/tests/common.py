import io
from datetime import date

import openpyxl

from odoo import Command
from odoo.tests import new_test_user

from odoo.addons.water_collections.tests.common_ledger import WaterLedgerCase


class WaterReportsCase(WaterLedgerCase):
    """The accounts of the collections' ledger fixture with bills of several concepts and the reporting roles."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.director = new_test_user(cls.env, "t_director", groups="base.group_user,water_reports.group_water_director")
        cls.director.lang = "en_US"
        cls.products = {
            name: cls.env.ref(f"water_billing.product_water_{name}")
            for name in ("consumption", "drainage", "sanitation")
        }

    @classmethod
    def make_concept_bill(cls, contract, year, month, amounts, due=None):
        """A posted bill of the period with one line per concept: amounts {product name: price}."""
        bill = cls.make_bill(contract, year, month, amounts["consumption"], due=due)
        bill.button_draft()
        bill.write(
            {
                "invoice_line_ids": [
                    Command.create({"product_id": cls.products[name].id, "price_unit": price, "tax_ids": []})
                    for name, price in amounts.items()
                    if name != "consumption"
                ]
            }
        )
        bill.action_post()
        return bill

    @staticmethod
    def read_xlsx(content):
        book = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
        return [list(row) for row in book.worksheets[0].iter_rows(values_only=True)]

    @staticmethod
    def day(value):
        return date.fromisoformat(value) if isinstance(value, str) else value
