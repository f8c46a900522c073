from odoo import fields, models


class WaterPadronImportLine(models.TransientModel):
    _name = "water.padron.import.line"
    _inherit = ["water.import.line.mixin"]
    _description = "Problem found in a padrón import row"

    import_id = fields.Many2one("water.padron.import", required=True, ondelete="cascade")
