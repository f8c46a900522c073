import base64
from urllib.parse import quote

from markupsafe import Markup, escape

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.osv import expression
from odoo.tools import SQL, format_amount, format_date

from ..utils import certificate as certificate_utils

OFFICER = "water_collections.group_water_collections_officer"
CASHIER = "water_collections.group_water_cashier"
KINDS = [("no_debt", "No-debt certificate"), ("non_existence", "Letter of non-existence")]
STATES = [("requested", "Requested"), ("issued", "Issued and signed"), ("revoked", "Revoked")]
STATUSES = [("requested", "Requested"), ("valid", "Valid"), ("expired", "Expired"), ("revoked", "Revoked")]
FEE_PURPOSE = {"no_debt": "no_debt_certificate", "non_existence": "non_existence_letter"}
BLOCKING_AGREEMENTS = ("waiting", "active")
VERIFY_PATH = "/water/certificate/verify"
SUBJECT_FIELDS = {"kind", "contract_id", "cadastral_key", "property_address", "applicant_id"}
# written only by the certificate's own methods (in sudo): its life, its code, its signer and its fee
PROTECTED_FIELDS = {
    "state", "date_request", "date_issue", "validity_days", "date_valid_until", "verification_code",
    "issue_user_id", "signer_name", "signer_title", "charge_id", "date_revoked", "revoke_reason", "revoke_user_id",
    "company_id", "partner_id",
}  # fmt: skip


