import re
from collections import defaultdict

from odoo import models

MONEY = '"$" #,##0.00;-"$" #,##0.00'
PCT = '0.00" %"'


class ReportWaterTariffSimulationXlsx(models.AbstractModel):
    _name = "report.water_billing.report_tariff_simulation_xlsx"
    _inherit = "report.report_xlsx.abstract"
    _description = "Tariff simulation (XLSX)"

    def generate_xlsx_report(self, workbook, data, objs):
        base = {"font_name": "Arial", "font_size": 10}
        formats = {
            name: workbook.add_format(dict(base, **spec))
            for name, spec in {
                "title": {"bold": True, "font_size": 13, "font_color": "#1f4e79"},
                "header": {
                    "bold": True,
                    "bg_color": "#dfe8f1",
                    "font_color": "#1f4e79",
                    "bottom": 1,
                    "text_wrap": True,
                },
                "text": {},
                "label": {"font_color": "#555555"},
                "int": {"num_format": "#,##0"},
                "num": {"num_format": "#,##0.00"},
                "money": {"num_format": MONEY},
                "pct": {"num_format": PCT},
                "month": {"num_format": "mm/yyyy", "align": "left"},
            }.items()
        }
        for simulation in objs:
            self._water_summary(workbook, formats, simulation)
            self._water_lines(workbook, formats, simulation)
            self._water_distribution(workbook, formats, simulation)

    def _sheet(self, workbook, name, simulation):
        return workbook.add_worksheet(re.sub(r"[\[\]:*?/\\]", "-", f"{name} {simulation.id}")[:31])

    def _water_summary(self, workbook, formats, simulation):
        env = simulation.env
        sheet = self._sheet(workbook, env._("Summary"), simulation)
        sheet.set_column(0, 0, 44)
        sheet.set_column(1, 1, 20)
        sheet.write(0, 0, simulation.name, formats["title"])
        rows = [
            (env._("Company"), simulation.company_id.name, "text"),
            (
                env._("Price with"),
                dict(simulation._fields["base"]._description_selection(env))[simulation.base],
                "text",
            ),
            (env._("Draft tariffs"), ", ".join(simulation.tariff_ids.mapped("name")), "text"),
            (env._("Bills of periods ending from"), str(simulation.date_from), "text"),
            (env._("Until"), str(simulation.date_to), "text"),
            (env._("Accounts"), simulation.total_count, "int"),
            (env._("Bills re-priced"), simulation.bill_count, "int"),
            (env._("Billed (before VAT)"), simulation.billed_untaxed, "money"),
            (env._("Simulated (before VAT)"), simulation.simulated_untaxed, "money"),
            (env._("Difference"), simulation.difference, "money"),
            (env._("Change (%)"), simulation.change_pct, "pct"),
            (env._("Billed (with VAT)"), simulation.billed_total, "money"),
            (env._("Simulated (with VAT)"), simulation.simulated_total, "money"),
            (env._("Accounts paying more"), simulation.accounts_more, "int"),
            (env._("Accounts paying less"), simulation.accounts_less, "int"),
            (env._("Accounts paying the same"), simulation.accounts_same, "int"),
            (env._("Reference household income (monthly)"), simulation.reference_income, "money"),
            (env._("Share of income (%)"), simulation.income_share_pct, "pct"),
            (env._("Households over the share (billed)"), simulation.households_over_billed, "int"),
            (env._("Households over the share (simulated)"), simulation.households_over_simulated, "int"),
            (env._("Target revenue"), simulation.target_revenue, "money"),
            (env._("Break-even change (%)"), simulation.break_even_pct, "pct"),
        ]
        for row, (label, value, kind) in enumerate(rows, start=2):
            sheet.write(row, 0, label, formats["label"])
            sheet.write(row, 1, value, formats[kind])
        changes = [(c.service_class_id.name or env._("Every class"), c.block, c.pct) for c in simulation.change_ids]
        if changes:
            row = len(rows) + 3
            for col, title in enumerate((env._("Class / use"), env._("Block (0: all)"), env._("Change (%)"))):
                sheet.write(row, col, title, formats["header"])
            for offset, (cls, block, pct) in enumerate(changes, start=1):
                sheet.write(row + offset, 0, cls, formats["text"])
                sheet.write(row + offset, 1, block, formats["int"])
                sheet.write(row + offset, 2, pct, formats["pct"])

    def _water_lines(self, workbook, formats, simulation):
        env = simulation.env
        sheet = self._sheet(workbook, env._("Revenue"), simulation)
        titles = [
            (env._("Month"), 10, "month"),
            (env._("Period"), 12, "text"),
            (env._("Class / use"), 16, "text"),
            (env._("Sector"), 16, "text"),
            (env._("Bills"), 9, "int"),
            (env._("Volume (m³)"), 12, "num"),
            (env._("Billed"), 15, "money"),
            (env._("Simulated"), 15, "money"),
            (env._("Difference"), 14, "money"),
            (env._("Billed with VAT"), 15, "money"),
            (env._("Simulated with VAT"), 15, "money"),
            (env._("Bills up"), 9, "int"),
            (env._("Bills down"), 9, "int"),
            (env._("Household bills over the share (billed)"), 14, "int"),
            (env._("Household bills over the share (simulated)"), 14, "int"),
            (env._("Bills without tariff"), 10, "int"),
        ]
        for col, (title, width, _kind) in enumerate(titles):
            sheet.set_column(col, col, width)
            sheet.write(0, col, title, formats["header"])
        sheet.freeze_panes(1, 0)
        for row, line in enumerate(simulation.line_ids, start=1):
            values = [
                line.month,
                line.period_id.name or "",
                line.service_class_id.name or "",
                line.sector_id.name or "",
                line.bill_count,
                line.volume,
                line.billed_untaxed,
                line.simulated_untaxed,
                line.difference,
                line.billed_total,
                line.simulated_total,
                line.bills_more,
                line.bills_less,
                line.over_share_billed,
                line.over_share_simulated,
                line.unpriced_count,
            ]
            for col, value in enumerate(values):
                kind = titles[col][2]
                if kind == "month" and value:
                    sheet.write_datetime(row, col, value, formats["month"])
                else:
                    sheet.write(row, col, value, formats[kind])
        if simulation.line_ids:
            sheet.autofilter(0, 0, len(simulation.line_ids), len(titles) - 1)

    def _water_distribution(self, workbook, formats, simulation):
        env = simulation.env
        sheet = self._sheet(workbook, env._("Distribution"), simulation)
        Bucket = env["water.tariff.simulation.bucket"]
        labels = dict(Bucket._fields["bucket"]._description_selection(env))
        counts = defaultdict(lambda: defaultdict(int))
        for bucket in simulation.bucket_ids:
            counts[bucket.bucket][bucket.subject] += bucket.count
        sheet.set_column(0, 0, 22)
        sheet.set_column(1, 2, 14)
        titles = (env._("Change per bill"), env._("Bills"), env._("Accounts"))
        for col, title in enumerate(titles):
            sheet.write(0, col, title, formats["header"])
        for row, (key, label) in enumerate(sorted(labels.items()), start=1):
            sheet.write(row, 0, label, formats["text"])
            sheet.write(row, 1, counts[key]["bill"], formats["int"])
            sheet.write(row, 2, counts[key]["account"], formats["int"])
        chart = workbook.add_chart({"type": "column"})
        for col, title in ((1, titles[1]), (2, titles[2])):
            chart.add_series(
                {
                    "name": title,
                    "categories": [sheet.name, 1, 0, len(labels), 0],
                    "values": [sheet.name, 1, col, len(labels), col],
                }
            )
        chart.set_title({"name": env._("Change per bill")})
        sheet.insert_chart(1, 4, chart, {"x_scale": 1.6, "y_scale": 1.3})
