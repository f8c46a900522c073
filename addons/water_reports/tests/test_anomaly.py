from datetime import date, datetime

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from odoo.addons.queue_job.job import Job
from odoo.addons.water_billing.tests.common import WaterBillingCase

from ..utils.anomaly import precision_recall

N_PERIODS = 14  # February 2024 to March 2025, before the demo's periods


@tagged("post_install", "-at_install")
class TestAnomaly(WaterBillingCase):
    """A route of 25 accounts read for 14 months through the reading lots, with cases planted in the readings:
    two leaks, a stopped meter and three neighbours who fell together (an illegal connection)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.director = new_test_user(
            cls.env, "t_director_a", groups="base.group_user,water_reports.group_water_director"
        )
        cls.clerk_user = new_test_user(
            cls.env, "t_billing_a", groups="base.group_user,water_billing.group_water_billing_clerk"
        )
        cls.inspector = cls.env["hr.employee"].create({"name": "Inspector Uno", "water_role": "inspector"})
        accounts = cls.contracts.sorted(lambda c: c.route_sequence)
        for index in range(20):
            point = cls.make_point(street=f"Calle Fuga {index}", route_sequence=10 + index)
            cls.install_meter(point, cls.make_meter(f"ANO-{index:03d}"), reading=500, date=date(2024, 1, 1))
            contract = cls.make_contract(point)
            contract.action_activate()
            accounts |= contract
        cls.accounts = accounts.sorted(lambda c: (c.route_sequence, c.id))
        # usual consumption 12 to 31 m³, a little up and down every month (no randomness: hand-checkable)
        usual = {contract: 12 + index for index, contract in enumerate(cls.accounts)}
        wobble = [0, 1, -1, 2, 0, -2, 1, 0, -1, 1, 0, 2, -1, 0]
        cls.leaks = cls.accounts[3] | cls.accounts[17]
        cls.stopped = cls.accounts[8]
        cls.neighbours = cls.accounts[12:15]
        cls.planted = {c.id: "leak" for c in cls.leaks} | {cls.stopped.id: "meter"}
        cls.planted |= {c.id: "illegal" for c in cls.neighbours}
        used = {}
        for contract, base in usual.items():
            series = [base + wobble[(p + base) % len(wobble)] for p in range(N_PERIODS)]
            if contract in cls.leaks:
                series[-3:] = [base * 3, base * 3 + 2, base * 3 + 1]
            elif contract == cls.stopped:
                series[-4:] = [0, 0, 0, 0]
            elif contract in cls.neighbours:
                series[-3:] = [round(base * 0.3)] * 3
            used[contract.id] = series
        for position in range(N_PERIODS):
            month = 2 + position
            period = cls.make_period(2024 + (month - 1) // 12, (month - 1) % 12 + 1)
            lot = cls.env["water.reading.lot"]._generate(period, cls.route)
            lot.action_send_to_field()
            moment = datetime.combine(period.date_end, datetime.min.time())
            values = [
                (r.id, str(int(r.previous_reading + used[r.contract_id.id][position])), None, None, moment, 1, "list")
                for r in lot.reading_ids
                if r.contract_id.id in used
            ]
            cls.env["water.demo.generator"]._demo_write_captures(values)
            lot.action_mark_captured()
            lot.with_user(cls.supervisor).action_validate()
            queue = lot.reading_ids.filtered(lambda r: r.state == "to_review")
            queue.with_user(cls.supervisor).action_accept_measured()
        cls.scoring = cls.env["water.anomaly.run"].create(
            {"date": date(2025, 4, 1), "route_ids": [(6, 0, cls.route.ids)]}
        )

    def test_planted_cases_rank_at_the_top(self):
        self.scoring._run_now()
        self.assertEqual(self.scoring.state, "done")
        self.assertEqual(len(self.scoring.period_ids), N_PERIODS)
        self.assertEqual(self.scoring.account_count, 25)
        cases = self.scoring.case_ids.sorted("rank")
        self.assertEqual(cases.mapped("rank"), list(range(1, len(cases) + 1)))
        ranked = cases.contract_id.ids
        precision, recall = precision_recall(ranked, self.planted, len(self.planted))
        self.assertEqual((precision, recall), (1.0, 1.0), cases.mapped(lambda c: (c.contract_id.number, c.score)))
        self.assertEqual({c.contract_id.id: c.kind for c in cases}, self.planted)
        self.assertEqual(cases[:2].contract_id, self.leaks)
        # first leak: usual 15 (15 + wobble), used 45 47 46
        first = cases.filtered(lambda c: c.contract_id == self.accounts[3])
        self.assertIn("Used 46.0 m³ a period in the last 3 periods", first.reasons)
        self.assertEqual(first.last_volume, 46)
        stopped = cases.filtered(lambda c: c.contract_id == self.stopped)
        self.assertTrue(stopped.reasons.startswith("4 periods in a row at zero on an occupied property"))
        neighbour = cases.filtered(lambda c: c.contract_id == self.neighbours[0])
        self.assertIn("3 neighbours in a row on the route (positions 17 to 19)", neighbour.reasons)
        self.assertEqual(set(cases.filtered(lambda c: c.kind == "illegal").mapped("cluster")), {f"{self.route.id}:17"})
        # the case links to the account's readings of the periods read
        self.assertEqual(len(first.reading_ids), N_PERIODS)
        self.assertEqual(first.reading_ids.contract_id, self.accounts[3])
        self.assertTrue(self.scoring.is_latest)

    def test_jobs_by_routes(self):
        run = self.scoring.with_context(queue_job__no_delay=False)
        before = self.env["queue.job"].search([]).ids
        run.action_run()
        jobs = (
            self.env["queue.job"].search([("id", "not in", before)]).sorted(lambda job: job.method_name == "_job_close")
        )
        self.assertEqual(jobs.mapped("method_name"), ["_job_score", "_job_close"])  # the route, then the ranking
        self.assertEqual(self.scoring.state, "running")
        for job in jobs:  # as a worker would, in order
            Job.load(self.env, job.uuid).perform()
        self.assertEqual(self.scoring.state, "done")
        self.assertEqual(self.scoring.case_count, 6)
        self.assertEqual(self.scoring.leak_count, 2)
        self.assertEqual(self.scoring.illegal_count, 3)
        with self.assertRaises(UserError):
            self.scoring.action_run()
        chunks = self.env["water.anomaly.run"]._chunks([(1, 10), (2, 10), (3, 11), (4, 11), (5, 12)], size=2)
        self.assertEqual(chunks, [[1, 2], [3, 4], [5]])
        self.assertEqual(self.env["water.anomaly.run"]._chunks([(1, 10), (2, 10), (3, 10)], size=2), [[1, 2, 3]])

    def test_inspection_and_outcome_feed_the_precision_report(self):
        self.scoring._run_now()
        cases = self.scoring.case_ids.sorted("rank")
        leak, stopped = cases[0], cases.filtered(lambda c: c.contract_id == self.stopped)
        neighbours = cases.filtered(lambda c: c.kind == "illegal")
        (leak | stopped | neighbours).with_user(self.supervisor).action_order_inspection()
        self.assertEqual(leak.state, "inspection")
        self.assertEqual(leak.work_order_id.order_type, "inspection")
        self.assertEqual(leak.work_order_id.employee_id.water_role, "inspector")
        self.assertEqual(leak.work_order_id.service_point_id, leak.contract_id.service_point_id)
        self.assertIn("Loss and anomaly case (Leak)", leak.work_order_id.note)
        with self.assertRaises(UserError):  # the note first
            leak.with_user(self.supervisor).action_confirm_leak()
        leak.outcome_note = "Fuga en la cisterna"
        leak.with_user(self.supervisor).action_confirm_leak()
        self.assertEqual((leak.state, leak.inspector_id, leak.is_confirmed), ("leak", self.supervisor, True))
        stopped.outcome_note = "Medidor frenado"
        stopped.with_user(self.supervisor).action_confirm_tampering()
        neighbours.outcome_note = "Nada"
        neighbours[:2].with_user(self.supervisor).action_nothing_found()
        with self.assertRaises(UserError):
            leak.action_nothing_found()
        # flagged 6, inspected 4 (leak, stopped, two neighbours), confirmed 2: precision 50 %
        Report = self.env["water.report.anomaly"].with_user(self.director)
        self.env.flush_all()
        rows = Report.read_group(
            [("run_id", "=", self.scoring.id)], ["flagged:sum", "inspected:sum", "confirmed:sum", "precision:avg"], []
        )
        self.assertEqual(
            (rows[0]["flagged"], rows[0]["inspected"], rows[0]["confirmed"], rows[0]["precision"]), (6, 4, 2, 50.0)
        )
        by_kind = {
            row["kind"]: (row["inspected"], row["confirmed"], row["precision"])
            for row in Report.read_group(
                [("run_id", "=", self.scoring.id)], ["inspected:sum", "confirmed:sum", "precision:avg"], ["kind"]
            )
        }
        self.assertEqual(by_kind["leak"], (1, 1, 100.0))
        self.assertEqual(by_kind["meter"], (1, 1, 100.0))
        self.assertEqual(by_kind["illegal"], (2, 0, 0.0))
        self.assertEqual(self.scoring.confirmed_count, 2)
        rows = self.read_xlsx(Report._water_xlsx([("run_id", "=", self.scoring.id)]))
        # the five leak and illegal connection cases, one row each
        self.assertEqual(len([row for row in rows if row and row[2] in ("Leak", "Illegal connection")]), 5)

    def test_a_later_scoring_carries_open_cases_and_tells_outcomes(self):
        """Scored again, an account whose case is still being inspected keeps its order and note in the new
        list (the earlier case is marked carried); one inspected with nothing found says so among its reasons."""
        self.scoring._run_now()
        cases = self.scoring.case_ids
        leak = cases.filtered(lambda c: c.contract_id == self.leaks[:1])
        neighbour = cases.filtered(lambda c: c.contract_id == self.neighbours[:1])
        (leak | neighbour).with_user(self.supervisor).action_order_inspection()
        leak.outcome_note = "Visita programada"
        neighbour.outcome_note = "Sin hallazgos"
        neighbour.with_user(self.supervisor).action_nothing_found()
        again = self.env["water.anomaly.run"].create({"date": date(2025, 4, 1), "route_ids": [(6, 0, self.route.ids)]})
        again._run_now()
        new_leak = again.case_ids.filtered(lambda c: c.contract_id == self.leaks[:1])
        new_neighbour = again.case_ids.filtered(lambda c: c.contract_id == self.neighbours[:1])
        self.assertEqual(leak.state, "carried")
        self.assertFalse(leak.is_open)
        self.assertEqual(
            (new_leak.state, new_leak.work_order_id, new_leak.outcome_note, new_leak.previous_case_id),
            ("inspection", leak.work_order_id, "Visita programada", leak),
        )
        self.assertEqual((new_neighbour.state, new_neighbour.previous_case_id), ("new", neighbour))
        today = date.today().strftime("%d/%m/%Y")
        self.assertIn(f"Flagged by an earlier scoring and inspected on {today}: Nothing found.", new_neighbour.reasons)
        self.assertEqual(neighbour.state, "nothing")  # an outcome stays as recorded
        # one open case per account across the scorings
        open_cases = self.env["water.anomaly.case"].search(
            [("contract_id", "=", self.leaks[0].id), ("is_open", "=", True)]
        )
        self.assertEqual(open_cases, new_leak)

    def test_who_sees_the_cases(self):
        self.scoring._run_now()
        case = self.scoring.case_ids[:1]
        self.assertTrue(case.with_user(self.director).reasons)
        with self.assertRaises(AccessError):
            case.with_user(self.director).write({"outcome_note": "x"})
        with self.assertRaises(AccessError):
            case.with_user(self.clerk_user).read(["score"])
        with self.assertRaises(AccessError):
            self.env["water.anomaly.run"].with_user(self.director).create({})

    @staticmethod
    def read_xlsx(content):
        import io

        import openpyxl

        book = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
        return [list(row) for row in book.worksheets[0].iter_rows(values_only=True)]
