from odoo import fields, models


class WaterPaymentImportLine(models.TransientModel):
    _name = "water.payment.import.line"
    _inherit = ["water.import.line.mixin"]
    _description = "Problem found in a row of a payment file"

    import_id = fields.Many2one("water.payment.import", required=True, ondelete="cascade")
