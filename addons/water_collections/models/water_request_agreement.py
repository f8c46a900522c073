from odoo import _, fields, models
from odoo.exceptions import AccessError, UserError

from .water_payment_agreement import OFFICER, OPEN_STATES


class WaterRequest(models.Model):
    """A citizen's request for a payment agreement: the collections officer makes the agreement from it."""

    _inherit = "water.request"

    is_agreement_request = fields.Boolean(related="request_type_id.water_payment_agreement")
    agreement_ids = fields.One2many("water.payment.agreement", "request_id", string="Payment agreements")
    agreement_count = fields.Integer(compute="_compute_agreement_count")

    def _compute_agreement_count(self):
        # read in sudo: the registry's staff see the request's form, not its agreements
        counts = dict(
            self.env["water.payment.agreement"]
            .sudo()
            ._read_group([("request_id", "in", self.ids)], ["request_id"], ["__count"])
        )
        for water_request in self:
            water_request.agreement_count = counts.get(water_request, 0)

    def action_water_new_agreement(self):
        """A new agreement on the request's account, from the portal channel, linked to the request (its
        signature answers it); the agreement already made from the request if it is still open."""
        self.ensure_one()
        if not self.env.user.has_group(OFFICER):
            raise AccessError(_("Only the collections officer makes payment agreements."))
        if not self.is_agreement_request:
            raise UserError(_("Request %s does not ask for a payment agreement.", self.name))
        if not self.contract_id:
            raise UserError(_("Request %s has no account: choose the account first.", self.name))
        if self.state in ("closed", "cancelled"):
            raise UserError(_("Request %s is closed: it cannot be answered with an agreement.", self.name))
        current = self.agreement_ids.filtered(lambda agreement: agreement.state in ("draft", *OPEN_STATES))[:1]
        if self.state == "new":
            self.action_start()
        action = {
            "type": "ir.actions.act_window",
            "res_model": "water.payment.agreement",
            "view_mode": "form",
            "name": _("Payment agreement"),
        }
        if current:
            action["res_id"] = current.id
        else:
            action["context"] = {
                "default_contract_id": self.contract_id.id,
                "default_channel": "portal",
                "default_request_id": self.id,
                "default_company_id": self.company_id.id,
            }
        return action

    def action_water_open_agreements(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("water_collections.action_water_payment_agreement")
        action["domain"] = [("request_id", "=", self.id)]
        return action
