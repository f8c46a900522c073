from odoo import api, fields, models


class WaterRoute(models.Model):
    _name = "water.route"
    _description = "Reading and delivery route"
    _inherit = ["mail.thread", "water.upper.code.mixin"]
    _order = "sector_id, code"

    name = fields.Char(required=True, tracking=True)
    code = fields.Char(required=True, tracking=True)
    sector_id = fields.Many2one("water.sector", required=True, index=True, tracking=True, ondelete="restrict")
    company_id = fields.Many2one(related="sector_id.company_id", store=True, index=True)
    reader_id = fields.Many2one(
        "hr.employee",
        string="Meter reader",
        tracking=True,
        domain="[('water_role', '=', 'reader')]",
        help="Lecturista who reads this route and delivers its bills.",
    )
    active = fields.Boolean(default=True)
    service_point_ids = fields.One2many("water.service.point", "route_id", string="Service points")
    service_point_count = fields.Integer(compute="_compute_service_point_count")
    note = fields.Text()

    _sql_constraints = [
        ("code_sector_uniq", "unique(code, sector_id)", "The route code must be unique within its sector."),
    ]

    def _compute_service_point_count(self):
        counts = dict(
            self.env["water.service.point"]._read_group([("route_id", "in", self.ids)], ["route_id"], ["__count"])
        )
        for route in self:
            route.service_point_count = counts.get(route, 0)

    @api.depends("code", "name", "sector_id.code")
    def _compute_display_name(self):
        for route in self:
            route.display_name = f"{route.sector_id.code or ''}/{route.code or ''} {route.name or ''}".strip()

    def action_view_service_points(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("water_registry.action_water_service_point")
        action["domain"] = [("route_id", "=", self.id)]
        action["context"] = {"default_route_id": self.id, "default_sector_id": self.sector_id.id}
        return action
