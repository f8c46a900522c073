from odoo import api, fields, models
from odoo.exceptions import UserError

from ..utils import government
from .water_report_template import AUTHORITIES, PERIODICITIES

PDF_REPORT = "water_reports.action_report_government_issue"
XLSX_REPORT = "water_reports.action_report_government_issue_xlsx"


class WaterReportIssue(models.Model):
    """A report to government as it was issued: the template, the period, who issued it and when, and every
    figure with its value, formula and source frozen, so a reprint says what was sent whatever changed since."""

    _name = "water.report.issue"
    _description = "Issued report to government"
    _order = "date_issued desc, id desc"

    name = fields.Char(required=True, readonly=True)
    template_id = fields.Many2one("water.report.template", required=True, readonly=True, ondelete="restrict")
    authority = fields.Selection(AUTHORITIES, required=True, readonly=True)
    periodicity = fields.Selection(PERIODICITIES, required=True, readonly=True)
    year = fields.Integer(required=True, readonly=True, aggregator=None)
    period_number = fields.Integer(string="Period", required=True, readonly=True, aggregator=None)
    period_label = fields.Char(string="Period name", readonly=True)
    date_from = fields.Date(required=True, readonly=True)
    date_to = fields.Date(required=True, readonly=True)
    company_id = fields.Many2one("res.company", required=True, readonly=True, default=lambda self: self.env.company)
    user_id = fields.Many2one("res.users", string="Issued by", required=True, readonly=True)
    date_issued = fields.Datetime(required=True, readonly=True)
    description = fields.Text(readonly=True)
    signer_name = fields.Char(string="Signed by", readonly=True)
    signer_title = fields.Char(string="Signer's position", readonly=True)
    line_ids = fields.One2many("water.report.issue.line", "issue_id", string="Figures", readonly=True)

    @api.model
    def _water_period_label(self, periodicity, year, number):
        if periodicity == "bimonthly":
            return self.env._("Bimester %(number)s of %(year)s", number=number, year=year)
        if periodicity == "quarterly":
            return self.env._("Quarter %(number)s of %(year)s", number=number, year=year)
        return self.env._("Year %s", year)

    @api.model
    def _water_issue(self, template, year, number=1):
        """Compute the template's figures for period ``number`` of ``year`` and keep them as issued."""
        template.ensure_one()
        try:
            date_from, date_to = government.period_bounds(template.periodicity, year, number)
        except ValueError:
            raise UserError(
                self.env._(
                    "A %(periodicity)s report has periods 1 to %(count)s: period %(number)s of %(year)s does not "
                    "exist.",
                    periodicity=dict(template._fields["periodicity"]._description_selection(self.env))[
                        template.periodicity
                    ].lower(),
                    count=government.period_count(template.periodicity),
                    number=number,
                    year=year,
                )
            ) from None
        if not template.line_ids:
            raise UserError(self.env._("The template %s has no figures.", template.display_name))
        company = self.env.company
        figures = self.env["water.report.figure"]._water_figures(
            template.line_ids.mapped("figure_key"), date_from, date_to, company
        )
        label = self._water_period_label(template.periodicity, year, number)
        lines = []
        for line in template.line_ids:
            figure = figures[line.figure_key]
            unit = line.unit or figure["unit"] or ""
            lines.append(
                {
                    "sequence": line.sequence,
                    "section": line.section,
                    "code": line.code,
                    "label": line.label,
                    "figure_key": line.figure_key,
                    "value": figure["value"] if figure["value"] is not None else 0.0,
                    "computable": figure["value"] is not None,
                    "value_display": government.format_number(figure["value"], unit),
                    "numerator": figure.get("numerator") if isinstance(figure.get("numerator"), int | float) else 0,
                    "denominator": figure.get("denominator")
                    if isinstance(figure.get("denominator"), int | float)
                    else 0,
                    "unit": unit,
                    "formula": line.formula or figure["formula"],
                    "source": line.source or figure["source"],
                    "note": figure.get("error") or "",
                }
            )
        return self.create(
            {
                "name": f"{template.name} · {label}",
                "template_id": template.id,
                "authority": template.authority,
                "periodicity": template.periodicity,
                "year": year,
                "period_number": number,
                "period_label": label,
                "date_from": date_from,
                "date_to": date_to,
                "company_id": company.id,
                "user_id": self.env.user.id,
                "date_issued": fields.Datetime.now(),
                "description": template.description,
                "signer_name": template.signer_name,
                "signer_title": template.signer_title,
                "line_ids": [fields.Command.create(values) for values in lines],
            }
        )

    def _water_sections(self):
        """[(section, [lines])] in order, for the PDF and the XLSX."""
        self.ensure_one()
        sections = []
        for line in self.line_ids.sorted(lambda x: (x.sequence, x.id)):
            if not sections or sections[-1][0] != (line.section or ""):
                sections.append((line.section or "", []))
            sections[-1][1].append(line)
        return sections

    def _water_file_name(self):
        self.ensure_one()
        return f"{self.template_id.code}-{self.year}-{self.period_number}"

    def action_print_pdf(self):
        return self.env.ref(PDF_REPORT).report_action(self)

    def action_print_xlsx(self):
        return self.env.ref(XLSX_REPORT).report_action(self)
