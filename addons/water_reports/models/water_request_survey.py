from odoo import api, fields, models

SURVEY_XMLID = "water_reports.survey_request_satisfaction"
TEMPLATE_XMLID = "water_reports.mail_template_request_survey"


class WaterRequestSurvey(models.Model):
    """The satisfaction survey sent to the citizen when a request is closed: one per request, with the
    citizen's answer (``survey.user_input``) and its link."""

    _name = "water.request.survey"
    _description = "Satisfaction survey of a request"
    _order = "date_sent desc, id desc"
    _rec_name = "request_id"

    request_id = fields.Many2one("water.request", required=True, index=True, ondelete="cascade", readonly=True)
    survey_id = fields.Many2one("survey.survey", required=True, ondelete="restrict", readonly=True)
    user_input_id = fields.Many2one("survey.user_input", string="Answer", ondelete="set null", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Citizen", readonly=True)
    company_id = fields.Many2one("res.company", required=True, readonly=True)
    date_sent = fields.Datetime(string="Sent on", readonly=True)
    emailed = fields.Boolean(readonly=True, help="The link was sent by e-mail (the citizen has an address).")
    state = fields.Selection(related="user_input_id.state", store=True, string="Answer state")
    answer_url = fields.Char(compute="_compute_answer_url", string="Answer link")

    _sql_constraints = [("request_uniq", "unique(request_id)", "The request already has its survey.")]

    @api.depends("user_input_id.access_token", "survey_id.access_token")
    def _compute_answer_url(self):
        for link in self:
            if link.user_input_id:
                base = link.request_id.get_base_url() + link.survey_id.get_start_url()
                link.answer_url = f"{base}?answer_token={link.user_input_id.access_token}"
            else:
                link.answer_url = False

    @api.model
    def _water_send(self, requests):
        """Create the answers and links of the closed requests that have none, and send the links."""
        survey = self.env.ref(SURVEY_XMLID, raise_if_not_found=False)
        if not survey or not survey.active:
            return self.browse()
        requests = requests - self.search([("request_id", "in", requests.ids)]).request_id
        requests = requests.filtered("partner_id")
        if not requests:
            return self.browse()
        answers = self.env["survey.user_input"].create(
            [
                {
                    "survey_id": survey.id,
                    "partner_id": request.partner_id.id,
                    "email": request.partner_id.email,
                    "nickname": request.partner_id.name,
                }
                for request in requests
            ]
        )
        now = fields.Datetime.now()
        links = self.create(
            [
                {
                    "request_id": request.id,
                    "survey_id": survey.id,
                    "user_input_id": answer.id,
                    "partner_id": request.partner_id.id,
                    "company_id": request.company_id.id,
                    "date_sent": now,
                    "emailed": bool(request.partner_id.email),
                }
                for request, answer in zip(requests, answers, strict=True)
            ]
        )
        template = self.env.ref(TEMPLATE_XMLID, raise_if_not_found=False)
        emailed = links.filtered("emailed").request_id
        if template and emailed:
            subjects = template._render_field("subject", emailed.ids)
            bodies = template._render_field("body_html", emailed.ids)
            for request in emailed:
                request.message_post(
                    subject=subjects[request.id],
                    body=bodies[request.id],
                    message_type="comment",
                    subtype_xmlid="mail.mt_comment",
                    partner_ids=request.partner_id.ids,
                )
        return links

    @api.model
    def _water_demo_answers(self):
        """Demo: the answered requests are closed (their surveys are sent) and three in four are answered with
        scores that vary with the request (deterministic)."""
        requests = self.env["water.request"].search([("state", "=", "answered")], order="id")
        requests.write({"state": "closed"})
        survey = self.env.ref(SURVEY_XMLID)
        scales = survey.question_ids.filtered(lambda q: q.question_type == "scale").sorted("sequence")
        choice = survey.question_ids.filtered(lambda q: q.question_type == "simple_choice")[:1]
        links = self.search([("request_id", "in", requests.ids)], order="id")
        lines = []
        for index, link in enumerate(links):
            if index % 4 == 3:
                continue  # not every citizen answers
            for offset, question in enumerate(scales):
                lines.append(
                    {
                        "user_input_id": link.user_input_id.id,
                        "question_id": question.id,
                        "answer_type": "scale",
                        "value_scale": max(question.scale_min, question.scale_max - (index + offset) % 4),
                    }
                )
            if choice:
                lines.append(
                    {
                        "user_input_id": link.user_input_id.id,
                        "question_id": choice.id,
                        "answer_type": "suggestion",
                        "suggested_answer_id": choice.suggested_answer_ids[index % 3 and 1 or 0].id,
                    }
                )
        self.env["survey.user_input.line"].create(lines)
        answered = links.filtered(lambda link: link.user_input_id.user_input_line_ids).user_input_id
        answered.write({"state": "done", "end_datetime": fields.Datetime.now()})
        return True
