from odoo import fields, models


class WaterReadingImportLine(models.TransientModel):
    _name = "water.reading.import.line"
    _description = "Problem found in a row of a handheld reading file"
    _order = "row_number, id"

    import_id = fields.Many2one("water.reading.import", required=True, ondelete="cascade")
    row_number = fields.Integer(string="Row")
    message = fields.Char(string="Problem")
