# pylint: disable=consider-merging-classes-inherited
from odoo import api, fields, models
from odoo.tools.sql import column_exists

DOMESTIC = "DOM"


class WaterServiceClass(models.Model):
    _inherit = "water.service.class"

    water_may_cut = fields.Boolean(
        string="May be cut",
        default=True,
        help="Accounts of this class may be cut at the box or at the network. When off (domestic by default: the "
        "courts protect a minimum vital supply for homes) their cut orders can only be executed as a restriction.",
    )

    def _auto_init(self):
        """When the column is created (a new install, or an existing database getting this module's update) the
        domestic class is set to 'restricted only'; afterwards the setting is the utility's."""
        created = not column_exists(self.env.cr, self._table, "water_may_cut")
        result = super()._auto_init()
        if created:
            self.env.cr.execute("UPDATE water_service_class SET water_may_cut = FALSE WHERE code = %s", [DOMESTIC])
        return result

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("code") == DOMESTIC and "water_may_cut" not in vals:
                vals["water_may_cut"] = False
        return super().create(vals_list)
