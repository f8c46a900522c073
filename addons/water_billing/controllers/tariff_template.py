from odoo import http
from odoo.http import content_disposition, request

from ..utils.tariff_file import template_xlsx


class WaterTariffTemplate(http.Controller):
    @http.route("/water_billing/tariff_template.xlsx", type="http", auth="user")
    def tariff_template(self):
        """The spreadsheet to type a year's tariffs in, linked from the import wizard."""
        return request.make_response(
            template_xlsx(),
            headers=[
                ("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
                ("Content-Disposition", content_disposition("plantilla_tarifas.xlsx")),
            ],
        )
