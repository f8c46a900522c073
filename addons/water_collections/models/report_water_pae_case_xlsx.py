from odoo import _, api, fields, models

MONEY_FORMAT = '"$" #,##0.00;-"$" #,##0.00'
DATE_FORMAT = "dd/mm/yyyy"


class ReportWaterPaeCaseXlsx(models.AbstractModel):
    _name = "report.water_collections.report_pae_case_xlsx"
    _inherit = "report.report_xlsx.abstract"
    _description = "PAE list for the treasury (XLSX)"

    @api.model
    def _water_columns(self):
        """(title, width, kind, value of a case)"""
        states = dict(self.env["water.pae.case"]._fields["state"]._description_selection(self.env))
        return [
            (_("Folio"), 16, "text", lambda case: case.name),
            (_("Account"), 12, "text", lambda case: case.contract_id.number),
            (_("Debtor"), 34, "text", lambda case: case.partner_id.name),
            (_("RFC"), 15, "text", lambda case: case.partner_id.vat or ""),
            (_("Address"), 40, "text", lambda case: case.contract_id.address or ""),
            (_("Sector"), 14, "text", lambda case: case.sector_id.display_name or ""),
            (_("Route"), 14, "text", lambda case: case.route_id.display_name or ""),
            (_("Months owed"), 9, "int", lambda case: case.months_owed),
            (_("Determined"), 12, "date", lambda case: case.date_opened),
            (_("Debt"), 14, "money", lambda case: case.amount_principal),
            (_("Surcharges"), 13, "money", lambda case: case.amount_surcharges),
            (_("Enforcement costs"), 13, "money", lambda case: case.amount_costs),
            (_("Credit determined"), 15, "money", lambda case: case.amount_total),
            (_("State"), 18, "text", lambda case: states.get(case.state, case.state)),
            (_("Executor"), 24, "text", lambda case: case.executor_id.name or ""),
            (_("Demand for payment"), 12, "date", lambda case: case.date_required),
            (_("Enforcement order"), 12, "date", lambda case: case.date_mandate),
            (_("Seizure"), 12, "date", lambda case: case.date_seizure),
            (_("Goods seized"), 40, "text", lambda case: case.seizure_note or ""),
        ]

    def generate_xlsx_report(self, workbook, data, objs):
        cases = objs.sorted(
            lambda case: (case.sector_id.display_name or "", case.route_id.display_name or "", case.name)
        )
        base = {"font_name": "Arial", "font_size": 10}
        formats = {
            "title": workbook.add_format(dict(base, bold=True, font_size=13, font_color="#1f4e79")),
            "header": workbook.add_format(
                dict(base, bold=True, bg_color="#dfe8f1", font_color="#1f4e79", bottom=1, text_wrap=True)
            ),
            "text": workbook.add_format(base),
            "int": workbook.add_format(base),
            "date": workbook.add_format(dict(base, num_format=DATE_FORMAT, align="left")),
            "money": workbook.add_format(dict(base, num_format=MONEY_FORMAT)),
            "total": workbook.add_format(dict(base, bold=True, top=1)),
            "total_money": workbook.add_format(dict(base, bold=True, top=1, num_format=MONEY_FORMAT)),
        }
        sheet = workbook.add_worksheet(_("PAE"))
        company = cases[:1].company_id or self.env.company
        sheet.write(0, 0, company.name, formats["title"])
        sheet.write(
            1, 0, _("PAE cases for the treasury, %s", fields.Date.context_today(self).strftime("%d/%m/%Y")),
            formats["text"],
        )  # fmt: skip
        columns = self._water_columns()
        header_row = 3
        for col, (title, width, _kind, _value) in enumerate(columns):
            sheet.set_column(col, col, width)
            sheet.write(header_row, col, title, formats["header"])
        row = header_row
        for row, case in enumerate(cases, start=header_row + 1):
            for col, (_title, _width, kind, value) in enumerate(columns):
                content = value(case)
                if kind == "date":
                    if content:
                        sheet.write_datetime(row, col, fields.Datetime.to_datetime(content), formats["date"])
                elif kind in ("money", "int"):
                    sheet.write_number(row, col, content or 0, formats[kind])
                else:
                    sheet.write_string(row, col, content or "", formats["text"])
        total_row = row + 1
        sheet.write(total_row, 0, _("Total: %s cases", len(cases)), formats["total"])
        for col, (_title, _width, kind, value) in enumerate(columns):
            if kind == "money":
                sheet.write_number(total_row, col, sum(value(case) for case in cases), formats["total_money"])
        sheet.freeze_panes(header_row + 1, 2)
        sheet.autofilter(header_row, 0, max(row, header_row), len(columns) - 1)
