import re

from odoo import api, fields, models
from odoo.tools.misc import format_date

# Mexican formats: $ 1,234.56 and dd/mm/yyyy, whatever the spreadsheet's locale
MONEY_FORMAT = '"$" #,##0.00;-"$" #,##0.00'
DATE_FORMAT = "dd/mm/yyyy"
COLUMNS = (  # (key, width)
    ("date", 11),
    ("document", 20),
    ("concept", 16),
    ("description", 46),
    ("period", 10),
    ("charge", 14),
    ("credit", 14),
    ("balance", 15),
)


class ReportWaterStatementXlsx(models.AbstractModel):
    _name = "report.water_billing.report_statement_xlsx"
    _inherit = "report.report_xlsx.abstract"
    _description = "Account statement (XLSX)"

    @api.model
    def _get_objs_for_report(self, docids, data):
        return self.env["water.contract"].browse(docids or (data or {}).get("contract_ids") or [])

    def _water_formats(self, workbook):
        base = {"font_name": "Arial", "font_size": 10, "valign": "vcenter"}
        specs = {
            "company": {"bold": True, "font_size": 14, "font_color": "#1f4e79"},
            "title": {"bold": True, "font_size": 12, "font_color": "#1f4e79"},
            "sub": {"font_color": "#444444"},
            "label": {"font_color": "#555555"},
            "label_right": {"font_color": "#555555", "align": "right"},
            "value": {"bold": True},
            "header": {"bold": True, "bg_color": "#dfe8f1", "font_color": "#1f4e79", "bottom": 1, "text_wrap": True},
            "header_num": {
                "bold": True,
                "bg_color": "#dfe8f1",
                "font_color": "#1f4e79",
                "bottom": 1,
                "align": "right",
                "text_wrap": True,
            },
            "text": {},
            "date": {"num_format": DATE_FORMAT, "align": "left"},
            "money": {"num_format": MONEY_FORMAT},
            "money_bold": {"num_format": MONEY_FORMAT, "bold": True},
            "total": {"bold": True, "top": 1},
            "total_money": {"num_format": MONEY_FORMAT, "bold": True, "top": 1},
            "summary_money": {"num_format": MONEY_FORMAT, "bold": True},
            "muted": {"italic": True, "font_color": "#555555"},
        }
        return {name: workbook.add_format(dict(base, **spec)) for name, spec in specs.items()}

    def generate_xlsx_report(self, workbook, data, objs):
        documents = self.env["water.contract"]._water_statement_report_documents(objs.ids, data)
        formats = self._water_formats(workbook)
        issued = fields.Date.context_today(self)
        for document in documents:
            self._water_write_sheet(workbook, formats, document, issued)

    def _water_write_sheet(self, workbook, formats, document, issued):
        contract, stmt = document["contract"], document["statement"]
        env = contract.env  # in the statement's language
        company = contract.company_id
        # a sheet per account, named after it (a sheet name has at most 31 characters, none of []:*?/\)
        sheet = workbook.add_worksheet(re.sub(r"[\[\]:*?/\\]", "-", contract.number or str(contract.id))[:31])
        sheet.hide_gridlines(2)
        sheet.set_landscape()
        sheet.set_paper(1)  # Letter
        sheet.fit_to_pages(1, 0)
        for index, (_key, width) in enumerate(COLUMNS):
            sheet.set_column(index, index, width)

        def day(value):
            return format_date(env, value, lang_code=document["lang"], date_format="dd/MM/yyyy")

        # header block: the utility, the account, the range and the totals
        sheet.write(0, 0, company.name, formats["company"])
        address = ", ".join(part for part in (company.street, company.city, company.state_id.name) if part)
        sheet.write(
            1, 0, " · ".join(part for part in (company.vat and f"RFC {company.vat}", address) if part), formats["sub"]
        )
        sheet.write(2, 0, env._("Account statement"), formats["title"])
        info = [
            (env._("Account"), contract.number),
            (env._("Holder"), contract.partner_id.name),
            (env._("Address"), contract.service_point_id.name),
            (env._("Class"), contract.service_class_id.name),
            (env._("Range"), env._("%(start)s to %(end)s", start=day(stmt.date_from), end=day(stmt.date_to))),
            (env._("Issued"), day(issued)),
        ]
        for offset, (label, value) in enumerate(info):
            sheet.write(3 + offset, 0, label, formats["label"])
            sheet.write(3 + offset, 1, value or "", formats["value"])
        summary = [
            (env._("Opening balance"), stmt.opening),
            (env._("Charges"), stmt.charges),
            (env._("Payments and credits"), stmt.credits),
            (env._("Closing balance"), stmt.closing),
        ]
        for offset, (label, amount) in enumerate(summary):
            # right-aligned: a long label spills into the empty period column on its left
            sheet.write(3 + offset, 5, label, formats["label_right"])
            sheet.merge_range(3 + offset, 6, 3 + offset, 7, float(amount), formats["summary_money"])

        # the lines, under a frozen header row
        header_row = 3 + len(info) + 1
        titles = {
            "date": env._("Date"),
            "document": env._("Document"),
            "concept": env._("Concept"),
            "description": env._("Description"),
            "period": env._("Period"),
            "charge": env._("Charges"),
            "credit": env._("Credits"),
            "balance": env._("Balance"),
        }
        for index, (key, _width) in enumerate(COLUMNS):
            numeric = key in ("charge", "credit", "balance")
            sheet.write(header_row, index, titles[key], formats["header_num" if numeric else "header"])
        sheet.set_row(header_row, 30)
        sheet.freeze_panes(header_row + 1, 0)
        row = header_row + 1
        sheet.write_datetime(row, 0, stmt.date_from, formats["date"])
        sheet.write(row, 2, env._("Opening balance"), formats["muted"])
        sheet.write_number(row, 7, float(stmt.opening), formats["money"])
        for line in stmt.lines:
            row += 1
            sheet.write_datetime(row, 0, line["date"], formats["date"])
            sheet.write(row, 1, line["document"] or "", formats["text"])
            sheet.write(row, 2, line["concept"] or "", formats["text"])
            sheet.write(row, 3, line["description"] or "", formats["text"])
            sheet.write(row, 4, line["period"] or "", formats["text"])
            if line["charge"]:
                sheet.write_number(row, 5, float(line["charge"]), formats["money"])
            if line["credit"]:
                sheet.write_number(row, 6, float(line["credit"]), formats["money"])
            sheet.write_number(row, 7, float(line["balance"]), formats["money"])
        row += 1
        sheet.write(row, 0, env._("Totals"), formats["total"])
        for column in range(1, 5):
            sheet.write_blank(row, column, None, formats["total"])
        sheet.write_number(row, 5, float(stmt.charges), formats["total_money"])
        sheet.write_number(row, 6, float(stmt.credits), formats["total_money"])
        sheet.write_number(row, 7, float(stmt.closing), formats["total_money"])
        sheet.repeat_rows(header_row)
