import io
import os

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged
from odoo.tools.pdf import PdfFileReader

from .common_notice import WaterNoticeCase


@tagged("post_install", "-at_install")
class TestNoticeContent(WaterNoticeCase):
    def test_lines_are_the_ledger_at_issue(self):
        first, third = self.contracts[0], self.contracts[2]
        notices = self.issue(first | third)
        self.assertEqual(len(notices), 2)
        notice = notices.filtered(lambda n: n.contract_id == first)
        ledger = first._water_ledger(overdue=True)[first.id]
        self.assertEqual(
            [(line.move_line_id.id, line.amount) for line in notice.line_ids.sorted("sequence")],
            [(row["line_id"], row["residual"]) for row in ledger],
            "one line per overdue debt, oldest first, what is left of it",
        )
        self.assertEqual(notice.line_ids.mapped("period")[:2], [self.period(2025, 1).name, self.period(2025, 2).name])
        self.assertEqual(notice.line_ids.mapped("kind"), ["bill", "bill", "surcharge"])
        for line in notice.line_ids:
            parts = line.amount_water + line.amount_drainage + line.amount_sanitation
            parts += line.amount_surcharges + line.amount_other
            self.assertAlmostEqual(parts, line.amount, places=2, msg="the concepts add up to the line")
        self.assertAlmostEqual(notice.amount_surcharges, 5.0)
        self.assertAlmostEqual(notice.amount_debts, 225.0)
        self.assertAlmostEqual(notice.amount_due, 225.0)
        self.assertEqual(notice.holder_name, first.partner_id.name)
        self.assertEqual(notice.address, first.service_point_id.name)
        self.assertEqual(notice.payment_reference, self.bills["first_feb"].payment_reference, "the latest recibo's")
        # the account in credit: the notice claims its debts less the credit, the arrears' overdue
        credited = notices.filtered(lambda n: n.contract_id == third)
        self.assertAlmostEqual(credited.amount_debts, 50.0)
        self.assertAlmostEqual(credited.amount_credit, 20.0)
        self.assertAlmostEqual(credited.amount_due, 30.0)
        self.assertAlmostEqual(credited.amount_due, third._water_arrears()[third.id]["overdue"])

    def test_lines_do_not_change_after_a_payment(self):
        first = self.contracts[0]
        notice = self.issue(first)
        before = [(line.document, line.amount, line.amount_water) for line in notice.line_ids]
        self.pay_window(first, 150.0)
        notice.invalidate_recordset()
        self.assertLess(first._water_arrears()[first.id]["overdue"], 225.0, "the ledger moved")
        self.assertEqual([(line.document, line.amount, line.amount_water) for line in notice.line_ids], before)
        self.assertAlmostEqual(notice.amount_due, 225.0)

    def test_pdf_with_legal_text_and_barcode(self):
        notices = self.issue()
        batch = self.batches(notices.filtered(lambda n: n.route_id == self.route), self.notifier)
        Report = self.env["ir.actions.report"].with_user(self.officer).with_context(force_report_rendering=True)
        html = Report._render_qweb_html("water_collections.report_collection_notice_batch", batch.ids)[0].decode()
        # the stage's legal text, in the language the notice is printed in (the utility's, Spanish in the demo)
        legal = {
            "en_US": "overdue balance detailed below",
            "es_MX": "saldo vencido que se detalla",
        }
        self.assertTrue(any(text in html for text in legal.values()), "the stage's legal text")
        self.assertIn("data:image/png;base64,", html, "the barcode")
        for notice in batch.notice_ids:
            self.assertIn(notice.name, html)
            self.assertIn(notice.payment_reference, html)
        self.assertLess(
            html.index(batch.notice_ids.sorted("delivery_sequence")[0].name),
            html.index(batch.notice_ids.sorted("delivery_sequence")[-1].name),
            "in delivery order",
        )
        pdf = Report._render_qweb_pdf("water_collections.report_collection_notice_batch", batch.ids)[0]
        self.assertTrue(pdf.startswith(b"%PDF"))
        self.assertEqual(len(PdfFileReader(io.BytesIO(pdf)).pages), len(batch.notice_ids), "a page per notice")
        if os.environ.get("WATER_NOTICE_PDF_DIR"):
            with open(os.path.join(os.environ["WATER_NOTICE_PDF_DIR"], "avisos.pdf"), "wb") as file:
                file.write(pdf)


