from odoo import api, fields, models
from odoo.exceptions import ValidationError


class WaterReportTemplateLine(models.Model):
    """One figure of a report to government: where it goes (section, code), what it is called, which figure of
    the registry (``water.report.figure``) gives it, and the formula and source printed beside it."""

    _name = "water.report.template.line"
    _description = "Figure of a report to government"
    _order = "template_id, sequence, id"

    template_id = fields.Many2one("water.report.template", required=True, ondelete="cascade", index=True)
    sequence = fields.Integer(default=10)
    section = fields.Char(translate=True, help="Heading the figure is printed under.")
    code = fields.Char(help="The authority's code of the variable or indicator (e.g. a PIGOO variable).")
    label = fields.Char(required=True, translate=True)
    figure_key = fields.Char(
        required=True,
        help="Figure of the registry: a name (micromedicion), a name and a class code (tomas_by_class:DOM) or a "
        "part of a figure (eficiencia_fisica.denominator).",
    )
    formula = fields.Text(translate=True, help="Printed beside the figure; empty: the figure's own formula.")
    source = fields.Text(translate=True, help="Printed beside the figure; empty: the figure's own source.")
    unit = fields.Char(help="Empty: the figure's own unit.")

    @api.constrains("figure_key")
    def _check_figure_key(self):
        Figure = self.env["water.report.figure"]
        for line in self:
            error = Figure._water_check_key(line.figure_key)
            if error:
                raise ValidationError(error)
