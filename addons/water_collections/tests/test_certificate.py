from datetime import timedelta

from lxml import html

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, HttpCase, freeze_time, new_test_user, tagged

from ..utils import certificate as certificate_utils
from .test_agreement import WaterAgreementCase

VERIFY = "/water/certificate/verify"


class WaterCertificateCase(WaterAgreementCase):
    """The accounts of the agreements' case: ``account`` owes 1,600; ``clean`` owes nothing; the fees of both
    certificates in the catalogue."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write(
            {
                "water_certificate_validity_days": 30,
                "water_certificate_signer_name": "Lic. Marta Ibarra Soto",
                "water_certificate_signer_title": "Jefa de Comercialización",
            }
        )
        cls.clean = cls.contracts[1]
        cls.clean.service_point_id.cadastral_key = "01-002-003"
        cls.notary = cls.env["res.partner"].create({"name": "Notaría Pública 7, Lic. Ana Ruiz"})
        cls.viewer.write({"lang": "en_US"})
        cls._water_fee_catalogue()

    @classmethod
    def _water_fee_catalogue(cls):
        """The fees of the certificates in the catalogue, charged at once (payable at the window)."""
        cls.fee_no_debt = cls.make_charge_type("no_debt_certificate", amount=150.0, name="Constancia de no adeudo")
        cls.fee_letter = cls.make_charge_type("non_existence_letter", amount=210.0, name="Carta de inexistencia")

    def request(self, contract=None, user=None, **values):
        vals = {"kind": "no_debt", "contract_id": (contract or self.clean).id, "applicant_id": self.notary.id}
        vals.update(values)
        return self.env["water.certificate"].with_user(user or self.cashier).create(vals)

    def request_letter(self, key="09-999-001", user=None):
        return (
            self.env["water.certificate"]
            .with_user(user or self.cashier)
            .create(
                {
                    "kind": "non_existence",
                    "cadastral_key": key,
                    "property_address": "Camino a San Isidro s/n, lote 4",
                    "applicant_id": self.notary.id,
                }
            )
        )

    def pay_fee(self, certificate):
        """The fee paid: at the window for an account, by the officer's payment of the invoice for a letter."""
        move = certificate.fee_move_id
        if certificate.contract_id:
            self.pay_window(certificate.contract_id, move.amount_residual)
        else:
            wizard = (
                self.env["account.payment.register"]
                .with_user(self.officer)
                .with_context(active_model="account.move", active_ids=move.ids)
                .create({})
            )
            wizard.action_create_payments()
        self.assertTrue(certificate.charge_id.sudo().is_paid)

    def issue(self, certificate):
        certificate.with_user(self.officer).action_issue()
        return certificate


