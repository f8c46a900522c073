from odoo import _, api, fields, models


class WaterFolioMixin(models.AbstractModel):
    _name = "water.folio.mixin"
    _description = "Folio numbered by the sequence whose code is the model's name"

    name = fields.Char(string="Folio", required=True, copy=False, readonly=True, default=lambda self: _("New"))

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", _("New")) == _("New"):
                vals["name"] = self.env["ir.sequence"].next_by_code(self._name) or _("New")
        return super().create(vals_list)
