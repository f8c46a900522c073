from odoo import fields, models
from odoo.exceptions import UserError


class WaterCollectionRunLine(models.Model):
    """One account of a run's proposal: the stage it moves to (or that it leaves the process), its arrears, and
    whether it is excluded (with the reason) or deselected by the officer."""

    _name = "water.collection.run.line"
    _description = "Collection run proposal line"
    _order = "run_id, stage_to_id, route_id, route_sequence, id"

    run_id = fields.Many2one("water.collection.run", required=True, ondelete="cascade", index=True, readonly=True)
    company_id = fields.Many2one(related="run_id.company_id", store=True)
    date = fields.Date(related="run_id.date", store=True)
    run_state = fields.Selection(related="run_id.state", string="Run state")
    contract_id = fields.Many2one("water.contract", string="Account", required=True, index=True, readonly=True)
    partner_id = fields.Many2one(related="contract_id.partner_id", string="Holder")
    sector_id = fields.Many2one(related="contract_id.sector_id", store=True)
    route_id = fields.Many2one(related="contract_id.route_id", store=True)
    route_sequence = fields.Integer(related="contract_id.route_sequence", store=True)
    service_class_id = fields.Many2one(related="contract_id.service_class_id", store=True, string="Class")
    policy_id = fields.Many2one("water.collection.policy", readonly=True)
    action = fields.Selection(
        [("advance", "Move to the stage"), ("leave", "Leave the process")], required=True, readonly=True
    )
    stage_from_id = fields.Many2one("water.collection.stage", string="Current stage", readonly=True)
    stage_to_id = fields.Many2one("water.collection.stage", string="Proposed stage", readonly=True, index=True)
    stage_action = fields.Selection(related="stage_to_id.action", store=True, string="Stage action")
    overdue = fields.Float(string="Overdue debt", digits="Account", readonly=True)
    months_owed = fields.Integer(readonly=True)
    days_past_due = fields.Integer(readonly=True)
    excluded = fields.Boolean(readonly=True)
    exclusion_reason = fields.Char(readonly=True)
    selected = fields.Boolean(default=True)
    state = fields.Selection(
        [("proposed", "Proposed"), ("done", "Applied"), ("skipped", "Not applied")],
        default="proposed",
        required=True,
        readonly=True,
    )
    note = fields.Char(readonly=True)

    def write(self, vals):
        if "selected" in vals and any(line.run_id.state != "proposed" for line in self):
            raise UserError(self.env._("Lines are selected or deselected only while the run is a proposal."))
        if vals.get("selected") and any(line.excluded for line in self):
            raise UserError(self.env._("An excluded account cannot be selected: its exclusion applies to the stage."))
        return super().write(vals)

    def action_select(self):
        self.filtered(lambda line: line.run_id.state == "proposed" and not line.excluded).write({"selected": True})

    def action_deselect(self):
        self.filtered(lambda line: line.run_id.state == "proposed").write({"selected": False})
