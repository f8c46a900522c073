from odoo import fields, models


class WaterReportIssueLine(models.Model):
    """One figure of an issued report, as it was issued."""

    _name = "water.report.issue.line"
    _description = "Figure of an issued report to government"
    _order = "issue_id, sequence, id"

    issue_id = fields.Many2one("water.report.issue", required=True, ondelete="cascade", index=True)
    sequence = fields.Integer()
    section = fields.Char()
    code = fields.Char()
    label = fields.Char(required=True)
    figure_key = fields.Char()
    value = fields.Float(digits=(16, 4), aggregator=None)
    computable = fields.Boolean(default=True, help="False: the figure had no base in the period (n/a).")
    value_display = fields.Char(string="Figure")
    numerator = fields.Float(digits=(16, 4), aggregator=None)
    denominator = fields.Float(digits=(16, 4), aggregator=None)
    unit = fields.Char()
    formula = fields.Text()
    source = fields.Text()
    note = fields.Char()
