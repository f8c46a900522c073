from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError

DISCOUNT_TYPES = [
    ("pensioner", "Pensioner"),
    ("retiree", "Retiree"),
    ("inapam", "Senior citizen (INAPAM)"),
    ("disability", "Disability"),
    ("widowhood", "Widowhood"),
]
EXPIRY_WARNING_DAYS = 30


class WaterDiscountEligibility(models.Model):
    _name = "water.discount.eligibility"
    _description = "Social discount eligibility"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "valid_until, id"

    contract_id = fields.Many2one("water.contract", required=True, index=True, tracking=True, ondelete="cascade")
    partner_id = fields.Many2one(related="contract_id.partner_id", store=True, string="Holder")
    company_id = fields.Many2one(related="contract_id.company_id", store=True)
    discount_type = fields.Selection(DISCOUNT_TYPES, required=True, tracking=True)
    document_number = fields.Char(string="Document number", tracking=True, help="Credential or resolution number.")
    proof_attachment_ids = fields.Many2many("ir.attachment", string="Proof", help="Scanned credential or resolution.")
    valid_from = fields.Date(default=fields.Date.context_today, required=True, tracking=True)
    valid_until = fields.Date(required=True, tracking=True)
    state = fields.Selection(
        [("pending", "Pending verification"), ("verified", "Verified"), ("rejected", "Rejected")],
        default="pending",
        required=True,
        tracking=True,
    )
    verified_by_id = fields.Many2one("res.users", readonly=True, tracking=True)
    verified_date = fields.Date(readonly=True)
    validity = fields.Selection(
        [("valid", "Valid"), ("expiring", "Expiring soon"), ("expired", "Expired"), ("not_valid", "Not valid")],
        compute="_compute_validity",
        search="_search_validity",
    )
    note = fields.Text()

    _sql_constraints = [
        ("dates_order", "CHECK(valid_until >= valid_from)", "The end of validity must come after its start."),
    ]

    @api.depends("state", "valid_until")
    def _compute_validity(self):
        today = fields.Date.context_today(self)
        soon = today + timedelta(days=EXPIRY_WARNING_DAYS)
        for record in self:
            if record.state != "verified":
                record.validity = "not_valid"
            elif record.valid_until < today:
                record.validity = "expired"
            elif record.valid_until <= soon:
                record.validity = "expiring"
            else:
                record.validity = "valid"

    def _search_validity(self, operator, value):
        if operator not in ("=", "!=", "in", "not in"):
            raise UserError(_("Unsupported search on validity."))
        today = fields.Date.context_today(self)
        soon = today + timedelta(days=EXPIRY_WARNING_DAYS)
        domains = {
            "not_valid": [("state", "!=", "verified")],
            "expired": [("state", "=", "verified"), ("valid_until", "<", today)],
            "expiring": [("state", "=", "verified"), ("valid_until", ">=", today), ("valid_until", "<=", soon)],
            "valid": [("state", "=", "verified"), ("valid_until", ">", soon)],
        }
        values = [value] if isinstance(value, str) else list(value)
        domain = ["|"] * (len(values) - 1)
        for val in values:
            domain += ["&"] * (len(domains[val]) - 1) + domains[val]
        return domain if operator in ("=", "in") else ["!"] + domain

    @api.depends("contract_id", "discount_type")
    def _compute_display_name(self):
        labels = dict(DISCOUNT_TYPES)
        for record in self:
            record.display_name = f"{record.contract_id.number or ''} - {labels.get(record.discount_type, '')}"

    def action_verify(self):
        if not self.env.user.has_group("water_registry.group_water_manager"):
            raise UserError(_("Only the commercial manager verifies social discounts."))
        for record in self:
            if not record.proof_attachment_ids:
                raise UserError(_("Attach the proof (credential or resolution) before verifying."))
        self.write(
            {"state": "verified", "verified_by_id": self.env.uid, "verified_date": fields.Date.context_today(self)}
        )

    def action_reject(self):
        if not self.env.user.has_group("water_registry.group_water_manager"):
            raise UserError(_("Only the commercial manager verifies social discounts."))
        self.write(
            {"state": "rejected", "verified_by_id": self.env.uid, "verified_date": fields.Date.context_today(self)}
        )

    @api.model
    def _cron_notify_expiring(self):
        """Remind the commercial managers, once, of verified discounts expiring within the warning window."""
        expiring = self.search([("validity", "=", "expiring"), ("activity_ids", "=", False)])
        manager = self.env.ref("water_registry.group_water_manager").users[:1]
        if not manager or not expiring:
            return
        activity_type = self.env.ref("mail.mail_activity_data_todo")
        model_id = self.env["ir.model"]._get_id(self._name)
        self.env["mail.activity"].create(
            [
                {
                    "res_model_id": model_id,
                    "res_id": record.id,
                    "activity_type_id": activity_type.id,
                    "summary": _("Social discount expires on %s: ask for renewed proof", record.valid_until),
                    "date_deadline": record.valid_until,
                    "user_id": manager.id,
                }
                for record in expiring
            ]
        )
