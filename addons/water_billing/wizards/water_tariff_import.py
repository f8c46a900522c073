from odoo import Command, _, fields, models
from odoo.exceptions import AccessError
from odoo.tools.translate import LazyTranslate

from odoo.addons.water_registry.utils.tables import cell_text, plain

from ..utils.tariff_file import TariffKnown, validate_tariff_rows

_lt = LazyTranslate(__name__)

ERROR_MESSAGES = {
    "column_unknown": _lt("column «%(column)s» is not a tariff column: rename or remove it (see the template)"),
    "column_repeated": _lt("column «%(column)s» appears twice"),
    "column_unsupported": _lt("column «%(column)s» cannot be stored by this database's tariffs"),
    "class_column_missing": _lt("the file has no class column (clase or class)"),
    "validity_column_missing": _lt("the file has neither a year column (año) nor a valid-from column (vigencia desde)"),
    "price_column_missing": _lt("the file has no range, price, fixed charge or fixed quota column"),
    "class_unknown": _lt("column «%(column)s»: service class «%(value)s» does not exist"),
    "sector_unknown": _lt("column «%(column)s»: sector «%(value)s» does not exist"),
    "method_unknown": _lt(
        "column «%(column)s»: «%(value)s» is not a block method (escalonado: each block at its own price; "
        "rango alcanzado: the whole volume at the price of the block reached)"
    ),
    "choice_unknown": _lt("column «%(column)s»: «%(value)s» is not one of the accepted values"),
    "component_unknown": _lt("column «%(column)s»: «%(value)s» is neither agua nor drenaje"),
    "date_invalid": _lt("column «%(column)s»: «%(value)s» is not a date (use dd/mm/yyyy or yyyy-mm-dd)"),
    "number_invalid": _lt("column «%(column)s»: «%(value)s» cannot be read as a figure: %(reason)s"),
    "number_negative": _lt("column «%(column)s»: «%(value)s» is negative"),
    "year_invalid": _lt("column «%(column)s»: «%(value)s» is not a year"),
    "pesos_places": _lt(
        "the amount %(value)s has more than two decimals: amounts in pesos are in centavos (write UMA in the unit "
        "column if the law gives them in UMA)"
    ),
    "pct_too_high": _lt("column «%(column)s»: %(value)s is over 100%%"),
    "class_missing": _lt("the row starts a tariff but has no service class"),
    "validity_missing": _lt("the row starts a tariff but has neither a year nor a valid-from date"),
    "dates_order": _lt("the tariff ends (%(date_to)s) before it starts (%(date_from)s)"),
    "tariff_unknown": _lt("the row has no class nor validity and there is no tariff above it to continue"),
    "value_differs": _lt(
        "column «%(column)s» differs from row %(row)s of the same tariff: leave it blank or repeat it"
    ),
    "no_ranges": _lt("the tariff has neither consumption ranges nor a fixed quota"),
    "price_missing": _lt("the range has no price per m³ (or a price for each month) nor a fixed charge"),
    "open_range_not_last": _lt("only the last range may be open (no upper limit)"),
    "last_range_closed": _lt(
        "the last range ends at %(upper)s m³: leave its upper limit blank (en adelante) so that every volume is priced"
    ),
    "range_order": _lt("the range ends (%(upper)s m³) before it starts (%(lower)s m³)"),
    "first_range_lower": _lt("the first range starts at %(lower)s m³: it must start at 0 (or 1 for whole m³)"),
    "ranges_not_rising": _lt("the range ends at %(upper)s m³, not above the range before it (%(previous)s m³)"),
    "range_gap": _lt("the range starts at %(lower)s m³ but the range before it ends at %(previous)s m³"),
    "overlap_existing": _lt("the tariff overlaps tariff «%(tariff)s» of the same class and sectors"),
    "overlap_file": _lt("the tariff overlaps the tariff of row %(row)s of the same class and sectors"),
}
TEMPLATE_URL = "/water_billing/tariff_template.xlsx"


