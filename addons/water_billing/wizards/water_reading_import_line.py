from odoo import fields, models


class WaterReadingImportLine(models.TransientModel):
    _name = "water.reading.import.line"
    _inherit = ["water.import.line.mixin"]
    _description = "Problem found in a row of a handheld reading file"

    import_id = fields.Many2one("water.reading.import", required=True, ondelete="cascade")
