from odoo import fields, models


class WaterSourceVolumeImportLine(models.TransientModel):
    _name = "water.source.volume.import.line"
    _inherit = ["water.import.line.mixin"]
    _description = "Problem found in a row of a volumes file"

    import_id = fields.Many2one("water.source.volume.import", required=True, ondelete="cascade")
