from odoo import fields, models


class WaterTariffImportLine(models.TransientModel):
    _name = "water.tariff.import.line"
    _inherit = ["water.import.line.mixin"]
    _description = "Problem found in a row of a tariff file"

    import_id = fields.Many2one("water.tariff.import", required=True, ondelete="cascade")
