from odoo import fields, models

NUMBER_FORMATS = {
    "%": '0.00" %"',
    "MXN": '"$" #,##0.00;-"$" #,##0.00',
    "MXN/m³": '"$" #,##0.00;-"$" #,##0.00',
    "m³": "#,##0.00",
}
COUNT_FORMAT = "#,##0"
COLUMNS = (  # (title, width)
    ("Code", 10),
    ("Figure", 44),
    ("Value", 16),
    ("Unit", 10),
    ("Formula", 70),
    ("Source", 44),
)


class ReportWaterGovernmentXlsx(models.AbstractModel):
    """An issued report to government as a spreadsheet (OCA report_xlsx): one sheet per report, the header, one
    row per figure with its value as a number (formatted by its unit), its formula and its source."""

    _name = "report.water_reports.report_government_issue_xlsx"
    _inherit = "report.report_xlsx.abstract"
    _description = "Report to government (XLSX)"

    def _water_formats(self, workbook):
        base = {"font_name": "Arial", "font_size": 10, "valign": "top"}
        specs = {
            "company": {"bold": True, "font_size": 14, "font_color": "#1f4e79"},
            "title": {"bold": True, "font_size": 12, "font_color": "#1f4e79"},
            "sub": {"font_color": "#444444"},
            "header": {"bold": True, "bg_color": "#dfe8f1", "font_color": "#1f4e79", "bottom": 1},
            "section": {"bold": True, "font_color": "#1f4e79", "top": 1},
            "text": {"text_wrap": True},
            "muted": {"italic": True, "font_color": "#555555", "text_wrap": True},
            "count": {"num_format": COUNT_FORMAT, "bold": True},
            "decimal": {"num_format": "#,##0.00", "bold": True},
            "na": {"italic": True, "font_color": "#888888", "align": "right"},
        }
        formats = {name: workbook.add_format(dict(base, **spec)) for name, spec in specs.items()}
        for unit, num_format in NUMBER_FORMATS.items():
            formats[unit] = workbook.add_format(dict(base, num_format=num_format, bold=True))
        return formats

    def generate_xlsx_report(self, workbook, data, issues):
        formats = self._water_formats(workbook)
        _ = self.env._
        for issue in issues:
            sheet = workbook.add_worksheet(f"{issue.template_id.code}-{issue.year}-{issue.period_number}"[:31])
            for col, (_title, width) in enumerate(COLUMNS):
                sheet.set_column(col, col, width)
            sheet.write(0, 0, issue.company_id.name, formats["company"])
            sheet.write(1, 0, issue.template_id.name, formats["title"])
            sheet.write(
                2,
                0,
                _(
                    "Period: %(label)s (%(start)s to %(end)s)",
                    label=issue.period_label,
                    start=issue.date_from.strftime("%d/%m/%Y"),
                    end=issue.date_to.strftime("%d/%m/%Y"),
                ),
                formats["sub"],
            )
            sheet.write(
                3,
                0,
                _(
                    "Issued by %(user)s on %(date)s",
                    user=issue.user_id.name,
                    date=fields.Datetime.context_timestamp(issue, issue.date_issued).strftime("%d/%m/%Y %H:%M"),
                ),
                formats["sub"],
            )
            row = 5
            titles = (_("Code"), _("Figure"), _("Value"), _("Unit"), _("Formula"), _("Source"))
            for col, title in enumerate(titles):
                sheet.write(row, col, title, formats["header"])
            sheet.freeze_panes(row + 1, 0)
            for section, lines in issue._water_sections():
                if section:
                    row += 1
                    sheet.merge_range(row, 0, row, len(COLUMNS) - 1, section, formats["section"])
                for line in lines:
                    row += 1
                    sheet.write(row, 0, line.code or "", formats["text"])
                    sheet.write(row, 1, line.label, formats["text"])
                    if line.computable:
                        number = formats.get(line.unit) or formats["count" if line.value.is_integer() else "decimal"]
                        sheet.write_number(row, 2, line.value, number)
                    else:
                        sheet.write(row, 2, "n/a", formats["na"])
                    sheet.write(row, 3, line.unit or "", formats["text"])
                    sheet.write(row, 4, line.formula or "", formats["muted"])
                    sheet.write(row, 5, line.source or "", formats["muted"])
            row += 2
            sheet.write(row, 1, _("Prepared by: %s", issue.user_id.name), formats["sub"])
            if issue.signer_name:
                sheet.write(
                    row + 1,
                    1,
                    _("Signed by: %(name)s, %(title)s", name=issue.signer_name, title=issue.signer_title or ""),
                    formats["sub"],
                )
