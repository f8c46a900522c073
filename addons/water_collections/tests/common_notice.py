from datetime import date

from odoo.tests import new_test_user

from .common_ledger import WaterLedgerCase


class WaterNoticeCase(WaterLedgerCase):
    """Debtors on two routes, the stage 'notice' and two notifiers."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.stage = cls.env.ref("water_collections.collection_stage_notice")
        cls.notifier = new_test_user(
            cls.env, "t_notifier", groups="base.group_user,water_collections.group_water_notifier"
        )
        cls.notifier2 = new_test_user(
            cls.env, "t_notifier2", groups="base.group_user,water_collections.group_water_notifier"
        )
        (cls.notifier | cls.notifier2).write({"lang": "en_US"})
        first, second, third = cls.contracts[0], cls.contracts[1], cls.contracts[2]
        cls.bills = {
            "first_jan": cls.make_bill(first, 2025, 1, 100.0),
            "first_feb": cls.make_bill(first, 2025, 2, 120.0),
            "second_jan": cls.make_bill(second, 2025, 1, 80.0),
            "third_jan": cls.make_bill(third, 2025, 1, 50.0),
        }
        cls.surcharge = cls.make_surcharge(first, date(2025, 3, 20), 5.0)
        cls.credit_note = cls.make_credit_note(third, date(2025, 2, 20), 20.0)
        # two debtors on the second route, positions 2 and 1
        cls.route2_contracts = cls.env["water.contract"]
        for index, position in enumerate((2, 1)):
            point = cls.make_point(
                street=f"Calle Aviso {index}", route_id=cls.route2.id, sector_id=cls.sector2.id, route_sequence=position
            )
            contract = cls.make_contract(point, partner_id=cls.holder2.id, unmetered_billing="fixed_quota")
            contract.action_activate()
            cls.make_bill(contract, 2025, 1, 60.0 + index)
            cls.route2_contracts |= contract
        cls.debtors = first | second | third | cls.route2_contracts

    def issue(self, contracts=None, day=None):
        contracts = contracts if contracts is not None else self.debtors
        arrears = contracts._water_arrears(day=day)
        return self.env["water.collection.notice"]._water_issue(arrears, self.stage, day)

    def batches(self, notices, notifier=None):
        return self.env["water.collection.notice.batch"]._water_make(notices, notifier)
