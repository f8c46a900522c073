from psycopg2.extras import execute_values

from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..utils import portal_secret
from ..utils.account_number import normalize_account_number

CONTRACT_STATES = [
    ("draft", "Draft"),
    ("active", "Active"),
    ("suspended", "Suspended (restricted)"),
    ("cut", "Cut"),
    ("cancelled", "Cancelled"),
]
# allowed transitions: from -> targets
TRANSITIONS = {
    "draft": {"active", "cancelled"},
    "active": {"suspended", "cut", "cancelled"},
    "suspended": {"active", "cut", "cancelled"},
    "cut": {"active", "cancelled"},
    "cancelled": set(),
}
# the operators of a domain leaf on the number whose value is put in the stored form first
NUMBER_OPERATORS = ("=", "!=", "in", "not in", "like", "not like", "ilike", "not ilike", "=like", "=ilike")
STATE_DATE_FIELDS = {
    "active": "date_activated",
    "suspended": "date_suspended",
    "cut": "date_cut",
    "cancelled": "date_cancelled",
}


class WaterContract(models.Model):
    _name = "water.contract"
    _description = "Water service contract (account)"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "number"
    _rec_name = "number"
    _check_company_auto = True

    number = fields.Char(
        string="Account number",
        required=True,
        copy=False,
        index=True,
        tracking=True,
        default=lambda self: _("New"),
        help="Account number (folio) printed on every bill.",
    )
    partner_id = fields.Many2one(
        "res.partner", string="Holder", required=True, index=True, tracking=True, check_company=True
    )
    service_point_id = fields.Many2one(
        "water.service.point", required=True, index=True, tracking=True, ondelete="restrict", check_company=True
    )
    sector_id = fields.Many2one(related="service_point_id.sector_id", store=True, index=True, precompute=True)
    route_id = fields.Many2one(related="service_point_id.route_id", store=True, index=True, precompute=True)
    route_sequence = fields.Integer(related="service_point_id.route_sequence", store=True, precompute=True)
    address = fields.Char(related="service_point_id.name", string="Address")
    meter_id = fields.Many2one(related="service_point_id.meter_id", store=True, string="Meter", precompute=True)
    service_class_id = fields.Many2one(
        "water.service.class", string="Class / use", required=True, tracking=True, ondelete="restrict"
    )
    service_water = fields.Boolean(string="Water", default=True, tracking=True)
    service_drainage = fields.Boolean(string="Drainage", default=True, tracking=True)
    service_sanitation = fields.Boolean(string="Sanitation", default=True, tracking=True)
    large_consumer = fields.Boolean(tracking=True, help="Large consumer (gran consumidor): read and reviewed apart.")
    own_well = fields.Boolean(
        string="Own well (drainage only)",
        tracking=True,
        help="The holder draws water from an own well and pays drainage.",
    )
    is_metered = fields.Boolean(compute="_compute_is_metered", store=True, precompute=True)
    unmetered_billing = fields.Selection(
        [("fixed_quota", "Fixed quota (cuota fija)"), ("assumed_volume", "Assumed volume")],
        tracking=True,
        help="How the account is billed while it has no working meter.",
    )
    assumed_volume = fields.Float(string="Assumed volume (m³)", digits=(12, 2), tracking=True)
    state = fields.Selection(CONTRACT_STATES, default="draft", required=True, tracking=True, index=True, copy=False)
    date_contract = fields.Date(string="Contract date", default=fields.Date.context_today, required=True)
    date_activated = fields.Date(readonly=True, copy=False)
    date_suspended = fields.Date(readonly=True, copy=False)
    date_cut = fields.Date(readonly=True, copy=False)
    date_cancelled = fields.Date(readonly=True, copy=False)
    state_reason = fields.Char(string="Reason of last state change", readonly=True, copy=False)
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    eligibility_ids = fields.One2many("water.discount.eligibility", "contract_id", string="Social discounts")
    has_valid_discount = fields.Boolean(compute="_compute_has_valid_discount")
    request_ids = fields.One2many("water.request", "contract_id", string="Requests and complaints")
    request_count = fields.Integer(compute="_compute_request_count")
    holder_phone = fields.Char(related="partner_id.phone", string="Phone")
    holder_vat = fields.Char(related="partner_id.vat", string="RFC")
    note = fields.Text(groups="water_registry.group_water_user")
    portal_secret = fields.Char(
        copy=False,
        readonly=True,
        default=lambda self: portal_secret.generate_secret(),
        groups="water_registry.group_water_user",
        help="Printed on every bill: with the account number it links the account to a citizen's portal login.",
    )
    portal_partner_ids = fields.Many2many(
        "res.partner",
        "water_contract_portal_partner_rel",
        "contract_id",
        "partner_id",
        string="Portal access",
        copy=False,
        tracking=True,
        help="Citizens who follow this account on the portal besides the holder: "
        "linked with the bill's secret or granted by staff.",
    )

    _sql_constraints = [
        ("number_company_uniq", "unique(number, company_id)", "The account number must be unique."),
        ("assumed_volume_positive", "CHECK(assumed_volume >= 0)", "The assumed volume cannot be negative."),
    ]

    @api.depends("meter_id")
    def _compute_is_metered(self):
        for contract in self:
            contract.is_metered = bool(contract.meter_id)

    @api.depends("eligibility_ids.state", "eligibility_ids.valid_until")
    def _compute_has_valid_discount(self):
        today = fields.Date.context_today(self)
        for contract in self:
            contract.has_valid_discount = any(
                e.state == "verified" and (not e.valid_until or e.valid_until >= today)
                for e in contract.eligibility_ids
            )

    def _compute_request_count(self):
        counts = dict(
            self.env["water.request"]._read_group([("contract_id", "in", self.ids)], ["contract_id"], ["__count"])
        )
        for contract in self:
            contract.request_count = counts.get(contract, 0)

    @api.constrains("own_well", "service_water", "service_drainage")
    def _check_services(self):
        for contract in self:
            if contract.own_well and contract.service_water:
                raise ValidationError(
                    _("Account %s: an own-well account receives drainage only, not water.", contract.number)
                )
            if not (contract.service_water or contract.service_drainage or contract.service_sanitation):
                raise ValidationError(_("Account %s must have at least one service.", contract.number))

    @api.constrains("service_point_id", "state")
    def _check_one_contract_per_point(self):
        points = self.filtered(lambda c: c.state != "cancelled").service_point_id
        if not points:
            return
        groups = self._read_group(
            [("service_point_id", "in", points.ids), ("state", "!=", "cancelled")], ["service_point_id"], ["__count"]
        )
        for point, count in groups:
            if count > 1:
                raise ValidationError(
                    _("The service point %s already has a contract that is not cancelled.", point.display_name)
                )

    @api.onchange("own_well")
    def _onchange_own_well(self):
        if self.own_well:
            self.service_water = False
            self.service_drainage = True

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("own_well"):
                vals["service_water"] = False
            if not vals.get("number") or vals["number"] == _("New"):
                vals["number"] = self.env["ir.sequence"].next_by_code("water.contract") or _("New")
            else:
                vals["number"] = normalize_account_number(vals["number"])
        return super().create(vals_list)

    def write(self, vals):
        if vals.get("own_well"):
            vals["service_water"] = False
        if "state" in vals and not self.env.context.get("water_state_change"):
            raise UserError(_("Use the state buttons to change the state of an account; they ask for the reason."))
        if vals.get("number"):
            vals["number"] = normalize_account_number(vals["number"])
            if self.filtered(lambda c: c.state != "draft") and not self.env.user.has_group(
                "water_registry.group_water_manager"
            ):
                raise UserError(_("Only the commercial manager can change the number of an account in service."))
        return super().write(vals)

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None):
        """A number is searched in its stored form: "1000 0001" finds account 10000001 (the leaves of
        the domain given; ``_search_display_name`` puts its own number leaf in that form)."""
        return super()._search(self._normalize_number_domain(domain), offset=offset, limit=limit, order=order)

    @api.model
    def _normalize_number_domain(self, domain):
        def normalized(value):
            return normalize_account_number(value) if isinstance(value, str) else value

        result = []
        for item in domain or []:
            if (
                isinstance(item, list | tuple)
                and len(item) == 3
                and item[0] == "number"
                and item[1] in NUMBER_OPERATORS
            ):
                value = item[2]
                value = [normalized(v) for v in value] if isinstance(value, list | tuple) else normalized(value)
                item = ("number", item[1], value)
            result.append(item)
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_only_draft(self):
        if self.filtered(lambda c: c.state != "draft"):
            raise UserError(_("Only draft accounts can be deleted; cancel the account instead, with a reason."))

    @api.depends("number", "partner_id")
    def _compute_display_name(self):
        for contract in self:
            contract.display_name = (
                f"{contract.number} - {contract.partner_id.name}" if contract.partner_id else contract.number
            )

    @api.model
    def _search_display_name(self, operator, value):
        if operator in ("ilike", "like", "=", "=ilike") and value:
            return [
                "|",
                "|",
                "|",
                ("number", operator, normalize_account_number(value)),
                ("partner_id.name", operator, value),
                ("meter_id.serial", operator, value),
                ("service_point_id.name", operator, value),
            ]
        return super()._search_display_name(operator, value)

    @api.model
    def _portal_domain(self, partner):
        """The accounts a portal citizen may see: those held by the citizen (or the citizen's company)
        and those linked to the citizen's login."""
        return [
            "|",
            ("partner_id", "=", partner.commercial_partner_id.id),
            ("portal_partner_ids", "in", partner.ids),
        ]

    def _portal_formatted_secret(self):
        self.ensure_one()
        return portal_secret.format_secret(self.sudo().portal_secret)

    def _portal_regenerate_secrets(self):
        """New secrets for these accounts in one statement (e.g. after a secret was disclosed)."""
        if not self:
            return
        values = [(contract_id, portal_secret.generate_secret()) for contract_id in self.ids]
        self.env.flush_all()
        execute_values(
            self.env.cr._obj,
            "UPDATE water_contract c SET portal_secret = v.secret FROM (VALUES %s) AS v(id, secret) WHERE c.id = v.id",
            values,
            page_size=5000,
        )
        self.invalidate_recordset(["portal_secret"])

    @api.model
    def _portal_link_with_secret(self, user, account_number, typed_secret, ip_address=None):
        """Link the account to the portal login of ``user`` if the secret printed on its bill matches.

        Returns ``(contract, error)``: error is ``"limit"`` (too many failed attempts: nothing is
        checked), ``"invalid"`` (no such account or wrong secret, never told apart), ``"state"``
        (right secret but the account is draft or cancelled) or ``None`` on success.
        Every checked attempt is written down in ``water.portal.link.attempt``."""
        Attempt = self.env["water.portal.link.attempt"]
        number = normalize_account_number(account_number)
        if Attempt._limit_reached(user, ip_address):
            return self.browse(), "limit"
        candidates = self.sudo().search([("number", "=", number)]) if number else self.browse()
        contract = candidates.filtered(lambda c: portal_secret.secrets_match(c.portal_secret, typed_secret))[:1]
        if not contract or contract.state in ("draft", "cancelled"):
            Attempt._record(user, ip_address, number)
            return self.browse(), ("state" if contract else "invalid")
        Attempt._record(user, ip_address, number, contract)
        partner = user.partner_id
        if not contract.filtered_domain(self._portal_domain(partner)):
            contract.write({"portal_partner_ids": [Command.link(partner.id)]})
            contract.message_post(
                body=_(
                    "%(partner)s linked this account to the portal with the secret printed on the bill.",
                    partner=partner.name,
                ),
                subtype_xmlid="mail.mt_note",
            )
        return contract, None

    def _portal_unfollow(self, partner):
        """The citizen stops following accounts linked to the login (never the ones they hold)."""
        linked = self.sudo().filtered(lambda c: partner in c.portal_partner_ids)
        linked.write({"portal_partner_ids": [Command.unlink(partner.id)]})
        for contract in linked:
            contract.message_post(
                body=_("%(partner)s stopped following this account on the portal.", partner=partner.name),
                subtype_xmlid="mail.mt_note",
            )
        return linked

    def action_portal_new_secret(self):
        """A new secret for the account (the old one stops working), noted in the chatter without it."""
        self.check_access("write")
        self._portal_regenerate_secrets()
        for contract in self:
            contract.message_post(
                body=_("A new portal secret was generated; the previous one no longer links the account."),
                subtype_xmlid="mail.mt_note",
            )
        return True

    def _open_portal_access_wizard(self, mode):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Grant portal access") if mode == "grant" else _("Revoke portal access"),
            "res_model": "water.portal.access.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_contract_id": self.id, "default_mode": mode},
        }

    def action_portal_grant(self):
        return self._open_portal_access_wizard("grant")

    def action_portal_revoke(self):
        return self._open_portal_access_wizard("revoke")

    def _service_labels(self):
        """The services of the account as shown to people, in their language."""
        self.ensure_one()
        return [self._fields[f"service_{name}"]._description_string(self.env) for name in self._service_names()]

    def _service_names(self):
        """The services the account receives: a subset of water, drainage, sanitation."""
        self.ensure_one()
        return [
            name
            for name, on in (
                ("water", self.service_water),
                ("drainage", self.service_drainage),
                ("sanitation", self.service_sanitation),
            )
            if on
        ]

    def change_state(self, new_state, reason, date=None):
        """Move the accounts to new_state, recording the date and the reason in the chatter."""
        date = date or fields.Date.context_today(self)
        if not (reason or "").strip() and new_state != "active":
            raise UserError(_("Give the reason for the change of state."))
        labels = dict(self._fields["state"]._description_selection(self.env))
        for contract in self:
            if new_state not in TRANSITIONS[contract.state]:
                raise UserError(
                    _(
                        "Account %(number)s cannot go from %(old)s to %(new)s.",
                        number=contract.number,
                        old=labels[contract.state],
                        new=labels[new_state],
                    )
                )
            if new_state == "active":
                contract._check_can_activate()
        vals = {"state": new_state, "state_reason": reason, STATE_DATE_FIELDS[new_state]: date}
        self.with_context(water_state_change=True).write(vals)
        for contract in self:
            contract.message_post(
                body=_(
                    "State changed to %(state)s on %(date)s. Reason: %(reason)s",
                    state=labels[new_state],
                    date=fields.Date.to_string(date),
                    reason=reason or "-",
                ),
                subtype_xmlid="mail.mt_note",
            )
        return True

    def _check_can_activate(self):
        self.ensure_one()
        if not self.is_metered and not self.unmetered_billing:
            raise UserError(
                _(
                    "Account %s has no meter: choose how it is billed (fixed quota or assumed volume) "
                    "before activating.",
                    self.number,
                )
            )
        if self.unmetered_billing == "assumed_volume" and not self.is_metered and self.assumed_volume <= 0:
            raise UserError(_("Account %s is billed by assumed volume: give the volume.", self.number))

    def action_activate(self):
        return self.change_state("active", _("Service started"))

    def _open_state_wizard(self, new_state):
        return {
            "type": "ir.actions.act_window",
            "name": _("Change account state"),
            "res_model": "water.contract.state.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_contract_ids": self.ids, "default_new_state": new_state},
        }

    def action_suspend(self):
        return self._open_state_wizard("suspended")

    def action_cut(self):
        return self._open_state_wizard("cut")

    def action_reconnect(self):
        return self._open_state_wizard("active")

    def action_cancel(self):
        return self._open_state_wizard("cancelled")

    def action_view_requests(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("water_registry.action_water_request")
        action["domain"] = [("contract_id", "=", self.id)]
        action["context"] = {"default_contract_id": self.id, "default_partner_id": self.partner_id.id}
        return action