class WaterTariffImport(models.TransientModel):
    _name = "water.tariff.import"
    _description = "Import of a year's tariffs from a spreadsheet (CSV or XLSX)"
    _inherit = ["water.import.mixin"]
    _import_title = _lt("Import tariffs")
    _import_file_prompt = _lt("Choose the CSV or XLSX file with the tariffs.")
    _import_error_messages = ERROR_MESSAGES

    line_ids = fields.One2many("water.tariff.import.line", "import_id", string="Problems found", readonly=True)
    tariff_count = fields.Integer(string="Tariffs in the file", readonly=True)
    tariff_ids = fields.Many2many("water.tariff", string="Tariffs created", readonly=True)
    template_url = fields.Char(string="Template", default=TEMPLATE_URL, readonly=True)

    def action_open_tariffs(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("water_billing.action_water_tariff")
        action["domain"] = [("id", "in", self.tariff_ids.ids)]
        return action

    def _check_allowed(self):
        if not self.env.su and not self.env.user.has_group("water_registry.group_water_manager"):
            raise AccessError(_("Only the commercial manager imports tariffs."))
        self.env["water.tariff"].check_access("create")

    # ---------------------------------------------------------------- what the database knows
    def _known(self):
        Tariff = self.env["water.tariff"]
        company = self.env.company
        sectors = self.env["water.sector"].search([("company_id", "=", company.id)])
        sector_ids = {plain(s.name): s.id for s in sectors}
        sector_ids.update(self.env["water.padron.import"]._sector_ids())
        existing = Tariff.search_read(
            [("company_id", "=", company.id), ("simulation_only", "=", False)],
            ["name", "service_class_id", "sector_ids", "date_from", "date_to"],
        )
        return TariffKnown(
            selections=self._selections(),
            classes=self.env["water.padron.import"]._class_ids(),
            sectors=sector_ids,
            methods={key for key, _label in Tariff._fields["method"].selection},
            fields=set(Tariff._fields) | set(self.env["water.tariff.block"]._fields),
            tariffs=[
                (
                    t["name"],
                    t["service_class_id"][0],
                    frozenset(t["sector_ids"]),
                    t["date_from"],
                    t["date_to"] or None,
                )
                for t in existing
            ],
        )

    def _selections(self):
        """Every selection field of the tariff and its blocks: {field: {plain key or label: key}}, the labels
        in every installed language."""
        result = {}
        for model in ("water.tariff", "water.tariff.block"):
            for name, field in self.env[model]._fields.items():
                if field.type != "selection" or not isinstance(field.selection, list):
                    continue
                choices = result.setdefault(name, {plain(key): key for key, _label in field.selection})
                for lang, _name in self.env["res.lang"].get_installed():
                    for key, label in field._description_selection(self.with_context(lang=lang).env):
                        choices[plain(label)] = key
        return result

    def _validate(self):
        headers, data = self._read_table()
        return validate_tariff_rows(headers, data, self._known())

    def _rows_read(self):
        """The file's rows that are not blank: a tariff file is a few hundred rows, read again for the count."""
        _headers, data = self._read_table()
        return len([row for row in data if any(cell_text(cell) for cell in row)])

    def _report_values(self, clean):
        # the counts are of rows (ranges) while the rows validated are tariffs
        rows = self._rows_read()
        bad = len({line.row_number for line in self.line_ids if line.row_number > 1})
        return {"tariff_count": len(clean), "row_count": rows, "valid_count": rows - bad}

    def _problems_summary(self, bad, good, dry_run):
        # the validation keeps no tariff of a file with problems: the good rows are the others
        return super()._problems_summary(bad, self._rows_read() - bad, dry_run)

    def _valid_summary(self, clean):
        return _(
            "All rows are valid: %(count)s tariffs with %(ranges)s ranges will be created. "
            "Press Import to create them.",
            count=len(clean),
            ranges=sum(len(blocks) for tariff in clean for blocks in tariff["blocks"].values()),
        )

    # ---------------------------------------------------------------- creation
    def _tariff_values(self, tariff, classes):
        values = dict(tariff["values"])
        sectors = self.env["water.sector"].browse(sorted(values.pop("sector_ids")))
        if not values.get("name"):
            year = values["date_from"].year
            scope = f" ({', '.join(sectors.mapped('code'))})" if sectors else ""
            values["name"] = _(
                "Ley de Ingresos %(year)s - %(service_class)s%(scope)s",
                year=year,
                service_class=classes.browse(values["service_class_id"]).name,
                scope=scope,
            )
        values = {key: float(value) if hasattr(value, "as_tuple") else value for key, value in values.items()}
        values["sector_ids"] = [Command.set(sectors.ids)]
        uma = values.get("amount_unit") == "uma"
        for name in ("base_fee", "fixed_quota"):
            if uma and name in values:
                values[f"{name}_uma"] = values.pop(name)
        suffix = "_uma" if uma else ""
        values["block_ids"] = []
        for component, blocks in tariff["blocks"].items():
            for sequence, block in enumerate(blocks, start=1):
                values["block_ids"].append(
                    Command.create(
                        {
                            "component": component,
                            "sequence": sequence * 10,
                            "upper": float(block["upper"] or 0),
                            f"price{suffix}": float(block["price"]),
                            f"fixed_charge{suffix}": float(block["fixed_charge"]),
                            "month_price_ids": [
                                Command.create({"month": month, "price": 0.0} | {f"price{suffix}": float(price)})
                                for month, price in sorted(block["months"].items())
                            ],
                        }
                    )
                )
        return values

    def _import_rows(self, clean):
        classes = self.env["water.service.class"]
        tariffs = self.env["water.tariff"].create([self._tariff_values(tariff, classes) for tariff in clean])
        file_name = self.file_name or _("the file")
        attachment = self.env["ir.attachment"].create(
            {"name": file_name, "datas": self.file_data, "res_model": "water.tariff", "res_id": tariffs[:1].id}
        )
        for tariff, source in zip(tariffs, clean, strict=True):
            tariff.message_post(
                body=_(
                    "Imported from file %(file)s (rows %(first)s-%(last)s) by %(user)s.",
                    file=file_name,
                    first=source["rows"][0],
                    last=source["rows"][-1],
                    user=self.env.user.name,
                ),
                attachment_ids=attachment.ids,
            )
        summary = _(
            "%(count)s tariffs created from %(file)s: %(names)s.",
            count=len(tariffs),
            file=file_name,
            names=", ".join(tariffs.mapped("name")),
        )
        rows = sum(len(source["rows"]) for source in clean)
        return {
            "tariff_count": len(tariffs),
            "tariff_ids": [Command.set(tariffs.ids)],
            "row_count": rows,
            "valid_count": rows,
            "summary": summary,
        }

    def _error_params(self, params):
        params = super()._error_params(params)
        return {key: self._format(value) for key, value in params.items()}

    def _format(self, value):
        if hasattr(value, "strftime"):
            return value.strftime("%d/%m/%Y")
        if hasattr(value, "as_tuple"):
            return f"{value.normalize():f}"
        return value
