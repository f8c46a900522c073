from odoo import api, fields, models


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

    def _water_matches(self, contract):
        """Whether the policy applies to the account: its class (no classes: every class) and its large-consumer
        rule."""
        self.ensure_one()
        if self.service_class_ids and contract.service_class_id not in self.service_class_ids:
            return False
        if self.large_consumers == "only":
            return contract.large_consumer
        if self.large_consumers == "exclude":
            return not contract.large_consumer
        return True

    @api.model
    def _water_policy_of(self, contracts):
        """{contract id: its policy}: the first active policy of its company (by sequence) that matches it;
        accounts no policy matches are left out."""
        policies = self.search([("company_id", "in", contracts.company_id.ids)])
        result = {}
        for contract in contracts:
            for policy in policies:
                if policy.company_id == contract.company_id and policy._water_matches(contract):
                    result[contract.id] = policy
                    break
        return result
