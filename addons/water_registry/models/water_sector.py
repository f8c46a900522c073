from odoo import api, fields, models


class WaterSector(models.Model):
    _name = "water.sector"
    _description = "Sector"
    _inherit = ["mail.thread", "water.upper.code.mixin"]
    _order = "code"

    name = fields.Char(required=True, tracking=True)
    code = fields.Char(required=True, tracking=True, help="Short code used in files and reports.")
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    route_ids = fields.One2many("water.route", "sector_id", string="Routes")
    route_count = fields.Integer(compute="_compute_counts")
    contract_count = fields.Integer(compute="_compute_counts")
    note = fields.Text()

    _sql_constraints = [
        ("code_company_uniq", "unique(code, company_id)", "The sector code must be unique per company."),
    ]

    @api.depends("route_ids")
    def _compute_counts(self):
        contracts = dict(
            self.env["water.contract"]._read_group(
                [("sector_id", "in", self.ids), ("state", "!=", "cancelled")], ["sector_id"], ["__count"]
            )
        )
        routes = dict(self.env["water.route"]._read_group([("sector_id", "in", self.ids)], ["sector_id"], ["__count"]))
        for sector in self:
            sector.contract_count = contracts.get(sector, 0)
            sector.route_count = routes.get(sector, 0)

    @api.depends("code", "name")
    def _compute_display_name(self):
        for sector in self:
            sector.display_name = f"[{sector.code}] {sector.name}" if sector.code else sector.name
