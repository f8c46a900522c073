from odoo import _, fields, models
from odoo.exceptions import UserError

from .water_service_point import PROPERTY_TYPES


class WaterConnectionRequest(models.Model):
    _name = "water.connection.request"
    _description = "Feasibility and new connection request"
    _inherit = ["water.folio.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "date desc, id desc"

    request_kind = fields.Selection(
        [("feasibility", "Feasibility study"), ("new_connection", "New connection")],
        string="Kind",
        default="new_connection",
        required=True,
        tracking=True,
    )
    date = fields.Date(default=fields.Date.context_today, required=True)
    partner_id = fields.Many2one("res.partner", string="Applicant", required=True, tracking=True)
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    street = fields.Char(required=True)
    street_number = fields.Char(string="Number")
    colonia = fields.Char()
    zip = fields.Char(string="Postal code")
    cadastral_key = fields.Char()
    latitude = fields.Float(digits=(10, 7))
    longitude = fields.Float(digits=(10, 7))
    property_type = fields.Selection(PROPERTY_TYPES, default="house", required=True)
    sector_id = fields.Many2one("water.sector", tracking=True)
    route_id = fields.Many2one("water.route", tracking=True, domain="[('sector_id', '=', sector_id)]")
    service_class_id = fields.Many2one("water.service.class", string="Class / use", required=True)
    service_water = fields.Boolean(string="Water", default=True)
    service_drainage = fields.Boolean(string="Drainage", default=True)
    service_sanitation = fields.Boolean(string="Sanitation", default=True)
    inspector_id = fields.Many2one("hr.employee", tracking=True)
    inspection_date = fields.Date(tracking=True)
    is_feasible = fields.Boolean(string="Feasible", tracking=True)
    inspection_notes = fields.Text()
    approved_by_id = fields.Many2one("res.users", readonly=True, tracking=True)
    reject_reason = fields.Char(tracking=True)
    service_point_id = fields.Many2one("water.service.point", readonly=True, copy=False)
    contract_id = fields.Many2one("water.contract", readonly=True, copy=False)
    state = fields.Selection(
        [
            ("draft", "Received"),
            ("inspection", "Inspection"),
            ("inspected", "Inspected"),
            ("approved", "Approved"),
            ("rejected", "Rejected"),
        ],
        default="draft",
        required=True,
        tracking=True,
    )

    def _check_state(self, *states):
        for request in self:
            if request.state not in states:
                raise UserError(_("Request %s is not at the right step for this action.", request.name))

    def action_send_to_inspection(self):
        self._check_state("draft")
        self.write({"state": "inspection"})

    def action_record_inspection(self):
        self._check_state("inspection")
        for request in self:
            if not request.inspection_date or not request.inspector_id:
                raise UserError(_("Record who inspected the property and when."))
        self.write({"state": "inspected"})

    def action_approve(self):
        """Commercial manager's approval: creates the service point and the draft contract."""
        if not self.env.user.has_group("water_registry.group_water_manager"):
            raise UserError(_("Only the commercial manager can approve a connection."))
        self._check_state("inspected")
        for request in self:
            if not request.is_feasible:
                raise UserError(_("The inspection of %s found the connection not feasible.", request.name))
            if not request.sector_id:
                raise UserError(_("Assign the sector (and route) of the new service point."))
        for request in self:
            request._create_service_point_and_contract()
        self.write({"state": "approved", "approved_by_id": self.env.uid})

    def _create_service_point_and_contract(self):
        self.ensure_one()
        if self.request_kind == "feasibility":
            return
        point = self.env["water.service.point"].create(
            {
                "cadastral_key": self.cadastral_key,
                "street": self.street,
                "street_number": self.street_number,
                "colonia": self.colonia,
                "zip": self.zip,
                "latitude": self.latitude,
                "longitude": self.longitude,
                "property_type": self.property_type,
                "sector_id": self.sector_id.id,
                "route_id": self.route_id.id,
                "company_id": self.company_id.id,
            }
        )
        contract = self.env["water.contract"].create(
            {
                "partner_id": self.partner_id.id,
                "service_point_id": point.id,
                "service_class_id": self.service_class_id.id,
                "service_water": self.service_water,
                "service_drainage": self.service_drainage,
                "service_sanitation": self.service_sanitation,
                "company_id": self.company_id.id,
            }
        )
        contract.message_post(body=_("Created from connection request %s.", self.name))
        self.write({"service_point_id": point.id, "contract_id": contract.id})

    def action_reject(self):
        for request in self:
            if not (request.reject_reason or "").strip():
                raise UserError(_("Write the reason for rejecting request %s first.", request.name))
        self._check_state("draft", "inspection", "inspected")
        self.write({"state": "rejected"})
