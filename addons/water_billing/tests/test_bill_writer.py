from datetime import date

from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import WaterBillRunCase

IGNORED = {"id", "move_id", "create_date", "write_date"}


class _Rollback(Exception):
    pass


@tagged("post_install", "-at_install")
class TestBillWriter(WaterBillRunCase):
    """The bulk writer stores what Odoo's own create + action_post stores, column by column."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        commercial = cls.env["water.service.class"].create({"name": "Comercial prueba", "code": "TCOM"})
        cls.contracts[2:4].write({"service_class_id": commercial.id})
        cls.env["water.tariff"].create(
            {
                "name": "Ley 2025 comercial",
                "service_class_id": commercial.id,
                "date_from": date(2025, 1, 1),
                "date_to": date(2025, 12, 31),
                "method": "flat",
                "base_fee": 57.0,
                "minimum_volume": 10,
                "drainage_pct": 15,
                "sanitation_pct": 7.5,
                "vat_water": 16,
                "vat_drainage": 16,
                "vat_sanitation": 16,
                "block_ids": [
                    (0, 0, {"sequence": 0, "upper": 20, "price": 21.0}),
                    (0, 0, {"sequence": 1, "upper": 0, "price": 24.37}),
                ],
            }
        )
        cls.tariff.write({"discount_pct": 50, "discount_volume": 0})
        cls.env["water.discount.eligibility"].create(
            {
                "contract_id": cls.contracts[0].id,
                "discount_type": "inapam",
                "valid_until": date(2099, 12, 31),
            }
        ).sudo().write({"state": "verified"})
        assumed = cls.make_contract(unmetered_billing="assumed_volume", assumed_volume=18)
        assumed.write({"service_class_id": cls.test_class.id})
        assumed.action_activate()
        cls.assumed = assumed

    def snapshot(self, run):
        """{contract id: (move row, [line rows with their taxes and tags], [followers])}"""
        self.env.flush_all()
        cr = self.env.cr
        cr.execute("SELECT * FROM account_move WHERE water_bill_run_id = %s", [run.id])
        columns = [d.name for d in cr.description]
        moves = {row["id"]: row for row in (dict(zip(columns, r, strict=True)) for r in cr.fetchall())}
        cr.execute(
            """
            SELECT l.*, ARRAY(SELECT account_tax_id FROM account_move_line_account_tax_rel r
                               WHERE r.account_move_line_id = l.id ORDER BY 1) AS tax_ids,
                        ARRAY(SELECT account_account_tag_id FROM account_account_tag_account_move_line_rel r
                               WHERE r.account_move_line_id = l.id ORDER BY 1) AS tag_ids
              FROM account_move_line l WHERE l.move_id = ANY(%s) ORDER BY l.id
            """,
            [list(moves)],
        )
        columns = [d.name for d in cr.description]
        lines = {}
        for values in (dict(zip(columns, r, strict=True)) for r in cr.fetchall()):
            lines.setdefault(values["move_id"], []).append({k: v for k, v in values.items() if k not in IGNORED})
        cr.execute(
            """
            SELECT f.res_id, f.partner_id, ARRAY(SELECT mail_message_subtype_id
                                                   FROM mail_followers_mail_message_subtype_rel s
                                                  WHERE s.mail_followers_id = f.id ORDER BY 1)
              FROM mail_followers f WHERE f.res_model = 'account.move' AND f.res_id = ANY(%s)
            """,
            [list(moves)],
        )
        followers = {}
        for move_id, partner_id, subtypes in cr.fetchall():
            followers.setdefault(move_id, []).append((partner_id, subtypes))
        cr.execute(
            "SELECT id, customer_rank FROM res_partner WHERE id = ANY(%s)", [[m["partner_id"] for m in moves.values()]]
        )
        ranks = dict(cr.fetchall())
        return {
            row["water_contract_id"]: (
                {k: v for k, v in row.items() if k not in IGNORED},
                sorted(lines[move_id], key=lambda line: (line["sequence"], line["name"] or "")),
                followers.get(move_id),
                ranks[row["partner_id"]],
            )
            for move_id, row in moves.items()
        }

    def bill(self, run, orm):
        contracts = self.env["water.contract"].browse(run._pending_contract_ids())
        self.assertEqual(run._bill_batch(contracts, orm=orm), [], "every account has a tariff")
        return self.snapshot(run)

    def law_accounts(self):
        """Accounts priced as the laws write tariffs: cuota mínima más excedente in whole m³, amounts in UMA,
        and a cuota fija account that started on 16 June, charged by days of service."""
        accounts = {}
        for code, values in (
            ("TEXC", {"method": "excess", "range_limits": "whole", "drainage_pct": 20, "vat_water": 16}),
            ("TUMA", {"amount_unit": "uma", "base_fee_uma": 0.45, "sanitation_pct": 10}),
        ):
            service_class = self.env["water.service.class"].create({"name": f"Clase {code}", "code": code})
            blocks = ((10, 0, 95.0), (20, 9.8, 95.0), (0, 12.4, 193.0))
            self.env["water.tariff"].create(
                {
                    "name": f"Ley 2025 {code}",
                    "service_class_id": service_class.id,
                    "date_from": date(2025, 1, 1),
                    "date_to": date(2025, 12, 31),
                    "block_ids": [
                        (0, 0, {"sequence": i, "upper": u, "price": p, "fixed_charge": f, "price_uma": p / 100})
                        for i, (u, p, f) in enumerate(blocks)
                    ],
                    **values,
                }
            )
            point = self.make_point(street=f"Calle {code}")
            self.install_meter(point, self.make_meter(f"LEY-{code}"), reading=500, date=date(2024, 1, 1))
            contract = self.make_contract(point, service_class_id=service_class.id)
            contract.action_activate()
            accounts[code] = contract
        started = self.make_contract(unmetered_billing="fixed_quota", service_class_id=self.test_class.id)
        started.change_state("active", "Alta", date(2025, 6, 16))
        # the others were activated today: in service since before June
        (self.contracts | self.unmetered | self.assumed | accounts["TEXC"] | accounts["TUMA"]).write(
            {"date_activated": date(2024, 1, 1)}
        )
        self.env.company.water_prorate_days = True
        accounts["started"] = started
        return accounts

    def add_discharges(self, period):
        """An industrial own-well account on its well's volume and an analysis above the norm's limits
        (per kg, by a table per m³, one with IVA), and a metered account's analysis: discharge lines."""
        commercial = self.contracts[2].service_class_id
        well = self.make_contract(
            own_well=True, unmetered_billing="fixed_quota", service_sanitation=False, service_class_id=commercial.id
        )
        well.action_activate()
        self.env["water.discharge.declaration"].create(
            {"contract_id": well.id, "period_id": period.id, "source": "declared", "volume": 410}
        )
        Parameter = self.env["water.discharge.parameter"]
        dbo5 = Parameter.create({"code": "W-DBO5", "name": "DBO5", "limit": 150, "price_kg": 2.35})
        sst = Parameter.create(
            {
                "code": "W-SST",
                "name": "SST",
                "limit": 150,
                "method": "table_m3",
                "range_ids": [(0, 0, {"upper_pct": 50, "rate": 1.2}), (0, 0, {"upper_pct": 0, "rate": 2.4})],
            }
        )
        gya = Parameter.create({"code": "W-GYA", "name": "Grasas", "limit": 50, "price_kg": 5.5, "vat_rate": 16})
        Analysis = self.env["water.discharge.analysis"]
        for contract, results in ((well, {dbo5: 420, sst: 260, gya: 95}), (self.contracts[0], {gya: 77.7})):
            Analysis.create(
                {
                    "contract_id": contract.id,
                    "period_id": period.id,
                    "line_ids": [(0, 0, {"parameter_id": p.id, "concentration": v}) for p, v in results.items()],
                }
            ).action_confirm()
        return well

    def test_bulk_bills_equal_odoo_bills(self):
        laws = self.law_accounts()
        values = {c: str(1000 + i + v) for i, (c, v) in enumerate(zip(self.contracts, (15, 8, 3, 25, 30), strict=True))}
        values.update({laws["TEXC"]: "517.4", laws["TUMA"]: "514"})
        lot = self.run_period(6, values)
        well = self.add_discharges(lot.period_id)
        well.date_activated = date(2024, 1, 1)  # in service the whole period (the company charges by days)
        run = self.make_run(lot.period_id, due_date=date(2025, 7, 15))
        try:
            with self.env.cr.savepoint():
                expected = self.bill(run, orm=True)
                raise _Rollback
        except _Rollback:
            self.env.invalidate_all()
        self.assertFalse(run.bill_count, "the ORM bills were rolled back")
        written = self.bill(run, orm=False)
        self.assertEqual(
            len(expected), 11, "five metered, one cuota fija, one assumed volume, three by law, one own well"
        )
        self.assertEqual(set(written), set(expected))
        taxed = 0
        for contract_id, (move, lines, followers, rank) in expected.items():
            got_move, got_lines, got_followers, got_rank = written[contract_id]
            self.assertEqual(got_move, move, f"account_move of contract {contract_id}")
            self.assertEqual(len(got_lines), len(lines), f"lines of contract {contract_id}")
            for got, want in zip(got_lines, lines, strict=True):
                self.assertEqual(got, want, f"line {want['name']} of contract {contract_id}")
            self.assertEqual(got_followers, followers)
            self.assertEqual(got_rank, rank)
            taxed += any(line["display_type"] == "tax" for line in lines)
        self.assertEqual(
            taxed, 5, "the commercial accounts, the excess one and the own well carry IVA 16%, and the grease"
        )

        def priced(contract):
            lines = written[contract.id][1]
            return sorted((line["quantity"], line["price_unit"]) for line in lines if line["product_id"])

        # 17.4 m³ in whole m³ is 17: the minimum of 11-20 (95.00) plus 7 x 9.80, drainage 20% of 163.60
        self.assertEqual(priced(laws["TEXC"]), [(1, 32.72), (1, 95.0), (7, 9.8)])
        # 0.45 UMA x 113.14 = 50.91; 10 m³ at 0; 4 m³ x 0.098 UMA = 11.09 each; sanitation 10% of 95.27
        self.assertEqual(priced(laws["TUMA"]), [(1, 9.53), (1, 50.91), (4, 11.09), (10, 0.0)])
        # cuota fija 185.40 for 15 of 30 days, drainage 20% and sanitation 10% of it
        self.assertEqual(priced(laws["started"]), [(1, 9.27), (1, 18.54), (1, 92.7)])
        discharged = [line for line in written[well.id][1] if line["display_type"] == "product"]
        self.assertEqual(len(discharged), 4, "drainage and three parameters above the limit")
        self.assertEqual(written[well.id][0]["water_volume"], 410)
        grease = [line for line in written[self.contracts[0].id][1] if "W-GYA" in (line["name"] or "")]
        self.assertEqual(
            [float(line["price_subtotal"]) for line in grease], [2.31], "27.7 mg/l x 15 m³ = 0.42 kg x 5.50"
        )
        discounted = written[self.contracts[0].id][1]
        self.assertTrue(any(line["balance"] > 0 for line in discounted if line["display_type"] == "product"))

    def test_bulk_bills_are_real_invoices(self):
        """Odoo reads them back as posted invoices: totals, residual, payment and reversal work."""
        lot = self.run_period(7, {c: "1030" for c in self.contracts})
        run = self.make_run(lot.period_id)
        run.action_run()
        moves = self.env["account.move"].search([("water_bill_run_id", "=", run.id)])
        self.assertEqual(len(moves), 7)
        self.assertEqual(len(set(moves.mapped("name"))), 7)
        for move in moves:
            self.assertEqual(move.state, "posted")
            self.assertEqual(move.payment_state, "not_paid")
            self.assertAlmostEqual(sum(move.line_ids.mapped("balance")), 0.0)
            self.assertAlmostEqual(move.amount_residual, move.amount_total)
        taxed = moves.filtered(lambda m: m.water_contract_id == self.contracts[2])
        self.assertTrue(taxed.amount_tax)
        payment = (
            self.env["account.payment.register"]
            .with_context(active_model="account.move", active_ids=taxed.ids)
            .create({"amount": taxed.amount_total})
            ._create_payments()
        )
        self.assertEqual(taxed.payment_state, "paid")
        self.assertTrue(payment)
        # the cash-basis IVA of l10n_mx moves to the tax account when paid
        caba = self.env["account.move"].search([("tax_cash_basis_origin_move_id", "=", taxed.id)])
        self.assertTrue(caba)
        other = moves.filtered(lambda m: m.water_contract_id == self.contracts[4])
        reversal = other._reverse_moves([{"ref": "prueba"}], cancel=True)
        self.assertEqual(other.payment_state, "reversed")
        self.assertEqual(reversal.state, "posted")
        # the next number continues after the bulk-written ones
        manual = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.contracts[0].partner_id.id,
                "journal_id": self.journal.id,
                "invoice_date": run.invoice_date,
                "invoice_line_ids": [(0, 0, {"name": "Otro", "quantity": 1, "price_unit": 10})],
            }
        )
        manual.action_post()
        self.assertEqual(manual.sequence_number, max(moves.mapped("sequence_number")) + 1)

    def test_bills_it_cannot_write_go_through_odoo(self):
        """A holder with a delivery contact needs Odoo's address logic: that bill is made by the ORM,
        the others in bulk, and each account still gets exactly one bill."""
        holder = self.contracts[1].partner_id
        self.env["res.partner"].create({"name": "Entrega", "parent_id": holder.id, "type": "delivery"})
        lot = self.run_period(9, {c: "1030" for c in self.contracts})
        run = self.make_run(lot.period_id)
        run.action_run()
        moves = self.env["account.move"].search([("water_bill_run_id", "=", run.id)])
        self.assertEqual(len(moves), 7)
        self.assertEqual(len(moves.water_contract_id), 7)
        by_orm = moves.filtered(lambda m: m.water_contract_id == self.contracts[1])
        self.assertNotEqual(by_orm.partner_shipping_id, holder, "Odoo chose the delivery address")
        self.assertEqual(set(moves.mapped("state")), {"posted"})

    def test_reader_cannot_write_bills(self):
        lot = self.run_period(8, {c: "1030" for c in self.contracts})
        run = self.make_run(lot.period_id)
        reader = new_test_user(self.env, "t_reader_bw", groups="base.group_user,water_billing.group_water_reader")
        contracts = self.env["water.contract"].browse(run._pending_contract_ids())
        drafts, _problems, taxes = run._price_batch(contracts)
        with self.assertRaises(AccessError):
            self.env["water.bill.writer"].with_user(reader)._write_bills(run, drafts, run._products(), taxes)