@tagged("post_install", "-at_install")
class TestCertificate(WaterCertificateCase):
    def test_request_charges_the_fee_and_issues_once_paid(self):
        certificate = self.request()
        self.assertEqual((certificate.state, certificate.status), ("requested", "requested"))
        self.assertTrue(certificate.name.startswith("CER/"))
        charge = certificate.charge_id.sudo()
        self.assertEqual((charge.res_model, charge.res_id), ("water.certificate", certificate.id))
        self.assertEqual(certificate.fee_move_id.state, "posted")
        self.assertEqual(certificate.fee_move_id.water_contract_id, self.clean, "payable at the window")
        self.assertEqual(
            (charge.charge_type_id, charge.state, certificate.amount_fee), (self.fee_no_debt, "invoiced", 150.0)
        )
        self.assertEqual(certificate.fee_move_id.amount_total, 150.0)
        self.assertGreater(self.balance(self.clean), 0, "the ledger sees the fee")
        self.assertFalse(certificate.verification_code, "no code before it is issued")
        self.pay_fee(certificate)
        self.issue(certificate)
        self.assertEqual((certificate.state, certificate.status), ("issued", "valid"))
        self.assertEqual(certificate.date_issue, self.today)
        self.assertEqual(certificate.date_valid_until, self.today + timedelta(days=29))
        self.assertEqual(certificate.validity_days, 30)
        self.assertEqual(certificate_utils.normalize_code(certificate.verification_code), certificate.verification_code)
        self.assertEqual(
            (certificate.signer_name, certificate.signer_title), ("Lic. Marta Ibarra Soto", "Jefa de Comercialización")
        )
        self.assertIn(f"{VERIFY}?code={certificate.verification_code}", certificate.verification_url)

    def test_issue_refused_before_the_fee_is_paid(self):
        certificate = self.request()
        with self.assertRaisesRegex(UserError, "is not paid yet"):
            self.issue(certificate)
        self.assertEqual(certificate.state, "requested")

    def test_issue_refused_while_the_account_owes(self):
        # the account's debts are older than the fee: the window pays them first, so pay the fee's invoice alone
        certificate = self.request(self.account)
        move = certificate.fee_move_id
        wizard = (
            self.env["account.payment.register"]
            .with_user(self.officer)
            .with_context(active_model="account.move", active_ids=move.ids)
            .create({})
        )
        wizard.action_create_payments()
        self.assertTrue(certificate.charge_id.sudo().is_paid)
        with self.assertRaisesRegex(UserError, r"owes .*1,600\.00"):
            self.issue(certificate)
        # the debt paid, it is issued
        self.pay_window(self.account, 1600.0)
        self.issue(certificate)
        self.assertEqual(certificate.status, "valid")

    def test_issue_refused_with_an_agreement_in_force(self):
        # the instalments fall due later than the notice days: the ledger owes nothing today, the agreement is active
        agreement = self.sign(down=305.0, first_due=self.today + timedelta(days=60))
        self.pay_window(self.account, 305.0)
        self.assertEqual(agreement.state, "active")
        certificate = self.request(self.account)
        self.pay_fee(certificate)
        self.assertLessEqual(self.balance(self.account), 0.0)
        with self.assertRaisesRegex(UserError, f"open payment agreement {agreement.name}"):
            self.issue(certificate)

    def test_letter_of_non_existence(self):
        letter = self.request_letter(" 09-999-001 ")
        self.assertEqual(letter.cadastral_key, "09-999-001")
        self.assertFalse(letter.contract_id)
        self.assertEqual(letter.fee_move_id.partner_id, self.notary, "charged to the applicant")
        self.assertEqual((letter.charge_id.sudo().charge_type_id, letter.amount_fee), (self.fee_letter, 210.0))
        self.assertFalse(letter.fee_move_id.water_contract_id)
        with self.assertRaisesRegex(UserError, "is not paid yet"):
            self.issue(letter)
        self.pay_fee(letter)
        self.issue(letter)
        self.assertEqual(letter.status, "valid")

    def test_letter_refused_for_a_property_with_an_account(self):
        with self.assertRaisesRegex(UserError, f"has the account {self.clean.number}"):
            self.request_letter("01-002-003")
        with self.assertRaisesRegex(UserError, "has the account"):
            self.request_letter(" 01-002-003 ".lower())
        # a cancelled account does not count
        point = self.make_point(cadastral_key="05-005-005")
        self.make_contract(point).change_state("cancelled", "Demolished")
        self.assertTrue(self.request_letter("05-005-005"))

    def test_letter_refused_at_issue_when_an_account_appeared(self):
        letter = self.request_letter("07-007-007")
        self.pay_fee(letter)
        self.make_contract(self.make_point(cadastral_key="07-007-007"))
        with self.assertRaisesRegex(UserError, "has an account now"):
            self.issue(letter)

    def test_subject_checked(self):
        with self.assertRaises(ValidationError):
            self.env["water.certificate"].with_user(self.cashier).create(
                {"kind": "no_debt", "applicant_id": self.notary.id}
            )
        with self.assertRaises(ValidationError):
            self.env["water.certificate"].with_user(self.cashier).create(
                {"kind": "non_existence", "cadastral_key": "X-1", "applicant_id": self.notary.id}
            )

    def test_expired_after_its_validity_and_revoked_with_a_reason(self):
        certificate = self.request()
        self.pay_fee(certificate)
        self.issue(certificate)
        last = certificate.date_valid_until
        Certificate = self.env["water.certificate"].with_user(self.officer)
        with freeze_time(f"{last} 12:00:00"):
            certificate.invalidate_recordset(["status"])
            self.assertEqual(certificate.status, "valid")
        with freeze_time(f"{last + timedelta(days=1)} 12:00:00"):
            certificate.invalidate_recordset(["status"])
            self.assertEqual(certificate.status, "expired")
            self.assertIn(certificate, Certificate.search([("status", "=", "expired")]))
            self.assertNotIn(certificate, Certificate.search([("status", "=", "valid")]))
            self.assertIn(certificate, Certificate.search([("status", "!=", "valid")]))
        certificate.invalidate_recordset(["status"])
        with self.assertRaisesRegex(UserError, "reason"):
            certificate.with_user(self.officer)._water_revoke("  ")
        with self.assertRaises(AccessError):
            certificate.with_user(self.cashier)._water_revoke("error")
        wizard = Form(
            self.env["water.certificate.revoke"]
            .with_user(self.officer)
            .with_context(default_certificate_ids=certificate.ids)
        )
        wizard.reason = "Issued on a wrong account"
        wizard.save().action_revoke()
        self.assertEqual((certificate.state, certificate.status), ("revoked", "revoked"))
        self.assertEqual(certificate.revoke_user_id, self.officer)
        self.assertIn("Issued on a wrong account", certificate.message_ids[0].body)
        self.assertIn(certificate, Certificate.search([("status", "=", "revoked")]))
        with self.assertRaisesRegex(UserError, "Only issued"):
            certificate.with_user(self.officer)._water_revoke("again")
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            certificate.with_user(self.officer).unlink()

    def test_signer_is_the_issuing_officer_without_the_setting(self):
        self.company.water_certificate_signer_name = False
        certificate = self.request()
        self.pay_fee(certificate)
        self.issue(certificate)
        self.assertEqual(certificate.signer_name, self.officer.name)
        self.assertEqual(certificate.signer_title, "Collections officer")

    def test_access_per_role(self):
        certificate = self.request(user=self.cashier)
        self.pay_fee(certificate)
        # the cashier requests but neither issues, revokes nor forges the state
        with self.assertRaises(AccessError):
            certificate.with_user(self.cashier).action_issue()
        with self.assertRaisesRegex(UserError, "only by its buttons"):
            certificate.with_user(self.cashier).write({"state": "issued"})
        with self.assertRaisesRegex(UserError, "cannot change"):
            certificate.with_user(self.cashier).write({"contract_id": self.account.id})
        certificate.with_user(self.cashier).write({"purpose": "Compraventa"})
        # the accountant reads; the read-only registry staff and portal users see nothing
        self.assertEqual(certificate.with_user(self.accountant).read(["name"])[0]["name"], certificate.name)
        with self.assertRaises(AccessError):
            self.env["water.certificate"].with_user(self.accountant).create(
                {"kind": "no_debt", "contract_id": self.clean.id, "applicant_id": self.notary.id}
            )
        portal = new_test_user(self.env, "t_portal_cert", groups="base.group_portal")
        for user in (self.viewer, portal):
            with self.assertRaises(AccessError):
                certificate.with_user(user).read(["name"])
        self.issue(certificate)
        self.assertEqual(certificate.state, "issued")
        # another company's officer does not see it
        other = self.env["res.company"].create({"name": "Otro organismo"})
        outsider = new_test_user(
            self.env,
            "t_officer_other",
            groups="base.group_user,water_collections.group_water_collections_officer",
            company_id=other.id,
            company_ids=[Command.set(other.ids)],
        )
        self.assertFalse(self.env["water.certificate"].with_user(outsider).search([("id", "=", certificate.id)]))

    def test_pdf(self):
        certificate = self.request()
        self.pay_fee(certificate)
        self.issue(certificate)
        html_doc, _kind = self.env["ir.actions.report"]._render_qweb_html(
            "water_collections.report_water_certificate", certificate.ids
        )
        page = html.fromstring(html_doc)
        text = " ".join(page.text_content().split())
        self.assertIn(certificate.name, text)
        self.assertIn(self.clean.number, text)
        self.assertIn("Lic. Marta Ibarra Soto", page.xpath("string(//div[hasclass('o_water_certificate_signature')])"))
        self.assertEqual(
            page.xpath("string(//div[hasclass('o_water_certificate_code')])").strip(), certificate.verification_code
        )
        self.assertTrue(page.xpath("//img[hasclass('ce-qr')][starts-with(@src, 'data:image/png;base64,')]"))
        paragraph = page.xpath("string(//p[hasclass('o_water_certificate_text')])")
        self.assertIn(self.clean.number, paragraph)
        self.assertIn(self.company.name, paragraph)
        with self.assertRaisesRegex(UserError, "once it is issued"):
            self.request(self.contracts[2]).action_print()


