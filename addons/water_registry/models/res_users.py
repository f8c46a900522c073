from odoo import api, models


class ResUsers(models.Model):
    _inherit = "res.users"

    @api.model_create_multi
    def create(self, vals_list):
        """New staff and portal users take the utility's time zone (its company's address) when none is given, so
        that everybody's "today" (due dates, payment dates, deadlines) is the utility's day."""
        if not self.env.context.get("tz"):
            for vals in vals_list:
                if vals.get("tz") or vals.get("partner_id"):
                    continue
                company = self.env["res.company"].browse(vals.get("company_id")) or self.env.company
                if company.partner_id.tz:
                    vals["tz"] = company.partner_id.tz
        return super().create(vals_list)
