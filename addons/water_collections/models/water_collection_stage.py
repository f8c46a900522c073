from odoo import fields, models

from ..utils import collection

STAGE_ACTIONS = [
    ("bill_message", "Reminder printed on the bill"),
    ("notice", "Print a notice"),
    ("activity", "Schedule an activity"),
    ("cut", "Ask for a suspension or restriction order"),
    ("pae", "Put on the PAE list"),
]


class WaterCollectionStage(models.Model):
    _name = "water.collection.stage"
    _description = "Stage of a collection policy"
    _order = "policy_id, sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    policy_id = fields.Many2one("water.collection.policy", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="policy_id.company_id", store=True)
    action = fields.Selection(STAGE_ACTIONS, required=True, default="notice")
    min_months = fields.Integer(string="Months owed (at least)", default=1)
    min_amount = fields.Float(string="Overdue debt (at least)", digits="Account")
    min_days_since_previous = fields.Integer(
        string="Days since the previous stage (at least)",
        help="Days the account must have spent in the previous stage before it moves to this one.",
    )
    deadline_days = fields.Integer(string="Days to pay", default=10, help="Deadline printed on the notice.")
    legal_text = fields.Html(translate=True, help="The legal text of the stage, printed on its notice.")
    bill_message = fields.Char(translate=True, help="The reminder printed on the account's next bill.")
    exclude_agreement = fields.Boolean(string="Not with an active payment agreement", default=True)
    exclude_complaint = fields.Boolean(string="Not with an open complaint about a bill", default=True)
    exclude_social_discount = fields.Boolean(string="Not social-discount holders", default=False)
    exclude_review = fields.Boolean(string="Not accounts under review", default=True)
    # what an "activity" stage schedules on the account
    activity_type_id = fields.Many2one(
        "mail.activity.type",
        string="Activity type",
        domain="['|', ('res_model', '=', False), ('res_model', '=', 'water.contract')]",
        help='The activity an "activity" stage schedules on the account (a to-do when empty).',
    )
    activity_user_id = fields.Many2one(
        "res.users",
        string="Responsible",
        help="Who the activity is for; empty: the officer who confirms the run.",
    )

    def _water_rule(self):
        """The stage's conditions for ``utils.collection``."""
        self.ensure_one()
        return collection.Stage(self.id, self.sequence, self.min_months, self.min_amount, self.min_days_since_previous)
