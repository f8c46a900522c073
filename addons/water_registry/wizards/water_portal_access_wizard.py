from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError


class WaterPortalAccessWizard(models.TransientModel):
    """Staff give a citizen access to an account on the portal (creating the portal login through
    Odoo's own portal wizard, which sends the invitation) or take it away."""

    _name = "water.portal.access.wizard"
    _description = "Grant or revoke portal access to a water account"

    contract_id = fields.Many2one("water.contract", string="Account", required=True, readonly=True)
    mode = fields.Selection([("grant", "Grant"), ("revoke", "Revoke")], default="grant", required=True, readonly=True)
    partner_id = fields.Many2one(
        "res.partner",
        string="Citizen",
        compute="_compute_partner_id",
        store=True,
        readonly=False,
        precompute=True,
        required=True,
    )
    linked_partner_ids = fields.Many2many(related="contract_id.portal_partner_ids", string="Linked citizens")
    email = fields.Char(compute="_compute_email", store=True, readonly=False, precompute=True)
    has_login = fields.Boolean(compute="_compute_has_login", string="Has a login")

    @api.depends("contract_id", "mode")
    def _compute_partner_id(self):
        for wizard in self:
            if wizard.mode == "grant":
                wizard.partner_id = wizard.contract_id.partner_id
            else:
                wizard.partner_id = wizard.contract_id.portal_partner_ids[:1]

    @api.depends("partner_id")
    def _compute_email(self):
        for wizard in self:
            wizard.email = wizard.partner_id.email

    @api.depends("partner_id")
    def _compute_has_login(self):
        for wizard in self:
            wizard.has_login = bool(wizard.partner_id.sudo().with_context(active_test=False).user_ids)

    def action_confirm(self):
        self.ensure_one()
        if self.mode == "revoke":
            return self._revoke()
        return self._grant()

    def _grant(self):
        partner = self.partner_id
        users = partner.sudo().with_context(active_test=False).user_ids
        if not users.filtered(lambda user: user.active and (user._is_portal() or user._is_internal())):
            if not (self.email or "").strip():
                raise UserError(_("Give the citizen's e-mail: the invitation to the portal is sent there."))
            portal_wizard = self.env["portal.wizard"].create({"partner_ids": [Command.set(partner.ids)]})
            wizard_user = portal_wizard.user_ids.filtered(lambda line: line.partner_id == partner)
            wizard_user.email = self.email.strip()
            wizard_user.action_grant_access()
        contract = self.contract_id
        if not contract.filtered_domain(contract._portal_domain(partner)):
            contract.write({"portal_partner_ids": [Command.link(partner.id)]})
        contract.message_post(
            body=_("Portal access to this account granted to %(partner)s.", partner=partner.name),
            subtype_xmlid="mail.mt_note",
        )
        return {"type": "ir.actions.act_window_close"}

    def _revoke(self):
        contract, partner = self.contract_id, self.partner_id
        if partner not in contract.portal_partner_ids:
            raise UserError(
                _("%(partner)s is not linked to account %(number)s.", partner=partner.name, number=contract.number)
            )
        contract.write({"portal_partner_ids": [Command.unlink(partner.id)]})
        contract.message_post(
            body=_("Portal access to this account revoked for %(partner)s.", partner=partner.name),
            subtype_xmlid="mail.mt_note",
        )
        return {"type": "ir.actions.act_window_close"}
