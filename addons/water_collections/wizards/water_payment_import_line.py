from odoo import fields, models


class WaterPaymentImportLine(models.TransientModel):
    _name = "water.payment.import.line"
    _description = "Problem found in a row of a payment file"
    _order = "row_number, id"

    import_id = fields.Many2one("water.payment.import", required=True, ondelete="cascade")
    row_number = fields.Integer(string="Row")
    message = fields.Char(string="Problem")
