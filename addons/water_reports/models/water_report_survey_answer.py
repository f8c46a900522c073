from odoo import fields, models, tools
from odoo.tools import SQL

from odoo.addons.water_registry.models.water_request import CHANNELS


class WaterReportSurveyAnswer(models.Model):
    """The answers of the request satisfaction surveys, one row per answered question, with the request's
    type, channel, sector and the assignee's area: the average score of each scale question, the count of
    each choice."""

    _name = "water.report.survey.answer"
    _description = "Satisfaction survey answers report"
    _inherit = ["water.report.mixin"]
    _auto = False
    _order = "date desc, id desc"
    _rec_name = "question_id"
    _water_report_date_field = "day"
    _depends = {
        "water.request.survey": ["request_id", "user_input_id", "company_id", "survey_id"],
        "survey.user_input": ["state", "end_datetime"],
        "survey.user_input.line": [
            "user_input_id",
            "question_id",
            "suggested_answer_id",
            "answer_type",
            "value_scale",
            "value_numerical_box",
            "value_char_box",
            "value_text_box",
            "skipped",
        ],
    }
    _water_report_columns = [
        "day",
        "request_id",
        "request_type_id",
        "channel",
        "department_id",
        "user_id",
        "sector_id",
        "question_id",
        "suggested_answer_id",
        "score",
        "text",
    ]

    date = fields.Datetime(string="Answered on", readonly=True)
    day = fields.Date(string="Answer day", readonly=True)
    link_id = fields.Many2one("water.request.survey", string="Survey sent", readonly=True)
    request_id = fields.Many2one("water.request", readonly=True)
    request_type_id = fields.Many2one("water.request.type", string="Request type", readonly=True)
    is_complaint = fields.Boolean(string="Complaint", readonly=True)
    channel = fields.Selection(CHANNELS, readonly=True)
    user_id = fields.Many2one("res.users", string="Assigned to", readonly=True)
    department_id = fields.Many2one("hr.department", string="Area", readonly=True)
    sector_id = fields.Many2one("water.sector", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    survey_id = fields.Many2one("survey.survey", readonly=True)
    question_id = fields.Many2one("survey.question", readonly=True)
    suggested_answer_id = fields.Many2one("survey.question.answer", string="Choice", readonly=True)
    score = fields.Float(
        string="Average score",
        digits=(4, 2),
        readonly=True,
        aggregator="avg",
        help="The value given to a scale question (e.g. 1 to 5).",
    )
    answer_count = fields.Integer(string="Answers", readonly=True, aggregator="sum")
    text = fields.Char(string="Comment", readonly=True)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
            CREATE OR REPLACE VIEW %(table)s AS (
                SELECT l.id, 1 AS answer_count, ui.end_datetime AS date,
                       (COALESCE(ui.end_datetime, l.create_date) AT TIME ZONE 'UTC' AT TIME ZONE %(tz)s)::date AS day,
                       s.id AS link_id, s.request_id, r.request_type_id, r.is_complaint, r.channel, r.user_id,
                       e.department_id, c.sector_id, s.company_id, s.survey_id, l.question_id,
                       l.suggested_answer_id,
                       CASE WHEN l.answer_type = 'scale' THEN l.value_scale::float
                            WHEN l.answer_type = 'numerical_box' THEN l.value_numerical_box END AS score,
                       left(COALESCE(l.value_char_box, l.value_text_box), 250) AS text
                  FROM water_request_survey s
                  JOIN survey_user_input ui ON ui.id = s.user_input_id
                  JOIN survey_user_input_line l ON l.user_input_id = ui.id AND NOT COALESCE(l.skipped, FALSE)
                  JOIN water_request r ON r.id = s.request_id
                  LEFT JOIN water_contract c ON c.id = r.contract_id
                  LEFT JOIN LATERAL (
                        SELECT he.department_id FROM hr_employee he
                         WHERE he.user_id = r.user_id AND he.company_id = r.company_id AND he.active
                         ORDER BY he.id LIMIT 1) e ON TRUE
                 WHERE ui.state = 'done'
            )
            """,
                table=SQL.identifier(self._table),
                tz=self.env.company.partner_id.tz or "America/Mexico_City",
            )
        )