@tagged("post_install", "-at_install")
class TestCertificateDemo(WaterCertificateCase):
    def test_demo_has_certificates_in_every_status(self):
        # the database's own demo certificates (when its queue job ran) make the demo skip: start without them
        self.env.cr.execute("DELETE FROM water_certificate")
        self.env.invalidate_all()
        Certificate = self.env["water.certificate"]
        made = Certificate._demo_certificates()
        self.assertEqual({c.status for c in made.values()}, {"requested", "valid", "expired", "revoked"})
        self.assertEqual((made["expired"].status, made["revoked"].status), ("expired", "revoked"))
        self.assertEqual((made["letter"].kind, made["letter"].status), ("non_existence", "valid"))
        self.assertFalse(made["requested"].fee_paid)
        self.assertLess(made["expired"].date_request, made["expired"].date_issue)
        officer = self.env.ref("water_collections.user_demo_collections")
        self.assertEqual(made["valid"].issue_user_id, officer)
        self.assertTrue(all(c.charge_id.sudo().is_paid for key, c in made.items() if key != "requested"))
        self.assertFalse(Certificate._demo_certificates(), "runs once")

    def test_demo_waits_for_the_other_demo_jobs(self):
        Job = self.env["queue.job"]
        before = Job.search([])
        self.env["water.certificate"].with_context(queue_job__no_delay=False).demo_enqueue_certificates()
        job = Job.search([("id", "not in", before.ids)])
        self.assertEqual((job.method_name, job.state), ("_demo_certificates_job", "pending"))
        with self.assertRaises(AccessError):
            self.env["water.certificate"].with_user(self.officer).demo_enqueue_certificates()


