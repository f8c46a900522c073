from odoo import api, models

from .water_arrears_line import DEBTOR_AMOUNTS

MONEY_FORMAT = '"$" #,##0.00;-"$" #,##0.00'
DATE_FORMAT = "dd/mm/yyyy"


class ReportWaterArrearsXlsx(models.AbstractModel):
    """The aging lines as a spreadsheet (OCA report_xlsx): the debtor list's columns, by route in delivery order,
    with a total per route and the grand total."""

    _name = "report.water_collections.report_arrears_xlsx"
    _inherit = "report.report_xlsx.abstract"
    _description = "Debtor list (XLSX)"

    @api.model
    def _get_objs_for_report(self, docids, data):
        return self.env["water.arrears.line"].browse(docids or (data or {}).get("line_ids") or [])

    def generate_xlsx_report(self, workbook, data, objs):
        _ = self.env._
        base = {"font_name": "Arial", "font_size": 10}
        fmt = {
            name: workbook.add_format(dict(base, **spec))
            for name, spec in {
                "company": {"bold": True, "font_size": 14, "font_color": "#1f4e79"},
                "title": {"bold": True, "font_size": 12},
                "header": {"bold": True, "bg_color": "#dfe8f1", "bottom": 1, "text_wrap": True},
                "text": {},
                "date": {"num_format": DATE_FORMAT, "align": "left"},
                "money": {"num_format": MONEY_FORMAT},
                "route": {"bold": True, "bg_color": "#eef3f8"},
                "total": {"bold": True, "top": 1},
                "total_money": {"num_format": MONEY_FORMAT, "bold": True, "top": 1},
            }.items()
        }
        sheet = workbook.add_worksheet(_("Debtors"))
        company = objs[:1].company_id or self.env.company
        sheet.write(0, 0, company.name, fmt["company"])
        sheet.write(1, 0, _("Debtor list"), fmt["title"])
        if objs:
            sheet.write(2, 0, _("Aging as of"))
            sheet.write_datetime(2, 1, max(objs.mapped("date")), fmt["date"])
        labels = {
            "water": _("Water"),
            "drainage": _("Drainage"),
            "sanitation": _("Sanitation"),
            "surcharges": _("Surcharges"),
            "other": _("Other charges"),
            "credit": _("Credit"),
            "overdue": _("Overdue total"),
        }
        headers = [
            (_("Route"), 14),
            (_("Pos."), 6),
            (_("Account"), 12),
            (_("Holder"), 30),
            (_("Address"), 36),
            (_("Months owed"), 8),
            (_("Oldest due date"), 12),
        ] + [(labels[key], 13) for key in DEBTOR_AMOUNTS]
        row = 4
        for col, (label, width) in enumerate(headers):
            sheet.write(row, col, label, fmt["header"])
            sheet.set_column(col, col, width)
        sheet.freeze_panes(row + 1, 0)
        first_amount = 7
        for item in objs._water_debtor_rows():
            row += 1
            if item["kind"] == "route":
                sheet.write(row, 0, item["route"], fmt["route"])
            elif item["kind"] == "line":
                sheet.write_row(
                    row, 1, [item["position"], item["account"], item["holder"], item["address"], item["months"]]
                )
                if item["oldest_due"]:
                    sheet.write_datetime(row, 6, item["oldest_due"], fmt["date"])
                for offset, key in enumerate(DEBTOR_AMOUNTS):
                    sheet.write_number(row, first_amount + offset, item[key], fmt["money"])
            else:
                label = _("Total of route %s", item["route"]) if item["kind"] == "subtotal" else _("Grand total")
                sheet.write(row, 0, label, fmt["total"])
                sheet.write(row, 5, item["count"], fmt["total"])
                for offset, key in enumerate(DEBTOR_AMOUNTS):
                    sheet.write_number(row, first_amount + offset, item[key], fmt["total_money"])
