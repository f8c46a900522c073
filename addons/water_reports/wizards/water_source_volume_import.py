from odoo import _, fields, models
from odoo.exceptions import AccessError
from odoo.tools.translate import LazyTranslate

from ..utils.source_volume_file import Known, validate_volume_rows

_lt = LazyTranslate(__name__)

ERROR_MESSAGES = {
    "columns_missing": _lt("the file lacks the columns %(columns)s (mes, fuente, volumen). Columns found: %(found)s"),
    "month_invalid": _lt("«%(value)s» is not a month (use mm/yyyy, yyyy-mm or a date)"),
    "source_missing": _lt("the source code is missing"),
    "source_unknown": _lt("unknown source «%(code)s»"),
    "macro_meter_unknown": _lt("the source %(code)s has no macro-meter «%(serial)s»"),
    "volume_invalid": _lt("the volume «%(value)s» cannot be read: %(reason)s"),
    "volume_missing": _lt("the volume is missing"),
    "volume_negative": _lt("the volume «%(value)s» is negative"),
    "repeated": _lt("source %(code)s, month %(month)s is repeated (also in row %(row)s)"),
    "already_recorded": _lt("source %(code)s already has a volume for %(month)s: correct it in the list of volumes"),
}
IMPORT_GROUPS = ("water_billing.group_water_reading_supervisor", "water_registry.group_water_manager")


class WaterSourceVolumeImport(models.TransientModel):
    """Import of the monthly volumes produced by the sources from a CSV or XLSX file: every row checked, all or
    nothing."""

    _name = "water.source.volume.import"
    _description = "Import of volumes produced (CSV or XLSX)"
    _inherit = ["water.import.mixin"]
    _import_title = _lt("Import volumes produced")
    _import_file_prompt = _lt("Choose the CSV or XLSX file with the columns mes, fuente, macromedidor, volumen.")
    _import_error_messages = ERROR_MESSAGES

    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    imported_count = fields.Integer(string="Volumes imported", readonly=True)
    line_ids = fields.One2many("water.source.volume.import.line", "import_id", string="Problems found", readonly=True)

    def _check_allowed(self):
        if not self.env.su and not any(self.env.user.has_group(group) for group in IMPORT_GROUPS):
            raise AccessError(_("Only the reading supervisor and the commercial manager import volumes produced."))

    def _known(self):
        company = self.company_id
        sources = self.env["water.source"].with_context(active_test=False).search([("company_id", "=", company.id)])
        meters = self.env["water.macro.meter"].search([("source_id", "in", sources.ids)])
        volumes = self.env["water.source.volume"].search_read(
            [("source_id", "in", sources.ids)], ["source_id", "month"]
        )
        return Known(
            sources={source.code.strip().upper(): source.id for source in sources},
            macro_meters={(meter.source_id.id, meter.serial.strip().upper()): meter.id for meter in meters},
            recorded={(row["source_id"][0], row["month"]) for row in volumes},
        )

    def _validate(self):
        headers, rows = self._read_table()
        return validate_volume_rows(headers, rows, self._known())

    def _valid_summary(self, clean):
        return _("%s rows are valid: import them.", len(clean))

    def _import_rows(self, clean):
        self.env["water.source.volume"].create(
            [
                {
                    "month": row["month"],
                    "source_id": row["source_id"],
                    "macro_meter_id": row["macro_meter_id"],
                    "volume": row["volume"],
                    "origin": "imported",
                }
                for row in clean
            ]
        )
        return {
            "imported_count": len(clean),
            "summary": _("%s volumes produced were imported.", len(clean)),
        }

    def action_open_volumes(self):
        return self.env["ir.actions.act_window"]._for_xml_id("water_reports.action_water_source_volume")
