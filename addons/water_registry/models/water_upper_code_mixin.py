from odoo import api, models


class WaterUpperCodeMixin(models.AbstractModel):
    _name = "water.upper.code.mixin"
    _description = "Codes stored trimmed and in capitals (S1, R01), as files and reports use them"

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("code"):
                vals["code"] = vals["code"].strip().upper()
        return super().create(vals_list)

    def write(self, vals):
        if vals.get("code"):
            vals["code"] = vals["code"].strip().upper()
        return super().write(vals)
