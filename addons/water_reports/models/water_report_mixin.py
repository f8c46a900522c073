import io
import uuid

import xlsxwriter

from odoo import api, fields, models
from odoo.tools import SQL

# rows read from PostgreSQL at a time: the spreadsheet is streamed, memory stays flat
FETCH_SIZE = 5000
MONEY_FORMAT = '"$" #,##0.00;-"$" #,##0.00'
DATE_FORMAT = "dd/mm/yyyy"


class WaterReportMixin(models.AbstractModel):
    """What every reporting fact of water_reports shares: its XLSX export, streamed from SQL.

    A fact sets ``_water_report_columns`` (the fields exported, in order) and ``_water_report_date_field`` (the
    field the export's period filters on)."""

    _name = "water.report.mixin"
    _description = "Water utility report"

    _water_report_columns = []
    _water_report_date_field = "date"

    @api.model
    def _water_report_models(self):
        """[(model, description)] of the facts that export to XLSX."""
        return sorted(
            (
                (name, self.env[name]._description)
                for name, model in self.env.registry.items()
                if getattr(model, "_water_report_columns", None) and not model._abstract
            ),
            key=lambda item: item[1],
        )

    @api.model
    def _water_xlsx_select(self):
        """SQL of the exported columns and the joins they need: a many2one as its record's name."""
        table = SQL.identifier(self._table)
        columns, joins = [], []
        lang = self.env.lang or "en_US"
        for index, name in enumerate(self._water_report_columns):
            field = self._fields[name]
            if field.type == "many2one":
                comodel = self.env[field.comodel_name]
                alias = f"j{index}"
                rec_field = comodel._fields.get(comodel._rec_name or "name")
                if rec_field is None or not rec_field.store:
                    label = SQL("%s.id::text", SQL.identifier(alias))
                elif rec_field.translate:
                    label = SQL(
                        "COALESCE(%(a)s.%(f)s->>%(lang)s, %(a)s.%(f)s->>'en_US')",
                        a=SQL.identifier(alias),
                        f=SQL.identifier(rec_field.name),
                        lang=lang,
                    )
                else:
                    label = SQL("%s.%s", SQL.identifier(alias), SQL.identifier(rec_field.name))
                columns.append(label)
                joins.append(
                    SQL(
                        "LEFT JOIN %s AS %s ON %s.id = %s.%s",
                        SQL.identifier(comodel._table),
                        SQL.identifier(alias),
                        SQL.identifier(alias),
                        table,
                        SQL.identifier(name),
                    )
                )
            else:
                columns.append(SQL("%s.%s", table, SQL.identifier(name)))
        return columns, joins

    @api.model
    def _water_xlsx(self, domain=None, title=None):
        """The fact's rows matching ``domain`` (record rules applied) as an XLSX file (bytes)."""
        self.check_access("read")
        query = self._search(domain or [])
        columns, joins = self._water_xlsx_select()
        sql = self._water_xlsx_joined(query, columns, joins)
        fields_ = [self._fields[name] for name in self._water_report_columns]
        selections = {
            field.name: dict(field._description_selection(self.env)) for field in fields_ if field.type == "selection"
        }
        output = io.BytesIO()
        book = xlsxwriter.Workbook(output, {"constant_memory": True, "in_memory": False})
        sheet = book.add_worksheet((title or self._description)[:31])
        bold = book.add_format({"bold": True, "bg_color": "#D9E1F2", "border": 1})
        money = book.add_format({"num_format": MONEY_FORMAT})
        number = book.add_format({"num_format": "#,##0.00"})
        date_format = book.add_format({"num_format": DATE_FORMAT})
        formats = []
        for col, field in enumerate(fields_):
            sheet.write(0, col, field._description_string(self.env), bold)
            sheet.set_column(col, col, 14 if field.type in ("date", "float", "monetary", "integer") else 22)
            formats.append(
                money
                if field.type == "monetary"
                else number
                if field.type == "float"
                else date_format
                if field.type in ("date", "datetime")
                else None
            )
        sheet.freeze_panes(1, 0)
        self.env.flush_all()
        cursor = self.env.cr._cnx.cursor(name=f"water_xlsx_{uuid.uuid4().hex[:12]}")
        row_no = 0
        try:
            cursor.itersize = FETCH_SIZE
            cursor.execute(sql.code, sql.params)
            while True:
                rows = cursor.fetchmany(FETCH_SIZE)
                if not rows:
                    break
                for values in rows:
                    row_no += 1
                    for col, (field, value) in enumerate(zip(fields_, values, strict=True)):
                        if value is None or value is False:
                            continue
                        if field.type == "selection":
                            value = selections[field.name].get(value, value)
                        elif field.type == "datetime":
                            value = fields.Datetime.context_timestamp(self, value).replace(tzinfo=None)
                        elif field.type in ("float", "monetary"):
                            value = float(value)
                        if formats[col]:
                            sheet.write(row_no, col, value, formats[col])
                        else:
                            sheet.write(row_no, col, value)
        finally:
            cursor.close()
        sheet.autofilter(0, 0, max(row_no, 1), len(fields_) - 1)
        book.close()
        return output.getvalue()

    @api.model
    def _water_xlsx_joined(self, query, columns, joins):
        """The export's query with the joins of its many2one labels."""
        from_sql = query.from_clause
        where = query.where_clause
        order = SQL("%s.id", SQL.identifier(self._table))
        return SQL(
            "SELECT %s FROM %s %s %s ORDER BY %s",
            SQL(", ").join(columns),
            from_sql,
            SQL(" ").join(joins),
            SQL("WHERE %s", where) if where.code else SQL(),
            order,
        )

    def action_water_export_xlsx(self):
        """Open the export wizard on this report."""
        return {
            "type": "ir.actions.act_window",
            "res_model": "water.report.export",
            "view_mode": "form",
            "target": "new",
            "context": {"default_report_model": self._name},
        }
