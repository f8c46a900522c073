from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

SOURCES = [("meter", "Reading of the well meter"), ("declared", "Volume declared by the holder")]


class WaterDischargeDeclaration(models.Model):
    """The volume an own-well account extracted in a billing period: it pays drainage on it. Its well
    meter read by an inspector or the holder (previous and current reading), or a declared volume.
    A well meter installed on the account's service point is read in the route like any meter instead."""

    _name = "water.discharge.declaration"
    _description = "Volume extracted by an own-well account"
    _inherit = ["mail.thread"]
    _order = "period_id desc, contract_id"
    _check_company_auto = True

    contract_id = fields.Many2one(
        "water.contract",
        string="Account",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
        domain="[('own_well', '=', True)]",
    )
    partner_id = fields.Many2one(related="contract_id.partner_id", string="Holder")
    period_id = fields.Many2one("water.billing.period", required=True, index=True, tracking=True, ondelete="restrict")
    source = fields.Selection(SOURCES, required=True, default="meter", tracking=True)
    date = fields.Date(required=True, default=fields.Date.context_today, tracking=True)
    previous_reading = fields.Float(digits=(12, 2), tracking=True)
    current_reading = fields.Float(digits=(12, 2), tracking=True)
    volume = fields.Float(
        string="Volume extracted (m³)",
        digits=(12, 2),
        compute="_compute_volume",
        store=True,
        readonly=False,
        precompute=True,
        tracking=True,
    )
    company_id = fields.Many2one(related="contract_id.company_id", store=True, index=True)
    note = fields.Text()

    @api.depends("contract_id.number", "period_id.name")
    def _compute_display_name(self):
        for declaration in self:
            parts = (declaration.contract_id.number, declaration.period_id.name)
            declaration.display_name = " · ".join(part for part in parts if part) or False

    @api.depends("source", "previous_reading", "current_reading")
    def _compute_volume(self):
        for declaration in self:
            if declaration.source == "meter":
                declaration.volume = max(declaration.current_reading - declaration.previous_reading, 0.0)

    @api.onchange("contract_id")
    def _onchange_contract_id(self):
        """The well meter's previous reading: the last one recorded for the account."""
        if self.contract_id and self.source == "meter" and not self.previous_reading:
            last = self.search(
                [("contract_id", "=", self.contract_id.id), ("source", "=", "meter")],
                order="date desc, id desc",
                limit=1,
            )
            self.previous_reading = last.current_reading

    @api.constrains("contract_id", "period_id", "source", "previous_reading", "current_reading", "volume")
    def _check_declaration(self):
        Analysis = self.env["water.discharge.analysis"]
        billed = Analysis._billed_pairs((d.contract_id.id, d.period_id.id) for d in self)
        for declaration in self:
            name = declaration.display_name
            if not declaration.contract_id.own_well:
                raise ValidationError(
                    _("Account %s has no own well: it pays for the water it buys.", declaration.contract_id.number)
                )
            if declaration.source == "meter" and declaration.current_reading < declaration.previous_reading:
                raise ValidationError(
                    _(
                        "%(name)s: the well meter's reading (%(current)s) is lower than the previous one "
                        "(%(previous)s).",
                        name=name,
                        current=declaration.current_reading,
                        previous=declaration.previous_reading,
                    )
                )
            if declaration.volume < 0 or declaration.previous_reading < 0 or declaration.current_reading < 0:
                raise ValidationError(_("%s: readings and volumes cannot be negative.", name))
            if (declaration.contract_id.id, declaration.period_id.id) in billed:
                raise ValidationError(
                    _(
                        "Account %(account)s is already billed for %(period)s: its extracted volume cannot be "
                        "entered or changed for that period.",
                        account=declaration.contract_id.number,
                        period=declaration.period_id.name,
                    )
                )
            if self.search_count(
                [
                    ("id", "!=", declaration.id),
                    ("contract_id", "=", declaration.contract_id.id),
                    ("period_id", "=", declaration.period_id.id),
                ],
                limit=1,
            ):
                raise ValidationError(
                    _(
                        "Account %(account)s already has an extracted volume for %(period)s: correct that one.",
                        account=declaration.contract_id.number,
                        period=declaration.period_id.name,
                    )
                )

    @api.ondelete(at_uninstall=False)
    def _unlink_not_billed(self):
        billed = self.env["water.discharge.analysis"]._billed_pairs((d.contract_id.id, d.period_id.id) for d in self)
        if billed:
            raise UserError(_("An extracted volume already billed cannot be deleted."))