@tagged("post_install", "-at_install")
class TestCertificateVerifyPage(WaterCertificateCase, HttpCase):
    """The public page: what it shows, what it never shows, the same answer for every wrong code, the limit."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.ref("base.public_user").lang = "en_US"

    def setUp(self):
        super().setUp()
        self.env["water.certificate.verify.attempt"].search([]).unlink()  # the database's own look-ups do not count
        self.certificate = self.request()
        self.pay_fee(self.certificate)
        self.issue(self.certificate)

    def verify(self, code, method="get"):
        if method == "get":
            response = self.url_open(f"{VERIFY}?code={code}")
        else:
            self.url_open(VERIFY)  # the session's csrf token comes with the form
            response = self.url_open(VERIFY, data={"code": code, "csrf_token": self.csrf_token()})
        self.assertEqual(response.status_code, 200)
        return response.text

    def csrf_token(self):
        page = html.fromstring(self.url_open(VERIFY).text)
        return page.xpath("string(//input[@name='csrf_token']/@value)")

    def found(self, text):
        page = html.fromstring(text)
        return {
            "folio": page.xpath("string(//td[hasclass('o_water_certificate_folio')])").strip(),
            "subject": page.xpath("string(//td[hasclass('o_water_certificate_subject')])").strip(),
            "status": page.xpath("string(//span[hasclass('o_water_certificate_status')]/@data-status)"),
            "not_found": bool(page.xpath("//div[hasclass('o_water_certificate_not_found')]")),
            "limited": bool(page.xpath("//div[hasclass('o_water_certificate_limited')]")),
            "main": " ".join(page.xpath("string(//main)").split()),
        }

    def test_shows_folio_account_dates_status_and_nothing_of_the_holder(self):
        self.make_bill(self.clean, 2025, 2, 777.77)  # a debt after the issue: never shown
        result = self.found(self.verify(self.certificate.verification_code.lower().replace("-", "")))
        self.assertEqual(result["folio"], self.certificate.name)
        self.assertEqual(result["subject"], self.clean.number)
        self.assertEqual(result["status"], "valid")
        body = self.verify(self.certificate.verification_code)
        for secret in (self.clean.partner_id.name, self.notary.name, "777.77", "777,77", self.clean.address):
            self.assertNotIn(secret, body)
        attempt = self.env["water.certificate.verify.attempt"].search([], limit=1)
        self.assertEqual((attempt.success, attempt.certificate_id), (True, self.certificate))

    def test_wrong_codes_get_one_answer_and_revoked_says_so(self):
        answers = set()
        requested = (
            self.env["water.certificate"]
            .with_user(self.cashier)
            .create({"kind": "no_debt", "contract_id": self.contracts[2].id, "applicant_id": self.notary.id})
        )
        for code in ("nonsense", certificate_utils.new_code(), "' OR 1=1 --", requested.name):
            result = self.found(self.verify(code))
            self.assertTrue(result["not_found"])
            self.assertFalse(result["folio"])
            answers.add(result["main"].replace(code, ""))
        self.assertEqual(len(answers), 1, "the same answer whatever the reason")
        # past its validity it reads expired
        valid_until = self.certificate.date_valid_until
        self.certificate.sudo().date_valid_until = self.today - timedelta(days=1)
        self.assertEqual(self.found(self.verify(self.certificate.verification_code))["status"], "expired")
        self.certificate.sudo().date_valid_until = valid_until
        self.certificate.with_user(self.officer)._water_revoke("Emitida por error")
        result = self.found(self.verify(self.certificate.verification_code, method="post"))
        self.assertEqual(result["status"], "revoked")
        self.assertNotIn("Emitida por error", result["main"])

    def test_failed_attempts_are_limited_per_ip_successes_do_not_count(self):
        for _i in range(5):
            self.assertEqual(self.found(self.verify(self.certificate.verification_code))["status"], "valid")
        Attempt = self.env["water.certificate.verify.attempt"]
        Attempt.create([{"ip_address": "127.0.0.1", "success": False} for _i in range(19)])
        self.assertTrue(self.found(self.verify(certificate_utils.new_code()))["not_found"])
        # the twentieth failure reached the limit: even the right code is not checked now
        result = self.found(self.verify(self.certificate.verification_code))
        self.assertTrue(result["limited"])
        self.assertFalse(result["folio"])
        # another address is not limited; old failures stop counting
        Attempt.search([("ip_address", "=", "127.0.0.1")]).write({"date": "2020-01-01 00:00:00"})
        self.assertEqual(self.found(self.verify(self.certificate.verification_code))["status"], "valid")
