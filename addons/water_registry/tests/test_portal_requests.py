from unittest.mock import patch

from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tests.common import JsonRpcException

from ..utils import portal_upload
from .common_portal import WaterPortalCase, ensure_spanish

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n% proof\n"


@tagged("post_install", "-at_install")
class TestPortalRequests(WaterPortalCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.leak = cls.env.ref("water_registry.request_type_leak")
        cls.discount = cls.env.ref("water_registry.request_type_discount")
        cls.review = cls.env.ref("water_registry.request_type_consumption_review")

    def file_request(self, request_type, contract=None, description="Fuga en la banqueta", files=None):
        data = {
            "request_type_id": request_type.id,
            "contract_id": contract.id if contract else "",
            "description": description,
        }
        return self.post_form("/my/water/requests/new", data, files=files or [])

    def requests_of(self, partner):
        return self.env["water.request"].search([("partner_id", "=", partner.id)])

    def test_portal_types(self):
        codes = set(self.env["water.request.type"].search([("portal_available", "=", True)]).mapped("code"))
        # the registry's own (other addons may offer theirs, e.g. collections' payment agreement request)
        self.assertLessEqual(
            {"complaint", "discount_request", "consumption_review", "leak_report", "holder_change"}, codes
        )
        self.assertTrue(self.discount.portal_requires_attachment)
        self.assertTrue(self.env.ref("water_registry.request_type_holder_change").portal_requires_attachment)
        self.assertFalse(self.leak.portal_requires_attachment)
        hidden = self.env["water.request.type"].create({"name": "Interno", "code": "internal"})
        self.assertNotIn(hidden, self.env["water.request.type"].with_user(self.c1).search([]))

    def test_file_a_leak_report_with_photos(self):
        self.authenticate("c1", "c1")
        form = self.url_open(f"/my/water/requests/new?contract_id={self.account1.id}")
        self.assertIn(f'<option value="{self.account1.id}" selected=', form.text)
        self.assertNotIn(f'value="{self.account2.id}"', form.text)
        files = [
            ("attachments", ("fuga.png", PNG, "image/png")),
            ("attachments", ("croquis.pdf", PDF, "application/pdf")),
        ]
        response = self.file_request(self.leak, self.account1, files=files)
        request = self.requests_of(self.c1.partner_id)
        self.assertEqual(len(request), 1)
        self.assertTrue(response.url.endswith(f"/my/water/requests/{request.id}?created=1"), response.url)
        self.assertEqual(request.channel, "portal")
        self.assertEqual(request.contract_id, self.account1)
        self.assertEqual(request.request_type_id, self.leak)
        self.assertIn(self.c1.partner_id, request.message_partner_ids)
        attachments = request._portal_attachments()
        self.assertEqual(sorted(attachments.mapped("name")), ["croquis.pdf", "fuga.png"])
        self.assertEqual(sorted(attachments.mapped("mimetype")), ["application/pdf", "image/png"])
        self.assertIn('id="water_request_created"', response.text)
        self.assertIn("fuga.png", response.text)
        self.assertIn('id="discussion"', response.text)
        # in the list, the home counter and the account page
        listing = self.url_open("/my/water/requests")
        self.assertIn(request.name, listing.text)
        self.assertIn(request.name, self.url_open(f"/my/water/{self.account1.id}").text)
        self.assertEqual(request.access_url, f"/my/water/requests/{request.id}")

    def test_bad_input_rerenders_the_form_in_spanish_keeping_what_was_typed(self):
        ensure_spanish(self.env)
        self.c1.lang = "es_MX"
        self.authenticate("c1", "c1")
        cases = [
            (self.leak, [("attachments", ("virus.pdf", b"MZ\x90\x00binary", "application/pdf"))], "no es un archivo"),
            (self.leak, [("attachments", ("vacio.png", b"", "image/png"))], "está vacío"),
            (self.discount, [], "Adjunte el comprobante"),
        ]
        for request_type, files, message in cases:
            response = self.file_request(request_type, self.account1, "Texto que se conserva", files)
            self.assertEqual(response.status_code, 200)
            self.assertIn('id="water_request_errors"', response.text)
            self.assertIn(message, response.text)
            self.assertIn("Texto que se conserva", response.text)
            self.assertIn(f'<option value="{self.account1.id}" selected=', response.text)
        with patch.object(portal_upload, "MAX_FILE_SIZE", 100):
            big = [("attachments", ("grande.pdf", PDF + b"x" * 200, "application/pdf"))]
            response = self.file_request(self.leak, self.account1, files=big)
            self.assertIn("demasiado grande", response.text)
        many = [("attachments", (f"f{i}.png", PNG, "image/png")) for i in range(portal_upload.MAX_FILES + 1)]
        self.assertIn("como máximo", self.file_request(self.leak, self.account1, files=many).text)
        self.assertIn("Describa su solicitud", self.file_request(self.leak, self.account1, description=" ").text)
        self.assertIn("Elija el tipo", self.post_form("/my/water/requests/new", {"description": "x"}).text)
        self.assertIn("Elija la cuenta", self.file_request(self.review).text)
        self.assertFalse(self.requests_of(self.c1.partner_id))

    def test_discount_request_with_proof_and_no_account_for_a_street_leak(self):
        self.authenticate("c1", "c1")
        self.file_request(
            self.discount,
            self.account1,
            "Descuento de jubilado",
            [("attachments", ("INAPAM.JPG", b"\xff\xd8\xff\xe0" + b"\x00" * 10, "image/jpeg"))],
        )
        self.file_request(self.leak, None, "Fuga en la esquina de Hidalgo y Morelos")
        requests = self.requests_of(self.c1.partner_id)
        self.assertEqual(len(requests), 2)
        self.assertFalse(requests.filtered(lambda r: r.request_type_id == self.leak).contract_id)
        self.assertEqual(
            requests.filtered(lambda r: r.request_type_id == self.discount)._portal_attachments().name, "INAPAM.JPG"
        )

    def test_request_on_another_citizens_account_is_refused(self):
        self.authenticate("c1", "c1")
        response = self.file_request(self.leak, self.account2)
        self.assertIn("Choose one of your accounts", response.text)
        self.assertFalse(self.env["water.request"].search([("contract_id", "=", self.account2.id)]))

    def test_citizens_cannot_see_each_others_requests_nor_files(self):
        self.authenticate("c1", "c1")
        self.file_request(
            self.discount, self.account1, "Descuento", [("attachments", ("ine.pdf", PDF, "application/pdf"))]
        )
        request = self.requests_of(self.c1.partner_id)
        attachment = request._portal_attachments()
        # the citizen gets the file through the tokenized link of the request page; without it even the
        # owner is refused (Odoo gives attachments to portal users by token only)
        page = self.url_open(f"/my/water/requests/{request.id}")
        token = attachment.access_token
        self.assertTrue(token)
        self.assertIn(f"/web/content/{attachment.id}?download=true&amp;access_token={token}", page.text)
        self.assertEqual(self.url_open(f"/web/content/{attachment.id}?download=true&access_token={token}").content, PDF)
        # staff filed a request for the third holder's account at the window
        window = self.env["water.request"].create(
            {
                "request_type_id": self.leak.id,
                "contract_id": self.account3.id,
                "partner_id": self.holder.id,
                "description": "En ventanilla",
            }
        )
        self.authenticate("c2", "c2")
        for url in (
            f"/my/water/requests/{request.id}",
            f"/my/water/requests/{window.id}",
            "/my/water/requests/999999999",
        ):
            response = self.url_open(url)
            self.assertTrue(response.url.endswith("/my"), response.url)
            self.assertNotIn("Descuento", response.text)
        self.assertNotIn(request.name, self.url_open("/my/water/requests").text)
        self.assertNotEqual(self.url_open(f"/web/content/{attachment.id}?download=true").status_code, 200)
        bad = self.url_open(f"/web/content/{attachment.id}?download=true&access_token=x{token}")
        self.assertNotEqual(bad.content, PDF)
        self.assertNotEqual(self.url_open(f"/web/content/{attachment.id}").content, PDF)
        self.assertNotEqual(self.url_open(f"/web/image/{attachment.id}").content, PDF)
        Request = self.env["water.request"].with_user(self.c2)
        self.assertFalse(Request.search([]))
        with self.assertRaises(AccessError):
            request.with_user(self.c2).read(["description"])
        with self.assertRaises(AccessError):
            attachment.with_user(self.c2).read(["datas"])
        # the citizen cannot write on the request either, even their own
        with self.assertRaises(AccessError):
            request.with_user(self.c1).write({"state": "closed"})
        # a linked follower does not see the holder's requests; the holder sees requests on held accounts
        self.account1.portal_partner_ids = [(4, self.c2.partner_id.id)]
        self.assertFalse(Request.search([]))
        self.assertEqual(self.env["water.request"].with_user(self.c1).search([]), request)
        # the posting route refuses a foreign thread
        with self.assertRaises(JsonRpcException):
            self.make_jsonrpc_request(
                "/mail/message/post",
                {
                    "thread_model": "water.request",
                    "thread_id": request.id,
                    "post_data": {"body": "intruso", "message_type": "comment", "subtype_xmlid": "mail.mt_comment"},
                },
            )
        self.assertNotIn("intruso", " ".join(request.message_ids.mapped("body")))

    def test_answer_reaches_the_portal_chatter_and_the_citizen_replies(self):
        self.authenticate("c1", "c1")
        self.file_request(self.review, self.account1, "Revisen mi consumo de marzo")
        request = self.requests_of(self.c1.partner_id)
        staff_request = request.with_user(self.clerk)
        staff_request.answer = "Revisamos el medidor: funciona bien.\nEl consumo es correcto."
        staff_request.action_answer()
        self.assertEqual(request.state, "answered")
        answer = request.message_ids.filtered(lambda m: "Revisamos el medidor" in m.body)
        self.assertEqual(len(answer), 1)
        self.assertEqual(answer.message_type, "comment")
        self.assertFalse(answer.subtype_id.internal)
        self.assertIn(self.c1.partner_id, answer.notified_partner_ids | answer.partner_ids)
        page = self.url_open(f"/my/water/requests/{request.id}")
        self.assertIn('id="water_request_answer"', page.text)
        self.assertIn("El consumo es correcto.", page.text)
        # the citizen answers through Odoo's portal chatter
        self.make_jsonrpc_request(
            "/mail/message/post",
            {
                "thread_model": "water.request",
                "thread_id": request.id,
                "post_data": {
                    "body": "Gracias, pero sigo con dudas",
                    "message_type": "comment",
                    "subtype_xmlid": "mail.mt_comment",
                },
            },
        )
        reply = request.message_ids.filtered(lambda m: "sigo con dudas" in (m.body or ""))
        self.assertEqual(reply.author_id, self.c1.partner_id)
        messages = self.make_jsonrpc_request(
            "/mail/thread/messages", {"thread_model": "water.request", "thread_id": request.id}
        )
        bodies = " ".join(m["body"] for m in messages["data"]["mail.message"])
        self.assertIn("Revisamos el medidor", bodies)

    def test_access_token_link_opens_the_request_without_login(self):
        request = self.env["water.request"].create(
            {
                "request_type_id": self.leak.id,
                "contract_id": self.account1.id,
                "partner_id": self.c1.partner_id.id,
                "description": "Token",
            }
        )
        self.assertIn("/web/login", self.url_open(f"/my/water/requests/{request.id}").url)
        page = self.url_open(request.get_portal_url())
        self.assertEqual(page.status_code, 200)
        self.assertIn("Token", page.text)
        self.assertFalse(
            self.url_open(f"/my/water/requests/{request.id}?access_token=bad").url.endswith(
                f"/my/water/requests/{request.id}?access_token=bad"
            )
        )

    def test_request_list_is_paged(self):
        requests = self.env["water.request"].create(
            [
                {
                    "request_type_id": self.leak.id,
                    "partner_id": self.c1.partner_id.id,
                    "description": f"Fuga {index}",
                }
                for index in range(25)
            ]
        )
        self.authenticate("c1", "c1")
        first = self.url_open("/my/water/requests")
        second = self.url_open("/my/water/requests/page/2")
        self.assertEqual(first.text.count("o_water_request_card"), 20)
        self.assertEqual(second.text.count("o_water_request_card"), 5)
        self.assertIn('href="/my/water/requests/page/2"', first.text)
        self.assertEqual(
            {name for name in requests.mapped("name") if name in first.text + second.text}, set(requests.mapped("name"))
        )
