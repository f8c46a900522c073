from datetime import date, datetime

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from odoo.addons.water_registry.tests.common import WaterRegistryCase


@tagged("post_install", "-at_install")
class TestRequestReport(WaterRegistryCase):
    """Four requests of two types and areas, answered on time, late or not at all; the satisfaction survey
    sent when they are closed and its answers."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.director = new_test_user(cls.env, "t_director", groups="base.group_user,water_reports.group_water_director")
        cls.billing_clerk = new_test_user(
            cls.env, "t_billing_clerk", groups="base.group_user,water_billing.group_water_billing_clerk"
        )
        (cls.director | cls.billing_clerk).write({"lang": "en_US"})
        cls.attention = cls.env["hr.department"].create({"name": "Atención a usuarios"})
        cls.network = cls.env["hr.department"].create({"name": "Redes"})
        cls.env["hr.employee"].create({"name": "Clerk", "user_id": cls.clerk.id, "department_id": cls.attention.id})
        cls.env["hr.employee"].create({"name": "Manager", "user_id": cls.manager.id, "department_id": cls.network.id})
        Type = cls.env["water.request.type"]
        cls.leak = Type.create({"name": "Fuga prueba", "code": "TLEAK", "deadline_days": 5, "user_id": cls.clerk.id})
        cls.complaint = Type.create(
            {
                "name": "Queja prueba",
                "code": "TQUEJA",
                "deadline_days": 5,
                "is_complaint": True,
                "user_id": cls.manager.id,
            }
        )
        cls.holder.email = "rosa@example.mx"
        cls.holder2.email = "pedro@example.mx"
        contract = cls.make_contract(unmetered_billing="fixed_quota")
        filed = datetime(2025, 3, 3, 16, 0)  # 10:00 in Mexico City; deadline 8 March
        Request = cls.env["water.request"]

        def make(request_type, channel, answered, partner=cls.holder):
            request = Request.create(
                {
                    "request_type_id": request_type.id,
                    "channel": channel,
                    "partner_id": partner.id,
                    "contract_id": contract.id,
                    "description": "Prueba",
                    "date": filed,
                }
            )
            if answered:
                request.answer = "Atendida"
                request.action_answer()
                request.date_answered = answered
            return request

        # r1 answered after 3 days; r2 at 22:00 on 8 March in Mexico City (4:00 on the 9th in UTC): on time;
        # r3 never answered: overdue; r4 answered on 12 March: late
        cls.r1 = make(cls.leak, "window", datetime(2025, 3, 6, 16, 0))
        cls.r2 = make(cls.leak, "phone", datetime(2025, 3, 9, 4, 0), partner=cls.holder2)
        cls.r3 = make(cls.complaint, "portal", None)
        cls.r4 = make(cls.complaint, "window", datetime(2025, 3, 12, 16, 0))
        cls.requests = cls.r1 | cls.r2 | cls.r3 | cls.r4

    def test_time_to_answer_on_time_and_overdue(self):
        Report = self.env["water.report.request"].with_user(self.director)
        rows = {row.request_id: row for row in Report.search([("request_id", "in", self.requests.ids)])}
        r1, r2, r3, r4 = (rows[r] for r in self.requests)
        self.assertEqual(str(r1.deadline), "2025-03-08")
        self.assertEqual((r1.days_to_answer, r1.on_time, r1.is_overdue), (3.0, True, False))
        self.assertEqual((r2.days_to_answer, r2.on_time), (5.5, True), "on time in the utility's time zone")
        self.assertEqual((r3.days_to_answer, r3.on_time, r3.is_overdue), (0.0, False, True))
        self.assertEqual((r4.days_to_answer, r4.on_time), (9.0, False))
        self.assertEqual((r1.department_id, r4.department_id), (self.attention, self.network))
        self.assertEqual(r1.sector_id, self.sector)
        [total] = Report.read_group(
            [("request_id", "in", self.requests.ids)],
            [
                "request_count:sum",
                "answered_count:sum",
                "on_time_count:sum",
                "overdue_count:sum",
                "on_time_pct:avg",
                "days_to_answer:avg",
            ],
            [],
        )
        self.assertEqual((total["request_count"], total["answered_count"], total["on_time_count"]), (4, 3, 2))
        self.assertEqual(total["overdue_count"], 1)
        self.assertAlmostEqual(total["on_time_pct"], 200 / 3)
        self.assertAlmostEqual(total["days_to_answer"], (3 + 5.5 + 9) / 3)
        by_type = {
            g["request_type_id"][0]: (g["request_count"], g["on_time_pct"])
            for g in Report.read_group(
                [("request_id", "in", self.requests.ids)], ["request_count:sum", "on_time_pct:avg"], ["request_type_id"]
            )
        }
        self.assertEqual(by_type, {self.leak.id: (2, 100.0), self.complaint.id: (2, 0.0)})
        by_channel = Report.read_group([("request_id", "in", self.requests.ids)], ["request_count:sum"], ["channel"])
        self.assertEqual({g["channel"]: g["request_count"] for g in by_channel}, {"window": 2, "phone": 1, "portal": 1})
        with self.assertRaises(AccessError):
            self.env["water.report.request"].with_user(self.billing_clerk).search([])
        with self.assertRaises(AccessError):
            self.env["water.report.survey.answer"].with_user(self.billing_clerk).search([])

    def answer(self, link, satisfaction, attention, solved):
        Line = self.env["survey.user_input.line"]
        ref = self.env.ref
        Line.create(
            [
                {
                    "user_input_id": link.user_input_id.id,
                    "question_id": ref(f"water_reports.{q}").id,
                    "answer_type": "scale",
                    "value_scale": value,
                }
                for q, value in (
                    ("survey_request_question_satisfaction", satisfaction),
                    ("survey_request_question_attention", attention),
                )
            ]
            + [
                {
                    "user_input_id": link.user_input_id.id,
                    "question_id": ref("water_reports.survey_request_question_solved").id,
                    "answer_type": "suggestion",
                    "suggested_answer_id": ref(f"water_reports.survey_request_answer_solved_{solved}").id,
                },
            ]
        )
        link.user_input_id.write({"state": "done", "end_datetime": fields.Datetime.now()})

    def test_survey_sent_when_closed_and_answers_by_type_and_area(self):
        Link = self.env["water.request.survey"]
        Activity = self.env["water.report.activity"].with_user(self.director)
        month = (fields.Date.today().replace(day=1), fields.Date.today())
        before = Activity._water_surveys(*month, self.env.company)  # the demo's surveys of this month
        self.r1.with_user(self.clerk).action_close()
        link = Link.search([("request_id", "=", self.r1.id)])
        self.assertEqual(len(link), 1, "closing the request sends its survey")
        self.assertEqual(link.user_input_id.partner_id, self.holder)
        self.assertIn(f"answer_token={link.user_input_id.access_token}", link.answer_url)
        message = self.r1.message_ids.filtered(lambda m: link.user_input_id.access_token in (m.body or ""))
        self.assertEqual(message.partner_ids, self.holder, "the answer link is mailed to the citizen")
        self.r1.write({"state": "closed"})
        self.assertEqual(Link.search_count([("request_id", "=", self.r1.id)]), 1, "never twice")
        (self.r2 | self.r4).action_close()
        links = {l.request_id: l for l in Link.search([("request_id", "in", self.requests.ids)])}
        self.assertEqual(len(links), 3)
        self.assertNotIn("request_survey", self.r1._fields, "nothing is stored on the request")
        # r1: 5 and 4, solved; r2: 3 and 2, partly; r4 does not answer
        self.answer(links[self.r1], 5, 4, "yes")
        self.answer(links[self.r2], 3, 2, "partly")
        Report = self.env["water.report.survey.answer"].with_user(self.director)
        domain = [("request_id", "in", self.requests.ids)]
        satisfaction = self.env.ref("water_reports.survey_request_question_satisfaction")
        by_question = {
            g["question_id"][0]: (g["answer_count"], g["score"])
            for g in Report.read_group(
                domain + [("score", "!=", False)], ["answer_count:sum", "score:avg"], ["question_id"]
            )
        }
        self.assertEqual(by_question[satisfaction.id], (2, 4.0))
        by_area = Report.read_group(
            domain + [("question_id", "=", satisfaction.id)],
            ["score:avg"],
            ["request_type_id", "department_id"],
            lazy=False,
        )
        self.assertEqual(
            [(g["request_type_id"][0], g["department_id"][0], g["score"]) for g in by_area],
            [(self.leak.id, self.attention.id, 4.0)],
        )
        choices = Report.read_group(
            domain + [("suggested_answer_id", "!=", False)], ["answer_count:sum"], ["suggested_answer_id"]
        )
        self.assertEqual(sorted(g["answer_count"] for g in choices), [1, 1])
        # the month's figures: the requests of March 2025, the surveys sent and answered this month
        requests = Activity._water_requests(date(2025, 3, 1), date(2025, 3, 31), self.env.company)
        by_type = {row["key"]: row for row in requests["by_type"]}
        leak, complaint = by_type[self.leak.name], by_type[self.complaint.name]
        self.assertEqual((leak["__count"], leak["answered_count:sum"], leak["on_time_pct"]), (2, 2, 100.0))
        self.assertEqual((complaint["__count"], complaint["answered_count:sum"], complaint["on_time_pct"]), (2, 1, 0.0))
        wizard = (
            self.env["water.activity.report.wizard"]
            .with_user(self.director)
            .create({"report_kind": "monthly_commercial", "reference_date": fields.Date.today()})
        )
        self.assertEqual(wizard.date_from, fields.Date.today().replace(day=1))
        surveys = Activity._water_surveys(wizard.date_from, wizard.date_to, self.env.company)
        self.assertEqual((surveys["sent"] - before["sent"], surveys["answered"] - before["answered"]), (3, 2))
        html = (
            self.env["ir.actions.report"]
            .with_user(self.director)
            ._render_qweb_html("water_reports.action_report_monthly_commercial", wizard.ids, data=wizard._water_data())[
                0
            ]
            .decode()
        )
        self.assertIn("monthly activity report", html)
        self.assertIn("How satisfied are you with the answer to your request?", html)
        self.assertIn(f"{surveys['rate']:,.1f} %", html)
        # wkhtmltopdf would otherwise fetch the assets from the test server and deadlock
        self.env["ir.config_parameter"].sudo().set_param("report.url", "http://127.0.0.1:9")
        pdf, kind = (
            self.env["ir.actions.report"]
            .with_user(self.director)
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf("water_reports.action_report_monthly_commercial", wizard.ids, data=wizard._water_data())
        )
        self.assertEqual(kind, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