@tagged("post_install", "-at_install")
class TestNoticeDelivery(WaterNoticeCase):
    def test_batches_by_route_in_delivery_order(self):
        notices = self.issue()
        wizard = Form(
            self.env["water.notice.batch.make"]
            .with_user(self.officer)
            .with_context(active_ids=notices.ids, active_model="water.collection.notice")
        )
        wizard.notifier_id = self.notifier
        wizard.save().action_make()
        batches = notices.batch_id
        self.assertEqual(len(batches), 2, "one batch per route")
        self.assertEqual(set(batches.mapped("state")), {"assigned"})
        self.assertEqual(notices.notifier_id, self.notifier)
        for batch in batches:
            ordered = batch.notice_ids.sorted("delivery_sequence")
            self.assertEqual(ordered.mapped("delivery_sequence"), list(range(1, len(ordered) + 1)))
            self.assertEqual(ordered.mapped("route_sequence"), sorted(ordered.mapped("route_sequence")))
            self.assertEqual(batch.notice_ids.route_id, batch.route_id)
        second = batches.filtered(lambda b: b.route_id == self.route2)
        self.assertEqual(
            second.notice_ids.sorted("delivery_sequence").mapped("contract_id"),
            self.route2_contracts[1] | self.route2_contracts[0],
            "position 1 before position 2",
        )
        with self.assertRaises(UserError, msg="the notices are in a batch already"):
            self.batches(notices)

    def test_notifier_sees_and_records_only_his_own(self):
        notices = self.issue()
        mine = self.batches(notices.filtered(lambda n: n.route_id == self.route), self.notifier)
        theirs = self.batches(notices.filtered(lambda n: n.route_id == self.route2), self.notifier2)
        Notice = self.env["water.collection.notice"].with_user(self.notifier)
        self.assertEqual(Notice.search([]), mine.notice_ids)
        self.assertEqual(self.env["water.collection.notice.batch"].with_user(self.notifier).search([]), mine)
        self.assertEqual(
            self.env["water.collection.notice.line"].with_user(self.notifier).search([]), mine.notice_ids.line_ids
        )
        other = theirs.notice_ids[0].with_user(self.notifier)
        with self.assertRaises(AccessError):
            other.read(["outcome"])
        with self.assertRaises(AccessError):
            other.write({"outcome": "refused"})
        own = mine.notice_ids.sorted("delivery_sequence")[0].with_user(self.notifier)
        with self.assertRaises(AccessError, msg="only the delivery"):
            own.write({"amount_due": 1.0})
        own.write({"outcome": "delivered"})
        with self.assertRaises(UserError, msg="to whom"):
            own.action_water_record_delivery()
        own.write({"received_by": "Rosa Martínez", "received_relation": "family"})
        own.action_water_record_delivery()
        self.assertEqual(own.delivery_state, "recorded")
        self.assertEqual(own.outcome_user_id, self.notifier)
        self.assertTrue(own.outcome_time)
        self.assertTrue(own.served)
        self.assertTrue(any("Rosa Martínez" in body for body in own.sudo().message_ids.mapped("body")))
        with self.assertRaises(AccessError, msg="recorded: final for him"):
            own.write({"outcome": "refused"})
        with self.assertRaises(AccessError, msg="nor record it again"):
            own.action_water_record_delivery()
        self.assertEqual(mine.state, "assigned", "the rest of the batch is to deliver")
        # the rest, every outcome: the batch is done
        for notice, outcome in zip(
            mine.notice_ids.sorted("delivery_sequence")[1:].with_user(self.notifier),
            ["left", "closed", "not_found", "refused"],
            strict=False,
        ):
            notice.write({"outcome": outcome})
            notice.action_water_record_delivery()
        self.assertEqual(mine.state, "done")
        self.assertEqual(mine.served_count, 2)

    def test_officer_corrects_with_a_reason(self):
        notices = self.issue(self.contracts[0])
        self.batches(notices, self.notifier)
        notices.with_user(self.notifier).write({"outcome": "closed"})
        notices.with_user(self.notifier).action_water_record_delivery()
        action = notices.with_user(self.officer).action_water_correct_delivery()
        wizard = Form(self.env[action["res_model"]].with_user(self.officer).with_context(**action["context"]))
        wizard.outcome = "left"
        wizard.reason = "The notifier left it under the door; the photo shows it"
        wizard.save().action_apply()
        self.assertEqual(notices.outcome, "left")
        self.assertTrue(notices.served)
        self.assertTrue(any("under the door" in body for body in notices.message_ids.mapped("body")))
        with self.assertRaises(AccessError, msg="not the notifier"):
            self.env["water.notice.delivery.correct"].with_user(self.notifier).create(
                {"notice_id": notices.id, "outcome": "refused", "reason": "x"}
            ).action_apply()

    def test_outcomes_report(self):
        notices = self.issue()
        batch = self.batches(notices.filtered(lambda n: n.route_id == self.route), self.notifier)
        for notice, outcome in zip(batch.notice_ids, ["delivered", "left", "refused"], strict=False):
            notice.write({"outcome": outcome, "received_by": "Ana" if outcome == "delivered" else False})
            notice.action_water_record_delivery()
        groups = self.env["water.collection.notice"]._read_group(
            [("delivery_state", "=", "recorded"), ("id", "in", notices.ids)],
            ["notifier_id"],
            ["notice_count:sum", "served_rate:avg"],
        )
        self.assertEqual(len(groups), 1)
        notifier, count, rate = groups[0]
        self.assertEqual((notifier, count), (self.notifier, 3))
        self.assertAlmostEqual(rate, 200 / 3, places=1)
        self.assertEqual(
            self.env["water.collection.notice"]._water_outcome_counts([("notifier_id", "=", self.notifier.id)]),
            {"delivered": 1, "left": 1, "refused": 1},
        )

    def test_access_per_role(self):
        notices = self.issue(self.contracts[0])
        for user in (self.cashier, self.viewer):
            with self.assertRaises(AccessError):
                self.env["water.collection.notice"].with_user(user).search([])
            with self.assertRaises(AccessError):
                self.env["water.collection.contact"].with_user(user).search([])
        with self.assertRaises(AccessError, msg="a notifier makes no batches"):
            self.env["water.notice.batch.make"].with_user(self.notifier).create({"notice_ids": notices.ids})
        for user in (self.accountant, self.manager, self.officer):
            self.assertEqual(
                self.env["water.collection.notice"]
                .with_user(user)
                .search([("contract_id", "=", self.contracts[0].id)]),
                notices,
                "not assigned to anybody: the officer, the manager and the accountant see it",
            )
        self.assertFalse(
            self.env["water.collection.notice"].with_user(self.notifier).search([("id", "in", notices.ids)]),
            "not assigned to him",
        )


@tagged("post_install", "-at_install")
class TestNoticeDemo(WaterNoticeCase):
    def test_demo_notices_delivered_with_every_outcome_and_promises(self):
        notifier = self.env.ref("water_collections.user_demo_notifier")
        batches = self.env["water.collection.notice.batch"].search([("notifier_id", "in", notifier.ids)])
        self.assertTrue(batches, "the demo notifier has batches")
        demo = self.env["water.collection.notice"].search([("batch_id", "!=", False)])
        self.assertEqual(
            set(demo.filtered(lambda n: n.delivery_state == "recorded").mapped("outcome")),
            {"delivered", "left", "closed", "not_found", "refused"},
        )
        self.assertTrue(demo.filtered(lambda n: n.delivery_state == "pending"), "some to deliver on the phone")
        self.assertIn("done", self.env["water.collection.notice.batch"].search([]).mapped("state"))
        for notice in demo[:5]:
            self.assertTrue(notice.line_ids, "what the notice claims")
            self.assertAlmostEqual(sum(notice.line_ids.mapped("amount")) - notice.amount_credit, notice.amount_due, 2)
        states = set(self.env["water.collection.contact"].search([]).mapped("promise_state"))
        self.assertTrue({"kept", "broken", "pending"} <= states, states)
