from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

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
        ],
        default=engine.INCREMENTAL,
        required=True,
        tracking=True,
    )
    base_fee = fields.Monetary(string="Base fee (cuota base)", tracking=True)
    minimum_volume = fields.Float(string="Minimum volume (m³)", tracking=True)
    fixed_quota = fields.Monetary(string="Fixed quota (unmetered)", tracking=True)
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
        """The engine's tariff with the prices of the given month (1-12)."""
        self.ensure_one()
        return engine.Tariff(
            method=self.method,
            blocks=self.block_ids.sorted("sequence")._to_engine(month),
            drainage_blocks=self.drainage_block_ids.sorted("sequence")._to_engine(month),
            base_fee=engine.money(self.base_fee),
            minimum_volume=self.minimum_volume,
            fixed_quota=engine.money(self.fixed_quota),
            drainage_pct=engine.money(self.drainage_pct),
            sanitation_pct=engine.money(self.sanitation_pct),
            vat_water=engine.money(self.vat_water),
            vat_drainage=engine.money(self.vat_drainage),
            vat_sanitation=engine.money(self.vat_sanitation),
            discount_pct=engine.money(self.discount_pct),
            discount_volume=self.discount_volume,
        )
