from odoo import api, fields, models

SOURCE_TYPES = [
    ("well", "Well"),
    ("tank", "Tank"),
    ("plant", "Treatment plant"),
    ("spring", "Spring"),
    ("other", "Other"),
]


class WaterSource(models.Model):
    """A source of the utility's water (well, tank, plant): its macro-meters measure the volume it produces."""

    _name = "water.source"
    _description = "Water source"
    _order = "code, id"

    name = fields.Char(required=True)
    code = fields.Char(required=True, help="Short code, as written in the volumes file.")
    source_type = fields.Selection(SOURCE_TYPES, string="Type", required=True, default="well")
    sector_id = fields.Many2one("water.sector", string="Sector served", index=True)
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, index=True)
    active = fields.Boolean(default=True)
    macro_meter_ids = fields.One2many("water.macro.meter", "source_id", string="Macro-meters")
    volume_ids = fields.One2many("water.source.volume", "source_id", string="Monthly volumes")
    volume_count = fields.Integer(compute="_compute_volume_count", string="Volumes")
    note = fields.Text()

    _sql_constraints = [
        ("code_company_unique", "unique (code, company_id)", "A source with this code already exists."),
    ]

    @api.depends("volume_ids")
    def _compute_volume_count(self):
        groups = self.env["water.source.volume"]._read_group(
            [("source_id", "in", self.ids)], ["source_id"], ["__count"]
        )
        counts = {source.id: count for source, count in groups}
        for source in self:
            source.volume_count = counts.get(source.id, 0)

    def action_view_volumes(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("water_reports.action_water_source_volume")
        action["domain"] = [("source_id", "=", self.id)]
        action["context"] = {"default_source_id": self.id}
        return action
