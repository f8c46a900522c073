from odoo import fields, models


class WaterPadronImportLine(models.TransientModel):
    _name = "water.padron.import.line"
    _description = "Problem found in a padrón import row"
    _order = "row_number, id"

    import_id = fields.Many2one("water.padron.import", required=True, ondelete="cascade")
    row_number = fields.Integer(string="Row")
    message = fields.Char(string="Problem")
