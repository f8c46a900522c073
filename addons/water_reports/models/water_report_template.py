from odoo import api, fields, models

AUTHORITIES = [
    ("cea", "CEA (state water commission)"),
    ("conagua", "CONAGUA"),
    ("inegi", "INEGI"),
    ("presidencia", "Presidencia Municipal"),
]
PERIODICITIES = [("bimonthly", "Bimonthly"), ("quarterly", "Quarterly"), ("annual", "Annual")]


class WaterReportTemplate(models.Model):
    """A report to government as the utility lays it out: its lines name the figures, in order, with the formula
    and the source printed beside each. The commercial manager edits them; the director issues them."""

    _name = "water.report.template"
    _description = "Report to government (template)"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True, help="Short code of the template, used in file names.")
    sequence = fields.Integer(default=10)
    authority = fields.Selection(AUTHORITIES, required=True)
    periodicity = fields.Selection(PERIODICITIES, required=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", help="Empty: the template serves every company.")
    description = fields.Text(translate=True, help="Printed under the title of the report.")
    signer_name = fields.Char(string="Signed by", help="Who signs the report for the utility (e.g. the director).")
    signer_title = fields.Char(string="Signer's position", translate=True)
    line_ids = fields.One2many("water.report.template.line", "template_id", string="Figures", copy=True)
    issue_ids = fields.One2many("water.report.issue", "template_id", string="Issued reports")
    issue_count = fields.Integer(compute="_compute_issue_count")

    _sql_constraints = [("code_company_uniq", "unique (code, company_id)", "The template code must be unique.")]

    @api.depends("issue_ids")
    def _compute_issue_count(self):
        counts = dict(
            self.env["water.report.issue"]._read_group([("template_id", "in", self.ids)], ["template_id"], ["__count"])
        )
        for template in self:
            template.issue_count = counts.get(template, 0)

    def action_open_issues(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("water_reports.action_water_report_issue")
        action["domain"] = [("template_id", "=", self.id)]
        return action

    def action_issue_wizard(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("water_reports.action_water_report_government_wizard")
        action["context"] = {"default_template_id": self.id}
        return action