class WaterCertificate(models.Model):
    """A constancia de no adeudo (an account owes nothing) or a carta de inexistencia (a property has no account),
    asked for by an applicant (a notary, a buyer, the holder). Its fee is charged from the catalogue when it is
    requested; it is issued only once the fee is paid (and, for an account, when the ledger says it owes nothing
    and no agreement is open), with a verification code that anybody can check on the public page."""

    _name = "water.certificate"
    _description = "No-debt certificate or letter of non-existence"
    _inherit = ["water.folio.mixin", "mail.thread"]
    _order = "id desc"
    _check_company_auto = True

    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    kind = fields.Selection(KINDS, required=True, default="no_debt", tracking=True)
    state = fields.Selection(STATES, default="requested", required=True, tracking=True, readonly=True, copy=False)
    status = fields.Selection(
        STATUSES,
        compute="_compute_status",
        search="_search_status",
        help="Requested, valid, expired (its validity ran out) or revoked.",
    )
    contract_id = fields.Many2one(
        "water.contract",
        string="Account",
        index="btree_not_null",
        check_company=True,
        domain="[('state', '!=', 'draft')]",
        help="The account the no-debt certificate is about.",
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Holder",
        compute="_compute_partner_id",
        store=True,
        help="The account's holder when the certificate was requested.",
    )
    cadastral_key = fields.Char(
        help="Letter of non-existence: the property's cadastral key, as given by the applicant."
    )
    property_address = fields.Char(
        string="Property address", help="Letter of non-existence: the address given by the applicant."
    )
    applicant_id = fields.Many2one(
        "res.partner",
        required=True,
        help="Who asks for the document (the holder, a notary, a buyer); the fee is charged to the account, or to "
        "the applicant for a letter of non-existence.",
    )
    purpose = fields.Char(string="Requested for", help="E.g. a sale before a notary.")
    date_request = fields.Date(
        string="Requested on", default=fields.Date.context_today, required=True, readonly=True, copy=False
    )
    date_issue = fields.Date(string="Issued on", readonly=True, copy=False, tracking=True)
    validity_days = fields.Integer(string="Valid for (days)", readonly=True, copy=False)
    date_valid_until = fields.Date(string="Valid until", readonly=True, copy=False)
    verification_code = fields.Char(readonly=True, copy=False, index="btree_not_null")
    verification_url = fields.Char(compute="_compute_verification_url")
    issue_user_id = fields.Many2one("res.users", string="Issued by", readonly=True, copy=False)
    signer_name = fields.Char(string="Signed by", readonly=True, copy=False)
    signer_title = fields.Char(string="Signer's title", readonly=True, copy=False)
    charge_id = fields.Many2one("water.charge", string="Fee", readonly=True, copy=False, index="btree_not_null")
    fee_move_id = fields.Many2one(related="charge_id.move_id", string="Fee invoice")
    amount_fee = fields.Monetary(related="charge_id.amount_total", string="Fee amount")
    fee_paid = fields.Boolean(compute="_compute_fee_paid", string="Fee paid")
    date_revoked = fields.Date(string="Revoked on", readonly=True, copy=False)
    revoke_reason = fields.Text(string="Reason of the revocation", readonly=True, copy=False, tracking=True)
    revoke_user_id = fields.Many2one("res.users", string="Revoked by", readonly=True, copy=False)

    _sql_constraints = [
        ("verification_code_uniq", "unique(verification_code)", "Two certificates cannot share a verification code."),
    ]

    @api.constrains("kind", "contract_id", "cadastral_key", "property_address")
    def _check_subject(self):
        for certificate in self:
            if certificate.kind == "no_debt" and not certificate.contract_id:
                raise ValidationError(_("A no-debt certificate is about an account: choose it."))
            if certificate.kind == "no_debt" and certificate.contract_id.state == "draft":
                raise ValidationError(_("The account is still a draft: it has no history to certify."))
            if certificate.kind == "non_existence":
                if certificate.contract_id:
                    raise ValidationError(_("A letter of non-existence is about a property without an account."))
                if not certificate.cadastral_key or not (certificate.property_address or "").strip():
                    raise ValidationError(
                        _("A letter of non-existence needs the property's cadastral key and address.")
                    )

    @api.depends("contract_id")
    def _compute_partner_id(self):
        for certificate in self:
            certificate.partner_id = certificate.contract_id.sudo().partner_id

    @api.depends("state", "date_valid_until")
    def _compute_status(self):
        today = fields.Date.context_today(self)
        for certificate in self:
            certificate.status = certificate_utils.status(certificate.state, certificate.date_valid_until, today)

    def _search_status(self, operator, value):
        if operator not in ("=", "!=", "in", "not in"):
            raise UserError(_("Unsupported search on the certificate's status."))
        values = {value} if isinstance(value, str) else set(value or ())
        if operator in ("!=", "not in"):
            values = {key for key, _label in STATUSES} - values
        today = fields.Date.context_today(self)
        domains = {
            "requested": [("state", "=", "requested")],
            "revoked": [("state", "=", "revoked")],
            "valid": [("state", "=", "issued"), ("date_valid_until", ">=", today)],
            "expired": [("state", "=", "issued"), ("date_valid_until", "<", today)],
        }
        return expression.OR([domains[v] for v in sorted(values) if v in domains])

    @api.depends("charge_id.is_paid")
    def _compute_fee_paid(self):
        for certificate in self:
            certificate.fee_paid = bool(certificate.charge_id.sudo().is_paid)

    def _compute_verification_url(self):
        for certificate in self:
            code = certificate.sudo().verification_code
            certificate.verification_url = (
                f"{certificate.get_base_url()}{VERIFY_PATH}?code={quote(code)}" if code else False
            )

    def _compute_display_name(self):
        kinds = dict(self._fields["kind"]._description_selection(self.env))
        for certificate in self:
            subject = certificate.contract_id.number or certificate.cadastral_key or ""
            parts = [certificate.name, kinds.get(certificate.kind), subject]
            certificate.display_name = " · ".join(p for p in parts if p)

    # ------------------------------------------------------------------ request

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("cadastral_key"):
                vals["cadastral_key"] = certificate_utils.normalize_cadastral_key(vals["cadastral_key"])
            if vals.get("kind") == "non_existence":
                vals["contract_id"] = False
        certificates = super().create(vals_list)
        certificates._water_check_subject_exists()
        certificates._water_charge_fee()
        return certificates

    def _water_accounts_by_key(self):
        """{normalised cadastral key: accounts not cancelled} of the properties with the letters' keys."""
        keys = {c.cadastral_key for c in self if c.kind == "non_existence" and c.cadastral_key}
        if not keys:
            return {}
        self.env["water.contract"].flush_model(["state", "service_point_id"])
        self.env["water.service.point"].flush_model(["cadastral_key", "company_id"])
        rows = self.env.execute_query(
            SQL(
                """
                SELECT UPPER(REGEXP_REPLACE(TRIM(p.cadastral_key), '\\s+', ' ', 'g')), c.id
                  FROM water_contract c JOIN water_service_point p ON p.id = c.service_point_id
                 WHERE c.state != 'cancelled' AND p.company_id IN %s
                   AND UPPER(REGEXP_REPLACE(TRIM(p.cadastral_key), '\\s+', ' ', 'g')) IN %s
                """,
                tuple(self.company_id.ids),
                tuple(keys),
            )
        )
        result = {}
        for key, contract_id in rows:
            result.setdefault(key, []).append(contract_id)
        return result

    def _water_check_subject_exists(self):
        """A letter of non-existence is refused when the property has an account that is not cancelled."""
        accounts = self._water_accounts_by_key()
        numbers = {}
        if accounts:
            contracts = self.env["water.contract"].sudo().browse({i for ids in accounts.values() for i in ids})
            numbers = {contract.id: contract.number for contract in contracts}
        for certificate in self.filtered(lambda c: c.kind == "non_existence"):
            found = accounts.get(certificate.cadastral_key)
            if found:
                raise UserError(
                    _(
                        "The property with cadastral key %(key)s has the account %(account)s: a letter of "
                        "non-existence cannot be issued for it (ask for a no-debt certificate of the account).",
                        key=certificate.cadastral_key,
                        account=", ".join(sorted(numbers[i] for i in found)),
                    )
                )

    def _water_charge_fee(self):
        """Charge each certificate's fee from the catalogue (to the account, or to the applicant for a letter).
        One call per certificate: the charge points back to the certificate that caused it."""
        Charge = self.env["water.charge"].sudo()
        for certificate in self:
            if certificate.charge_id:
                continue
            charges = Charge.with_company(certificate.company_id)._water_charge(
                FEE_PURPOSE[certificate.kind],
                contracts=certificate.contract_id if certificate.kind == "no_debt" else None,
                partner=certificate.applicant_id if certificate.kind == "non_existence" else None,
                day=certificate.date_request,
                origin=certificate.name,
                source=certificate,
            )
            certificate.sudo().charge_id = charges[:1]

    # ------------------------------------------------------------------ issue

    def _water_check_officer(self):
        if not self.env.user.has_group(OFFICER):
            raise AccessError(_("Only a collections officer issues or revokes certificates."))

    def _water_issue_errors(self):
        """{certificate: the reason it cannot be issued} (the ledger read once for every account)."""
        errors = {}
        contracts = self.filtered(lambda c: c.kind == "no_debt").contract_id.sudo()
        balances = contracts._water_balances() if contracts else {}
        agreements = (
            self.env["water.payment.agreement"]
            .sudo()
            .search([("contract_id", "in", contracts.ids), ("state", "in", BLOCKING_AGREEMENTS)])
        )
        agreement_of = {agreement.contract_id.id: agreement for agreement in agreements}
        accounts = self._water_accounts_by_key()
        for certificate in self:
            if certificate.state != "requested":
                errors[certificate] = _("The certificate %(folio)s was already issued.", folio=certificate.name)
            elif not certificate.charge_id.sudo().is_paid:
                errors[certificate] = _(
                    "The fee of %(folio)s (%(amount)s) is not paid yet: it is issued once it is paid.",
                    folio=certificate.name,
                    amount=format_amount(self.env, certificate.amount_fee, certificate.currency_id),
                )
            elif certificate.kind == "no_debt":
                contract = certificate.contract_id
                balance = balances.get(contract.id, 0.0)
                if certificate.currency_id.compare_amounts(balance, 0.0) > 0:
                    errors[certificate] = _(
                        "The account %(account)s owes %(amount)s: no-debt certificates are issued only when the "
                        "account owes nothing.",
                        account=contract.number,
                        amount=format_amount(self.env, balance, certificate.currency_id),
                    )
                elif contract.id in agreement_of:
                    errors[certificate] = _(
                        "The account %(account)s has the open payment agreement %(agreement)s: no-debt "
                        "certificates are issued once it is completed.",
                        account=contract.number,
                        agreement=agreement_of[contract.id].name,
                    )
            elif accounts.get(certificate.cadastral_key):
                errors[certificate] = _(
                    "The property with cadastral key %(key)s has an account now: the letter of non-existence "
                    "cannot be issued.",
                    key=certificate.cadastral_key,
                )
        return errors

    def _water_signer(self):
        """The authorised officer who signs: the company's (a setting), else the officer who issues."""
        company = self.company_id
        if company.water_certificate_signer_name:
            return company.water_certificate_signer_name, company.water_certificate_signer_title or ""
        user = self.env.user
        title = user.employee_id.job_title if user.employee_id else False
        return user.name, title or _("Collections officer")

    def action_issue(self):
        self._water_check_officer()
        errors = self._water_issue_errors()
        if errors:
            raise UserError("\n".join(errors.values()))
        today = fields.Date.context_today(self)
        for certificate in self:
            days = certificate.company_id.water_certificate_validity_days or 30
            name, title = certificate.with_company(certificate.company_id)._water_signer()
            certificate.sudo().write(
                {
                    "state": "issued",
                    "date_issue": today,
                    "validity_days": days,
                    "date_valid_until": certificate_utils.valid_until(today, days),
                    "verification_code": self._water_new_code(),
                    "issue_user_id": self.env.uid,
                    "signer_name": name,
                    "signer_title": title,
                }
            )
        return True

    @api.model
    def _water_new_code(self):
        """A verification code no other certificate has (a clash is astronomically unlikely, checked anyway)."""
        while True:
            code = certificate_utils.new_code()
            if not self.sudo().search_count([("verification_code", "=", code)], limit=1):
                return code

    # ------------------------------------------------------------------ revoke

    def _water_revoke(self, reason):
        self._water_check_officer()
        if not (reason or "").strip():
            raise UserError(_("Give the reason of the revocation."))
        not_issued = self.filtered(lambda c: c.state != "issued")
        if not_issued:
            raise UserError(
                _("Only issued certificates can be revoked: %(folios)s.", folios=", ".join(not_issued.mapped("name")))
            )
        self.sudo().write(
            {
                "state": "revoked",
                "date_revoked": fields.Date.context_today(self),
                "revoke_reason": reason.strip(),
                "revoke_user_id": self.env.uid,
            }
        )
        for certificate in self:
            certificate.message_post(
                body=Markup("%s<br/>%s") % (_("Certificate revoked. Reason:"), reason.strip()),
                subtype_xmlid="mail.mt_note",
            )
        return True

    def action_revoke_wizard(self):
        self._water_check_officer()
        return {
            "type": "ir.actions.act_window",
            "name": _("Revoke certificate"),
            "res_model": "water.certificate.revoke",
            "view_mode": "form",
            "target": "new",
            "context": {"default_certificate_ids": self.ids},
        }

    def action_print(self):
        self.ensure_one()
        if self.state == "requested":
            raise UserError(_("The certificate is printed once it is issued."))
        return self.env.ref("water_collections.action_report_water_certificate").report_action(self)

    def action_open_fee(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "account.move",
            "res_id": self.fee_move_id.id,
            "view_mode": "form",
        }

    def write(self, vals):
        if not self.env.su:
            if SUBJECT_FIELDS & set(vals):
                raise UserError(_("What a certificate is about cannot change once it is requested: request a new one."))
            if PROTECTED_FIELDS & set(vals):
                raise UserError(_("A certificate is issued, revoked and charged only by its buttons."))
        return super().write(vals)

    def action_register_fee_payment(self):
        """The fee of a letter of non-existence (no account: the window's receipts are per account) is paid on its
        invoice with Odoo's payment wizard, in the cash journal."""
        self.ensure_one()
        if not self.fee_move_id or self.fee_paid:
            raise UserError(_("The fee of %(folio)s has nothing left to pay.", folio=self.name))
        return self.fee_move_id.action_register_payment()

    def unlink(self):
        if self.filtered(lambda c: c.state != "requested" or c.charge_id.sudo().is_paid):
            raise UserError(
                _("Issued certificates, or certificates whose fee was paid, cannot be deleted: revoke them.")
            )
        return super().unlink()

    # ------------------------------------------------------------------ printing and verifying

    def _water_qr_data_uri(self):
        """The QR of the verification URL as a data URI, by Odoo's barcode generator (the one behind
        /report/barcode/QR), so the PDF needs no HTTP request to draw it."""
        self.ensure_one()
        if not self.verification_url:
            return False
        png = self.env["ir.actions.report"].barcode("QR", self.verification_url, width=300, height=300, barBorder=1)
        return "data:image/png;base64," + base64.b64encode(png).decode()

    def _water_print_lang(self):
        """The utility's language (the certificate is its document), else the user's."""
        self.ensure_one()
        return self.company_id.partner_id.lang or self.env.lang or "en_US"

    def _water_certificate_text(self):
        """The certifying paragraph, in the context's language, its figures escaped."""
        self.ensure_one()
        day = format_date(self.env, self.date_issue or self.date_request)
        if self.kind == "no_debt":
            contract = self.contract_id.sudo()
            return escape(
                _(
                    "%(company)s certifies that, according to its records on %(day)s, the water account %(account)s "
                    "of %(holder)s, for the service point at %(address)s, owes nothing for water, drainage and "
                    "sanitation services, surcharges, fees or other charges, and has no payment agreement in force.",
                    company=self.company_id.name,
                    day=day,
                    account=contract.number,
                    holder=self.partner_id.sudo().name,
                    address=contract.address or "",
                )
            )
        return escape(
            _(
                "%(company)s certifies that, according to its registry on %(day)s, the property with cadastral key "
                "%(key)s, at %(address)s as stated by the applicant, has no water service account registered with "
                "the utility. This letter does not certify that the service can be provided to the property.",
                company=self.company_id.name,
                day=day,
                key=self.cadastral_key,
                address=self.property_address or "",
            )
        )

    def _water_public_values(self):
        """What the public verification page shows: folio, kind, account number or cadastral key, issue date,
        validity and status. Nothing of the holder nor the balance."""
        self.ensure_one()
        return {
            "folio": self.name,
            "kind": dict(self._fields["kind"]._description_selection(self.env))[self.kind],
            "subject_label": _("Account") if self.kind == "no_debt" else _("Cadastral key"),
            "subject": self.sudo().contract_id.number if self.kind == "no_debt" else self.cadastral_key,
            "date_issue": self.date_issue,
            "date_valid_until": self.date_valid_until,
            "status": self.status,
            "status_label": dict(self._fields["status"]._description_selection(self.env))[self.status],
        }

    @api.model
    def _water_find_by_code(self, typed):
        """The issued or revoked certificate with exactly this code (sudo: the page is public), else nothing."""
        code = certificate_utils.normalize_code(typed)
        if not code:
            return self.browse()
        return self.sudo().search([("verification_code", "=", code), ("state", "in", ("issued", "revoked"))], limit=1)
