from odoo import fields, models


class WaterCollectionPolicy(models.Model):
    _name = "water.collection.policy"
    _description = "Collection policy"
    _inherit = ["mail.thread"]
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True, tracking=True)
    sequence = fields.Integer(default=10, help="The first policy that matches an account applies.")
    active = fields.Boolean(default=True, tracking=True)
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    service_class_ids = fields.Many2many(
        "water.service.class", string="Service classes", help="The classes it applies to; empty: every class."
    )
    large_consumers = fields.Selection(
        [("any", "Every account"), ("only", "Large consumers only"), ("exclude", "Not large consumers")],
        default="any",
        required=True,
    )
    stage_ids = fields.One2many("water.collection.stage", "policy_id", string="Stages", copy=True)
    note = fields.Html(translate=True)
