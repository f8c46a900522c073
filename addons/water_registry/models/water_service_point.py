from odoo import _, api, fields, models
from odoo.exceptions import UserError

PROPERTY_TYPES = [
    ("house", "House"),
    ("apartment", "Apartment"),
    ("shop", "Shop / business"),
    ("industry", "Industry"),
    ("mixed", "Mixed (house and business)"),
    ("public_building", "Public building"),
    ("vacant_lot", "Vacant lot"),
]


class WaterServicePoint(models.Model):
    _name = "water.service.point"
    _description = "Service point (toma / predio)"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "sector_id, route_id, route_sequence, id"

    name = fields.Char(compute="_compute_name", store=True, index="trigram", precompute=True)
    cadastral_key = fields.Char(tracking=True, index=True, copy=False)
    street = fields.Char(required=True, tracking=True)
    street_number = fields.Char(string="Number", tracking=True)
    street_interior = fields.Char(string="Interior", tracking=True)
    colonia = fields.Char(tracking=True, help="Neighbourhood (colonia).")
    zip = fields.Char(string="Postal code", tracking=True)
    city = fields.Char(default=lambda self: self.env.company.city, tracking=True)
    state_id = fields.Many2one(
        "res.country.state", default=lambda self: self.env.company.state_id, domain="[('country_id.code', '=', 'MX')]"
    )
    latitude = fields.Float(digits=(10, 7))
    longitude = fields.Float(digits=(10, 7))
    property_type = fields.Selection(PROPERTY_TYPES, default="house", required=True, tracking=True)
    sector_id = fields.Many2one("water.sector", required=True, index=True, tracking=True, ondelete="restrict")
    route_id = fields.Many2one(
        "water.route", index=True, tracking=True, ondelete="restrict", domain="[('sector_id', '=', sector_id)]"
    )
    route_sequence = fields.Integer(string="Position in route", default=0, tracking=True)
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    meter_id = fields.Many2one("water.meter", string="Current meter", tracking=True, readonly=True, copy=False)
    meter_install_ids = fields.One2many("water.meter.install", "service_point_id", string="Meter history")
    contract_ids = fields.One2many("water.contract", "service_point_id", string="Contracts")
    contract_id = fields.Many2one("water.contract", compute="_compute_contract", string="Current contract")
    active = fields.Boolean(default=True)
    note = fields.Text()

    _sql_constraints = [
        (
            "cadastral_key_company_uniq",
            "unique(cadastral_key, company_id)",
            "Another service point already has this cadastral key.",
        ),
    ]

    @api.depends("street", "street_number", "street_interior", "colonia")
    def _compute_name(self):
        for point in self:
            parts = [point.street or "", point.street_number or ""]
            name = " ".join(p for p in parts if p)
            if point.street_interior:
                name += _(" int. %s", point.street_interior)
            if point.colonia:
                name += f", {point.colonia}"
            point.name = name

    @api.depends("contract_ids.state")
    def _compute_contract(self):
        contracts = self.env["water.contract"].search(
            [("service_point_id", "in", self.ids), ("state", "!=", "cancelled")]
        )
        by_point = {c.service_point_id.id: c for c in contracts}
        for point in self:
            point.contract_id = by_point.get(point.id, False)

    @api.onchange("sector_id")
    def _onchange_sector_id(self):
        if self.route_id and self.route_id.sector_id != self.sector_id:
            self.route_id = False

    @api.constrains("route_id", "sector_id")
    def _check_route_sector(self):
        for point in self:
            if point.route_id and point.route_id.sector_id != point.sector_id:
                raise UserError(
                    _(
                        "The route %(route)s does not belong to sector %(sector)s.",
                        route=point.route_id.display_name,
                        sector=point.sector_id.display_name,
                    )
                )

    def action_change_meter(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Install or change meter"),
            "res_model": "water.meter.change.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_service_point_id": self.id},
        }
