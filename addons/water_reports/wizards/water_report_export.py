import base64

from odoo import _, api, fields, models
from odoo.exceptions import UserError


class WaterReportExport(models.TransientModel):
    """Export of a report to XLSX for a period and, where the report has them, a sector, route and class."""

    _name = "water.report.export"
    _description = "Export a report to XLSX"

    report_model = fields.Selection(selection="_selection_report_model", string="Report", required=True)
    date_from = fields.Date(
        string="From", required=True, default=lambda self: fields.Date.context_today(self).replace(day=1)
    )
    date_to = fields.Date(string="To", required=True, default=fields.Date.context_today)
    sector_id = fields.Many2one("water.sector")
    route_id = fields.Many2one("water.route", domain="[('sector_id', '=?', sector_id)]")
    service_class_id = fields.Many2one("water.service.class", string="Class")
    file = fields.Binary(readonly=True, attachment=False)
    file_name = fields.Char(readonly=True)

    @api.model
    def _selection_report_model(self):
        return self.env["water.report.mixin"]._water_report_models()

    def _domain(self):
        self.ensure_one()
        Report = self.env[self.report_model]
        date_field = Report._water_report_date_field
        domain = [(date_field, ">=", self.date_from), (date_field, "<=", self.date_to)]
        for name in ("sector_id", "route_id", "service_class_id"):
            if self[name] and name in Report._fields:
                domain.append((name, "=", self[name].id))
        return domain

    def action_export(self):
        self.ensure_one()
        if self.date_from > self.date_to:
            raise UserError(_("The start of the period must come before its end."))
        Report = self.env[self.report_model]
        content = Report._water_xlsx(self._domain())
        label = dict(self._selection_report_model()).get(self.report_model, self.report_model)
        self.write(
            {
                "file": base64.b64encode(content),
                "file_name": f"{label} {self.date_from} {self.date_to}.xlsx".replace("/", "-"),
            }
        )
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{self._name}/{self.id}/file/{self.file_name}?download=true",
            "target": "self",
        }
