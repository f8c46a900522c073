from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import plaintext2html

CHANNELS = [
    ("window", "Window"),
    ("phone", "Phone"),
    ("portal", "Portal"),
    ("email", "E-mail"),
    ("field", "Field staff"),
    ("social", "Social media"),
]


class WaterRequest(models.Model):
    _name = "water.request"
    _description = "Complaint or request"
    _inherit = ["water.folio.mixin", "portal.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "date desc, id desc"
    _mail_post_access = "read"

    request_type_id = fields.Many2one("water.request.type", string="Type", required=True, tracking=True)
    is_complaint = fields.Boolean(related="request_type_id.is_complaint", store=True)
    channel = fields.Selection(CHANNELS, default="window", required=True, tracking=True)
    contract_id = fields.Many2one("water.contract", string="Account", index=True, tracking=True)
    partner_id = fields.Many2one("res.partner", string="Citizen", required=True, index=True, tracking=True)
    service_point_id = fields.Many2one(related="contract_id.service_point_id", store=True)
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    date = fields.Datetime(default=fields.Datetime.now, required=True, readonly=True)
    deadline = fields.Date(compute="_compute_deadline", store=True, readonly=False, tracking=True)
    user_id = fields.Many2one(
        "res.users", string="Assigned to", tracking=True, compute="_compute_user_id", store=True, readonly=False
    )
    description = fields.Text(required=True)
    answer = fields.Text(tracking=True)
    date_answered = fields.Datetime(readonly=True)
    state = fields.Selection(
        [
            ("new", "New"),
            ("in_progress", "In progress"),
            ("answered", "Answered"),
            ("closed", "Closed"),
            ("cancelled", "Cancelled"),
        ],
        default="new",
        required=True,
        tracking=True,
    )
    is_overdue = fields.Boolean(compute="_compute_is_overdue", search="_search_is_overdue")

    def _compute_access_url(self):
        for request in self:
            request.access_url = f"/my/water/requests/{request.id}"

    @api.depends("request_type_id", "date")
    def _compute_deadline(self):
        for request in self:
            if request.request_type_id and request.date:
                request.deadline = request.date.date() + timedelta(days=request.request_type_id.deadline_days)

    @api.depends("request_type_id")
    def _compute_user_id(self):
        for request in self:
            if not request.user_id and request.request_type_id.user_id:
                request.user_id = request.request_type_id.user_id

    @api.depends("deadline", "state")
    def _compute_is_overdue(self):
        today = fields.Date.context_today(self)
        for request in self:
            request.is_overdue = bool(
                request.deadline and request.deadline < today and request.state in ("new", "in_progress")
            )

    def _search_is_overdue(self, operator, value):
        today = fields.Date.context_today(self)
        domain = [("deadline", "<", today), ("state", "in", ("new", "in_progress"))]
        positive = (operator == "=") == bool(value)
        return domain if positive else ["!", "&"] + domain

    @api.onchange("contract_id")
    def _onchange_contract_id(self):
        if self.contract_id:
            self.partner_id = self.contract_id.partner_id

    @api.model
    def _portal_create(self, partner, request_type, contract, description, files):
        """A request filed by a citizen on the portal, after the controller checked the type, the
        account (one the citizen may see) and the files: created in sudo with the portal channel,
        the citizen following it, the files attached to it."""
        request = (
            self.sudo()
            .with_context(mail_create_nosubscribe=True)
            .create(
                {
                    "request_type_id": request_type.id,
                    "contract_id": contract.id if contract else False,
                    "partner_id": partner.id,
                    "channel": "portal",
                    "description": description,
                    "company_id": (contract.company_id if contract else self.env.company).id,
                }
            )
        )
        # the citizen follows the request (staff messages reach them); so does the assigned clerk
        request.message_subscribe(partner_ids=(partner | request.user_id.partner_id).ids)
        if files:
            self.env["ir.attachment"].sudo().create(
                [
                    {
                        "name": name,
                        "raw": content,
                        "mimetype": mimetype,
                        "res_model": self._name,
                        "res_id": request.id,
                    }
                    for name, content, mimetype in files
                ]
            )
        # for the staff only (an internal note): the files are in the request's attachments
        request.message_post(
            body=_(
                "Filed on the portal by %(partner)s with %(count)s file(s).", partner=partner.name, count=len(files)
            ),
            subtype_xmlid="mail.mt_note",
        )
        return request

    def _portal_attachments(self):
        """The files of the request (sent with it or in its conversation), in sudo: call it only
        on a request the citizen may see."""
        self.ensure_one()
        return (
            self.env["ir.attachment"]
            .sudo()
            .search([("res_model", "=", self._name), ("res_id", "=", self.id)], order="id")
        )

    def action_start(self):
        self.write({"state": "in_progress"})

    def action_answer(self):
        for request in self:
            if not (request.answer or "").strip():
                raise UserError(_("Write the answer given to the citizen before marking the request answered."))
        self.write({"state": "answered", "date_answered": fields.Datetime.now()})
        for request in self:
            # the answer reaches the citizen: in the portal chatter and by e-mail
            request.message_post(
                body=plaintext2html(request.answer),
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
                partner_ids=request.partner_id.ids,
            )
        return True

    def action_close(self):
        self.write({"state": "closed"})

    def action_cancel(self):
        self.write({"state": "cancelled"})
