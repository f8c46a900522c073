from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..utils import tariff as engine


class WaterTariff(models.Model):
    _name = "water.tariff"
    _description = "Tariff of a service class (Ley de Ingresos)"
    _inherit = ["mail.thread"]
    _order = "date_from desc, service_class_id"

    name = fields.Char(required=True, tracking=True, help="e.g. Ley de Ingresos 2026, doméstico")
    service_class_id = fields.Many2one("water.service.class", string="Class / use", required=True, tracking=True)
    sector_ids = fields.Many2many(
        "water.sector", string="Sectors", help="Only for these sectors (strata); empty: every sector."
    )
    date_from = fields.Date(string="Valid from", required=True, tracking=True)
    date_to = fields.Date(string="Valid until", tracking=True)
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    active = fields.Boolean(default=True)
    simulation_only = fields.Boolean(
        string="Proposal (simulation only)",
        tracking=True,
        help="A draft tariff for the tariff simulator: the bill run never uses it and it overlaps nothing.",
    )
    method = fields.Selection(
        [
            (engine.INCREMENTAL, "Each block at its own price"),
            (engine.FLAT, "Whole volume at the price of the block reached"),
            (engine.EXCESS, "Minimum of the block reached plus the excess (cuota mínima más excedente)"),
        ],
        default=engine.INCREMENTAL,
        required=True,
        tracking=True,
        help="Excess: the fixed charge of the block reached (its minimum) plus the m³ above the block's lower "
        "limit at the block's price; nothing for the blocks below.",
    )
    range_limits = fields.Selection(
        [
            (engine.CLOSED, "0-10, 10.01-20: a limit belongs to the block it closes"),
            (engine.WHOLE, "0-10, 11-20: whole m³ (the volume rounded half up)"),
            (engine.OPEN, "0-10, 10-20: a limit belongs to the block it opens"),
        ],
        string="Block limits",
        default=engine.CLOSED,
        required=True,
        tracking=True,
        help="How the law writes its ranges: where a volume exactly at a limit is priced.",
    )
    amount_unit = fields.Selection(
        [(engine.PESOS, "Pesos"), (engine.UMA, "UMA (times the daily value)")],
        string="Amounts in",
        default=engine.PESOS,
        required=True,
        tracking=True,
        help="UMA: base fee, fixed quota, block prices and fixed charges are priced at the UMA in force on the "
        "period's end, half up to the centavo.",
    )
    base_fee = fields.Monetary(string="Base fee (cuota base)", tracking=True)
    base_fee_uma = fields.Float(string="Base fee (UMA)", digits=(12, 4), tracking=True)
    minimum_volume = fields.Float(string="Minimum volume (m³)", tracking=True)
    fixed_quota = fields.Monetary(string="Fixed quota (unmetered)", tracking=True)
    fixed_quota_uma = fields.Float(string="Fixed quota (UMA)", digits=(12, 4), tracking=True)
    drainage_pct = fields.Float(string="Drainage (% of water)", tracking=True)
    sanitation_pct = fields.Float(string="Sanitation (% of water)", tracking=True)
    vat_water = fields.Float(string="VAT on water (%)", tracking=True)
    vat_drainage = fields.Float(string="VAT on drainage (%)", tracking=True)
    vat_sanitation = fields.Float(string="VAT on sanitation (%)", tracking=True)
    discount_pct = fields.Float(string="Social discount (%)", tracking=True)
    discount_volume = fields.Float(
        string="Social discount up to (m³)",
        tracking=True,
        help="The discount covers the charge of the first m³; 0: all.",
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    block_ids = fields.One2many(
        "water.tariff.block", "tariff_id", string="Water blocks", domain=[("component", "=", "water")]
    )
    drainage_block_ids = fields.One2many(
        "water.tariff.block",
        "tariff_id",
        string="Drainage blocks",
        domain=[("component", "=", "drainage")],
        context={"default_component": "drainage"},
    )

    _sql_constraints = [
        ("dates_order", "CHECK(date_to IS NULL OR date_to >= date_from)", "A tariff must end after it starts."),
    ]

    @api.constrains("service_class_id", "date_from", "date_to", "sector_ids", "company_id", "active", "simulation_only")
    def _check_overlap(self):
        for tariff in self.filtered(lambda t: t.active and not t.simulation_only):
            domain = [
                ("id", "!=", tariff.id),
                ("simulation_only", "=", False),
                ("company_id", "=", tariff.company_id.id),
                ("service_class_id", "=", tariff.service_class_id.id),
                "|",
                ("date_to", "=", False),
                ("date_to", ">=", tariff.date_from),
            ]
            if tariff.date_to:
                domain.append(("date_from", "<=", tariff.date_to))
            for other in self.search(domain):
                # a sector's own tariff may stand beside the general one; two of a kind may not overlap
                if (not tariff.sector_ids and not other.sector_ids) or tariff.sector_ids & other.sector_ids:
                    raise ValidationError(
                        _(
                            "Tariffs %(a)s and %(b)s overlap for the same class and sectors.",
                            a=tariff.name,
                            b=other.name,
                        )
                    )

    @api.constrains("block_ids", "drainage_block_ids")
    def _check_blocks(self):
        for tariff in self:
            for blocks in (tariff.block_ids, tariff.drainage_block_ids):
                uppers = blocks.sorted("sequence").mapped("upper")
                bounded = [u for u in uppers if u]
                if bounded != sorted(bounded) or len(set(bounded)) != len(bounded):
                    raise ValidationError(_("Tariff %s: block limits must go up.", tariff.name))
                if 0 in uppers[:-1]:
                    raise ValidationError(_("Tariff %s: only the last block may have no upper limit.", tariff.name))

    @api.constrains("amount_unit", "block_ids", "drainage_block_ids")
    def _check_unit(self):
        """Amounts typed in pesos on a tariff in UMA (or the other way round) would be priced as nothing."""
        for tariff in self:
            blocks = tariff.block_ids | tariff.drainage_block_ids
            in_pesos = blocks.filtered(lambda b: b.price or b.fixed_charge)
            in_uma = blocks.filtered(lambda b: b.price_uma or b.fixed_charge_uma)
            typed, given = (in_pesos, in_uma) if tariff.amount_unit == engine.UMA else (in_uma, in_pesos)
            if typed and not given:
                raise ValidationError(
                    _(
                        "Tariff %(tariff)s is in %(unit)s but its blocks have their amounts in the other unit: "
                        "type them in the tariff's unit.",
                        tariff=tariff.name,
                        unit=dict(self._fields["amount_unit"]._description_selection(self.env))[tariff.amount_unit],
                    )
                )

    @api.model
    def _find(self, service_class, sector, on_date, company=None):
        """The tariff of a class valid on a date, the one of the sector if there is one."""
        company = company or self.env.company
        candidates = self.search(
            [
                ("company_id", "=", company.id),
                ("service_class_id", "=", service_class.id),
                ("simulation_only", "=", False),
                ("date_from", "<=", on_date),
                "|",
                ("date_to", "=", False),
                ("date_to", ">=", on_date),
            ]
        )
        return candidates._pick(sector)

    def _pick(self, sector):
        """Of these tariffs, the sector's own one if there is one, else the general one."""
        specific = self.filtered(lambda t: sector in t.sector_ids)
        return specific[:1] or self.filtered(lambda t: not t.sector_ids)[:1]

    def action_copy_as_proposal(self):
        """A draft copy for the tariff simulator, with its blocks and month prices: the bill run never uses it."""
        self.ensure_one()
        proposal = self.copy({"name": _("%s (proposal)", self.name), "simulation_only": True})
        for block in self.block_ids | self.drainage_block_ids:
            block.copy(
                {
                    "tariff_id": proposal.id,
                    "month_price_ids": [(0, 0, {"month": m.month, "price": m.price}) for m in block.month_price_ids],
                }
            )
        return {
            "type": "ir.actions.act_window",
            "res_model": "water.tariff",
            "res_id": proposal.id,
            "view_mode": "form",
        }

    def _to_engine(self, month):
        """The engine's tariff with the prices of the given month (1-12), in the law's unit (pesos or UMA)."""
        self.ensure_one()
        uma = self.amount_unit == engine.UMA
        return engine.Tariff(
            method=self.method,
            limits=self.range_limits,
            unit=self.amount_unit,
            blocks=self.block_ids.sorted("sequence")._to_engine(month, uma),
            drainage_blocks=self.drainage_block_ids.sorted("sequence")._to_engine(month, uma),
            base_fee=engine.exact(self.base_fee_uma) if uma else engine.money(self.base_fee),
            minimum_volume=self.minimum_volume,
            fixed_quota=engine.exact(self.fixed_quota_uma) if uma else engine.money(self.fixed_quota),
            drainage_pct=engine.money(self.drainage_pct),
            sanitation_pct=engine.money(self.sanitation_pct),
            vat_water=engine.money(self.vat_water),
            vat_drainage=engine.money(self.vat_drainage),
            vat_sanitation=engine.money(self.vat_sanitation),
            discount_pct=engine.money(self.discount_pct),
            discount_volume=self.discount_volume,
        )

    def _engine_on(self, day, uma=None):
        """The engine's tariff in pesos for a period ending on ``day``: the month's prices, and amounts in UMA at
        the UMA in force that day (``uma``: that value when the caller already has it)."""
        self.ensure_one()
        tariff = self._to_engine(day.month)
        if tariff.unit != engine.UMA:
            return tariff
        if uma is None:
            uma = self.env["water.uma.value"]._water_value_on(day)
        if uma is None:
            raise UserError(
                _(
                    "Tariff %(tariff)s is in UMA and there is no UMA value in force on %(date)s: add it under "
                    "Configuration > UMA values.",
                    tariff=self.name,
                    date=fields.Date.to_string(day),
                )
            )
        return engine.in_pesos(tariff, uma)
