from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL, format_amount

from ..utils.surcharge import forgiven_amount, may_forgive

QUIET = {"tracking_disable": True, "mail_create_nolog": True, "mail_notrack": True}


class WaterSurchargeForgiveness(models.Model):
    _name = "water.surcharge.forgiveness"
    _description = "Forgiveness of the surcharges of an account (condonación de recargos)"
    _inherit = ["water.folio.mixin", "mail.thread"]
    _order = "id desc"

    contract_id = fields.Many2one("water.contract", string="Account", required=True, index=True, tracking=True)
    partner_id = fields.Many2one(related="contract_id.partner_id", string="Holder")
    campaign_id = fields.Many2one("water.forgiveness.campaign", readonly=True, index=True, ondelete="restrict")
    agreement_id = fields.Many2one(
        "water.payment.agreement", string="Payment agreement", readonly=True, index="btree_not_null", copy=False
    )
    percentage = fields.Float(string="Forgiven (%)", default=100.0, required=True, tracking=True)
    reason = fields.Text(required=True, tracking=True)
    state = fields.Selection(
        [("draft", "Draft"), ("to_approve", "To approve"), ("approved", "Approved"), ("rejected", "Rejected")],
        default="draft",
        required=True,
        tracking=True,
    )
    surcharge_ids = fields.Many2many(
        "account.move",
        "water_surcharge_forgiveness_move_rel",
        "forgiveness_id",
        "move_id",
        string="Surcharges",
        domain="[('water_is_surcharge', '=', True), ('state', '=', 'posted'), ('water_contract_id', '=', contract_id)]",
    )
    surcharge_residual = fields.Monetary(string="Surcharges owed", compute="_compute_surcharge_residual")
    amount = fields.Monetary(string="Forgiven", readonly=True, copy=False)
    credit_note_ids = fields.One2many("account.move", "water_forgiveness_id", string="Credit notes", readonly=True)
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    requested_by_id = fields.Many2one("res.users", readonly=True, default=lambda self: self.env.user)
    approved_by_id = fields.Many2one("res.users", readonly=True, tracking=True)
    date_approved = fields.Date(readonly=True)

    _sql_constraints = [
        (
            "percentage_range",
            "CHECK(percentage > 0 AND percentage <= 100)",
            "The percentage must be above 0 and 100 at most.",
        ),
    ]

    @api.depends("surcharge_ids.amount_residual")
    def _compute_surcharge_residual(self):
        for record in self:
            record.surcharge_residual = sum(record.surcharge_ids.mapped("amount_residual"))

    @api.onchange("contract_id")
    def _onchange_contract_id(self):
        if self.contract_id and self.contract_id._origin.id:
            ids = [
                move_id
                for move_id, _contract in self._water_open_surcharges(contract_ids=[self.contract_id._origin.id])
            ]
            self.surcharge_ids = [(6, 0, ids)]

    # ---------------------------------------------------------------- limits
    @api.model
    def _water_within_limit(self, percentage):
        """True when the user may forgive this percentage alone; AccessError when he or she may not propose."""
        user = self.env.user
        is_manager = user.has_group("water_registry.group_water_manager")
        if not is_manager and not user.has_group("water_collections.group_water_collections_officer"):
            raise AccessError(_("Only the collections officer or the commercial manager propose forgiveness."))
        return may_forgive(percentage, is_manager, self.env.company.water_forgiveness_officer_limit)

    @api.model
    def _water_open_surcharges(self, contract_ids=None, sector_ids=None, company=None):
        """[(surcharge move id, contract id)] still owing and never forgiven: one query."""
        company = company or self.env.company
        self.env["account.move"].flush_model(
            [
                "amount_residual",
                "state",
                "water_is_surcharge",
                "water_contract_id",
                "reversed_entry_id",
                "water_forgiveness_id",
            ]
        )
        conditions = [
            SQL("m.company_id = %s", company.id),
            SQL("m.water_is_surcharge"),
            SQL("m.state = 'posted'"),
            SQL("m.move_type = 'out_invoice'"),
            SQL("m.amount_residual > 0"),
        ]
        if contract_ids:
            conditions.append(SQL("m.water_contract_id = ANY(%s)", list(contract_ids)))
        if sector_ids:
            conditions.append(SQL("c.sector_id = ANY(%s)", list(sector_ids)))
        self.env.cr.execute(
            SQL(
                """
            SELECT m.id, m.water_contract_id
              FROM account_move m JOIN water_contract c ON c.id = m.water_contract_id
             WHERE %s
               AND NOT EXISTS (SELECT 1 FROM account_move r
                                WHERE r.reversed_entry_id = m.id AND r.water_forgiveness_id IS NOT NULL
                                  AND r.state = 'posted')
          ORDER BY m.water_contract_id, m.invoice_date, m.id
                """,
                SQL(" AND ").join(conditions),
            )
        )
        return self.env.cr.fetchall()

    # ---------------------------------------------------------------- workflow
    def action_submit(self):
        """The officer's proposal is applied at once within his or her limit; above it the manager approves."""
        for record in self:
            if record.state != "draft":
                raise UserError(_("Forgiveness %s was already submitted.", record.name))
            record._water_refresh_surcharges()
            if record._water_within_limit(record.percentage):
                record._water_apply()
            else:
                record.write({"state": "to_approve"})
                record.message_post(
                    body=_(
                        "Forgiveness of %(pct)s%% proposed, above the collections officer's limit (%(limit)s%%): "
                        "waiting for the commercial manager.",
                        pct=format(record.percentage, "g"),
                        limit=format(record.company_id.water_forgiveness_officer_limit, "g"),
                    )
                )

    def action_approve(self):
        self._check_manager()
        self._water_apply()

    def action_reject(self):
        self._check_manager()
        self.write({"state": "rejected", "approved_by_id": self.env.uid})

    def _check_manager(self):
        if not self.env.user.has_group("water_registry.group_water_manager"):
            raise AccessError(
                _("Only the commercial manager approves forgiveness above the collections officer's limit.")
            )
        if self.filtered(lambda r: r.state != "to_approve"):
            raise UserError(_("Only forgiveness waiting for approval can be decided."))

    def _water_refresh_surcharges(self):
        """Keep only the account's surcharges still owing and never forgiven (all of them when none chosen)."""
        self.ensure_one()
        open_ids = {move_id for move_id, _c in self._water_open_surcharges(contract_ids=self.contract_id.ids)}
        chosen = set(self.surcharge_ids.ids) & open_ids if self.surcharge_ids else open_ids
        if not chosen:
            raise UserError(_("Account %s has no surcharges left to forgive.", self.contract_id.number))
        if chosen != set(self.surcharge_ids.ids):
            self.surcharge_ids = [(6, 0, sorted(chosen))]

    def _water_apply(self):
        """Post one credit note per surcharge for the forgiven part and reconcile it with the surcharge:
        created and posted as one batch whatever the number of accounts."""
        env = self.env(context=dict(self.env.context, **QUIET))
        Move = env["account.move"]
        product = Move._water_surcharge_product()
        today = fields.Date.context_today(self)
        vals, surcharges, amounts = [], [], {}
        for record in self:
            for surcharge in record.surcharge_ids.filtered(lambda m: m.state == "posted" and m.amount_residual > 0):
                amount = forgiven_amount(surcharge.amount_residual, record.percentage)
                if amount <= 0:
                    continue
                reason = _(
                    "Forgiveness %(name)s (%(pct)s%%): %(reason)s",
                    name=record.name,
                    pct=format(record.percentage, "g"),
                    reason=record.reason,
                )
                vals.append(
                    {
                        "move_type": "out_refund",
                        "partner_id": surcharge.partner_id.id,
                        "journal_id": surcharge.journal_id.id,
                        "invoice_date": today,
                        "reversed_entry_id": surcharge.id,
                        "water_contract_id": record.contract_id.id,
                        "water_forgiveness_id": record.id,
                        "ref": reason,
                        "invoice_line_ids": [
                            (
                                0,
                                0,
                                {
                                    "product_id": product.id,
                                    "name": reason,
                                    "quantity": 1,
                                    "price_unit": float(amount),
                                    "tax_ids": [(6, 0, [])],
                                },
                            )
                        ],
                    }
                )
                surcharges.append(surcharge)
                amounts[record.id] = amounts.get(record.id, 0.0) + float(amount)
        if not vals:
            raise UserError(_("There are no surcharges left to forgive."))
        notes = Move.create(vals)
        notes.action_post()
        plan = [
            (surcharge.line_ids | note.line_ids).filtered(
                lambda line: line.account_type == "asset_receivable" and not line.reconciled
            )
            for surcharge, note in zip(surcharges, notes, strict=True)
        ]
        env["account.move.line"]._reconcile_plan(plan)
        for record in self:
            record.write(
                {
                    "state": "approved",
                    "approved_by_id": self.env.uid,
                    "date_approved": today,
                    "amount": amounts.get(record.id, 0.0),
                }
            )
        for record in self.filtered(lambda r: not r.campaign_id):
            record.message_post(
                body=_(
                    "%(pct)s%% of the surcharges forgiven (%(amount)s) by credit notes %(notes)s: %(reason)s",
                    pct=format(record.percentage, "g"),
                    amount=format_amount(self.env, record.amount, record.currency_id),
                    notes=", ".join(record.credit_note_ids.mapped("name")),
                    reason=record.reason,
                )
            )
        return notes

    def _discount_entry_rows(self):
        """Rows of the discount entry (póliza de descuento): the posted credit notes of these forgiveness
        records by day, a subtotal per day and the total (dicts with ``kind`` line, subtotal or total)."""
        notes = self.credit_note_ids.filtered(lambda m: m.state == "posted").sorted(lambda m: (m.invoice_date, m.name))
        rows, day_rows = [], []

        def close_day():
            if day_rows:
                rows.extend(day_rows)
                rows.append(
                    {
                        "kind": "subtotal",
                        "date": day_rows[0]["date"],
                        "count": len(day_rows),
                        "amount": sum(row["amount"] for row in day_rows),
                    }
                )
                day_rows.clear()

        for note in notes:
            if day_rows and day_rows[0]["date"] != note.invoice_date:
                close_day()
            day_rows.append(
                {
                    "kind": "line",
                    "date": note.invoice_date,
                    "note": note.name,
                    "forgiveness": note.water_forgiveness_id.name,
                    "account": note.water_contract_id.number,
                    "holder": note.partner_id.name,
                    "surcharge": note.reversed_entry_id.name,
                    "amount": note.amount_total,
                }
            )
        close_day()
        rows.append({"kind": "total", "count": len(notes), "amount": sum(notes.mapped("amount_total"))})
        return rows

    def action_open_credit_notes(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Credit notes"),
            "res_model": "account.move",
            "view_mode": "list,form",
            "domain": [("water_forgiveness_id", "=", self.id)],
        }
