from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..utils import charges
from .water_charge_type import BILLING_MODES

CHARGE_STATES = [
    ("draft", "Draft"),
    ("to_approve", "To approve"),
    ("approved", "Approved"),
    ("invoiced", "Invoiced"),
    ("billed", "On a bill"),
    ("cancelled", "Cancelled"),
]
# who authorises extraordinary charges and sets fines inside the law's range
APPROVER_GROUPS = ("water_registry.group_water_manager",)
RANGE_GROUPS = ("water_registry.group_water_manager",)


class WaterCharge(models.Model):
    _name = "water.charge"
    _description = "Fee, fine or extraordinary charge of an account"
    _inherit = ["water.folio.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True

    contract_id = fields.Many2one("water.contract", string="Account", index=True, tracking=True, check_company=True)
    partner_id = fields.Many2one(
        "res.partner",
        string="Charged to",
        required=True,
        tracking=True,
        compute="_compute_partner_id",
        store=True,
        readonly=False,
        precompute=True,
    )
    charge_type_id = fields.Many2one(
        "water.charge.type", string="Item", required=True, tracking=True, check_company=True
    )
    kind = fields.Selection(related="charge_type_id.kind", store=True)
    purpose = fields.Selection(related="charge_type_id.purpose", store=True)
    # the item's mode by default; changing it on a charge must not change the catalogue item
    billing_mode = fields.Selection(
        BILLING_MODES, compute="_compute_billing_mode", store=True, readonly=False, precompute=True, required=True
    )
    date = fields.Date(required=True, default=fields.Date.context_today, tracking=True)
    quantity = fields.Float(default=1.0, required=True, digits=(12, 2))
    price_unit = fields.Float(string="Unit amount", digits=(12, 2), tracking=True)
    amount_min = fields.Float(string="Minimum by law", digits=(12, 2), readonly=True)
    amount_max = fields.Float(string="Maximum by law", digits=(12, 2), readonly=True)
    rate_id = fields.Many2one("water.charge.rate", string="Law applied", readonly=True)
    vat_rate = fields.Float(related="charge_type_id.vat_rate")
    amount_untaxed = fields.Monetary(compute="_compute_amounts", store=True)
    amount_total = fields.Monetary(compute="_compute_amounts", store=True)
    description = fields.Text(help="What was done or found (works, materials, the inspection's finding).")
    reason = fields.Text(
        string="Reason of the amount",
        tracking=True,
        help="Required when a fine's amount is set inside the law's range.",
    )
    origin = fields.Char(help="The document that caused the charge (order, certificate, request).")
    res_model = fields.Char(readonly=True)
    res_id = fields.Many2oneReference(model_field="res_model", readonly=True)
    state = fields.Selection(CHARGE_STATES, default="draft", required=True, tracking=True, index=True, copy=False)
    move_id = fields.Many2one("account.move", string="Invoice or bill", readonly=True, copy=False, index=True)
    is_paid = fields.Boolean(string="Paid", compute="_compute_is_paid")
    approved_by_id = fields.Many2one("res.users", readonly=True, copy=False, tracking=True)
    cancel_reason = fields.Text(readonly=True, copy=False)
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    currency_id = fields.Many2one(related="company_id.currency_id")

    _sql_constraints = [
        ("quantity_positive", "CHECK(quantity > 0)", "The quantity of a charge must be positive."),
        ("price_positive", "CHECK(price_unit >= 0)", "The amount of a charge cannot be negative."),
    ]

    @api.depends("contract_id")
    def _compute_partner_id(self):
        for charge in self:
            if charge.contract_id:
                charge.partner_id = charge.contract_id.partner_id

    @api.depends("charge_type_id")
    def _compute_billing_mode(self):
        for charge in self:
            charge.billing_mode = charge.charge_type_id.billing_mode or charge.billing_mode or "now"

    @api.depends("quantity", "price_unit", "charge_type_id.vat_rate")
    def _compute_amounts(self):
        for charge in self:
            untaxed = charges.money(charges.money(charge.price_unit) * charges.money(charge.quantity))
            charge.amount_untaxed = float(untaxed)
            charge.amount_total = float(untaxed + charges.money(untaxed * charges.money(charge.vat_rate) / 100))

    @api.depends("move_id.payment_state", "state")
    def _compute_is_paid(self):
        for charge in self:
            charge.is_paid = charge.state in ("invoiced", "billed") and charge.move_id.payment_state in (
                "paid",
                "in_payment",
            )

    @api.onchange("charge_type_id", "date")
    def _onchange_charge_type_id(self):
        if self.charge_type_id and self.date:
            self._water_price()

    # ------------------------------------------------------------------ pricing
    def _water_price(self, set_amount=True):
        """Set the law applied and its range on the charge's date and, with ``set_amount``, the amount: the law's
        (its minimum for a range; an extraordinary charge keeps the amount reported)."""
        for charge in self:
            rate, low, high = charge.charge_type_id._water_bounds(charge.date)
            values = {"rate_id": rate.id, "amount_min": float(low), "amount_max": float(high or 0)}
            if set_amount and not (charge.kind == "extraordinary" and charge.price_unit):
                values["price_unit"] = float(low)
            charge.update(values)

    def _water_check_amount(self):
        """A fee is the law's amount; a fine inside the law's range (the commercial manager, with a reason);
        an extraordinary charge is priced by who reports it (materials, works) and authorised."""
        for charge in self.filtered(lambda c: c.kind != "extraordinary"):
            _rate, low, high = charge.charge_type_id._water_bounds(charge.date)
            if not charges.within(charge.price_unit, low, high):
                if high is None:
                    raise UserError(
                        _(
                            "%(item)s costs %(amount)s by law on %(day)s.",
                            item=charge.charge_type_id.name,
                            amount=format(low, ",.2f"),
                            day=charge.date,
                        )
                    )
                raise UserError(
                    _(
                        "The amount of %(item)s must be between %(low)s and %(high)s (the law's range).",
                        item=charge.charge_type_id.name,
                        low=format(low, ",.2f"),
                        high=format(high, ",.2f"),
                    )
                )
            if high is not None and charges.money(charge.price_unit) != low:
                if not any(self.env.user.has_group(group) for group in RANGE_GROUPS):
                    raise UserError(_("Only the commercial manager sets a fine's amount above the law's minimum."))
                if not (charge.reason or "").strip():
                    raise UserError(_("Give the reason of the amount set inside the law's range."))

    # ------------------------------------------------------------------ the API
    @api.model
    def _water_charge(self, purpose, contracts=None, partner=None, day=None, origin=None, source=None, quantity=1.0):
        """Charge the catalogue's item for ``purpose`` to each account (or to ``partner`` when there is no account),
        priced on ``day``, confirmed: fees and fines are approved and invoiced at once when their item says so
        (otherwise the next bill carries them); extraordinary charges wait for their authorisation."""
        company = (contracts[:1].company_id if contracts else None) or self.env.company
        item = self.env["water.charge.type"]._water_by_purpose(purpose, company)
        day = day or fields.Date.context_today(self)
        common = {
            "charge_type_id": item.id,
            "date": day,
            "quantity": quantity,
            "origin": origin or (source.display_name if source else False),
            "res_model": source._name if source else False,
            "res_id": source.id if source else False,
            "company_id": company.id,
        }
        if contracts:
            vals_list = [dict(common, contract_id=contract.id) for contract in contracts]
        else:
            vals_list = [dict(common, partner_id=partner.id)]
        records = self.sudo().create(vals_list)
        records._water_price()
        records._water_confirm()
        return records.sudo(False)

    def _water_confirm(self):
        self._water_check_amount()
        extraordinary = self.filtered(lambda c: c.kind == "extraordinary")
        extraordinary.write({"state": "to_approve"})
        others = self - extraordinary
        others.write({"state": "approved"})
        others._water_invoice_now()._water_invoice()

    def _water_invoice_now(self):
        """The charges invoiced at once: those whose mode says so, and those no bill will carry (no account, or
        an account cancelled: rescinded, with its final bill already made)."""
        return self.filtered(
            lambda c: c.billing_mode == "now" or not c.contract_id or c.contract_id.state == "cancelled"
        )

    def action_confirm(self):
        drafts = self.filtered(lambda c: c.state == "draft")
        if not drafts:
            raise UserError(_("Only draft charges are confirmed."))
        drafts._water_price(set_amount=False)
        drafts._water_confirm()

    def _water_can_approve(self):
        return any(self.env.user.has_group(group) for group in self._water_approver_groups())

    def _water_approver_groups(self):
        return APPROVER_GROUPS

    def action_approve(self):
        if not self._water_can_approve():
            raise UserError(_("You may not authorise extraordinary charges."))
        pending = self.filtered(lambda c: c.state == "to_approve")
        if pending != self:
            raise UserError(_("Only charges waiting for authorisation are authorised."))
        pending.sudo().write({"state": "approved", "approved_by_id": self.env.uid})
        pending.sudo()._water_invoice_now()._water_invoice()

    def action_cancel(self):
        return {
            "type": "ir.actions.act_window",
            "name": _("Cancel charges"),
            "res_model": "water.charge.cancel",
            "view_mode": "form",
            "target": "new",
            "context": {"default_charge_ids": self.ids},
        }

    def _water_cancel(self, reason):
        """Cancel charges not invoiced yet. An invoiced charge is a posted invoice: it is credited through a bill
        adjustment (nothing posted is deleted)."""
        if not (reason or "").strip():
            raise UserError(_("Give the reason for the cancellation."))
        if self.filtered(lambda c: c.state in ("invoiced", "billed")):
            raise UserError(
                _(
                    "An invoiced charge is not cancelled: credit its invoice with a bill adjustment "
                    "(Billing > Adjustments)."
                )
            )
        self.write({"state": "cancelled", "cancel_reason": reason})
        for charge in self:
            charge.message_post(body=_("Cancelled. Reason: %s", reason))

    # ------------------------------------------------------------------ invoicing
    def _water_invoice_values(self, journal, tax):
        label = self.charge_type_id.with_context(lang=self.company_id.partner_id.lang or self.env.lang).name
        if self.description:
            label = f"{label} - {self.description}"
        return {
            "move_type": "out_invoice",
            "partner_id": self.partner_id.id,
            "journal_id": journal.id,
            "company_id": self.company_id.id,
            "invoice_date": self.date,
            "invoice_date_due": self.date,
            "water_contract_id": self.contract_id.id,
            "ref": self.name,
            "invoice_origin": self.origin or self.name,
            "invoice_line_ids": [
                (
                    0,
                    0,
                    {
                        "product_id": self.charge_type_id.product_id.id,
                        "name": label,
                        "quantity": self.quantity,
                        "price_unit": self.price_unit,
                        "tax_ids": [(6, 0, tax.ids)],
                    },
                )
            ],
        }

    def _water_invoice(self):
        """One posted invoice per charge, due on its date, in one create and one posting."""
        todo = self.filtered(lambda c: c.state == "approved" and not c.move_id)
        if not todo:
            return self.env["account.move"]
        vals_list = []
        journals, taxes = {}, {}
        for charge in todo:
            company = charge.company_id
            if company.id not in journals:
                journals[company.id] = (
                    self.env["account.journal"]
                    .sudo()
                    .search(
                        [("type", "=", "sale"), *self.env["account.journal"]._check_company_domain(company)], limit=1
                    )
                )
                if not journals[company.id]:
                    raise UserError(_("Company %s has no sales journal for the charges.", company.name))
            key = (company.id, charge.vat_rate)
            if key not in taxes:
                taxes[key] = company._water_sale_tax(charge.vat_rate)
            vals_list.append(charge._water_invoice_values(journals[company.id], taxes[key]))
        moves = self.env["account.move"].sudo().create(vals_list)
        moves.action_post()
        for charge, move in zip(todo, moves, strict=True):
            charge.sudo().write({"move_id": move.id, "state": "invoiced"})
        return moves

    def action_view_move(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "account.move",
            "res_id": self.move_id.id,
            "view_mode": "form",
        }
