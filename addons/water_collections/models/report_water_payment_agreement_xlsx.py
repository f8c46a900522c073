from odoo import api, fields, models

from ..utils import agreement_report

MONEY_FORMAT = '"$" #,##0.00;-"$" #,##0.00'
PCT_FORMAT = '0.00" %"'
DATE_FORMAT = "dd/mm/yyyy"


class ReportWaterPaymentAgreementXlsx(models.AbstractModel):
    """The payment agreements as a spreadsheet (OCA report_xlsx): the list with what each one agreed, collected and
    owes, and a summary sheet by officer and by class with the breach rate."""

    _name = "report.water_collections.report_payment_agreement_xlsx"
    _inherit = "report.report_xlsx.abstract"
    _description = "Payment agreements (XLSX)"

    @api.model
    def _get_objs_for_report(self, docids, data):
        """The analysis rows of the agreements chosen (the rows' ids are the agreements'), from either list."""
        ids = docids or (data or {}).get("context", {}).get("active_ids") or self.env.context.get("active_ids") or []
        return self.env["water.payment.agreement.report"].browse(ids)

    @api.model
    def _water_columns(self):
        """(title, width, kind, value of a row)"""
        _ = self.env._
        states = dict(self.env["water.payment.agreement.report"]._fields["state"]._description_selection(self.env))
        return [
            (_("Folio"), 14, "text", lambda row: row.name or ""),
            (_("Account"), 12, "text", lambda row: row.contract_id.number or ""),
            (_("Holder"), 32, "text", lambda row: row.partner_id.name or ""),
            (_("Class"), 14, "text", lambda row: row.service_class_id.display_name or ""),
            (_("Sector"), 14, "text", lambda row: row.sector_id.display_name or ""),
            (_("Officer"), 24, "text", lambda row: row.user_id.name or ""),
            (_("State"), 22, "text", lambda row: states.get(row.state, row.state)),
            (_("Signed on"), 12, "date", lambda row: row.date),
            (_("Instalments"), 10, "int", lambda row: row.instalment_count),
            (_("Debt covered"), 14, "money", lambda row: row.amount_debt),
            (_("Forgiven"), 13, "money", lambda row: row.amount_forgiven),
            (_("Agreed"), 14, "money", lambda row: row.amount_agreed),
            (_("Collected"), 14, "money", lambda row: row.amount_collected),
            (_("Owed"), 14, "money", lambda row: row.amount_owed),
            (_("Back to the account on breach"), 14, "money", lambda row: row.amount_returned),
            (_("Behind"), 9, "text", lambda row: _("Yes") if row.late_count else ""),
        ]

    def _water_formats(self, workbook):
        base = {"font_name": "Arial", "font_size": 10}
        return {
            name: workbook.add_format(dict(base, **spec))
            for name, spec in {
                "company": {"bold": True, "font_size": 14, "font_color": "#1f4e79"},
                "title": {"bold": True, "font_size": 12},
                "header": {
                    "bold": True,
                    "bg_color": "#dfe8f1",
                    "font_color": "#1f4e79",
                    "bottom": 1,
                    "text_wrap": True,
                },
                "text": {},
                "int": {},
                "date": {"num_format": DATE_FORMAT, "align": "left"},
                "money": {"num_format": MONEY_FORMAT},
                "pct": {"num_format": PCT_FORMAT},
                "total": {"bold": True, "top": 1},
                "total_int": {"bold": True, "top": 1},
                "total_money": {"bold": True, "top": 1, "num_format": MONEY_FORMAT},
                "total_pct": {"bold": True, "top": 1, "num_format": PCT_FORMAT},
            }.items()
        }

    def generate_xlsx_report(self, workbook, data, objs):
        _ = self.env._
        rows = objs.sorted(lambda row: (row.date or fields.Date.today(), row.name or ""), reverse=True)
        fmt = self._water_formats(workbook)
        company = rows[:1].company_id or self.env.company
        today = fields.Date.context_today(self).strftime("%d/%m/%Y")
        sheet = workbook.add_worksheet(_("Agreements"))
        sheet.write(0, 0, company.name, fmt["company"])
        sheet.write(1, 0, _("Payment agreements, %s", today), fmt["title"])
        columns = self._water_columns()
        header_row = 3
        for col, (title, width, _kind, _value) in enumerate(columns):
            sheet.set_column(col, col, width)
            sheet.write(header_row, col, title, fmt["header"])
        row_index = header_row
        for row_index, row in enumerate(rows, start=header_row + 1):
            for col, (_title, _width, kind, value) in enumerate(columns):
                content = value(row)
                if kind == "date":
                    if content:
                        sheet.write_datetime(row_index, col, fields.Datetime.to_datetime(content), fmt["date"])
                elif kind in ("money", "int"):
                    sheet.write_number(row_index, col, content or 0, fmt[kind])
                else:
                    sheet.write_string(row_index, col, content or "", fmt["text"])
        total_row = row_index + 1
        sheet.write(total_row, 0, _("Total: %s agreements", len(rows)), fmt["total"])
        for col, (_title, _width, kind, value) in enumerate(columns):
            if kind == "money":
                total = sum((agreement_report.money(value(row)) for row in rows), agreement_report.ZERO)
                sheet.write_number(total_row, col, float(total), fmt["total_money"])
        sheet.freeze_panes(header_row + 1, 2)
        sheet.autofilter(header_row, 0, max(row_index, header_row), len(columns) - 1)
        self._water_summary_sheet(workbook, fmt, rows, company, today)

    def _water_summary_sheet(self, workbook, fmt, rows, company, today):
        """By officer, then by class: agreements, agreed, collected (and its share), owed, broken, completed,
        active and the breach rate (broken over broken, completed and active), with a total each."""
        _ = self.env._
        sheet = workbook.add_worksheet(_("Summary"))
        sheet.write(0, 0, company.name, fmt["company"])
        sheet.write(1, 0, _("Payment agreements by officer and by class, %s", today), fmt["title"])
        headers = [
            (_("Agreements"), "int"),
            (_("Agreed"), "money"),
            (_("Collected"), "money"),
            (_("Collected (%)"), "pct"),
            (_("Owed"), "money"),
            (_("Breached"), "int"),
            (_("Completed"), "int"),
            (_("Active"), "int"),
            (_("Breach rate (%)"), "pct"),
        ]
        sheet.set_column(0, 0, 30)
        sheet.set_column(1, len(headers), 14)
        values = [
            {
                "row": row,
                "state": row.state,
                "agreed": row.amount_agreed,
                "collected": row.amount_collected,
                "owed": row.amount_owed,
            }
            for row in rows
        ]
        line = 3
        for title, key, nobody in (
            (_("Officer"), lambda value: value["row"].user_id.name, _("No officer")),
            (_("Class"), lambda value: value["row"].service_class_id.display_name, _("No class")),
        ):
            sheet.write(line, 0, title, fmt["header"])
            for col, (header, _kind) in enumerate(headers, start=1):
                sheet.write(line, col, header, fmt["header"])
            summaries = agreement_report.summarise(values, key)
            for index, summary in enumerate(summaries, start=1):
                line += 1
                total = index == len(summaries)
                label = _("Total") if total else (summary.key or nobody)
                self._water_summary_row(sheet, fmt, line, label, summary, headers, total=total)
            line += 3

    @api.model
    def _water_summary_row(self, sheet, fmt, line, label, summary, headers, total=False):
        prefix = "total_" if total else ""
        sheet.write_string(line, 0, label, fmt["total" if total else "text"])
        cells = [
            summary.count,
            summary.agreed,
            summary.collected,
            summary.collected_pct,
            summary.owed,
            summary.broken,
            summary.done,
            summary.active,
            summary.breach_rate,
        ]
        for col, (value, (_header, kind)) in enumerate(zip(cells, headers, strict=True), start=1):
            if value is None:
                sheet.write_string(line, col, "", fmt["total" if total else "text"])
            else:
                sheet.write_number(line, col, float(value), fmt[prefix + kind])
